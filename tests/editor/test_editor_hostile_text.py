"""Hostile text typed or pasted into the editor: refused as `content check` refuses the file."""

from html import escape

import pytest

from tests.content.test_hostile_files import ALIASES, alias_bomb, deadline
from tests.editor.test_editor_drafts import (
    LESSON,
    QUIZ,
    draft_count,
    lesson_text,
    page_text,
    save,
    version_count,
)
from training.editor import drafts as editing


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def in_front_matter(text: str, yaml_lines: str) -> str:
    """Add YAML lines to a lesson's front matter, from line 5."""
    return text.replace("covers: [demo#secrets]\n", "covers: [demo#secrets]\n" + yaml_lines)


def problem_shown(page: str, line: int, message: str) -> bool:
    return f"<li><strong>Line {line}:</strong> {escape(message)}</li>" in page


@pytest.mark.parametrize("action", ["preview", "save"])
def test_an_alias_bomb_in_the_editor_is_refused_quickly_and_nothing_is_stored(client, editor, action):
    before = version_count()
    text = in_front_matter(lesson_text(client), alias_bomb(8))
    with deadline(5.0):  # the bomb took 12 s of a web worker; refused, it takes milliseconds
        response = save(client, LESSON, text, action=action)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert problem_shown(page, 5, ALIASES), page[page.find("problems") :][:1000]
    assert "Preview:" not in page
    assert draft_count() == 0 and version_count() == before


def test_a_depth_bomb_in_a_quiz_preview_is_refused_with_its_line(client, editor):
    text = page_text(client, QUIZ).replace("pass_mark: 75", "pass_mark: " + "[" * 50_000 + "]" * 50_000)
    response = save(client, QUIZ, text, action="preview")
    assert response.status_code == 422
    assert problem_shown(response.get_data(as_text=True), 4, "lists and mappings nested more than 20 deep")


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_a_pasted_byte_order_mark_and_line_ends_are_dropped(client, editor, newline):
    text = "\ufeff" + lesson_text(client).replace("Never post", "Do not post").replace("\n", newline)
    assert save(client, LESSON, text, action="preview").status_code == 200
    assert save(client, LESSON, text).status_code == 302
    stored = editing.find_draft("item", "basics-secrets").text
    assert stored == lesson_text(client) and stored.startswith("---\n") and "\r" not in stored


def test_problems_in_text_with_old_mac_line_ends_keep_their_lines(client, editor):
    text = lesson_text(client).replace("title: Keeping secrets", "title: Keeping: secrets")
    response = save(client, LESSON, "\ufeff" + text.replace("\n", "\r"), action="preview")
    assert response.status_code == 422
    assert "<strong>Line 3:</strong> invalid YAML" in response.get_data(as_text=True)
