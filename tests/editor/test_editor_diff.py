"""What editors see of a change: markdown rendered as people read it, plain fields as written."""

import re
import shutil

import pytest

from tests.conftest import FIXTURES
from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from training.editor import library as content_service
from training.learning import acknowledgements

POLICY = "/editor/policies/demo/edit"
LESSON = "/editor/items/basics-secrets/edit"
SPEAKING = "Only the social team speaks for the company.\n"
ADDED = '<span class="visually-hidden">added: </span><ins>'
REMOVED = '<span class="visually-hidden">removed: </span><del>'
CHANGE = re.compile(
    r'<section class="change change-\w+">\s*<h3>(.*?) <span class="tag[^"]*">\w+</span></h3>\s*'
    r'<div class="([^"]*)">(.*?)</div>\n</section>',
    re.S,
)


@pytest.fixture
def tree(tmp_path, app):
    """The test library, its demo policy with a bold list, imported."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    path = root / "policies" / "demo.md"
    path.write_text(
        path.read_text().replace(SPEAKING, f"{SPEAKING}\n- **Say that you work here**\n- Be kind.\n")
    )
    content_service.import_directory(root)
    return root


@pytest.fixture
def editor(make_user, auth):
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def changes(page: str) -> dict[str, tuple[str, str]]:
    """Each change shown on a page: its label, and the class and content of its diff."""
    return {label: (css, html) for label, css, html in CHANGE.findall(page)}


def edited(text: str) -> str:
    text = text.replace("work here", "work for us").replace("title: Demo policy", "title: Demo rules")
    return bump_version(text.replace("The demo policy for tests.", "The **demo** policy, for tests."))


def test_review_history_and_the_employee_page_show_the_same_rendered_diff(client, tree, editor, make_user):
    reader = make_user(email="reader@example.com")
    acknowledgements.acknowledge(reader, "demo", acknowledgements.current("demo").id)
    text = edited(page_text(client, POLICY))
    assert save(client, POLICY, text).status_code == 302
    review = changes(client.get("/editor/policies/demo/publish").get_data(as_text=True))
    (tree / "policies" / "demo.md").write_text(text)
    content_service.import_directory(tree)
    history = changes(client.get("/editor/policies/demo/diff?old=1&new=2").get_data(as_text=True))

    assert review == history
    css, speaking = review["“Speaking” (#speaking)"]
    assert css == "diff diff-rendered prose"
    assert f"<li><strong>Say that you work {REMOVED}here</del>{ADDED}for us</ins></strong></li>" in speaking
    assert "**" not in speaking
    learner = {s.section_id: s for s in acknowledgements.changes(reader, "demo").sections}
    assert str(learner["speaking"].diff_html) == speaking


def test_markdown_fields_are_rendered_and_plain_fields_are_not(client, tree, editor):
    assert save(client, POLICY, edited(page_text(client, POLICY))).status_code == 302
    review = changes(client.get("/editor/policies/demo/publish").get_data(as_text=True))
    assert review["Introduction"] == (
        "diff diff-rendered prose",
        f"<p>The <strong>demo</strong> {REMOVED}policy </del> {ADDED}policy, </ins>for tests.</p>",
    )
    assert review["Title"] == ("diff", f"Demo {REMOVED}policy</del>{ADDED}rules</ins>")


def test_a_lesson_shows_its_settings_as_written_and_its_text_rendered(client, library, editor):
    text = page_text(client, LESSON).replace("title: Keeping secrets", "title: Keeping secrets safe")
    text = text.replace("Never post an order number.", "- Never post an **order number** or email.")
    assert save(client, LESSON, text).status_code == 302
    review = changes(client.get("/editor/items/basics-secrets/publish").get_data(as_text=True))
    css, settings = review["Settings"]
    assert css == "diff" and settings.startswith('<span class="hunk">Line 1</span>---\nid: basics-secrets\n')
    assert f"title: Keeping {REMOVED}secrets\n</del>{ADDED}secrets safe\n</ins>" in settings
    css, body = review["Text"]
    assert css == "diff diff-rendered prose"
    assert body.startswith("<ul>\n<li>Never post an <strong>order ")
    assert "**" not in body


def test_hostile_markdown_in_a_draft_is_neutralised_in_the_review(client, tree, editor):
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [see](javascript:alert(3))'
    text = bump_version(
        page_text(client, POLICY).replace("Never post order numbers.", f"Never post. {hostile}")
    )
    assert save(client, POLICY, text).status_code == 302
    _, secrets = changes(client.get("/editor/policies/demo/publish").get_data(as_text=True))[
        "“Secrets” (#secrets)"
    ]
    assert re.search(rf'{re.escape(ADDED)}post\.\s+<img> <a rel="noopener noreferrer">see</a></ins>', secrets)
    for bad in ("<script", "alert(", "onerror", "javascript:"):
        assert bad not in secrets.lower()
