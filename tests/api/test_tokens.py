"""API tokens: created by admins at /admin/tokens and shown once, stored hashed, expiring, revocable."""

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from tests.api.conftest import Api, assert_problem
from training.api import tokens
from training.db import db, utcnow
from training.errors import ValidationFailed
from training.models import ApiToken


def shown_token(page: str) -> str:
    match = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', page)
    assert match, "the new token is shown in a labelled field"
    return match.group(1)


def test_admin_creates_a_token_that_is_shown_once_and_opens_the_api(client, auth, admin):
    auth.login(admin.email)
    page = client.post("/admin/tokens", data={"name": "Workday sync", "scopes": ["read"], "days": "30"})
    assert page.status_code == 200
    token = shown_token(page.get_data(as_text=True))
    assert token.startswith("trn_") and len(token) > 40
    again = client.get("/admin/tokens").get_data(as_text=True)
    assert token not in again and "Workday sync" in again and token[:10] in again
    auth.logout()
    assert Api(client, token).get("/people").status_code == 200


def test_the_plain_token_is_never_stored(app, admin):
    created = tokens.create(admin, "Payroll", ["read", "write"], 90)
    row = db.session.get(ApiToken, created.row.id)
    assert row.token_hash == tokens.hash_token(created.token)
    dump = "\n".join(str(r) for r in db.session.execute(text("SELECT * FROM api_token")).all())
    assert created.token not in dump
    assert created.token[len(tokens.PREFIX) + 6 :] not in dump  # not even beyond the shown prefix


@pytest.mark.parametrize("roles", ["employee", "hr", "editor", "hr editor"])
def test_only_admins_open_the_token_page(client, auth, make_user, roles):
    person = make_user(email="someone@example.com", roles=roles)
    auth.login(person.email)
    assert client.get("/admin/tokens").status_code == 403
    assert (
        client.post("/admin/tokens", data={"name": "x", "scopes": ["read"], "days": "30"}).status_code == 403
    )
    assert db.session.scalar(select(ApiToken)) is None


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/tokens")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_token_form_refuses_a_missing_name_or_scope(client, auth, admin):
    auth.login(admin.email)
    page = client.post("/admin/tokens", data={"name": " ", "days": "30"}).get_data(as_text=True)
    assert "This field is required." in page and "Choose at least one scope." in page
    assert 'id="new-token"' not in page and db.session.scalar(select(ApiToken)) is None


def test_the_token_form_is_labelled(client, auth, admin):
    auth.login(admin.email)
    page = client.get("/admin/tokens").get_data(as_text=True)
    assert '<label for="name">Name</label>' in page and '<label for="days">Expires after</label>' in page
    assert "<legend>Scopes</legend>" in page


def test_the_token_form_needs_its_csrf_token(app, client, auth, admin):
    app.config["WTF_CSRF_ENABLED"] = True
    auth.login(admin.email)
    response = client.post("/admin/tokens", data={"name": "x", "scopes": ["read"], "days": "30"})
    assert response.status_code == 400 and db.session.scalar(select(ApiToken)) is None


@pytest.mark.parametrize(
    ("name", "scopes", "days", "message"),
    [
        ("", ["read"], 30, "name"),
        ("x" * 101, ["read"], 30, "name"),
        ("ok", [], 30, "scopes"),
        ("ok", ["admin"], 30, "scopes"),
        ("ok", ["read"], 7, "expires"),
    ],
)
def test_the_service_refuses_bad_tokens(app, admin, name, scopes, days, message):
    with pytest.raises(ValidationFailed, match=message):
        tokens.create(admin, name, scopes, days)


def test_a_non_admin_cannot_create_a_token_through_the_service(app, make_user):
    with pytest.raises(ValidationFailed, match="administrator"):
        tokens.create(make_user(roles="hr"), "x", ["read"], 30)


def test_a_revoked_token_no_longer_opens_the_api(client, auth, admin, make_token):
    api = Api(client, make_token(name="Old system"))
    assert api.get("/people").status_code == 200
    auth.login(admin.email)
    row = db.session.scalar(select(ApiToken))
    response = client.post(f"/admin/tokens/{row.id}/revoke")
    assert response.status_code == 302
    auth.logout()
    body = assert_problem(api.get("/people"), 401)
    assert "revoked" in body["detail"]
    assert db.session.get(ApiToken, row.id).revoked_by == admin.id  # the row stays, with who revoked it


def test_revoking_an_unknown_token_is_a_404(client, auth, admin):
    auth.login(admin.email)
    assert client.post("/admin/tokens/999/revoke").status_code == 404


def test_an_expired_token_is_refused(client, make_token):
    api = Api(client, make_token())
    row = db.session.scalar(select(ApiToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "expired" in assert_problem(api.get("/people"), 401)["detail"]


def test_a_token_stops_when_its_admin_is_no_longer_one(client, admin, make_token):
    api = Api(client, make_token())
    admin.roles = "employee hr"
    db.session.commit()
    assert "no longer" in assert_problem(api.get("/people"), 401)["detail"]


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer ", "Basic abc", "Bearer trn_unknown"])
def test_a_request_without_a_working_token_is_a_401(client, make_token, header):
    make_token()
    headers = {"Authorization": header} if header is not None else {}
    response = client.get("/api/v1/people", headers=headers)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_does_not_open_the_api(client, auth, admin):
    auth.login(admin.email)
    assert client.get("/admin/tokens").status_code == 200  # signed in
    assert_problem(client.get("/api/v1/people"), 401)
    assert_problem(client.post("/api/v1/people", json={"email": "a@example.com", "name": "A"}), 401)


def test_every_use_is_logged_with_the_token_name(client, make_token, caplog):
    api = Api(client, make_token(name="Workday sync"))
    with caplog.at_level(logging.INFO):
        api.get("/people?department=Sales")
        api.get("/people/999")
    lines = [r.getMessage() for r in caplog.records if "api token" in r.getMessage()]
    assert len(lines) == 2
    assert "'Workday sync'" in lines[0] and "GET /api/v1/people?department=Sales answered 200" in lines[0]
    assert "answered 404" in lines[1]


def test_the_last_use_is_recorded(client, make_token):
    api = Api(client, make_token())
    assert db.session.scalar(select(ApiToken)).last_used_at is None
    api.get("/people")
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken)).last_used_at is not None


def test_the_token_list_shows_state(client, auth, admin, make_token):
    make_token(name="Live one")
    old = tokens.create(admin, "Gone one", ["read"], 30)
    tokens.revoke(admin, old.row.id)
    auth.login(admin.email)
    page = client.get("/admin/tokens").get_data(as_text=True)
    assert "Live one" in page and "Gone one" in page and "Revoked" in page and "Active" in page
