"""Draft steps: the learner writes a reply, the coach checks it, they revise until it passes.

Only a first draft that passes scores: a reply that passes after revisions counts as missed.
"""

import json
import shutil

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from tests.conftest import BUNDLED_CONTENT, FIXTURES
from training.coach import versions as coach_versions
from training.db import db
from training.editor import library
from training.learning import replies
from training.models import AttemptAnswer, AttemptResult, DraftReply

DRAFT_QUIZ = """id: basics-quiz
title: Basics quiz
covers: [demo#complaints]
pass_mark: 50
steps:
  - id: pick
    prompt: Pick one.
    choices:
      - {id: good, text: Good, correct: true, feedback: Right.}
      - {id: bad, text: Bad, correct: false, feedback: Wrong.}
  - id: write
    kind: draft
    max_chars: 200
    prompt: Write the reply to the customer.
    guidance: Thank them, move to DMs, sign.
"""
LEAKY = "Thanks Dan, sorry about order KH-4821937. Please DM @KestrelHomeHelp. – Alex"
GOOD = "Thanks Dan, and sorry for the wait. Please DM @KestrelHomeHelp and we'll sort it today. – Alex"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    shutil.copy(BUNDLED_CONTENT / "coach.yaml", root / "coach.yaml")
    shutil.copy(BUNDLED_CONTENT / "policies" / "social-media.md", root / "policies" / "social-media.md")
    (root / "courses" / "basics" / "basics-quiz.quiz.yaml").write_text(DRAFT_QUIZ)
    return root


@pytest.fixture
def app_config(app_config, tree):
    return dict(app_config, CONTENT_DIR=str(tree))


@pytest.fixture
def learner(tree, app, make_user, auth):
    library.import_directory(tree)
    user = make_user(email="writer@example.com")
    auth.login(user.email)
    return user


def start_at_draft(client) -> str:
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "d"}).headers["Location"]
    client.post(attempt, data={"step_id": "pick", "choice": ["good"]})
    return attempt


def submit(client, attempt, text, revision):
    return client.post(f"{attempt}/draft", data={"step_id": "write", "revision": revision, "reply": text})


def test_draft_step_shows_a_labelled_text_area(client, learner):
    page = client.get(start_at_draft(client)).get_data(as_text=True)
    assert '<label for="reply">Your public reply</label>' in page
    assert "At most 200 characters" in page


def test_leaking_draft_is_highlighted_and_kept_and_revision_passes(client, learner):
    attempt = start_at_draft(client)
    response = submit(client, attempt, LEAKY, 1)
    assert response.status_code == 303 and response.headers["Location"].endswith("#coach")
    page = client.get(attempt).get_data(as_text=True)
    assert '<mark class="finding-block"' in page and "KH-4821937<sup" in page
    assert "Order numbers identify a customer" in page
    assert "Check my revised reply" in page
    response = submit(client, attempt, GOOD, 2)
    assert response.headers["Location"].endswith("?answered=write")
    replies = db.session.scalars(select(DraftReply).order_by(DraftReply.revision)).all()
    assert [(r.revision, r.passed) for r in replies] == [(1, False), (2, True)]
    assert replies[0].findings[0]["rule"] == "order-number"
    assert LEAKY[replies[0].findings[0]["start"] : replies[0].findings[0]["end"]] == "KH-4821937"
    answer = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.step_id == "write"))
    assert answer.correct is False  # safe only on the second draft
    result = db.session.scalar(select(AttemptResult))
    assert (result.score, result.passed) == (50, True)


def test_a_safe_first_draft_scores_the_step(client, learner):
    attempt = start_at_draft(client)
    response = submit(client, attempt, GOOD, 1)
    assert response.status_code == 303 and response.headers["Location"].endswith("?answered=write")
    answer = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.step_id == "write"))
    assert answer.correct is True
    assert db.session.scalar(select(AttemptResult)).score == 100
    page = client.get(response.headers["Location"]).get_data(as_text=True)  # the result, feedback above
    assert '<h2 id="feedback-heading">Feedback on step 2: Safe on the first draft</h2>' in page
    assert "This step counts as answered well. Drafts written: 1." in page
    assert page.index("Feedback on step 2") < page.index("<h2>Passed: 100%</h2>")
    bookmarked = client.get(f"{attempt}/feedback/write").get_data(as_text=True)
    assert "<h1>Safe on the first draft</h1>" in bookmarked


