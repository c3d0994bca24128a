"""Invitations and "forgot password": single-use, expiring links sent through a real SMTP server."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from tests.conftest import PASSWORD
from tests.smtp import body, no_smtp_fixture, smtp_fixture  # noqa: F401 - fixtures
from training.accounts import invites, users
from training.db import db, utcnow
from training.models import PasswordToken, SentReminder, User

LINK = re.compile(r"https://training\.example\.com/password/([A-Za-z0-9_-]{40,})")
NEW_PASSWORD = "a brand new passphrase"


def new_person(email, name="New Person", department="Sales"):
    """A person as the CSV import leaves them: no password."""
    user = User(email=email, name=name, department=department)
    db.session.add(user)
    db.session.commit()
    return user


def token_in(message) -> str:
    match = LINK.search(body(message))
    assert match, body(message)
    return match[1]


def signed_in_user_id(client):
    """Return the signed-in person's id, from Flask-Login's "id:session version"."""
    with client.session_transaction() as session:
        return session["_user_id"].partition(":")[0] if "_user_id" in session else None


@pytest.fixture
def hr(make_user, auth):
    user = make_user(email="hr@example.com", name="Hanna HR", roles="hr")
    auth.login(user.email)
    return user


@pytest.fixture
def newcomers(app):
    return [new_person("nia@example.com", "Nia New"), new_person("ola@example.com", "Ola New")]


def invite_by_cli(runner, *args):
    return runner.invoke(args=["users", "invite", *args])


# Links: stored hashed, single use, expiring


def test_only_a_sha256_of_the_token_is_stored(app, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    token = token_in(smtp.only("nia@example.com"))
    row = db.session.scalar(select(PasswordToken))
    assert row.token_hash == invites.token_hash(token) and len(row.token_hash) == 64
    assert token not in row.token_hash and row.purpose == "invite"
    hours = (row.expires_at - row.created_at).total_seconds() / 3600
    assert hours == pytest.approx(72, abs=0.01)


def test_invitation_link_sets_the_password_once_and_signs_in(client, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    message = smtp.only("nia@example.com")
    assert "Hello Nia New," in body(message) and "expires in 72 hours" in body(message)
    url = f"/password/{token_in(message)}"
    page = client.get(url)
    assert page.status_code == 200 and "nia@example.com" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    response = client.post(url, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = db.session.scalar(select(User).where(User.email == "nia@example.com"))
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert signed_in_user_id(client) == str(user.id)
    assert users.authenticate("nia@example.com", NEW_PASSWORD) is not None
    client.post("/logout")
    again = client.post(url, data={"password": "another passphrase!", "confirm": "another passphrase!"})
    assert again.status_code == 410
    page = again.get_data(as_text=True)
    assert "already been used" in page and 'href="/password/forgot"' in page
    assert users.authenticate("nia@example.com", NEW_PASSWORD) is not None


def test_opening_the_link_does_not_use_it(client, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    url = f"/password/{token_in(smtp.only('nia@example.com'))}"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert db.session.scalar(select(PasswordToken.used_at)) is None


def test_expired_link_says_so_and_offers_a_new_one(client, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    url = f"/password/{token_in(smtp.only('nia@example.com'))}"
    row = db.session.scalar(select(PasswordToken))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for response in (
        client.get(url),
        client.post(url, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 410
        assert "This link has expired" in page and "Ask for a new link" in page
    db.session.refresh(newcomers[0])
    assert newcomers[0].password_hash is None


def test_unknown_link_is_not_found(client):
    response = client.get("/password/not-a-real-token-at-all")
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "confirm", "error"),
    [("short one", "short one", "must be 12 to"), (NEW_PASSWORD, NEW_PASSWORD + "!", "The passwords differ")],
)
def test_bad_password_keeps_the_link_usable(client, smtp, newcomers, password, confirm, error):
    invites.invite(None, emails=["nia@example.com"])
    url = f"/password/{token_in(smtp.only('nia@example.com'))}"
    response = client.post(url, data={"password": password, "confirm": confirm})
    assert response.status_code == 200 and error in response.get_data(as_text=True)
    assert db.session.scalar(select(PasswordToken.used_at)) is None


def test_service_enforces_the_minimum_length_too(app, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    token = token_in(smtp.only("nia@example.com"))
    with pytest.raises(users.ValidationFailed, match="at least 12"):
        invites.use(token, "too short")


def test_setting_a_password_retires_the_other_links_of_that_person(client, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    invites.invite(None, emails=["nia@example.com"])
    first, second = (token_in(m) for m in smtp.to("nia@example.com"))
    invites.invite(None, emails=["ola@example.com"])
    client.post(f"/password/{second}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get(f"/password/{first}").status_code == 410
    ola = token_in(smtp.only("ola@example.com"))
    assert client.get(f"/password/{ola}").status_code == 200  # someone else's link still works


def test_link_of_a_deactivated_person_does_not_work(client, smtp, newcomers):
    invites.invite(None, emails=["nia@example.com"])
    url = f"/password/{token_in(smtp.only('nia@example.com'))}"
    newcomers[0].active = False
    db.session.commit()
    response = client.post(url, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 410
    db.session.refresh(newcomers[0])
    assert newcomers[0].password_hash is None


# Forgot password


def forgot(client, email):
    response = client.post("/password/forgot", data={"email": email})
    response.close()  # the email goes out once the response is finished
    return response


def test_forgot_page_answers_the_same_for_known_and_unknown_addresses(client, smtp, make_user):
    make_user(email="ann@example.com")
    known, unknown = forgot(client, "ann@example.com"), forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/login"
    with client.session_transaction() as session:
        flashes = session["_flashes"]
    assert flashes[0] == flashes[1] and "If an account exists" in flashes[0][1]
    assert smtp.recipients == ["ann@example.com"]
    assert "Reset your password" in smtp.only("ann@example.com")["Subject"]


def test_forgot_request_does_the_same_work_for_known_and_unknown_addresses(client, smtp, make_user):
    make_user(email="ann@example.com")
    statements, responses = [], []
    for address in ("ann@example.com", "nobody@example.com"):
        seen = []

        def count(*args, seen=seen):
            seen.append(args[2])

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            responses.append(client.post("/password/forgot", data={"email": address}))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        statements.append(seen)
    assert statements[0] == statements[1]
    assert smtp.messages == []  # the lookup and the email happen once the response is finished
    for response in responses:
        response.close()
    assert smtp.recipients == ["ann@example.com"]


def test_reset_link_from_the_email_sets_a_new_password(client, smtp, make_user):
    make_user(email="ann@example.com")
    forgot(client, "Ann@Example.com ")
    message = smtp.only("ann@example.com")
    assert "expires in 2 hours" in body(message)
    row = db.session.scalar(select(PasswordToken))
    assert row.purpose == "reset"
    assert (row.expires_at - row.created_at).total_seconds() == pytest.approx(2 * 3600, abs=1)
    url = f"/password/{token_in(message)}"
    client.post(url, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert users.authenticate("ann@example.com", NEW_PASSWORD) is not None
    assert users.authenticate("ann@example.com", PASSWORD) is None


def test_deactivated_person_gets_no_reset_email(client, smtp, make_user):
    user = make_user(email="ann@example.com")
    user.active = False
    db.session.commit()
    assert forgot(client, "ann@example.com").status_code == 302
    assert smtp.messages == []


def test_reset_emails_to_one_person_are_capped_per_hour(client, smtp, make_user):
    make_user(email="ann@example.com")
    for _ in range(invites.RESET_EMAILS_PER_HOUR + 2):
        assert forgot(client, "ann@example.com").status_code == 302
    assert len(smtp.to("ann@example.com")) == invites.RESET_EMAILS_PER_HOUR


def test_forgot_page_with_a_failing_mail_server_answers_the_same(client, no_smtp, make_user):
    make_user(email="ann@example.com")
    response = forgot(client, "ann@example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert db.session.scalar(select(func.count()).select_from(PasswordToken)) == 0


def test_invalid_address_is_shown_on_the_form(client):
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 200 and "Invalid email address" in response.get_data(as_text=True)


def test_login_page_links_to_forgot_password(client):
    assert 'href="/password/forgot"' in client.get("/login").get_data(as_text=True)
    assert client.get("/password/forgot").status_code == 200


@pytest.fixture
def limited_client(app_config, request):
    app_config["RATELIMIT_ENABLED"] = True
    app_config["LOGIN_RATE_LIMIT"] = "3 per minute"
    return request.getfixturevalue("client")


def test_forgot_password_is_rate_limited(limited_client, smtp, make_user):
    codes = [forgot(limited_client, f"x{i}@example.com").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]


# HR's invitations page


@pytest.mark.parametrize("roles", ["employee", "editor"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_hr_and_admin_reach_invitations(client, auth, make_user, smtp, newcomers, roles, method):
    make_user(email="emp@example.com", roles=roles)
    auth.login("emp@example.com")
    assert getattr(client, method)("/hr/invitations", data={"scope": "new"}).status_code == 403
    assert smtp.messages == []


def test_sending_invitations_needs_the_csrf_token(app, client, auth, make_user, smtp, newcomers):
    make_user(email="hr@example.com", roles="hr")
    auth.login("hr@example.com")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/hr/invitations", data={"scope": "new"})
    assert response.status_code == 400 and smtp.messages == []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/hr/invitations").text)[
        1
    ]
    client.post("/hr/invitations", data={"scope": "new", "csrf_token": token})
    assert smtp.recipients == ["nia@example.com", "ola@example.com"]


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/hr/invitations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("roles", ["hr", "admin"])
def test_hr_and_admin_see_people_without_a_password(client, auth, make_user, newcomers, roles):
    make_user(email="boss@example.com", roles=roles)
    auth.login("boss@example.com")
    page = client.get("/hr/invitations").get_data(as_text=True)
    assert "nia@example.com" in page and "ola@example.com" in page
    assert "boss@example.com" not in page  # has a password
    assert "Invite everyone not yet invited (2)" in page


def test_hr_invites_everyone_new_once(client, hr, smtp, newcomers):
    response = client.post("/hr/invitations", data={"scope": "new"}, follow_redirects=True)
    assert "Invitation sent to 2 people" in response.get_data(as_text=True)
    assert smtp.recipients == ["nia@example.com", "ola@example.com"]
    records = db.session.scalars(select(SentReminder).where(SentReminder.kind == "invite")).all()
    assert {r.recipient for r in records} == {"nia@example.com", "ola@example.com"}
    assert all("hr@example.com" in r.summary for r in records)
    page = client.post("/hr/invitations", data={"scope": "new"}, follow_redirects=True).get_data(as_text=True)
    assert "Nobody to invite" in page and len(smtp.messages) == 2
    assert "Sent " in client.get("/hr/invitations").get_data(as_text=True)


def test_hr_invites_the_people_ticked(client, hr, smtp, newcomers):
    client.post("/hr/invitations", data={"scope": "selected", "people": [newcomers[1].id]})
    assert smtp.recipients == ["ola@example.com"]


def test_hr_cannot_invite_someone_who_has_a_password(client, hr, smtp):
    response = client.post(
        "/hr/invitations", data={"scope": "selected", "people": [hr.id]}, follow_redirects=True
    )
    assert "already has a password" in response.get_data(as_text=True)
    assert smtp.messages == []


def test_failed_invitation_is_reported_and_not_recorded(client, hr, smtp, newcomers):
    smtp.refuse.add("nia@example.com")
    page = client.post("/hr/invitations", data={"scope": "new"}, follow_redirects=True).get_data(as_text=True)
    assert "Not sent: could not send email to nia@example.com" in page
    assert smtp.recipients == ["ola@example.com"]
    invited = db.session.scalars(select(PasswordToken.user_id)).all()
    assert invited == [newcomers[1].id]  # Nia still counts as not invited
    assert "Invite everyone not yet invited (1)" in client.get("/hr/invitations").get_data(as_text=True)


def test_invitations_page_shows_an_expired_invitation(client, hr, smtp, newcomers):
    invites.invite(hr, emails=["nia@example.com"])
    row = db.session.scalar(select(PasswordToken))
    row.expires_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert "Link expired" in client.get("/hr/invitations").get_data(as_text=True)


# The command line


def test_cli_invites_all_new_people(runner, smtp, newcomers, make_user):
    make_user(email="has@example.com")
    result = invite_by_cli(runner, "--all-new")
    assert result.exit_code == 0, result.output
    assert "2 invited" in result.output
    assert smtp.recipients == ["nia@example.com", "ola@example.com"]
    assert "0 invited" in invite_by_cli(runner, "--all-new").output


def test_cli_invites_named_people_and_reports_unknown_ones(runner, smtp, newcomers):
    result = invite_by_cli(runner, "Nia@Example.com", "ghost@example.com")
    assert result.exit_code == 1
    assert "invited nia@example.com" in result.stdout
    assert "ghost@example.com: no such person" in result.stderr
    assert smtp.recipients == ["nia@example.com"]


def test_cli_reports_a_failing_mail_server(runner, no_smtp, newcomers):
    result = invite_by_cli(runner, "--all-new")
    assert result.exit_code == 1
    assert "could not send email to nia@example.com" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(PasswordToken)) == 0


@pytest.mark.parametrize("args", [[], ["--all-new", "nia@example.com"]])
def test_cli_needs_either_all_new_or_addresses(runner, args):
    result = invite_by_cli(runner, *args)
    assert result.exit_code == 2 and "either --all-new or" in result.output
