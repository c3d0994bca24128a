"""An admin creates an API token in Chromium, copies it once, and an HR system uses it over HTTP."""

import http.client
import json

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users

pytestmark = pytest.mark.e2e


def call(server, path: str, token: str) -> tuple[int, dict]:
    """GET an API path over real HTTP, as an HR system would."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_admin_creates_a_token_that_an_hr_system_uses_until_it_is_revoked(live_server, axe_page):
    page = axe_page
    with live_server.app.app_context():
        users.create_user("root@example.com", "Ro Root", PASSWORD, roles="admin")
    sign_in(page, live_server.url, "root@example.com", PASSWORD)
    page.goto(live_server.url + "/admin/tokens")
    found = {"/admin/tokens": violations(page)}
    page.get_by_label("Name").fill("Workday sync")
    page.get_by_label("Write: create and update people and assignments").check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Your new token “Workday sync”")).to_be_visible()
    found["/admin/tokens with a new token"] = violations(page)
    token = page.get_by_role("textbox", name="Token", exact=True).input_value()

    status, body = call(live_server, "/api/v1/people", token)
    assert status == 200 and [p["email"] for p in body["items"]] == ["root@example.com"]
    page.goto(live_server.url + "/admin/tokens")
    expect(page.get_by_role("textbox", name="Token", exact=True)).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Revoke Workday sync").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    status, body = call(live_server, "/api/v1/people", token)
    assert status == 401 and "revoked" in body["detail"]

    page.goto(live_server.url + "/api/v1/")
    expect(page.get_by_role("heading", level=1, name="HR-system API reference")).to_be_visible()
    found["/api/v1/"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
