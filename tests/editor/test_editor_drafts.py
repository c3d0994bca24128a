"""Editors write drafts with a preview; bad input is refused with its line; conflicts lose nothing."""

import re
import shutil
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXTURES, PASSWORD
from tests.content import test_content
from training.content import markdown, versions
from training.content.reader import (
    parse_course_text,
    parse_item_text,
    parse_policy_text,
    read_library,
)
from training.db import db
from training.editor import drafts as editing
from training.models import ContentDraft, ItemVersion, PolicyVersion

LESSON = "/editor/items/basics-secrets/edit"
QUIZ = "/editor/items/basics-quiz/edit"
POLICY = "/editor/policies/demo/edit"
STATE_RE = re.compile(r'name="(revision|number)" type="hidden" value="([^"]*)"')


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def opened_state(client, url: str) -> dict:
    """The hidden state of an edit form, as a browser would submit it back."""
    fields = dict(STATE_RE.findall(client.get(url).get_data(as_text=True)))
    return {"revision": fields["revision"], "number": fields["number"]}


def page_text(client, url: str) -> str:
    """The text in an edit form's textarea, unescaped."""
    html = client.get(url).get_data(as_text=True)
    raw = re.search(r'<textarea[^>]*name="text"[^>]*>\r?\n?(.*?)</textarea>', html, re.S)[1]
    return unescape(raw)


def save(client, url: str, text: str, state: dict | None = None, action: str = "save"):
    state = state if state is not None else opened_state(client, url)
    return client.post(url, data={**state, "text": text, action: "1"})


def draft_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ContentDraft))


def version_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ItemVersion)) + db.session.scalar(
        select(func.count()).select_from(PolicyVersion)
    )


def lesson_text(client) -> str:
    return page_text(client, LESSON)


def test_edit_page_shows_the_published_file_text(client, editor):
    text = lesson_text(client)
    assert text.startswith("---\nid: basics-secrets\n")
    assert "Never post an order number." in text


def test_policy_edit_page_text_parses_back_to_the_published_sections(client, editor):
    parsed = parse_policy_text(page_text(client, POLICY), "policies/demo.md")
    assert parsed.problems == []
    current = versions.current(PolicyVersion, "demo")
    assert [s.text_hash for s in parsed.value.sections] == [s.text_hash for s in current.sections]


def test_saving_keeps_a_draft_that_learners_do_not_see(client, editor, auth, make_user):
    changed = lesson_text(client).replace(
        "Never post an order number.", "Never post an order number or email."
    )
    response = save(client, LESSON, changed)
    assert response.status_code == 302
    assert "or email" in lesson_text(client)
    assert "saved by ed@example.com" in client.get(LESSON).get_data(as_text=True)
    assert draft_count() == 1
    learner = make_user(email="lee@example.com")
    auth.logout()
    auth.login(learner.email)
    page = client.get("/lessons/basics-secrets").get_data(as_text=True)
    assert "Never post an order number." in page and "or email" not in page
    assert client.get(LESSON).status_code == 403


