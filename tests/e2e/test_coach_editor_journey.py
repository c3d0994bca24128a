"""An editor changes the coach's rules in the browser: the live trial uses the rules being typed,
then the draft is saved and published, and the pages pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users
from training.coach import versions as coach_versions
from training.db import db

pytestmark = pytest.mark.e2e
OLD = "Order numbers identify a customer"
NEW = "Order numbers belong in a DM only"
REPLY = "Hi Dan, so sorry about order KH-4821937. Please DM @KestrelHomeHelp and we'll fix it. – Alex"
# The round trip of the debounced live preview can be slow when the machine is busy.
WAIT = 20_000


def test_editor_tries_changes_the_rules_and_publishes_them(live_server, axe_page):
    page = axe_page
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\ned@example.com,Edie Editor,Comms,,editor\n"
        )
        users.set_password("ed@example.com", PASSWORD)
        db.session.remove()
    sign_in(page, live_server.url, "ed@example.com", PASSWORD)
    page.get_by_role("link", name="Edit content").click()
    page.get_by_role("link", name="Edit the coach's rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the response coach's rules")

    page.get_by_label("A reply to try the rules on").fill(REPLY)
    findings = page.locator(".findings")
    expect(findings).to_contain_text(OLD, timeout=WAIT)
    rules = page.get_by_label("Rules (coach.yaml)")
    # The editor selects the old message in the box and types the new one over it, as a person
    # does. Filling the whole box instead (the rules are over 500 KB) once took over a minute under
    # the full suite in CI.
    select = "(el, old) => { const at = el.value.indexOf(old); el.setSelectionRange(at, at + old.length); }"
    rules.focus()
    rules.evaluate(select, OLD)
    page.keyboard.insert_text(NEW)
    expect(findings).to_contain_text(NEW, timeout=WAIT)  # the rules in the box, not those in force
    found = {"edit with findings": violations(page)}

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft of the rules saved")).to_be_visible()
    page.get_by_role("link", name="Review and publish the draft").click()
    expect(page.locator(".diff ins").first).to_be_visible()
    found["publish review"] = violations(page)
    page.get_by_label("Note for the history").fill("Friendlier order message")
    page.get_by_role("button", name="Publish the rules").click()
    expect(page.locator(".flash-success")).to_contain_text(re.compile(r"Published version \d+"))
    found["history"] = violations(page)
    assert found == {key: [] for key in found}
    with live_server.app.app_context():
        rules = coach_versions.current_rules(live_server.app.config["CONTENT_DIR"])
        assert any(NEW in rule.message for rule in rules.rules)
        db.session.remove()
