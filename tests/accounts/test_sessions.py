"""Sessions end: signing out (here or everywhere), new passwords, roles, deactivation, and time."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.accounts.browsers import fresh_client  # noqa: F401 - each request loads its person afresh
from tests.conftest import PASSWORD
from training.accounts import invites, sessions
from training.db import db, utcnow
from training.hr import people as hr_people
from training.models import SignInFailure

NEW_PASSWORD = "a completely different passphrase"
HEADER = "email,name,department,manager_email,role"


def saved_cookie(client) -> str:
    """Return the session cookie as someone copying it from the browser would keep it."""
    return client.get_cookie("session").value


def home_with(app, cookie: str) -> int:
    """Open the home page in another browser holding `cookie`; 200 means the session works."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/").status_code


@pytest.fixture
def ann(make_user, auth):
    user = make_user(email="ann@example.com", name="Ann Example")
    assert auth.login("ann@example.com").status_code == 302
    return user


def test_cookie_saved_before_sign_out_is_refused_afterwards(app, client, auth, ann):
    cookie = saved_cookie(client)
    assert home_with(app, cookie) == 200
    auth.logout()
    assert home_with(app, cookie) == 302


def test_signing_out_in_one_browser_leaves_another_signed_in(app, client, auth, ann):
    laptop = app.test_client()
    laptop.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    auth.logout()
    assert laptop.get("/").status_code == 200


def test_sign_out_everywhere_ends_every_session(app, client, ann):
    laptop = app.test_client()
    laptop.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    cookie = saved_cookie(client)
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert laptop.get("/").status_code == 302
    assert home_with(app, cookie) == 302
    assert client.get("/").status_code == 302


