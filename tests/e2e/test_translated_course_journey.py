"""A German-speaking employee takes the German course; its English source changes, so she reads the
English text with a notice until an editor updates the translation; her status follows throughout.

The e2e conftest runs axe-core and the Nu Html Checker over every page this test opens.
"""

import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import sign_in
from training.accounts import users
from training.db import db
from training.editor import library
from training.models import Completion
from training.status import query as status_query

pytestmark = pytest.mark.e2e
COURSE_ID = "speaking-for-the-company"
FOLDER = BUNDLED_CONTENT / "courses" / COURSE_ID
LESSON = "speaking-who-speaks"
ENGLISH = ("There are around 2,000 of us", "There are around 2,500 of us")
GERMAN = ("Wir sind rund 2.000 Beschäftigte", "Wir sind rund 2.500 Beschäftigte")
NOTICE = "Dieser Text wurde vor Kurzem geändert"
PEOPLE = b"""email,name,department,manager_email,role
greta@example.com,Greta Beispiel,Sales,,employee
ed@example.com,Edie Editor,Communications,,editor
"""


def german_answers() -> dict[str, list[str]]:
    """{step id: the German texts of its correct choices}: ids from the source, words from the translation."""
    source = yaml.safe_load((FOLDER / "speaking-quiz.quiz.yaml").read_text())
    german = yaml.safe_load((FOLDER / "speaking-quiz.de.quiz.yaml").read_text())
    texts = {(s["id"], str(c["id"])): c["text"] for s in german["steps"] for c in s["choices"]}
    return {
        s["id"]: [texts[(s["id"], str(c["id"]))] for c in s["choices"] if c["correct"]]
        for s in source["steps"]
    }


