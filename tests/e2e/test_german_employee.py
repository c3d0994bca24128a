"""A German-speaking employee reads the site in German; axe-core and the HTML checker still pass.

The e2e conftest runs axe-core and the Nu Html Checker over every page this test opens.
"""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from training.accounts import users
from training.db import db

pytestmark = pytest.mark.e2e


def test_a_german_employee_sees_german_navigation_pages_and_dates(live_server, browser):
    with live_server.app.app_context():
        person = users.create_user("greta@example.com", "Greta Beispiel", PASSWORD)
        users.set_language(person, "de")
        db.session.remove()
    context = browser.new_context(locale="en-US")  # their profile wins over the browser's English
    context.set_default_timeout(10000)
    page = context.new_page()
    sign_in(page, live_server.url, "greta@example.com", PASSWORD)
    navigation = page.get_by_role("navigation", name="Hauptmenü")
    navigation.get_by_role("link", name="Meine Schulungen").wait_for()
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("heading", name="Meine Schulungen", level=1).wait_for()
    page.get_by_role("heading", name="Ihnen zugewiesen").wait_for()
    page.locator(".cards h3 a").first.click()
    page.get_by_role("heading", name="Lektionen und Szenarien").wait_for()
    assert "erledigt" in page.locator(".progress-text").inner_text()
    page.get_by_role("link", name="Ihr Konto").click()
    page.get_by_role("heading", name="Ihr Konto", level=1).wait_for()
    page.get_by_role("combobox", name="Sprache").select_option("en")
    page.get_by_role("button", name="Sprache speichern").click()
    page.get_by_role("heading", name="Your account", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_a_visitor_whose_browser_asks_for_german_gets_the_sign_in_page_in_german(live_server, browser):
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10000)
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_role("heading", name="Anmelden", level=1).wait_for()
    page.get_by_label("E-Mail-Adresse").fill("nobody@example.com")
    page.get_by_label("Passwort").fill("not the password at all")
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_text("Diese E-Mail-Adresse und dieses Passwort passen zu keinem aktiven Konto.").wait_for()
    context.close()
