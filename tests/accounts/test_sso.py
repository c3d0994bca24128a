"""Single sign-on without a provider: settings, the claim mapping, who is signed in, and the pages.

The whole flow against a real OpenID provider runs in Chromium: tests/e2e/test_sso_journey.py.
"""

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.accounts.test_views_auth import signed_in_user_id
from tests.conftest import PASSWORD
from tests.smtp import smtp_fixture  # noqa: F401 - fixture
from training import config, create_app
from training.accounts import invites, setup, sso_people
from training.accounts.sso import SsoRefused
from training.accounts.sso_people import ClaimRules
from training.db import db
from training.models import SignInFailure, User

SSO = {
    "OIDC_ISSUER": "http://127.0.0.1:1",  # nothing listens there: no test here reaches a provider
    "OIDC_CLIENT_ID": "training",
    "OIDC_CLIENT_SECRET": "secret",
    "OIDC_PROVIDER_NAME": "Example Corp",
}
VERIFIED = {"sub": "1", "email": "Ann@Example.com", "email_verified": True, "name": "Ann Example"}


@pytest.fixture
def sso_config(app_config):
    app_config.update(SSO)
    return app_config


# Settings


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OIDC_ISSUER", "https://id.example.com")
    monkeypatch.setenv("OIDC_CREATE_USERS", "1")
    monkeypatch.setenv("OIDC_ROLE_CLAIM", "groups")
    monkeypatch.setenv("LOCAL_LOGIN", "0")
    settings = config.from_environment(tmp_path)
    assert settings["OIDC_ISSUER"] == "https://id.example.com"
    assert settings["OIDC_CREATE_USERS"] is True and settings["LOCAL_LOGIN"] is False
    assert settings["OIDC_ROLE_CLAIM"] == "groups" and settings["OIDC_SCOPE"] == "openid email profile"


def test_single_sign_on_is_off_and_local_login_on_by_default(monkeypatch, tmp_path):
    for name in ("OIDC_ISSUER", "OIDC_CREATE_USERS", "LOCAL_LOGIN"):
        monkeypatch.delenv(name, raising=False)
    settings = config.from_environment(tmp_path)
    assert settings["OIDC_ISSUER"] == "" and settings["OIDC_CREATE_USERS"] is False
    assert settings["LOCAL_LOGIN"] is True


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"OIDC_ISSUER": "https://id.example.com"}, "OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set"),
        ({"LOCAL_LOGIN": False}, "LOCAL_LOGIN=0 leaves no way to sign in"),
        ({**SSO, "OIDC_SCOPE": "email profile"}, "OIDC_SCOPE must include 'openid'"),
        ({**SSO, "OIDC_ROLE_MAP": "HR staff=boss"}, "'HR staff=boss' names no role"),
    ],
)
def test_settings_that_do_not_fit_stop_the_start(app_config, settings, says):
    with pytest.raises(RuntimeError, match=says):
        create_app({**app_config, **settings})


# The claim mapping


def test_role_map_reads_pairs_separated_by_commas_semicolons_or_lines():
    text = "Training HR=hr; training-editors = Editor\nAdmins=admin,"
    expected = {"Training HR": "hr", "training-editors": "editor", "Admins": "admin"}
    assert sso_people.parse_role_map(text) == expected


@pytest.mark.parametrize("text", ["hr", "=hr", "group=", "group=boss"])
def test_a_bad_role_map_pair_is_named(text):
    with pytest.raises(ValueError, match=f"OIDC_ROLE_MAP: '{text}'"):
        sso_people.parse_role_map(text)


@pytest.mark.parametrize(
    ("claim", "role_map", "roles"),
    [
        (["staff", "training-hr"], "training-hr=hr", "employee hr"),
        ("training-hr training-editors", "training-hr=hr,training-editors=editor", "editor employee hr"),
        (["HR", "Editor", "pilots"], "", "editor employee hr"),  # no map: values that are role names
        (["staff"], "training-hr=hr", "employee"),  # the claim is there and gives no role
        ([], "", "employee"),
    ],
)
def test_roles_come_from_the_role_claim_through_the_map(claim, role_map, roles):
    rules = ClaimRules(role_claim="groups", role_map=tuple(sso_people.parse_role_map(role_map).items()))
    assert sso_people.roles_from_claims({"groups": claim}, rules) == roles


