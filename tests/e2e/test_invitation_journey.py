"""HR invites a newcomer from the invitations page; the newcomer follows the emailed link, sets a
password and is signed in; the link then works no more. A real SMTP server receives the email. The
e2e conftest checks every page with axe-core and vnu."""

import re

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_sad_journeys import people
from tests.smtp import Inbox, body, free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def inbox(live_server):
    """A real SMTP server that the live app sends to; emailed links point at the live app."""
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    live_server.app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, BASE_URL=live_server.url
    )
    yield received
    controller.stop()


def test_hr_invites_a_newcomer_who_follows_the_emailed_link_and_sets_a_password(live_server, browser, inbox):
    people(
        live_server,
        "hana@example.com,Hana HR,People,,hr\nnia@example.com,Nia New,Sales,,employee\n",
        "hana@example.com",
    )
    hr_context, newcomer_context = browser.new_context(), browser.new_context()
    for context in (hr_context, newcomer_context):
        context.set_default_timeout(10000)
    try:
        hr = hr_context.new_page()
        sign_in(hr, live_server.url, "hana@example.com", PASSWORD)
        hr.goto(live_server.url + "/hr/")
        hr.get_by_role("navigation", name="HR").get_by_role("link", name="Invitations").click()
        expect(hr.get_by_role("heading", level=1, name="Invitations")).to_be_visible()
        nia = hr.get_by_role("row").filter(has_text="nia@example.com")
        expect(nia).to_contain_text("Not invited")
        hr.get_by_label("Select Nia New").check()
        hr.get_by_role("button", name="Invite the people ticked below").click()
        expect(hr.get_by_text("Invitation sent to 1 person.")).to_be_visible()
        expect(nia).to_contain_text("Sent")

        message = inbox.only("nia@example.com")
        (link,) = set(re.findall(re.escape(live_server.url) + r"/password/(?!forgot\b)\S+", body(message)))

        newcomer = newcomer_context.new_page()
        newcomer.goto(link)
        newcomer.get_by_label("New password", exact=True).fill("a long enough password 1")
        newcomer.get_by_label("Repeat the password").fill("a long enough password 1")
        newcomer.get_by_role("button", name="Set password and sign in").click()
        expect(newcomer.get_by_text("Your password is set and you are signed in.")).to_be_visible()
        expect(newcomer.get_by_role("heading", name="My training")).to_be_visible()

        newcomer.goto(link)  # the link works once
        expect(newcomer.get_by_role("heading", name="This link does not work")).to_be_visible()
        expect(newcomer.get_by_role("alert")).to_contain_text("This link has already been used")

        hr.reload()  # Nia has a password now: she is no longer waiting for one
        expect(hr.get_by_role("heading", level=1, name="Invitations")).to_be_visible()
        expect(hr.get_by_text("nia@example.com")).to_have_count(0)
    finally:
        hr_context.close()
        newcomer_context.close()