def sign_in_german(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Meine Schulungen", level=1)).to_be_visible()


def read_lessons_in_german(page, course_title: str) -> list[str]:
    """On the course page, open each lesson to do, check it is German, mark it read; return titles."""
    heading = page.get_by_role("heading", level=1, name=course_title, exact=True)
    expect(heading).to_be_visible()
    titles = page.locator("li.item-todo").filter(has_text="Lektion").get_by_role("link").all_inner_texts()
    for title in titles:
        page.get_by_role("link", name=title, exact=True).click()
        expect(page.locator("article.prose[lang=de]")).to_be_visible()
        page.get_by_role("button", name="Als gelesen markieren").click()
        expect(page.get_by_text("Lektion als gelesen markiert.")).to_be_visible()
        page.get_by_role("navigation", name="Brotkrumennavigation").get_by_role(
            "link", name=course_title
        ).click()
        expect(heading).to_be_visible()
    return titles


def play_quiz_in_german(page, answers: dict[str, list[str]]) -> None:
    """Answer every step with its correct choices, clicking their German labels."""
    step = page.get_by_role("heading", name=re.compile(r"^Schritt \d+ von \d+"))
    result = page.get_by_role("heading", name=re.compile(r"^(Bestanden|Noch nicht bestanden)"))
    for number in range(1, len(answers) + 2):
        expect(step.or_(result)).to_be_visible()
        if not step.is_visible():
            break
        for text in answers[page.locator("input[name=step_id]").input_value()]:
            page.get_by_label(text, exact=True).check()
        page.get_by_role("button", name="Antwort abschicken").click()
        expect(
            page.get_by_role("heading", name=f"Rückmeldung zu Schritt {number}: Gut entschieden")
        ).to_be_visible()
    expect(result).to_have_text(re.compile(r"^Bestanden: 100\s?%$"))


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def status(app, person_id: int) -> str:
    with app.app_context():
        found = status_query.statuses_for(person_id)[COURSE_ID]
        db.session.remove()
        return found


def test_german_employee_follows_her_translated_course_through_a_source_change(
    live_server, browser, tmp_path
):
    app, content = live_server.app, tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, content)
    with app.app_context():
        users.import_csv(PEOPLE)
        greta = users.set_password("greta@example.com", PASSWORD).id
        users.set_password("ed@example.com", PASSWORD)
        db.session.remove()
    context = browser.new_context(locale="de-DE")  # no language in her profile: the browser's is used
    context.set_default_timeout(10000)
    page = context.new_page()

    # She reads the policy in German, then takes the course in German.
    sign_in_german(page, live_server.url, "greta@example.com")
    page.goto(live_server.url + "/policies/social-media")
    expect(page.get_by_role("heading", level=1)).to_have_text("Social-Media-Richtlinie")
    expect(page.get_by_role("heading", name="Kritisches Feedback eskalieren")).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    page.get_by_role("link", name="Meine Schulungen").first.click()
    page.locator(".card").get_by_role("link", name="Für das Unternehmen sprechen").click()
    assert len(read_lessons_in_german(page, "Für das Unternehmen sprechen")) == 3
    page.get_by_role("link", name="Fürs Protokoll").click()
    page.get_by_role("button", name=re.compile("starten")).click()
    play_quiz_in_german(page, german_answers())
    assert status(app, greta) == "completed"

    # The English lesson changes in a way that requires retraining; its German translation is stale.
    edit(content / "courses" / COURSE_ID / f"{LESSON}.md", *ENGLISH)
    with app.app_context():
        library.import_directory(content)
        db.session.remove()
    assert status(app, greta) == "outdated"
    page.get_by_role("link", name="Meine Schulungen").first.click()
    card = page.locator(".card").filter(has_text="Für das Unternehmen sprechen")
    expect(card).to_contain_text("Veraltet")
    card.get_by_role("link", name="Für das Unternehmen sprechen").click()
    stale = page.locator("li.item-stale")
    expect(stale).to_have_count(1)
    expect(stale).to_contain_text("Wiederholen: Inhalt geändert")
    stale.get_by_role("link").click()
    expect(page.get_by_role("status")).to_contain_text(NOTICE)
    expect(page.locator("article.prose[lang=en]")).to_contain_text(ENGLISH[1])

    # An editor updates the translation in the browser, from the list of translations to update.
    editor = browser.new_context(locale="en-GB")
    editor.set_default_timeout(10000)
    tab = editor.new_page()
    sign_in(tab, live_server.url, "ed@example.com", PASSWORD)
    tab.goto(live_server.url + "/editor/")
    tab.get_by_role("link", name="update the translation of Who speaks for Kestrel Home (de)").click()
    expect(tab.get_by_role("status")).to_contain_text("Stale: translated from version 1")
    text = tab.get_by_label("Translation", exact=True)
    assert GERMAN[0] in text.input_value()
    text.fill(text.input_value().replace(*GERMAN))
    tab.get_by_label("Note (optional)").fill("2.500 Beschäftigte, wie im Original")
    tab.get_by_role("button", name="Publish translation").click()
    expect(tab.get_by_text("Translation published.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Translations to update")).to_have_count(0)
    editor.close()

    # She reads the updated German lesson, without the notice, and is complete again.
    page.reload()
    expect(page.locator("article.prose[lang=de]")).to_contain_text(GERMAN[1])
    expect(page.get_by_text(NOTICE)).to_have_count(0)
    page.get_by_role("button", name="Als gelesen markieren").click()
    expect(page.get_by_text("Lektion als gelesen markiert.")).to_be_visible()
    page.get_by_role("link", name="Meine Schulungen").first.click()
    card = page.locator(".card").filter(has_text="Für das Unternehmen sprechen")
    expect(card).to_contain_text("Abgeschlossen")
    assert status(app, greta) == "completed"
    with app.app_context():
        redone = db.session.scalars(select(Completion).where(Completion.item_id == LESSON)).all()
        assert [c.language for c in redone] == ["de", "de"]
        assert redone[0].fingerprint != redone[1].fingerprint  # each counts against its source version
        db.session.remove()
    context.close()
