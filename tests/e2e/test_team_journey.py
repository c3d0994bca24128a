"""A manager opens their team page from the menu and reminds one report; axe-core finds nothing."""

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from tests.e2e.test_two_widths import overflowing
from tests.smtp import Inbox, free_port
from training.accounts import users

pytestmark = pytest.mark.e2e
PEOPLE = (
    b"email,name,department,manager_email,role\n"
    b"mia@example.com,Mia Manager,Sales,,employee\n"
    b"rob@example.com,Rob Report,Sales,mia@example.com,employee\n"
)


@pytest.fixture
def inbox(live_server):
    """A real SMTP server that the live app sends to."""
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    live_server.app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield received
    controller.stop()


def test_manager_reminds_a_report_from_the_team_page(live_server, axe_page, inbox):
    page = axe_page
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("mia@example.com", PASSWORD)
    sign_in(page, live_server.url, "mia@example.com", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your team").click()
    expect(page.get_by_role("heading", level=1, name="Your team's training")).to_be_visible()
    found = {"team": violations(page)}
    page.get_by_role("button", name="Remind Rob Report about Speaking for the company").click()
    expect(page.get_by_text("Reminder sent.")).to_be_visible()
    found["team, after a reminder"] = violations(page)
    assert found == {"team": [], "team, after a reminder": []}
    assert [m["Subject"] for m in inbox.to("rob@example.com")] == [
        "A reminder from Mia Manager: Speaking for the company"
    ]


def test_the_team_page_fits_a_phone_s_width(live_server, browser):
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("mia@example.com", PASSWORD)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "mia@example.com", PASSWORD)
        expect(page.get_by_role("heading", name="My training")).to_be_visible()
        page.goto(live_server.url + "/team")
        expect(page.get_by_role("heading", level=1, name="Your team's training")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the team page is {width} px wide: {overflowing(page)}"
    finally:
        context.close()
