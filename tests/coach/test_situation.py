"""A reply must answer its own draft step: what it must address, must not repeat, and whom it greets."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import BUNDLED_CONTENT, FIXTURES
from training.coach import check as coach
from training.db import db
from training.editor import library
from training.models import DraftReply

RULES = BUNDLED_CONTENT / "coach.yaml"
DAN = {
    "customer": "Dan",
    "must_address": [["sorry", "apologi*"], ["DM*", "direct message", "private message", "inbox"]],
    "must_not_mention": ["14 Mill Lane", "Tuesday"],
}
MODEL = "Thanks for deleting that, Dan, and sorry again for the wait. The new date is in your DMs now. – Alex"


@pytest.fixture(scope="module")
def rules():
    return coach.load_rules(RULES)


def situation(result):
    return [(f.rule, f.severity, f.start, f.end) for f in result.findings if f.category == "situation"]


def test_a_reply_that_answers_its_post_passes(rules):
    result = coach.check(MODEL, rules, **DAN)
    assert result.passed and result.findings == []


def test_each_missing_point_is_its_own_blocking_finding_naming_the_alternatives(rules):
    reply = "Thanks for deleting that, Dan. We're looking into it. – Alex"
    result = coach.check(reply, rules, kind="question", **DAN)
    found = [f for f in result.findings if f.rule == "must-address"]
    assert [(f.category, f.severity, f.start, f.end) for f in found] == [("situation", "block", 0, 0)] * 2
    assert found[0].message.startswith(
        'This reply does not yet answer the post in front of you; it needs to say "sorry" or "apologi…"'
    )
    assert '"DM…", "direct message", "private message" or "inbox"' in found[1].message
    assert not result.passed


@pytest.mark.parametrize("word", ["sorry", "Apologies", "apologise", "Apologising"])
def test_alternatives_match_whole_words_in_any_case_and_a_star_any_ending(rules, word):
    reply = f"{word} for the wait, Dan. Check your inbox. – Alex"
    assert [f.rule for f in coach.check(reply, rules, kind="question", **DAN).findings] == []


def test_alternatives_do_not_match_inside_other_words(rules):
    reply = "Dan, we are not sorrys. Check your inboxes. – Alex"
    rules_hit = [f.rule for f in coach.check(reply, rules, kind="question", **DAN).findings]
    assert rules_hit == ["must-address", "must-address"]


def test_details_from_the_thread_are_marked_as_leaks(rules):
    reply = "Sorry, Dan, your tuesday delivery is moving. Check your DMs. – Alex"
    result = coach.check(reply, rules, **DAN)
    (finding,) = [f for f in result.findings if f.rule == "thread-detail"]
    assert (reply[finding.start : finding.end], finding.category, finding.severity) == (
        "tuesday",
        "leak",
        "block",
    )
    assert finding.message.startswith('"tuesday" comes from the customer')


@pytest.mark.parametrize(
    ("reply", "name"),
    [("Hi Sam, sorry again for the wait. The new date is in your DMs. – Alex", "Sam"),
     ("Oh no, Ella, I'm sorry. Drop us a DM. – Alex", "Ella"),
     ("Sorry to hear that, Ben. Check your DMs. ^AR", "Ben"),
     ("Jo, sorry about this. Check your DMs. – Alex", "Jo"),
     ("Hello Priya, sorry about this. Check your DMs. – Alex", "Priya")],
)  # fmt: skip
def test_a_reply_greeting_someone_else_was_written_for_another_post(rules, reply, name):
    result = coach.check(reply, rules, **DAN)
    assert situation(result) == [
        ("other-customer", "block", reply.index(name), reply.index(name) + len(name))
    ]
    finding = next(f for f in result.findings if f.rule == "other-customer")
    assert finding.message.startswith(f"This reply greets {name}, but the post you are answering is from Dan")
    assert not result.passed


@pytest.mark.parametrize(
    "reply",
    ["Hi Dan, sorry for the wait. Check your DMs. – Alex", "Dan, sorry for the wait. Check your DMs. – Alex",
     "Sorry, we've sent you a DM. Thanks, Priya", "Hi there, sorry for the wait. Check your DMs. – Alex",
     "Thanks, Dan, and sorry. Check your DMs. – Sam", "Good morning Dan, sorry. Check your DMs. – Alex"],
)  # fmt: skip
def test_greeting_the_customer_or_nobody_is_fine(rules, reply):
    assert situation(coach.check(reply, rules, **DAN)) == []


def test_without_a_situation_nothing_is_required(rules):
    reply = "Hi Sam, thanks for letting us know. We're on it. – Alex"
    result = coach.check(reply, rules, kind="question")
    assert result.passed and result.findings == []


def test_coach_check_cli_takes_the_kind_and_situation(runner, app):
    praise = "Thank you so much, Amy! Glad the sofa is a hit. – Sam"
    base = ["coach", "check", "--rules", str(RULES)]
    as_complaint = json.loads(runner.invoke(args=base, input=praise).output)
    assert not as_complaint["passed"]
    result = runner.invoke(args=[*base, "--kind", "praise"], input=praise)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"passed": True, "findings": []}
    situated = runner.invoke(
        args=[*base, "--kind", "praise", "--customer", "Dan", "--must-address", "sofa, settee",
              "--must-address", "DM*", "--must-not-mention", "hit"],
        input=praise,
    )  # fmt: skip
    rules_hit = [f["rule"] for f in json.loads(situated.output)["findings"]]
    assert rules_hit == ["other-customer", "thread-detail", "must-address"]
    unknown = runner.invoke(args=[*base, "--kind", "gossip"], input=praise)
    assert unknown.exit_code != 0 and "gossip" in unknown.output


SITUATED_QUIZ = """id: basics-quiz
title: Basics quiz
covers: [demo#complaints]
pass_mark: 50
steps:
  - id: write
    kind: draft
    max_chars: 200
    answers: {answers}
    customer: Dan
    must_address: [[sorry, apologi*], [rebook*, new date]]
    must_not_mention: [Tuesday]
    prompt: Dan's delivery was missed. Write the reply.
"""


@pytest.fixture
def tree(tmp_path, request):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    shutil.copy(BUNDLED_CONTENT / "coach.yaml", root / "coach.yaml")
    shutil.copy(BUNDLED_CONTENT / "policies" / "social-media.md", root / "policies" / "social-media.md")
    quiz = SITUATED_QUIZ.format(answers=getattr(request, "param", "complaint"))
    (root / "courses" / "basics" / "basics-quiz.quiz.yaml").write_text(quiz)
    return root


@pytest.fixture
def app_config(app_config, tree):
    return dict(app_config, CONTENT_DIR=str(tree))


def write_reply(client, make_user, auth, tree, text) -> DraftReply:
    library.import_directory(tree)
    auth.login(make_user(email="writer@example.com").email)
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "d"}).headers["Location"]
    client.post(f"{attempt}/draft", data={"step_id": "write", "revision": 1, "reply": text})
    client.attempt = attempt
    return db.session.scalar(select(DraftReply))


def test_a_learners_reply_for_another_customer_does_not_pass(client, make_user, auth, tree):
    reply = write_reply(
        client, make_user, auth, tree, "Hi Sam, sorry for the wait. Please DM us to rebook. – Alex"
    )
    assert not reply.passed
    assert [f["rule"] for f in reply.findings] == ["other-customer"]
    page = client.get(client.attempt).get_data(as_text=True)
    assert "Must fix · Off the point" in page
    assert "This reply greets Sam, but the post you are answering is from Dan" in page


def test_a_learners_reply_that_answers_dans_post_passes(client, make_user, auth, tree):
    reply = write_reply(
        client, make_user, auth, tree, "Sorry, Dan. Please DM us and we'll rebook it today. – Alex"
    )
    assert reply.passed and reply.findings == []


@pytest.mark.parametrize("tree", ["question"], indirect=True)
def test_the_steps_kind_decides_the_good_practice(client, make_user, auth, tree):
    text = "Sorry, Dan, we'll rebook it for Tuesday. – Alex"
    reply = write_reply(client, make_user, auth, tree, text)
    assert [f["rule"] for f in reply.findings] == ["thread-detail"]  # a question needs no DM


def test_content_check_reports_a_bad_kind_with_its_line(tree, runner):
    path = Path(tree) / "courses" / "basics" / "basics-quiz.quiz.yaml"
    path.write_text(SITUATED_QUIZ.format(answers="moan"))
    result = runner.invoke(args=["content", "check", str(tree)])
    assert result.exit_code != 0
    assert "basics-quiz.quiz.yaml:6:" in result.output and "`answers` is 'moan'" in result.output
