"""The employee's "what changed" page: changed sections read as the policy does, words marked."""

import re
import shutil

import pytest

from tests.conftest import FIXTURES
from tests.content_edits import bump_version
from training.editor import library as content_service
from training.learning import acknowledgements

SPEAKING = "Only the social team speaks for the company.\n"
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [see](javascript:alert(3))'
ADDED = '<span class="visually-hidden">added: </span><ins>'
REMOVED = '<span class="visually-hidden">removed: </span><del>'


def publish(root, old: str, new: str) -> None:
    """Change the demo policy's file and import it as its next version."""
    path = root / "policies" / "demo.md"
    text = path.read_text()
    assert old in text
    path.write_text(bump_version(text.replace(old, new)))
    content_service.import_directory(root)


@pytest.fixture
def page(tmp_path, client, make_user, auth):
    """The page of someone who acknowledged a version with a bold list, after a change to it."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    path = root / "policies" / "demo.md"
    path.write_text(
        path.read_text()
        .replace(SPEAKING, f"{SPEAKING}\n- **Say that you work here**\n- Be kind.\n")
        .replace("Never post order numbers.", f"Never post order numbers. {HOSTILE}")
    )
    content_service.import_directory(root)
    user = make_user(email="reader@example.com")
    acknowledgements.acknowledge(user, "demo", acknowledgements.current("demo").id)
    publish(root, "work here", "work for us")
    publish(root, "move to a private channel", "move to a direct channel")
    publish(root, f" {HOSTILE}", "")
    auth.login(user.email)
    response = client.get("/policies/demo")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page: str, section_id: str) -> str:
    return re.search(rf'aria-labelledby="h-{section_id}">(.*?)</section>', page, re.S)[1]


def test_a_changed_bold_list_item_reads_as_the_policy_with_its_words_marked(page):
    speaking = section(page, "speaking")
    assert '<div class="diff diff-rendered prose">' in speaking
    item = f"<li><strong>Say that you work {REMOVED}here</del>{ADDED}for us</ins></strong></li>"
    assert f"<ul>\n{item}\n<li>Be kind.</li>\n</ul>" in speaking
    assert "**" not in speaking and "- " not in speaking


def test_a_replaced_word_stays_in_its_paragraph(page):
    expected = f"<p>Acknowledge, apologise, move to a {REMOVED}private </del>{ADDED}direct </ins>channel.</p>"
    assert expected in section(page, "complaints")


def test_the_marks_are_announced_to_screen_readers(page):
    speaking = section(page, "speaking")
    assert speaking.count("<ins>") == speaking.count(ADDED) == 1
    assert speaking.count("<del>") == speaking.count(REMOVED) == 1


def test_hostile_text_of_an_older_version_does_not_come_through(page):
    secrets = section(page, "secrets")
    # What was removed is shown as it was rendered: an image without its source, a link without its address.
    removed = f'{REMOVED}<img> <a rel="noopener noreferrer">see</a></del></p>'
    assert re.search(rf"<p>Never post order numbers\.\s+{re.escape(removed)}", secrets)
    for bad in ("<script", "alert(", "onerror", "javascript:"):
        assert bad not in secrets.lower()