def test_a_reply_safe_after_revisions_says_so_and_counts_as_missed(client, learner):
    attempt = start_at_draft(client)
    submit(client, attempt, LEAKY, 1)
    page = client.get(attempt).get_data(as_text=True)
    assert "This is draft 2. Your first draft was not safe, so this step counts as missed" in page
    submit(client, attempt, LEAKY + " Thanks!", 2)
    response = submit(client, attempt, GOOD, 3)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Feedback on step 2: Safe after 3 drafts</h2>" in page
    assert "This step counts as missed: only a reply that is safe on the first draft counts" in page
    assert "Your reply after 3 drafts" in page


def test_outcomes_count_the_drafts_of_each_attempt_in_one_query(client, learner):
    first = start_at_draft(client)
    submit(client, first, LEAKY, 1)
    submit(client, first, GOOD, 2)
    second = client.post("/quizzes/basics-quiz/start", data={"token": "e"}).headers["Location"]
    client.post(second, data={"step_id": "pick", "choice": ["good"]})
    submit(client, second, GOOD, 1)
    third = client.post("/quizzes/basics-quiz/start", data={"token": "f"}).headers["Location"]
    client.post(third, data={"step_id": "pick", "choice": ["good"]})
    submit(client, third, LEAKY, 1)
    client.post(f"{third}/move-on", data={"step_id": "write"})
    found = replies.outcomes([1, 2, 3, 4])
    seen = {a: [(o.drafts, o.first_safe, o.safe, o.verdict) for o in s.values()] for a, s in found.items()}
    assert seen == {
        1: [(2, False, True, "Safe after 2 drafts")],
        2: [(1, True, True, "Safe on the first draft")],
        3: [(1, False, False, "No safe reply in 1 draft")],
    }
    assert replies.outcomes([]) == {}


def test_double_submitted_draft_is_stored_once(client, learner):
    attempt = start_at_draft(client)
    submit(client, attempt, LEAKY, 1)
    submit(client, attempt, LEAKY, 1)
    assert db.session.scalar(select(func.count()).select_from(DraftReply)) == 1


def test_stale_revision_from_another_window_is_refused(client, learner):
    attempt = start_at_draft(client)
    submit(client, attempt, LEAKY, 1)
    submit(client, attempt, LEAKY + " again", 1)  # same revision: the first one is kept
    response = submit(client, attempt, GOOD, 5)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(DraftReply)) == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE draft_reply SET passed = TRUE", "UPDATE draft_reply SET text = 'x'", "DELETE FROM draft_reply"],
)
def test_database_refuses_to_change_or_delete_a_draft_reply(client, learner, statement):
    """A reply and the coach's verdict on it are evidence: append-only, like completions and attempts."""
    submit(client, start_at_draft(client), LEAKY, 1)
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()
    kept = db.session.scalars(select(DraftReply)).all()
    assert [(r.text, r.passed) for r in kept] == [(LEAKY, False)]


def test_moving_on_without_a_passing_draft_counts_as_missed(client, learner):
    attempt = start_at_draft(client)
    assert client.post(f"{attempt}/move-on", data={"step_id": "write"}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 1  # refused: no draft yet
    submit(client, attempt, LEAKY, 1)
    response = client.post(f"{attempt}/move-on", data={"step_id": "write"})
    answer = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.step_id == "write"))
    assert answer.correct is False
    assert db.session.scalar(select(AttemptResult)).score == 50
    assert response.status_code == 303  # to the result, the feedback on the reply above it
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.index("Feedback on step 2: Moved on without a passing reply</h2>") < page.index("Passed: 50%")
    assert "This step counts as missed. Drafts written: 1." in page


def test_the_reply_box_comes_after_the_feedback_on_the_step_before(client, learner):
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "d"}).headers["Location"]
    response = client.post(attempt, data={"step_id": "pick", "choice": ["good"]})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    order = [
        "Feedback on step 1: Good call</h2>",
        "<h2>Step 2 of 2: write the reply</h2>",
        '<label for="reply">',
    ]
    assert [page.index(text) for text in order] == sorted(page.index(text) for text in order)


def test_too_long_draft_is_blocked_with_a_length_finding(client, learner):
    attempt = start_at_draft(client)
    submit(client, attempt, GOOD + " " + "x" * 200, 1)
    reply = db.session.scalar(select(DraftReply))
    assert not reply.passed
    assert any(f["category"] == "length" and f["start"] == 200 for f in reply.findings)


def test_choice_answer_to_a_draft_step_is_refused(client, learner):
    attempt = start_at_draft(client)
    response = client.post(attempt, data={"step_id": "write", "choice": ["good"]})
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 1
    assert response.status_code in (303, 400, 422)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("  - id: w\n    kind: draft\n    prompt: Write.\n", "needs `max_chars`"),
        ("  - id: w\n    kind: draft\n    max_chars: 0\n    prompt: Write.\n", "needs `max_chars`"),
        ("  - id: w\n    kind: draft\n    max_chars: 99\n", "needs a `prompt`"),
        ("  - id: w\n    kind: poll\n    prompt: Write.\n", "unknown kind 'poll'"),
    ],
)
def test_check_reports_bad_draft_steps(tree, runner, step, message):
    path = tree / "courses" / "basics" / "basics-quiz.quiz.yaml"
    path.write_text(DRAFT_QUIZ.split("  - id: write")[0] + step)
    result = runner.invoke(args=["content", "check", str(tree)])
    assert result.exit_code != 0
    assert message in result.output


