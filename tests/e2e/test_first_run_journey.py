"""The newcomer's first run, in Chromium: the sign-in page of an empty site points to the setup link,
the link's form announces its errors at their fields, creates the first administrator, and stops
working once it has. The e2e conftest checks every page visited with axe-core and vnu.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_sad_journeys import expect_announced_error
from training.accounts import setup

pytestmark = pytest.mark.e2e
PASSWORD = "a long enough first password"


def test_the_first_administrator_is_created_from_the_setup_link(live_server, page):
    with live_server.app.app_context():
        token = setup.issue_token(live_server.app.instance_path)
    page.goto(f"{live_server.url}/login")
    expect(page.get_by_text("No accounts exist yet.")).to_be_visible()

    page.goto(f"{live_server.url}/setup/{token}")
    expect(page.get_by_role("heading", level=1, name="Create the first administrator")).to_be_visible()
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill("another password altogether")
    page.get_by_role("button", name="Create account").click()
    expect_announced_error(page, "Repeat the password", "The passwords differ.")
    expect(page.get_by_label("Your name")).to_have_value("Ada Admin")  # not typed again

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Your administrator account is ready.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="My training")).to_be_visible()

    assert page.goto(f"{live_server.url}/setup/{token}").status == 404  # used once
