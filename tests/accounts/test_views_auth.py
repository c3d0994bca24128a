"""Sign in and out, CSRF, rate limits, safe redirects and the first-run setup page."""

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from training.db import db
from training.models import Completion, User

CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def signed_in_user_id(client):
    """Return the signed-in person's id, from Flask-Login's "id:session version"."""
    with client.session_transaction() as session:
        return session["_user_id"].partition(":")[0] if "_user_id" in session else None


def csrf_token(client, url="/login") -> str:
    match = CSRF_RE.search(client.get(url).get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match[1] or match[2]


def test_login_page_shows_the_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page


def test_login_with_right_password_signs_in_and_goes_home(client, auth, make_user):
    user = make_user(email="ann@example.com")
    response = auth.login("ann@example.com")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert signed_in_user_id(client) == str(user.id)
    assert client.get("/").status_code == 200


def test_login_ignores_email_case_and_spaces(client, auth, make_user):
    make_user(email="ann@example.com")
    assert auth.login("  Ann@Example.com ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("ann@example.com", "the wrong password!"), ("nobody@example.com", PASSWORD), ("ann@example.com", "")],
)
def test_wrong_credentials_show_an_error_and_start_no_session(client, auth, make_user, email, password):
    make_user(email="ann@example.com")
    response = auth.login(email, password)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "do not match an active account" in page or "This field is required" in page
    assert signed_in_user_id(client) is None


def test_deactivated_person_cannot_sign_in(client, auth, make_user):
    user = make_user(email="ann@example.com")
    user.active = False
    db.session.commit()
    response = auth.login("ann@example.com")
    assert response.status_code == 200
    assert "do not match an active account" in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_deactivating_a_signed_in_person_ends_their_access(client, auth, make_user):
    user = make_user(email="ann@example.com")
    auth.login("ann@example.com")
    user.active = False
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_the_session(client, auth, make_user):
    make_user(email="ann@example.com")
    auth.login("ann@example.com")
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert signed_in_user_id(client) is None
    assert client.get("/").status_code == 302


def test_logout_by_get_is_not_allowed(client, auth, make_user):
    make_user(email="ann@example.com")
    auth.login("ann@example.com")
    assert client.get("/logout").status_code == 405
    assert signed_in_user_id(client) is not None


def test_signed_in_person_visiting_login_goes_home(client, auth, make_user):
    make_user(email="ann@example.com")
    auth.login("ann@example.com")
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "url", ["/", "/courses/basics", "/lessons/basics-reading", "/quizzes/basics-quiz", "/attempts/1"]
)
def test_anonymous_visitor_is_sent_to_login(client, library, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "next=" in response.headers["Location"]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "  //evil.example",
        "evil.example",
    ],
)
def test_login_never_redirects_off_site(client, make_user, target):
    make_user(email="ann@example.com")
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next_page(client, make_user, library):
    make_user(email="ann@example.com")
    response = client.post(
        "/login", data={"email": "ann@example.com", "password": PASSWORD, "next": "/courses/basics"}
    )
    assert response.headers["Location"] == "/courses/basics"


def test_next_from_the_login_link_is_kept_in_the_form(client, library):
    login_url = client.get("/courses/basics").headers["Location"]
    page = client.get(login_url).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/courses/basics"' in page


@pytest.fixture
def csrf_client(app_config, request):
    """A client of an app that enforces CSRF tokens, as in production."""
    app_config["WTF_CSRF_ENABLED"] = True
    return request.getfixturevalue("client")


def test_login_without_csrf_token_is_refused(csrf_client, make_user):
    make_user(email="ann@example.com")
    response = csrf_client.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert signed_in_user_id(csrf_client) is None


