"""Every route of the app, walked as a visitor and as each role, against a declaration of who may use it.

ACCESS below is the declaration: each endpoint names the audience it is for. A route added without
an entry fails `test_every_route_declares_who_may_use_it`, naming the endpoint; an entry whose route
is gone fails too. The walk then sends every method of every route once per role and checks the
answer: a refused visitor is sent to sign in, a refused person gets 403, and an allowed one is let
through (no 401 or 403, not sent to sign in, no 5xx). CSRF is off here, so a refusal can only come
from the role checks; tests/test_hostile_requests.py proves CSRF on every form.
"""

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.conftest import PASSWORD
from training.db import db
from training.learning import attempts
from training.models import ROLES, Attempt, User

PUBLIC = "anyone, signed in or not"
SIGNED_IN = "any signed-in person"
HR = "hr"  # and admins, who hold every role
EDITOR = "editor"  # and admins
ADMIN = "admin"
# The HR-system API: only an API token opens it; no session cookie does, whatever the role, so
# every person and visitor of the walk gets 401 (tests/api prove the tokens and their scopes).
TOKEN = "an API token, never a session"
# The team page: anyone signed in who is named as an active person's manager. The walkers manage
# nobody, so each is refused with 403 (tests/hr/test_team.py proves what managers see and remind).
MANAGER = "signed-in, manager checked in the view"

ACCESS = {
    "healthz": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,  # signs out whoever is signed in; a visitor is just sent to sign in
    "auth.first_run": PUBLIC,  # a 404 unless the setup token is right and nobody exists yet
    "auth.forgot_password": PUBLIC,
    "auth.set_password": PUBLIC,  # the token in the address is the permission
    "auth.sso_start": PUBLIC,  # single sign-on: a 404 unless OIDC_ISSUER is set (tests/accounts/test_sso.py)
    "auth.sso_callback": PUBLIC,  # only the provider's answer to this browser's request signs in
    "account.index": SIGNED_IN,
    "account.sign_out_everywhere": SIGNED_IN,
    "account.language": SIGNED_IN,
    "learn.home": SIGNED_IN,
    "learn.course": SIGNED_IN,
    "learn.lesson": SIGNED_IN,
    "learn.complete_lesson": SIGNED_IN,
    "learn.quiz": SIGNED_IN,
    "learn.start_quiz": SIGNED_IN,
    "learn.attempt": SIGNED_IN,  # only the attempt's owner: tests/learning prove no IDOR
    "learn.answer": SIGNED_IN,
    "learn.submit_draft": SIGNED_IN,
    "learn.move_on": SIGNED_IN,
    "learn.feedback": SIGNED_IN,
    "policies.changes": SIGNED_IN,
    "policies.acknowledge": SIGNED_IN,
    "certificates.show": SIGNED_IN,  # only the holder or HR: tests/certificates prove no IDOR
    "certificates.pdf": SIGNED_IN,
    "verify.verify": PUBLIC,  # the code is the permission; it shows no more than name, course, dates
    "team.index": MANAGER,
    "team.remind": MANAGER,
    "hr.dashboard": HR,
    "hr.people": HR,
    "hr.inactive": HR,
    "hr.person": HR,
    "hr.person_attempt": HR,  # 404 when the attempt is not that person's: tests/hr prove it
    "hr.person_evidence": HR,
    "hr.person_evidence_csv": HR,
    "hr.extend": HR,
    "hr.confirm_deactivate": HR,
    "hr.deactivate": HR,
    "hr.reactivate": HR,
    "hr.assignments": HR,
    "hr.remove_assignment": HR,
    "hr.outdated": HR,
    "hr.insight": HR,
    "hr.evidence": HR,
    "hr.evidence_csv": HR,
    "hr.evidence_bundle": HR,
    "hr.export_people_csv": HR,
    "hr.export_people_xlsx": HR,
    "hr.invitations": HR,
    "hr.send_invitations": HR,
    "hr.revoke_certificate": HR,
    "hr.certificates_zip": HR,
    "editor.index": EDITOR,
    "editor.insight": EDITOR,
    "editor.new_course": EDITOR,
    "editor.new_item": EDITOR,
    "editor.course_settings": EDITOR,
    "editor.order": EDITOR,
    "editor.move": EDITOR,
    "editor.edit": EDITOR,
    "editor.discard": EDITOR,
    "editor.publish": EDITOR,
    "editor.publish_affected_csv": EDITOR,
    "editor.restore": EDITOR,
    "editor.restore_affected_csv": EDITOR,
    "editor.history": EDITOR,
    "editor.diff": EDITOR,
    "editor.translation": EDITOR,
    "editor.approval_request": EDITOR,
    "editor.approve_request": EDITOR,
    "editor.withdraw_request": EDITOR,
    "editor.coach_edit": EDITOR,
    "editor.coach_publish": EDITOR,
    "editor.coach_restore": EDITOR,
    "editor.coach_discard": EDITOR,
    "editor.coach_history": EDITOR,
    "editor.coach_diff": EDITOR,
    "admin.api_tokens": ADMIN,
    "admin.revoke_api_token": ADMIN,
    "api.openapi_document": PUBLIC,
    "api.reference": PUBLIC,
    "api.list_people": TOKEN,
    "api.upsert_person": TOKEN,
    "api.sync_people": TOKEN,
    "api.get_person": TOKEN,
    "api.deactivate_person": TOKEN,
    "api.list_departments": TOKEN,
    "api.list_courses": TOKEN,
    "api.list_policies": TOKEN,
    "api.list_assignments": TOKEN,
    "api.create_assignment": TOKEN,
    "api.remove_assignment": TOKEN,
    "api.person_statuses": TOKEN,
    "api.completion_report": TOKEN,
    "api.list_acknowledgements": TOKEN,
    "api.person_evidence": TOKEN,
    "scim.list_users": TOKEN,
    "scim.get_user": TOKEN,
    "scim.create_user": TOKEN,
    "scim.replace_user": TOKEN,
    "scim.patch_user": TOKEN,
    "scim.delete_user": TOKEN,
    "scim.service_provider_config": TOKEN,
    "scim.resource_types": TOKEN,
    "scim.schemas": TOKEN,
}
NOT_WALKED = {"static"}  # files from static/, the same for everyone

