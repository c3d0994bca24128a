"""Every editor page is for editors and admins only, and every editor form needs its CSRF token."""

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.hr.test_dashboard import GOOD_PATH, WRONG_PATH, import_people, play
from training.db import db
from training.models import ContentDraft

# One request per editor route and method; test_every_editor_route_is_in_the_matrix keeps it whole.
ROUTES = [
    ("GET", "/editor/"),
    ("GET", "/editor/insight"),
    ("GET", "/editor/courses/new"),
    ("POST", "/editor/courses/new"),
    ("GET", "/editor/courses/basics/new/lesson"),
    ("POST", "/editor/courses/basics/new/quiz"),
    ("GET", "/editor/courses/basics/settings"),
    ("POST", "/editor/courses/basics/settings"),
    ("GET", "/editor/courses/basics/order"),
    ("POST", "/editor/courses/basics/order"),
    ("GET", "/editor/policies/demo/edit"),
    ("POST", "/editor/items/basics-secrets/edit"),
    ("GET", "/editor/policies/demo/publish"),
    ("POST", "/editor/items/basics-secrets/publish"),
    ("GET", "/editor/courses/basics/restore/1"),
    ("POST", "/editor/policies/demo/restore/1"),
    ("GET", "/editor/policies/demo/publish/affected.csv"),
    ("GET", "/editor/items/basics-quiz/restore/1/affected.csv"),
    ("GET", "/editor/approvals/1"),
    ("POST", "/editor/approvals/1/approve"),
    ("POST", "/editor/approvals/1/withdraw"),
    ("POST", "/editor/policies/demo/discard"),
    ("GET", "/editor/items/basics-quiz/history"),
    ("GET", "/editor/policies/demo/diff?old=1&new=1"),
    ("GET", "/editor/coach/edit"),
    ("POST", "/editor/coach/edit"),
    ("GET", "/editor/coach/publish"),
    ("POST", "/editor/coach/publish"),
    ("GET", "/editor/coach/restore/1"),
    ("POST", "/editor/coach/restore/1"),
    ("POST", "/editor/coach/discard"),
    ("GET", "/editor/coach/history"),
    ("GET", "/editor/coach/diff?old=1&new=1"),
    ("GET", "/editor/translations/policies/demo/de"),
    ("POST", "/editor/translations/items/basics-secrets/de"),
]


def rule_of(app, method: str, url: str) -> str:
    adapter = app.url_map.bind("localhost")
    endpoint, _ = adapter.match(url.split("?")[0], method=method)
    return f"{method} {endpoint}"


def test_every_editor_route_is_in_the_matrix(app):
    expected = {
        f"{method} {rule.endpoint}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("editor.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert {rule_of(app, method, url) for method, url in ROUTES} == expected


@pytest.mark.parametrize("role", ["employee", "hr", "hr employee"])
@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_people_without_the_editor_role_are_refused(client, auth, make_user, library, role, method, url):
    make_user(email="someone@example.com", roles=role)
    auth.login("someone@example.com")
    response = client.open(url, method=method, data={"text": "x", "revision": "", "number": "1"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_signed_out_visitors_are_sent_to_sign_in(client, library, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["editor", "admin", "hr editor"])
def test_editors_and_admins_may_edit(client, auth, make_user, library, role):
    make_user(email="someone@example.com", roles=role)
    auth.login("someone@example.com")
    assert client.get("/editor/").status_code == 200
    assert client.get("/editor/policies/demo/edit").status_code == 200
    assert 'href="/editor/"' in client.get("/").get_data(as_text=True)


def test_editors_see_scenario_insight_by_course_without_departments(client, auth, make_user, library):
    wrong, right = import_people([("w@example.com", "Sales"), ("r@example.com", "Legal")])
    play(wrong, WRONG_PATH, "w")
    play(right, GOOD_PATH, "r")
    make_user(email="ed@example.com", roles="editor")
    auth.login("ed@example.com")
    assert 'href="/editor/insight"' in client.get("/editor/").get_data(as_text=True)
    page = client.get("/editor/insight?course=basics&department=Sales").get_data(as_text=True)
    assert "<h2>Most common wrong judgements</h2>" in page
    first = page[page.index("<h3>Step 1</h3>") : page.index("<h3>Step 2</h3>")]
    assert '<td class="num">50%</td>' in first  # both people counted: the department is not a filter here
    assert 'name="department"' not in page and 'action="/editor/insight"' in page
    assert "w@example.com" not in page and "r@example.com" not in page


def test_the_edit_content_link_is_hidden_from_employees(client, auth, make_user, library):
    make_user(email="someone@example.com")
    auth.login("someone@example.com")
    assert "Edit content" not in client.get("/").get_data(as_text=True)


@pytest.fixture
def csrf_client(app_config, request):
    app_config["WTF_CSRF_ENABLED"] = True
    return request.getfixturevalue("client")


def token_and_state(client, url: str) -> dict:
    page = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'name="(csrf_token|revision|number)" type="hidden" value="([^"]*)"', page))
    return fields


def sign_in(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post("/login", data={"email": "ed@example.com", "password": PASSWORD, "csrf_token": token})


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("/editor/policies/demo/edit", {"text": "x", "save": "1"}),
        ("/editor/courses/basics/order", {"item_id": "basics-quiz", "offset": "-1"}),
        ("/editor/policies/demo/discard", {}),
        ("/editor/coach/edit", {"text": "x", "save": "1"}),
        ("/editor/coach/publish", {"note": "x"}),
        ("/editor/courses/basics/new/lesson", {"item_id": "new-one", "title": "T", "covers": "demo#secrets"}),
    ],
)
def test_editor_forms_without_a_csrf_token_are_refused(csrf_client, make_user, library, url, extra):
    make_user(email="ed@example.com", roles="editor")
    sign_in(csrf_client)
    response = csrf_client.post(url, data={"revision": "", "number": "1", **extra})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0


def test_saving_with_the_csrf_token_works(csrf_client, make_user, library):
    make_user(email="ed@example.com", roles="editor")
    sign_in(csrf_client)
    url = "/editor/items/basics-secrets/edit"
    fields = token_and_state(csrf_client, url)
    text = "---\nid: basics-secrets\ntitle: Keeping secrets\ncovers: [demo#secrets]\n---\nDo not post it.\n"
    response = csrf_client.post(url, data={**fields, "text": text, "save": "1"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 1