def test_check_reports_a_broken_coach_rules_file(tree, runner):
    (tree / "coach.yaml").write_text(
        (tree / "coach.yaml").read_text().replace("category: leak", "category: gossip", 1)
    )
    result = runner.invoke(args=["content", "check", str(tree)])
    assert result.exit_code != 0
    assert "coach.yaml" in result.output and "gossip" in result.output


def test_coach_check_cli_prints_json_findings(runner, app):
    result = runner.invoke(
        args=["coach", "check", "--rules", str(BUNDLED_CONTENT / "coach.yaml")], input=LEAKY
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["passed"] is False
    finding = data["findings"][0]
    assert set(finding) == {"rule", "category", "severity", "start", "end", "message"}
    assert LEAKY[finding["start"] : finding["end"]] == "KH-4821937"


def test_coach_check_cli_passes_a_good_reply_and_checks_length(runner, app):
    rules = str(BUNDLED_CONTENT / "coach.yaml")
    assert json.loads(runner.invoke(args=["coach", "check", "--rules", rules], input=GOOD).output)["passed"]
    long = runner.invoke(args=["coach", "check", "--rules", rules, "--max-chars", "20"], input=GOOD)
    assert any(f["category"] == "length" for f in json.loads(long.output)["findings"])


def test_bundled_quizzes_have_two_draft_steps_each(app):
    import yaml

    for course, quiz in [
        ("responding-to-complaints", "complaints-scenario"),
        ("keeping-confidential", "confidential-scenario"),
        ("frontline-and-crises", "frontline-scenario"),
    ]:
        data = yaml.safe_load((BUNDLED_CONTENT / "courses" / course / f"{quiz}.quiz.yaml").read_text())
        assert sum(1 for s in data["steps"] if s.get("kind") == "draft") >= 2


def break_rules_file(tree) -> None:
    (tree / "coach.yaml").write_text("rules: [this is: not, valid\n")


def test_a_broken_rules_file_after_import_does_not_break_draft_steps(client, learner, tree):
    """Learners are coached by the imported rules; CONTENT_DIR is not read at request time."""
    break_rules_file(tree)
    attempt = start_at_draft(client)
    response = submit(client, attempt, LEAKY, 1)
    assert response.status_code == 303 and response.headers["Location"].endswith("#coach")
    reply = db.session.scalar(select(DraftReply))
    assert [f["rule"] for f in reply.findings] == ["order-number"]


def test_draft_steps_use_the_newest_imported_rules(client, learner, tree):
    path = tree / "coach.yaml"
    path.write_text(
        path.read_text().replace("Order numbers identify a customer", "Never share order numbers")
    )
    attempt = start_at_draft(client)
    submit(client, attempt, LEAKY, 1)
    assert "Order numbers identify a customer" in client.get(attempt).get_data(as_text=True)
    library.import_directory(tree)
    submit(client, attempt, LEAKY, 2)
    assert "Never share order numbers" in client.get(attempt).get_data(as_text=True)


def test_rules_are_compiled_once_per_version(app, tree):
    library.import_directory(tree)
    first = coach_versions.current_rules(str(tree))
    assert coach_versions.current_rules(str(tree)) is first
    path = tree / "coach.yaml"
    path.write_text(path.read_text().replace("tone: 2", "tone: 3"))
    library.import_directory(tree)
    second = coach_versions.current_rules(str(tree))
    assert second is not first and second.escalate == {"tone": 3}
    assert coach_versions.current_rules(str(tree)) is second


def test_coach_check_cli_uses_the_newest_imported_rules_by_default(runner, app, tree):
    library.import_directory(tree)
    break_rules_file(tree)
    result = runner.invoke(args=["coach", "check"], input=LEAKY)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["findings"][0]["rule"] == "order-number"


def test_coach_check_cli_reads_content_dir_before_the_first_import(runner, app, tree):
    result = runner.invoke(args=["coach", "check"], input=LEAKY)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["findings"][0]["rule"] == "order-number"
    break_rules_file(tree)
    broken = runner.invoke(args=["coach", "check"], input=LEAKY)
    assert broken.exit_code == 1
    assert "invalid coach rules" in broken.output and "coach.yaml:2: invalid YAML" in broken.output