def test_without_a_role_claim_roles_are_left_alone():
    assert sso_people.roles_from_claims({"groups": ["hr"]}, ClaimRules()) is None
    assert sso_people.roles_from_claims({}, ClaimRules(role_claim="groups")) is None


@pytest.mark.parametrize(
    ("claims", "department"),
    [
        ({"dept": " Sales "}, "Sales"),
        ({"dept": ["Support", "Sales"]}, "Support"),
        ({"dept": ""}, None),
        ({}, None),
    ],
)
def test_the_department_comes_from_its_claim(claims, department):
    assert sso_people.department_from_claims(claims, ClaimRules(department_claim="dept")) == department


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": "ann@example.com"}, "sso_unverified"),
        ({"email": "ann@example.com", "email_verified": False}, "sso_unverified"),
        ({"email": "ann@example.com", "email_verified": "false"}, "sso_unverified"),
        ({"email": "", "email_verified": True}, "sso_no_email"),
        ({"email": "not an address", "email_verified": True}, "sso_no_email"),
        ({"email_verified": True}, "sso_no_email"),
    ],
)
def test_only_a_verified_email_address_names_a_person(claims, reason):
    with pytest.raises(SsoRefused) as refused:
        sso_people.verified_email(claims, "Example Corp")
    assert refused.value.reason == reason


def test_a_verified_address_is_normalised_and_true_may_be_a_string():
    assert sso_people.verified_email({**VERIFIED, "email_verified": "true"}, "X") == "ann@example.com"


# Who is signed in


def test_a_known_person_is_matched_and_takes_roles_and_department_from_claims(app, make_user):
    ann = make_user(email="ann@example.com", department="Sales")
    version = ann.session_version
    rules = ClaimRules(role_claim="groups", department_claim="dept")
    user = sso_people.sign_in({**VERIFIED, "groups": ["hr"], "dept": "Support"}, rules, "X")
    assert user.id == ann.id
    assert (user.roles, user.department) == ("employee hr", "Support")
    assert user.session_version > version  # new roles end the person's other sessions


def test_a_role_claim_never_takes_the_admin_role_from_the_only_administrator(app, make_user):
    ada = make_user(email="ann@example.com", roles="admin hr editor")
    rules = ClaimRules(role_claim="groups")
    assert sso_people.sign_in({**VERIFIED, "groups": ["hr"]}, rules, "X").roles == "admin employee hr"
    make_user(email="bob@example.com", roles="admin")
    assert sso_people.sign_in({**VERIFIED, "groups": ["hr"]}, rules, "X").roles == "employee hr"
    assert ada.id == db.session.scalar(select(User.id).where(User.email == "ann@example.com"))


def test_an_unknown_person_is_refused_unless_people_may_be_created(app):
    with pytest.raises(SsoRefused) as refused:
        sso_people.sign_in(VERIFIED, ClaimRules(), "X")
    assert refused.value.reason == "sso_unknown_account"
    user = sso_people.sign_in(VERIFIED, ClaimRules(create_users=True), "X")
    assert (user.email, user.name, user.roles, user.password_hash) == (
        "ann@example.com", "Ann Example", "employee", None,
    )  # fmt: skip
    assert db.session.scalar(select(User.id).where(User.email == "ann@example.com")) == user.id


def test_a_deactivated_person_is_refused_and_not_changed(app, make_user):
    ann = make_user(email="ann@example.com", roles="employee")
    ann.active = False
    db.session.commit()
    with pytest.raises(SsoRefused) as refused:
        rules = ClaimRules(create_users=True, role_claim="groups")
        sso_people.sign_in({**VERIFIED, "groups": ["admin"]}, rules, "X")
    assert refused.value.reason == "sso_deactivated"
    assert db.session.get(User, ann.id).roles == "employee"


# Pages


def test_without_an_issuer_the_sign_in_page_has_no_company_button_and_the_routes_are_not_there(client):
    assert "Sign in with" not in client.get("/login").get_data(as_text=True)
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_with_an_issuer_the_sign_in_page_offers_the_company_sign_in(sso_config, client):
    page = client.get("/login?next=/policies").get_data(as_text=True)
    assert '<a class="button" href="/login/sso?next=/policies">Sign in with Example Corp</a>' in page
    assert 'name="password"' in page  # local passwords stay unless LOCAL_LOGIN=0