def test_set_password_command_ends_existing_sessions(app, client, runner, ann):
    cookie = saved_cookie(client)
    result = runner.invoke(args=["users", "set-password", "ann@example.com"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert home_with(app, cookie) == 302


def test_reset_link_ends_existing_sessions_and_signs_in_afresh(app, client, ann):
    cookie = saved_cookie(client)
    _, token = invites.issue(ann.id, "reset")
    db.session.commit()
    other = app.test_client()
    response = other.post(f"/password/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert home_with(app, cookie) == 302
    assert other.get("/").status_code == 200


def test_old_cookie_is_refused_after_deactivation_and_reactivation(app, client, make_user, ann):
    hr = make_user(email="hr@example.com", roles="hr")
    cookie = saved_cookie(client)
    hr_people.set_active(hr, ann.id, False)
    assert home_with(app, cookie) == 302
    hr_people.set_active(hr, ann.id, True)
    assert home_with(app, cookie) == 302
    assert client.post("/login", data={"email": "ann@example.com", "password": PASSWORD}).status_code == 302


def test_role_change_by_import_ends_sessions(app, client, runner, tmp_path, ann):
    cookie = saved_cookie(client)
    people = tmp_path / "people.csv"
    people.write_text(f"{HEADER}\nann@example.com,Ann Example,Customer Care,,hr\n")
    result = runner.invoke(args=["users", "import", str(people)])
    assert result.exit_code == 0, result.output
    assert home_with(app, cookie) == 302


def test_import_that_changes_nothing_keeps_sessions(app, client, runner, tmp_path, ann):
    cookie = saved_cookie(client)
    people = tmp_path / "people.csv"
    people.write_text(f"{HEADER}\nann@example.com,Ann Example,Customer Care,,\n")
    assert runner.invoke(args=["users", "import", str(people)]).exit_code == 0
    assert home_with(app, cookie) == 200


@pytest.mark.parametrize("change", [{"roles": "employee editor"}, {"password_hash": "$argon2id$other"}])
def test_any_change_of_roles_or_password_ends_sessions(app, client, ann, change):
    cookie = saved_cookie(client)
    for name, value in change.items():
        setattr(ann, name, value)
    db.session.commit()
    assert home_with(app, cookie) == 302


def test_department_change_keeps_sessions(app, client, ann):
    cookie = saved_cookie(client)
    ann.department = "Sales"
    db.session.commit()
    assert home_with(app, cookie) == 200


def test_cookie_from_before_session_versions_is_refused(app, client, ann):
    with client.session_transaction() as session:
        session["_user_id"] = str(ann.id)  # what a session kept before this change
    assert client.get("/").status_code == 302


@pytest.fixture
def clock(monkeypatch):
    """Move the sessions' clock: clock.move(minutes=...)."""

    class Clock:
        now = utcnow()

        def move(self, **delta):
            self.now += timedelta(**delta)

    moved = Clock()
    monkeypatch.setattr(sessions, "utcnow", lambda: moved.now)
    return moved


def test_session_ends_after_the_idle_time(client, clock, ann):
    clock.move(minutes=8 * 60 - 1)
    assert client.get("/").status_code == 200
    clock.move(minutes=8 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_activity_keeps_a_session_only_until_the_absolute_limit(client, clock, ann):
    for _ in range(7 * 4 - 1):  # a page every six hours, for a week less six hours
        clock.move(hours=6)
        assert client.get("/").status_code == 200
    clock.move(hours=6)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(("setting", "value", "gap"), [("SESSION_IDLE_MINUTES", 10, {"minutes": 10})])
def test_idle_time_comes_from_the_settings(app_config, request, setting, value, gap):
    app_config[setting] = value
    client, clock = request.getfixturevalue("client"), request.getfixturevalue("clock")
    request.getfixturevalue("ann")
    clock.move(minutes=9)
    assert client.get("/").status_code == 200
    clock.move(**gap)
    assert client.get("/").status_code == 302


def test_absolute_limit_comes_from_the_settings(app_config, request):
    app_config["SESSION_ABSOLUTE_HOURS"] = 1
    client, clock = request.getfixturevalue("client"), request.getfixturevalue("clock")
    request.getfixturevalue("ann")
    clock.move(minutes=59)
    assert client.get("/").status_code == 200
    clock.move(minutes=1)
    assert client.get("/").status_code == 302


def test_account_page_needs_sign_in(client):
    response = client.get("/account/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_account_page_is_in_the_header_and_labels_every_field(client, ann):
    assert 'href="/account/"' in client.get("/").get_data(as_text=True)
    page = client.get("/account/").get_data(as_text=True)
    for field, label in [("current", "Current password"), ("password", "New password"),
                         ("confirm", "Repeat the password")]:  # fmt: skip
        assert f'<label for="{field}">{label}</label>' in page
    assert '<button type="submit" class="button">Change password</button>' in page
    assert "Sign out everywhere</button>" in page


def change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    data = {"current": current, "password": new, "confirm": confirm or new}
    return client.post("/account/", data=data)


def test_changing_the_password_needs_the_current_one(client, ann):
    response = change(client, current="not my password at all")
    assert response.status_code == 422
    assert "Your current password is not right." in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still signed in, password unchanged
    failure = db.session.scalar(select(SignInFailure))
    assert (failure.email, failure.reason, failure.user_id) == ("ann@example.com", "wrong_password", ann.id)


def test_changing_the_password_checks_the_new_one(client, ann):
    assert change(client, new="too short", confirm="too short").status_code == 422
    assert change(client, confirm="something else entirely").status_code == 422


def test_changing_the_password_signs_out_everywhere_then_the_new_one_works(app, client, auth, ann):
    laptop = app.test_client()
    laptop.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    response = change(client)
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert auth.login("ann@example.com").status_code == 200  # the old password is refused
    assert auth.login("ann@example.com", NEW_PASSWORD).status_code == 302


@pytest.fixture
def csrf_client(app_config, request):
    app_config["WTF_CSRF_ENABLED"] = True
    return request.getfixturevalue("client")


def test_account_forms_need_their_csrf_token(csrf_client, make_user):
    from tests.accounts.test_views_auth import sign_in_with_token

    make_user(email="ann@example.com")
    sign_in_with_token(csrf_client)
    assert change(csrf_client).status_code == 400
    assert csrf_client.post("/account/sign-out-everywhere").status_code == 400
    assert csrf_client.get("/").status_code == 200  # not signed out without the token


def test_each_request_loads_the_person_read_only_without_the_password_hash(app, client, make_user, ann):
    from flask_login import current_user

    report = make_user(email="ben@example.com")
    report.manager_email = "ANN@example.com"
    db.session.commit()
    with client:
        assert client.get("/").status_code == 200
        person = current_user._get_current_object()
        assert person.id == ann.id and person.name == "Ann Example" and person.email == "ann@example.com"
        assert person.manages_anyone and person.has_role("employee") and not person.has_role("hr")
        assert person.created_at.tzinfo is not None  # read through the column's own type
        assert not hasattr(person, "password_hash")
        with pytest.raises(AttributeError, match="read-only"):
            person.language = "de"


def test_the_language_a_person_saves_is_kept_on_their_row(app, client, ann):
    assert client.post("/account/language", data={"language": "de"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(ann), ann.id).language == "de"
    assert 'lang="de"' in client.get("/").get_data(as_text=True)


def test_the_language_just_saved_says_so_in_that_language(client, ann):
    english = {"Accept-Language": "en-GB"}
    answer = client.post("/account/language", data={"language": "de"}, headers=english, follow_redirects=True)
    page = answer.get_data(as_text=True)
    assert '<html lang="de">' in page and "Ihre Sprache ist gespeichert." in page
    answer = client.post("/account/language", data={"language": ""}, headers=english, follow_redirects=True)
    assert "Your language is saved." in answer.get_data(as_text=True)  # none chosen: the browser's