# A value for each part of an address, so that allowed people reach the view itself.
SAMPLES = {
    "token": "not-a-real-token",
    "course_id": "basics",
    "item_id": "basics-quiz",
    "policy_id": "demo",
    "kinds": "policies",
    "key": "demo",
    "kind": "lesson",
    "number": 1,
    "request_id": 1,
    "assignment_id": 1,
    "step_id": "first",
    "certificate_id": 1,
    "language": "de",
    "code": "NOT-A-REAL-CODE",
    "token_id": 1,
}
LESSON_ENDPOINTS = {"learn.lesson", "learn.complete_lesson"}
# These end the walker's own session, so they come last in each role's walk.
ENDS_SESSION = {"auth.logout", "account.sign_out_everywhere"}
VISITOR = None


class CookieClient(FlaskClient):
    """A test client whose every request is made as the person its session cookie names.

    The `app` fixture keeps one app context open, which Flask reuses for each request, and
    Flask-Login caches the signed-in person in its `g`: without forgetting that person first, a
    request would be made as whoever signed in last, in any client. (A context per request, as
    tests/accounts/browsers.py has, would also do; but on SQLite the test's own session then
    holds the write lock against the requests whenever it reads.)
    """

    def open(self, *args, **kwargs):
        if has_app_context():  # a thread of its own has none: its request gets a fresh one
            g.pop("_login_user", None)
        response = super().open(*args, **kwargs)
        if has_app_context():
            g.pop("_login_user", None)
        return response


@pytest.fixture(name="client")
def cookie_client(app):
    """Every client of this app, this one and those of `app.test_client()`, is a CookieClient."""
    app.test_client_class = CookieClient
    return app.test_client()


def may_use(audience: str, role: str | None) -> bool:
    """Say whether a visitor (None) or a person holding `role` may use a route for `audience`."""
    if audience == PUBLIC:
        return True
    if role is VISITOR:
        return False
    if audience == SIGNED_IN:
        return True
    if audience == MANAGER:  # no walker is anyone's manager
        return False
    return User(roles=role).has_role(audience)


def routes(app) -> list[tuple[str, str]]:
    """Every (endpoint, method) of the app, but static files; those that sign out last."""
    found = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in NOT_WALKED
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    return sorted(found, key=lambda route: (route[0] in ENDS_SESSION, route))


def check_declarations(app) -> None:
    endpoints = {endpoint for endpoint, _ in routes(app)}
    undeclared = sorted(endpoints - ACCESS.keys())
    assert not undeclared, (
        f"no declared role for {', '.join(undeclared)}: add each to ACCESS in tests/test_route_roles.py "
        "with who may use it, and make its blueprint check that on the server"
    )
    gone = sorted(ACCESS.keys() - endpoints)
    assert not gone, f"ACCESS declares endpoints the app no longer has: {', '.join(gone)}"


def test_every_route_declares_who_may_use_it(app):
    check_declarations(app)


def test_a_route_added_without_a_declaration_is_named(app):
    app.add_url_rule("/reports/secret", "reports.secret", lambda: "numbers")
    with pytest.raises(AssertionError, match=r"no declared role for reports\.secret"):
        check_declarations(app)


def test_every_declared_audience_is_one_the_walk_knows():
    assert set(ACCESS.values()) <= {PUBLIC, SIGNED_IN, HR, EDITOR, ADMIN, TOKEN, MANAGER}


def test_the_walk_covers_every_role_there_is():
    # A new role must be walked too: may_use() decides through User.has_role, which knows it.
    assert {"employee", "hr", "editor", "admin"} <= set(ROLES)


