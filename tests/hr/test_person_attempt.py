"""HR opens one attempt of a person from their page: every step, choice, feedback and draft, read only."""

import re

import pytest
from sqlalchemy import func, select

from tests.learning import test_drafts
from tests.learning.test_drafts import GOOD, LEAKY, start_at_draft, submit
from training.db import db
from training.editor import library
from training.models import AttemptAnswer, AttemptResult, DraftReply

# The draft-step library of the draft tests, with the coach's rules and the bundled policy.
tree = test_drafts.tree


@pytest.fixture
def app_config(app_config, tree):
    return dict(app_config, CONTENT_DIR=str(tree))


@pytest.fixture
def writer(tree, make_user):
    library.import_directory(tree)
    make_user(email="hr@example.com", roles="hr")
    return make_user(email="writer@example.com", name="Wren Writer")


def attempt_id(location: str) -> int:
    return int(location.rstrip("/").rsplit("/", 1)[1])


def played(client, auth, person, *replies) -> int:
    """Sign in as the person, answer the choice step well and write these replies; return the attempt."""
    auth.login(person.email)
    attempt = start_at_draft(client)
    for revision, text in enumerate(replies, 1):
        submit(client, attempt, text, revision)
    auth.logout()
    return attempt_id(attempt)


def hr_page(client, auth, path):
    auth.login("hr@example.com")
    return client.get(path)


def test_hr_sees_every_step_choice_feedback_and_draft_in_order(client, auth, writer):
    attempt = played(client, auth, writer, LEAKY, LEAKY + " Sorry.", GOOD)
    response = hr_page(client, auth, f"/hr/people/{writer.id}/attempts/{attempt}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Wren Writer: Basics quiz, attempt started" in page
    # The result: the first draft leaked, so the written step is missed: 1 of 2 steps, 50%, the pass mark.
    assert "<dt>Score</dt><dd>50% (the pass mark is 50%)</dd>" in page
    assert "<dt>Result</dt><dd>Passed</dd>" in page
    assert "<dt>Graded against</dt><dd>Version 1 of the quiz</dd>" in page
    # The choice step: its prompt, the choice made, whether right, and the feedback shown.
    assert "<h3>Step 1: answered well</h3>" in page and "Pick one." in page
    assert re.search(
        r"<tr><td lang=\"en\">(<p>)?Good(</p>)?</td><td>Right</td>"
        r"<td><div class=\"prose\" lang=\"en\">(<p>)?Right\.",
        page,
    )
    # The written step: every draft, oldest first, each with the coach's findings and its time.
    assert (
        "<h3>Step 2: missed, safe after 3 drafts</h3>" in page and "Write the reply to the customer." in page
    )
    headings = re.findall(r"<h4>(Draft \d), submitted \d{4}-\d\d-\d\d \d\d:\d\d UTC</h4>", page)
    assert headings == ["Draft 1", "Draft 2", "Draft 3"]
    assert page.count('<mark class="finding-block"') == 2  # the order number, in both leaking drafts
    assert page.count("The coach would stop this reply before it is posted.") == 2
    assert page.count("The coach found nothing that blocks this reply.") == 1
    assert page.index("Sorry.") < page.index(GOOD.replace("'", "&#39;"))


def test_attempt_page_has_ordered_headings_and_unique_ids(client, auth, writer):
    attempt = played(client, auth, writer, LEAKY, GOOD)
    page = hr_page(client, auth, f"/hr/people/{writer.id}/attempts/{attempt}").get_data(as_text=True)
    levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # Every marked finding points at an explanation on this page.
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        assert all(ref in ids for ref in described.split())


def test_reading_the_attempt_changes_nothing_and_offers_no_answer(client, auth, writer):
    attempt = played(client, auth, writer, LEAKY)  # unfinished: the written step is still open
    counts = [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (AttemptAnswer, DraftReply, AttemptResult)
    ]
    page = hr_page(client, auth, f"/hr/people/{writer.id}/attempts/{attempt}").get_data(as_text=True)
    assert "<h3>Step 2: still open, no safe reply in 1 draft</h3>" in page
    assert "<dt>Result</dt><dd>Unfinished</dd>" in page and "<dt>Finished</dt><dd>Not finished</dd>" in page
    assert "<textarea" not in page and 'name="choice"' not in page
    assert f"/attempts/{attempt}/draft" not in page and f"/attempts/{attempt}/move-on" not in page
    assert [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (AttemptAnswer, DraftReply, AttemptResult)
    ] == counts


def test_markup_in_a_reply_is_escaped(client, auth, writer):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> Thanks Dan, please DM us. – Alex'
    attempt = played(client, auth, writer, hostile)
    page = hr_page(client, auth, f"/hr/people/{writer.id}/attempts/{attempt}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_person_page_links_each_attempt_to_its_path(client, auth, writer):
    first = played(client, auth, writer, GOOD)
    page = hr_page(client, auth, f"/hr/people/{writer.id}").get_data(as_text=True)
    assert f'href="/hr/people/{writer.id}/attempts/{first}">Every step<span class="visually-hidden">' in page
    assert '<th scope="col">Path</th>' in page


def test_an_employee_cannot_read_an_attempt_path_not_even_their_own(client, auth, writer):
    attempt = played(client, auth, writer, GOOD)
    auth.login(writer.email)
    assert client.get(f"/hr/people/{writer.id}/attempts/{attempt}").status_code == 403


def test_another_persons_attempt_under_this_person_is_not_found(client, auth, writer, make_user):
    other = make_user(email="other@example.com", name="Otto Other")
    theirs = played(client, auth, writer, GOOD)
    hr_page(client, auth, "/hr/")
    assert client.get(f"/hr/people/{other.id}/attempts/{theirs}").status_code == 404
    assert client.get(f"/hr/people/{other.id + 100}/attempts/{theirs}").status_code == 404
    assert client.get(f"/hr/people/{writer.id}/attempts/{theirs + 100}").status_code == 404
    assert "Wren" not in client.get(f"/hr/people/{other.id}/attempts/{theirs}").get_data(as_text=True)


def test_attempt_shows_the_quiz_version_it_was_graded_against(client, auth, writer, tree):
    attempt = played(client, auth, writer, GOOD)
    quiz = tree / "courses" / "basics" / "basics-quiz.quiz.yaml"
    quiz.write_text(quiz.read_text().replace("prompt: Pick one.", "prompt: Choose the better reply."))
    library.import_directory(tree)
    page = hr_page(client, auth, f"/hr/people/{writer.id}/attempts/{attempt}").get_data(as_text=True)
    expected = "Version 1 of the quiz, the one they started (it has since been updated to version 2)"
    assert f"<dt>Graded against</dt><dd>{expected}</dd>" in page
    assert "Pick one." in page and "Choose the better reply." not in page  # the prompt they saw