def test_preview_renders_like_the_learner_page_and_stores_nothing(client, editor):
    text = lesson_text(client) + "\n**Bold** <script>alert(1)</script> [x](javascript:alert(2))\n"
    response = save(client, LESSON, text, action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    body = parse_item_text(text, "courses/basics/basics-secrets.md").value.body_md
    assert markdown.render(body) in page
    shown = page[
        page.index('id="preview-heading"') : page.index('<script src="/static/js/editor-preview.js"')
    ]
    assert "<strong>Bold</strong>" in shown
    assert "<script" not in shown and "javascript:" not in shown and "alert" not in shown
    assert draft_count() == 0


def test_quiz_preview_shows_every_step_with_feedback(client, editor):
    response = save(client, QUIZ, page_text(client, QUIZ), action="preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Who may speak for the company?" in page
    assert "Acknowledging and moving to a private channel calms things." in page
    assert "then third" in page  # the branch of choice `kind`


def test_a_script_in_markdown_is_stored_as_typed_and_published_safely(client, editor):
    text = lesson_text(client) + "\n<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n"
    assert save(client, LESSON, text).status_code == 302
    assert "<script>alert('x')</script>" in editing.find_draft("item", "basics-secrets").text
    state = opened_state(client, LESSON)
    response = client.post("/editor/items/basics-secrets/publish", data={**state, "retrain": "yes"})
    assert response.status_code == 302
    version = versions.current(ItemVersion, "basics-secrets")
    assert "<script" not in version.html and "onerror" not in version.html
    assert "<script" not in client.get("/lessons/basics-secrets").get_data(as_text=True).split("<main")[1]


# (url, how to break the text, expected line or None, message)
BAD_INPUT = [
    (QUIZ, lambda t: t.replace("covers: [demo#complaints, demo#speaking]", "covers: demo#complaints: x"), 3,
     "invalid YAML"),
    (QUIZ, lambda t: t.replace("        text: The social team\n        correct: true",
                               "        text: The social team\n        correct: false"), 45,
     "step 'last' has no correct choice"),
    (QUIZ, lambda t: t.replace("next: third", "next: nowhere"), 10,
     "`next: nowhere` in step 'first' points to no step"),
    (LESSON, lambda t: t.replace("title: Keeping secrets", "title: " + "T" * 10_000), 2,
     "`title` is 10,000 characters; the limit is 300"),
    (LESSON, lambda t: t + "x" * (1024 * 1024 + 1), None, "the limit is 1,048,576 (1 MiB)"),
    (LESSON, lambda t: t.replace("covers: [demo#secrets]", "covers: [demo#nowhere]"), 2,
     "covers unknown policy section 'demo#nowhere'"),
    (LESSON, lambda t: t.replace("Never", "Never\x00"), 6, "NUL character"),
    (LESSON, lambda t: t.replace("id: basics-secrets", "id: something-else"), 2, "does not match"),
    (POLICY, lambda t: t.replace("## Secrets {#secrets}", "## Secrets"), 16, "needs an id"),
    (POLICY, lambda t: t.replace("## Secrets {#secrets}", "## Secrets {#secret-stuff}"), None,
     "section 'demo#secrets' is covered by 'basics-secrets'"),
    (POLICY, lambda t: t.replace("grace_days: 10", "grace_days: [10"), 6, "invalid YAML"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "breaker", "line", "message"), BAD_INPUT, ids=[f"{i}" for i in range(len(BAD_INPUT))]
)
def test_bad_input_is_refused_with_its_line_and_nothing_is_saved(client, editor, url, breaker, line, message):
    before = version_count()
    original = page_text(client, url)
    broken = breaker(original)
    assert broken != original
    for action in ("save", "preview"):
        response = save(client, url, broken, action=action)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, page[:500]
        prefix = f"<strong>Line {line}:</strong> " if line else ""
        expected = re.compile(f"<li>{prefix}[^<]*{re.escape(message.replace(chr(39), '&#39;'))}")
        assert expected.search(page), page[page.find("problems") :][:1500]
        assert "Preview:" not in page
    assert draft_count() == 0
    assert version_count() == before
    assert broken.splitlines()[1].replace("'", "&#39;")[:200] in page  # what was typed stays in the form


def test_two_megabytes_of_text_are_refused_with_a_clear_message(client, editor):
    response = save(client, LESSON, lesson_text(client) + "x" * (2 * 1000 * 1000))
    assert response.status_code == 422
    assert re.search(
        r"the text is 2,000,\d{3} bytes; the limit is 1,048,576 \(1 MiB\)", response.get_data(as_text=True)
    )
    assert draft_count() == 0


def test_a_request_over_the_servers_size_limit_gets_a_clear_page(app, client, editor):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = save(client, LESSON, lesson_text(client) + "x" * 20_000)
    assert response.status_code == 413
    assert "A content file may be at most 1,048,576 bytes" in response.get_data(as_text=True)
    assert draft_count() == 0


def test_windows_line_ends_from_the_browser_are_stored_as_unix(client, editor):
    text = lesson_text(client).replace("Never post", "Do not post").replace("\n", "\r\n")
    assert save(client, LESSON, text).status_code == 302
    assert "\r" not in editing.find_draft("item", "basics-secrets").text


@contextmanager
def separately(app):
    """Run a second client's requests in their own app context and database session.

    In production every request has its own; in tests the test's app context would share the
    signed-in user (Flask-Login keeps it on `g`) and an open transaction between clients.
    """
    db.session.rollback()
    with app.app_context():
        yield
    db.session.rollback()


def second_editor(app, make_user):
    make_user(email="other@example.com", roles="editor")
    other = app.test_client()
    with separately(app):
        other.post("/login", data={"email": "other@example.com", "password": PASSWORD})
    return other


def test_second_editor_who_saves_later_is_refused_and_sees_both_texts(client, app, editor, make_user):
    other = second_editor(app, make_user)
    mine_state = opened_state(client, LESSON)
    base = lesson_text(client)
    with separately(app):
        theirs_state = opened_state(other, LESSON)
        theirs = base.replace("order number", "order number (theirs)")
        assert save(other, LESSON, theirs, theirs_state).status_code == 302

    mine = base.replace("order number", "order number (mine)")
    response = save(client, LESSON, mine, mine_state)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "someone else saved first" in page
    assert "other@example.com" in page
    assert "order number (theirs)" in page and "order number (mine)" in page
    assert "(theirs)" in editing.find_draft("item", "basics-secrets").text
    # The refused form now carries the saved state: saving again replaces theirs, on purpose.
    refreshed = dict(STATE_RE.findall(page))
    assert refreshed["revision"] == editing.find_draft("item", "basics-secrets").revision
    assert save(client, LESSON, mine, refreshed).status_code == 302
    assert "(mine)" in editing.find_draft("item", "basics-secrets").text


def test_save_after_someone_published_is_refused(client, app, editor):
    opened = opened_state(client, LESSON)
    base = lesson_text(client)
    assert save(client, LESSON, base.replace("Never", "Please never")).status_code == 302
    publish_state = opened_state(client, LESSON)
    assert (
        client.post(
            "/editor/items/basics-secrets/publish", data={**publish_state, "retrain": "yes"}
        ).status_code
        == 302
    )
    response = save(client, LESSON, base.replace("Never", "Do not ever"), opened)
    assert response.status_code == 409
    assert "Do not ever" in response.get_data(as_text=True)
    assert editing.find_draft("item", "basics-secrets") is None


def test_a_new_draft_started_twice_at_once_conflicts(client, editor):
    state = opened_state(client, LESSON)
    text = lesson_text(client)
    assert save(client, LESSON, text.replace("Never", "Do not"), state).status_code == 302
    assert save(client, LESSON, text.replace("Never", "Never ever"), state).status_code == 409
    assert "Do not" in editing.find_draft("item", "basics-secrets").text


def test_discarding_a_draft_leaves_the_published_version(client, editor):
    save(client, LESSON, lesson_text(client).replace("Never", "Do not"))
    state = opened_state(client, LESSON)
    response = client.post("/editor/items/basics-secrets/discard", data=state)
    assert response.status_code == 302
    assert draft_count() == 0
    assert "Never post an order number." in lesson_text(client)


def test_discard_with_a_stale_form_is_refused(client, editor):
    stale = opened_state(client, LESSON)
    save(client, LESSON, lesson_text(client).replace("Never", "Do not"))
    client.post("/editor/items/basics-secrets/discard", data=stale)
    assert draft_count() == 1


def test_editor_list_shows_versions_authors_dates_and_drafts(client, editor):
    save(client, LESSON, lesson_text(client).replace("Never", "Do not"))
    page = client.get("/editor/").get_data(as_text=True)
    for text in (
        "Demo policy",
        "Basics",
        "Reading complaints",
        "Keeping secrets",
        "Basics quiz",
        "content import",
    ):
        assert text in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", page)
    assert "ed@example.com" in page and "draft" in page


@pytest.mark.parametrize(
    "breaker",
    [
        test_content.bad_quiz_yaml,
        test_content.bad_front_matter_yaml,
        test_content.unclosed_quote_in_quiz,
        test_content.bad_policy_front_matter_yaml,
        test_content.missing_field,
        test_content.missing_front_matter,
        test_content.unknown_covers,
        test_content.no_correct_choice,
        test_content.next_nowhere,
        test_content.next_backwards,
        test_content.duplicate_step_id,
        test_content.heading_without_id,
        test_content.id_not_matching_file_name,
        test_content.multi_select_with_choice_next,
    ],
)
def test_one_file_parsed_alone_reports_what_content_check_reports(tmp_path, breaker):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    sections = {f"demo#{s}" for s in ("speaking", "complaints", "secrets")}
    breaker(root)
    problems = read_library(root).problems
    broken = problems[0].path  # other files' problems follow from it (an item left unlisted...)
    problems = [p for p in problems if p.path == broken]
    name = Path(broken).relative_to("content").as_posix()
    text = (root / name).read_text()
    if name.startswith("policies/"):
        parsed = parse_policy_text(text, name)
    else:
        parsed = parse_item_text(text, name, sections)
    assert parsed.value is None
    assert [(p.path, p.line, p.message) for p in parsed.problems] == [
        (name, p.line, p.message) for p in problems
    ]


def test_a_valid_file_parsed_alone_gives_what_the_library_holds():
    library = read_library(FIXTURES / "content")
    quiz = FIXTURES / "content" / "courses" / "basics" / "basics-quiz.quiz.yaml"
    no_sections = parse_item_text(quiz.read_text(), "courses/basics/basics-quiz.quiz.yaml", set())
    assert [p.message for p in no_sections.problems] == [
        "covers unknown policy section 'demo#complaints'",
        "covers unknown policy section 'demo#speaking'",
    ]
    parsed = parse_item_text(quiz.read_text(), "courses/basics/basics-quiz.quiz.yaml")
    assert parsed.value == library.items["basics-quiz"]
    policy = FIXTURES / "content" / "policies" / "demo.md"
    assert parse_policy_text(policy.read_text(), "policies/demo.md").value == library.policies["demo"]
    course = FIXTURES / "content" / "courses" / "basics" / "course.md"
    assert (
        parse_course_text(course.read_text(), "courses/basics/course.md").value == library.courses["basics"]
    )
