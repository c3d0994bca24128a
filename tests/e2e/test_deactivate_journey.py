"""HR deactivates a person in the browser: the person page asks on a confirmation page first."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users
from training.db import db

pytestmark = pytest.mark.e2e
PEOPLE = (
    b"email,name,department,manager_email,role\n"
    b"hana@example.com,Hana HR,People,,hr\nlea@example.com,Lea Leaver,Sales,,employee\n"
)


def test_hr_confirms_before_a_person_is_deactivated(live_server, axe_page):
    page = axe_page
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("hana@example.com", PASSWORD)
        lea = users.set_password("lea@example.com", PASSWORD).id
        db.session.remove()
    sign_in(page, live_server.url, "hana@example.com", PASSWORD)
    page.goto(f"{live_server.url}/hr/people/{lea}")
    page.get_by_role("link", name="Deactivate Lea Leaver").click()
    expect(page.get_by_role("heading", level=1, name="Deactivate Lea Leaver?")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="No, keep Lea Leaver active").click()
    expect(page.get_by_role("link", name="Deactivate Lea Leaver")).to_be_visible()  # nothing changed
    page.get_by_role("link", name="Deactivate Lea Leaver").click()
    page.get_by_role("button", name="Yes, deactivate Lea Leaver").click()
    expect(page.get_by_text("Lea Leaver is deactivated; their records are kept.")).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate Lea Leaver")).to_be_visible()