def test_login_with_csrf_token_works(csrf_client, make_user):
    make_user(email="ann@example.com")
    token = csrf_token(csrf_client)
    response = csrf_client.post(
        "/login", data={"email": "ann@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert signed_in_user_id(csrf_client) is not None


def sign_in_with_token(client, email="ann@example.com"):
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert signed_in_user_id(client) is not None


def test_marking_a_lesson_read_without_csrf_token_is_refused_and_records_nothing(
    csrf_client, make_user, library
):
    make_user(email="ann@example.com")
    sign_in_with_token(csrf_client)
    response = csrf_client.post("/lessons/basics-reading/complete")
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0


def test_marking_a_lesson_read_with_csrf_token_records_it(csrf_client, make_user, library):
    make_user(email="ann@example.com")
    sign_in_with_token(csrf_client)
    token = csrf_token(csrf_client, "/lessons/basics-reading")
    response = csrf_client.post("/lessons/basics-reading/complete", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 1


def test_logout_without_csrf_token_is_refused(csrf_client, make_user):
    make_user(email="ann@example.com")
    sign_in_with_token(csrf_client)
    response = csrf_client.post("/logout")
    assert response.status_code == 400
    assert signed_in_user_id(csrf_client) is not None


def test_anonymous_post_without_csrf_token_is_refused(csrf_client, library):
    assert csrf_client.post("/lessons/basics-reading/complete").status_code == 400


@pytest.fixture
def limited_client(app_config, request):
    """A client of an app that allows three failed sign-ins per account."""
    app_config["RATELIMIT_ENABLED"] = True
    app_config["LOGIN_ACCOUNT_LIMIT"] = "3 per 15 minutes"
    return request.getfixturevalue("client")


def test_fourth_login_attempt_after_three_failures_is_refused(limited_client, make_user):
    make_user(email="ann@example.com")
    data = {"email": "ann@example.com", "password": "the wrong password!"}
    codes = [limited_client.post("/login", data=data).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    right = limited_client.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    assert right.status_code == 429  # even the right password waits
    assert signed_in_user_id(limited_client) is None


def test_rate_limit_does_not_count_page_views(limited_client, make_user):
    make_user(email="ann@example.com")
    for _ in range(5):
        assert limited_client.get("/login").status_code == 200
    assert (
        limited_client.post("/login", data={"email": "ann@example.com", "password": PASSWORD}).status_code
        == 302
    )


def test_pages_send_security_headers(client):
    for response in (client.get("/login"), client.get("/nowhere")):
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def setup_token(runner, app) -> str:
    result = runner.invoke(args=["setup-link"])
    assert result.exit_code == 0, result.output
    token = (Path(app.instance_path) / "setup_token").read_text().strip()
    assert f"/setup/{token}" in result.output
    return token


ADMIN = {"name": "Ada Admin", "email": "ada@example.com", "password": PASSWORD, "confirm": PASSWORD}


def test_setup_page_is_not_found_without_an_issued_token(client):
    assert client.get("/setup/anything").status_code == 404


def test_setup_page_is_not_found_with_the_wrong_token(client, runner, app):
    setup_token(runner, app)
    assert client.get("/setup/wrong-token").status_code == 404
    assert client.post("/setup/wrong-token", data=ADMIN).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_setup_link_creates_the_first_admin_with_every_role_once(client, runner, app):
    token = setup_token(runner, app)
    assert client.get(f"/setup/{token}").status_code == 200
    response = client.post(f"/setup/{token}", data=ADMIN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    admin = db.session.scalar(select(User))
    assert admin.email == "ada@example.com"
    assert admin.role_set == {"employee", "hr", "editor", "admin"}
    assert admin.password_hash.startswith("$argon2id$")
    assert signed_in_user_id(client) == str(admin.id)
    assert not (Path(app.instance_path) / "setup_token").exists()
    assert client.get(f"/setup/{token}").status_code == 404
    assert client.post(f"/setup/{token}", data=dict(ADMIN, email="eve@example.com")).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_setup_page_is_not_found_once_any_account_exists(client, runner, app, make_user):
    token = setup_token(runner, app)
    make_user(email="ann@example.com")
    assert client.get(f"/setup/{token}").status_code == 404


def test_setup_link_command_says_accounts_exist(runner, make_user):
    make_user(email="ann@example.com")
    result = runner.invoke(args=["setup-link"])
    assert result.exit_code == 0
    assert "Accounts exist already" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password": "too short", "confirm": "too short"}, 'id="password-error">Field must be between 12'),
        ({"confirm": "something else!!"}, 'id="confirm-error">The passwords differ.'),
    ],
)
def test_setup_form_validates_the_password(client, runner, app, change, message):
    token = setup_token(runner, app)
    response = client.post(f"/setup/{token}", data=dict(ADMIN, **change))
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert message in response.get_data(as_text=True)