def test_an_answer_without_a_matching_state_is_refused_and_recorded(sso_config, client):
    response = client.get("/login/sso/callback?code=abc&state=forged")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<h1>Sign-in refused</h1>" in page
    assert "does not belong to a sign-in started in this browser" in page
    assert signed_in_user_id(client) is None
    assert db.session.scalars(select(SignInFailure.reason)).all() == ["sso_state"]


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(sso_config, client):
    response = client.get("/login/sso")
    assert response.status_code == 503
    assert "Example Corp cannot be reached right now" in response.get_data(as_text=True)


@pytest.fixture
def no_local_login(sso_config):
    sso_config["LOCAL_LOGIN"] = False
    return sso_config


def test_with_local_login_off_no_password_signs_in(no_local_login, client, make_user):
    make_user(email="ann@example.com")
    page = client.get("/login").get_data(as_text=True)
    assert 'name="password"' not in page and "Sign in with Example Corp" in page
    client.post("/login", data={"email": "ann@example.com", "password": "correct horse battery staple"})
    assert signed_in_user_id(client) is None
    assert client.get("/password/forgot").status_code == 404


def test_with_local_login_off_the_first_administrator_can_still_be_set_up(no_local_login, app, client):
    token = setup.issue_token(app.instance_path)
    assert Path(app.instance_path, setup.TOKEN_FILE).exists()
    response = client.post(
        f"/setup/{token}",
        data={"name": "Ada Admin", "email": "ada@example.com", "password": "a long enough password",
              "confirm": "a long enough password"},
    )  # fmt: skip
    assert response.status_code == 302
    admin = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert admin.has_role("admin") and signed_in_user_id(client) == str(admin.id)


def test_with_local_login_off_a_password_link_neither_sets_a_password_nor_signs_in(
    no_local_login, client, make_user
):
    ann = make_user(email="ann@example.com")
    before = ann.password_hash
    _, token = invites.issue(ann.id, "reset")  # sent before passwords were switched off
    db.session.commit()
    assert client.get(f"/password/{token}").status_code == 404
    response = client.post(
        f"/password/{token}", data={"password": "a long enough password", "confirm": "a long enough password"}
    )
    assert response.status_code == 404
    assert signed_in_user_id(client) is None
    assert db.session.get(User, ann.id).password_hash == before


def test_with_local_login_off_hr_invites_nobody_and_says_why(sso_config, app, client, auth, make_user, smtp):
    make_user(email="hr@example.com", roles="hr")
    auth.login("hr@example.com")  # HR's session, as a company sign-in would leave it
    app.config["LOCAL_LOGIN"] = False
    db.session.add(User(email="nia@example.com", name="Nia New", department="Sales"))
    db.session.commit()
    response = client.post("/hr/invitations", data={"scope": "new"}, follow_redirects=True)
    assert "Passwords are switched off (LOCAL_LOGIN=0)" in response.get_data(as_text=True)
    assert smtp.messages == []


def test_with_local_login_off_the_invite_command_invites_nobody(no_local_login, app, smtp):
    db.session.add(User(email="nia@example.com", name="Nia New", department="Sales"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "invite", "--all-new"])
    assert result.exit_code == 1 and "Passwords are switched off" in result.output
    assert smtp.messages == []


def test_with_local_login_off_the_account_page_neither_shows_nor_changes_a_password(
    sso_config, app, client, auth, make_user
):
    ann = make_user(email="ann@example.com")
    before = ann.password_hash
    auth.login("ann@example.com")  # Ann's session, as a company sign-in would leave it
    app.config["LOCAL_LOGIN"] = False
    page = client.get("/account/").get_data(as_text=True)
    assert "Your language" in page and "Change your password" not in page
    new = "another long enough password"
    client.post("/account/", data={"current": PASSWORD, "password": new, "confirm": new})
    assert db.session.get(User, ann.id).password_hash == before
    assert signed_in_user_id(client) == str(ann.id)
