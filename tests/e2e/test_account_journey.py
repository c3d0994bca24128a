"""A person changes their password in the browser: signed out everywhere, then in with the new one."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "a new passphrase for the browser"


def test_signing_in_changing_the_password_and_signing_in_again(live_server, axe_page, browser):
    page = axe_page
    with live_server.app.app_context():
        users.create_user("ann@example.com", "Ann Example", PASSWORD)
    other = browser.new_context()
    elsewhere = other.new_page()
    sign_in(elsewhere, live_server.url, "ann@example.com", PASSWORD)
    sign_in(page, live_server.url, "ann@example.com", PASSWORD)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("heading", name="Your account", level=1).wait_for()
    assert violations(page) == []
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.get_by_role("heading", name="Sign in", level=1).wait_for()
    assert "Password changed" in page.locator(".flashes").inner_text()
    elsewhere.goto(live_server.url + "/")
    elsewhere.get_by_role("heading", name="Sign in", level=1).wait_for()  # that browser is out too
    other.close()
    sign_in(page, live_server.url, "ann@example.com", NEW_PASSWORD)
    page.get_by_role("link", name="Your account").wait_for()
    assert page.url == live_server.url + "/"
