"""Editors see translations made stale by a change on /editor/, with the source's diff, and update
them in the browser; a translation that no longer matches its source is refused with its problems."""

import pytest

from tests.translations import LESSON, translated_library
from training.content import translations
from training.editor import library as content_service


@pytest.fixture
def editor(app, tmp_path, make_user, auth):
    root = translated_library(tmp_path)
    content_service.import_directory(root)
    path = root / "courses" / "basics" / "basics-reading.md"
    path.write_text(path.read_text().replace("Say sorry.", "Say sorry and mean it."))
    content_service.import_directory(root)
    user = make_user(email="ed@example.com", roles="editor")
    auth.login(user.email)
    return user


def test_the_editors_page_lists_a_stale_translation_with_the_source_diff(editor, client):
    page = client.get("/editor/").get_data(as_text=True)
    assert "Translations to update" in page
    assert "/editor/items/basics-reading/diff?old=1&amp;new=2" in page
    assert "/editor/translations/items/basics-reading/de" in page
    diff = client.get("/editor/items/basics-reading/diff?old=1&new=2").get_data(as_text=True)
    assert "mean it" in diff


def test_an_editor_updates_a_translation_in_the_browser_and_it_is_current_again(editor, client):
    page = client.get("/editor/translations/items/basics-reading/de").get_data(as_text=True)
    assert "Stale: translated from version 1" in page and "Entschuldigen Sie sich." in page
    text = LESSON.replace("Entschuldigen Sie sich.", "Entschuldigen Sie sich und meinen Sie es ernst.")
    url = "/editor/translations/items/basics-reading/de"
    response = client.post(url, data={"text": text, "note": "update"})
    assert response.status_code == 302
    row = translations.current("item", "basics-reading", "de")
    assert (row.number, row.made_from_version, row.author) == (2, 2, "ed@example.com")
    assert translations.stale() == []
    assert "Translations to update" not in client.get("/editor/").get_data(as_text=True)


def test_a_translation_that_does_not_match_its_source_is_refused(editor, client):
    text = LESSON.replace("## Freundlich bleiben\n", "")
    response = client.post("/editor/translations/items/basics-reading/de", data={"text": text})
    page = response.get_data(as_text=True)
    assert "the source&#39;s headings are ## but the translation&#39;s are none" in page
    assert translations.current("item", "basics-reading", "de").number == 1


def test_only_editors_open_the_translation_page(app, client, make_user, auth, tmp_path):
    content_service.import_directory(translated_library(tmp_path))
    auth.login(make_user(email="emp@example.com").email)
    assert client.get("/editor/translations/items/basics-reading/de").status_code == 403