@pytest.fixture
def walkers(app, make_user, library):
    """One signed-in client per role, each with a quiz attempt of their own; a person HR may act on."""
    app.test_client_class = CookieClient
    people = {}
    for role in ROLES:
        user = make_user(email=f"walker-{role}@example.com", roles=role)
        attempt = attempts.start_attempt(user, "basics-quiz", f"walk-{role}")
        people[role] = (user, attempt.id)
    people[VISITOR] = (None, db.session.scalar(select(Attempt.id)))
    victim = make_user(email="victim@example.com", name="Vic Tim")
    return people, victim.id


def address(app, endpoint: str, method: str, attempt_id: int, user_id: int) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint) if method in r.methods)
    samples = SAMPLES | {"attempt_id": attempt_id, "user_id": user_id}
    if endpoint in LESSON_ENDPOINTS:
        samples["item_id"] = "basics-reading"
    missing = sorted(rule.arguments - samples.keys())
    assert not missing, f"give SAMPLES a value for {', '.join(missing)} (used by {endpoint})"
    adapter = app.url_map.bind("localhost")
    return adapter.build(endpoint, {name: samples[name] for name in rule.arguments}, method=method)


def walk(app, role: str | None, attempt_id: int, victim_id: int) -> list[str]:
    """Open every route as `role` in a fresh client; return what answered wrongly."""
    client = app.test_client()
    if role is not VISITOR:
        signed_in = client.post("/login", data={"email": f"walker-{role}@example.com", "password": PASSWORD})
        assert signed_in.status_code == 302, f"{role} could not sign in"
    wrong = []
    for endpoint, method in routes(app):
        url = address(app, endpoint, method, attempt_id, victim_id)
        with client.open(url, method=method) as response:  # closed before the next: exports stream
            response.get_data()
            if ACCESS[endpoint] == TOKEN:
                problem = judge_token_route(response)
            else:
                problem = judge(response, may_use(ACCESS[endpoint], role), role, endpoint in ENDS_SESSION)
        db.session.remove()  # a new database session for the next request, as each has in production
        if problem:
            wrong.append(f"{role or 'visitor'} {method} {url} ({endpoint}): {problem}")
    return wrong


def judge(response, allowed: bool, role: str | None, ends_session: bool) -> str | None:
    """Say what is wrong with an answer, or None if it is the one the declaration calls for."""
    code = response.status_code
    to_sign_in = code == 302 and response.headers["Location"].startswith("/login")
    if code >= 500:
        return f"answered {code}"
    if allowed and code in (401, 403):
        return f"refused with {code}, but the route is declared open to them"
    if allowed and to_sign_in and role is not VISITOR and not ends_session:
        return "sent a signed-in person to sign in"
    if not allowed and role is VISITOR and not to_sign_in:
        return f"answered {code} to a visitor instead of sending them to sign in"
    if not allowed and role is not VISITOR and code != 403:
        return f"answered {code} instead of 403"
    return None


def judge_token_route(response) -> str | None:
    """An API route answers a session, whoever holds it, with 401: cookies never open the API."""
    if response.status_code != 401:
        return f"answered {response.status_code} to a session instead of 401 (only API tokens open it)"
    return None


def test_every_route_answers_each_role_as_declared(app, walkers):
    people, victim_id = walkers
    wrong = []
    for role, (_, attempt_id) in people.items():
        wrong += walk(app, role, attempt_id, victim_id)
    assert not wrong, "\n".join(wrong)


def test_the_walk_reaches_every_route_of_every_blueprint(app):
    blueprints = {endpoint.partition(".")[0] for endpoint, _ in routes(app) if "." in endpoint}
    assert blueprints == {name for name in app.blueprints}
    assert len(routes(app)) >= 70


def test_the_walk_catches_a_route_that_checks_no_role(app, walkers, monkeypatch):
    """A route declared for HR but added outside HR's blueprint (so unguarded) fails the walk."""
    people, victim_id = walkers
    app.add_url_rule("/leaky-report", "leaky_report", lambda: "everyone's numbers")
    monkeypatch.setitem(ACCESS, "leaky_report", HR)
    wrong = walk(app, "employee", people["employee"][1], victim_id)
    assert wrong == ["employee GET /leaky-report (leaky_report): answered 200 instead of 403"]
    [visitor] = walk(app, VISITOR, people[VISITOR][1], victim_id)
    assert visitor.startswith("visitor GET /leaky-report (leaky_report): answered 200 to a visitor instead")


def test_the_judge_notices_a_route_open_to_the_wrong_people():
    """The walk would catch a forgotten check: a refused role let in, an allowed role refused."""

    class Answer:
        def __init__(self, code, location=""):
            self.status_code, self.headers = code, {"Location": location}

    assert judge(Answer(200), False, "employee", False) == "answered 200 instead of 403"
    assert "instead of sending them" in judge(Answer(200), False, VISITOR, False)
    assert "declared open" in judge(Answer(403), True, "hr", False)
    assert "sent a signed-in person" in judge(Answer(302, "/login?next=/"), True, "hr", False)
    assert judge(Answer(302, "/login?next=/hr/"), False, VISITOR, False) is None
    assert judge(Answer(403), False, "editor", False) is None
    assert judge(Answer(404), True, "admin", False) is None
