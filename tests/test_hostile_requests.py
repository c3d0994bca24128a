"""What a hostile client sends: huge ids, NUL characters, oversized bodies; and what pages may cache.

Every registered route is walked with such values in the path, the query string and every form field
any form declares, signed in with every role. Run it on PostgreSQL too (TEST_DATABASE_URL): it refuses
NUL characters that SQLite would store.
"""

import re

import pytest
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

HUGE = str(2**64)
HOSTILE = {
    "id above 2**64": HUGE,
    "id above PostgreSQL's integer": str(2**31),
    "5000 digits": "9" * 5000,
    "NUL": "a\x00b",
}
QUERY_NAMES = ("q", "page", "old", "new", "search", "email", "next", "sort", "desc", "course", "status")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def form_field_names() -> set[str]:
    """The name of every field any form declares, and with the person page's `extension-` prefix."""
    names = {
        name
        for form in _subclasses(FlaskForm)
        for klass in form.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, UnboundField)
    }
    return names | {f"extension-{name}" for name in names} | {"choice", "step_id", "csrf_token"}


def routes(app, value: str):
    """Yield (method, path) for every route but static files, each variable part set to `value`.

    Signing out comes last, so that every other route is reached signed in.
    """
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))
    for rule in rules:
        if rule.endpoint == "static":
            continue
        path = rule.rule
        for name, converter in rule._converters.items():
            items = sorted(getattr(converter, "items", ()))  # any(...): one of its words
            path = re.sub(rf"<(?:[^<>:]+:)?{name}(?:\([^)]*\))?>", items[0] if items else value, path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


@pytest.fixture
def everyone(app, make_user, auth, library):
    """Signed in with every role; a failing view answers 500 as in production instead of raising."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    make_user(email="all@example.com", roles="hr;editor;admin")
    auth.login("all@example.com")


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_route_answers_5xx_to_hostile_ids_or_nul_characters(app, client, everyone, value):
    form = dict.fromkeys(form_field_names(), value)
    query = dict.fromkeys(QUERY_NAMES, value)
    failures = []
    for method, path in routes(app, value):
        response = client.open(
            path, method=method, query_string=query, data=form if method == "POST" else None
        )
        response.close()  # exports stream
        if response.status_code >= 500:
            failures.append(f"{method} {path!r}: {response.status_code}")
        if value == HOSTILE["NUL"] and response.status_code != 400:
            failures.append(f"{method} {path!r}: {response.status_code}, not 400 for a NUL character")
        if "no-store" not in response.headers.get("Cache-Control", ""):
            failures.append(f"{method} {path!r}: no Cache-Control: no-store")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    ["/attempts/{huge}", "/hr/people/{huge}", "/hr/people/{big}", "/hr/people/{huge}/evidence.csv",
     "/editor/policies/demo/restore/{huge}", "/editor/policies/demo/diff?old={huge}&new=1"],
)  # fmt: skip
def test_ids_no_row_can_have_are_not_found(client, everyone, path):
    response = client.get(path.format(huge=HUGE, big=2**31))
    assert response.status_code == 404
    assert "There is nothing at this address." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/hr/people?search=a%00b", None),
        ("/courses/basics%00", None),
        ("/hr/assignments", {"emails": "a\x00b"}),
    ],
)
def test_a_nul_character_is_refused_with_a_clear_page(client, everyone, path, data):
    response = client.post(path, data=data) if data else client.get(path)
    assert response.status_code == 400
    assert "contained a NUL character" in response.get_data(as_text=True)


def test_a_huge_version_in_a_form_is_a_form_error(client, everyone):
    data = {"version_id": HUGE, "confirm": "y"}
    response = client.post("/policies/demo/acknowledge", data=data)
    assert response.status_code == 422


def test_a_20_megabyte_body_is_refused_before_any_view_runs(app, client, everyone):
    ran = []
    app.view_functions["hr.assignments"] = lambda: ran.append(True) or "read"
    response = client.post("/hr/assignments", data={"emails": "x" * (20 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)
    assert ran == []


def test_the_editors_page_for_a_body_too_large_stays_its_own(client, everyone):
    response = client.post("/editor/items/basics-reading/edit", data={"text": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "A content file may be at most 1,048,576 bytes" in response.get_data(as_text=True)


def test_a_multipart_form_with_too_many_parts_is_refused(client, everyone):
    data = {f"field{n}": "x" for n in range(300)}
    response = client.post("/hr/assignments", data=data, content_type="multipart/form-data")
    assert response.status_code == 413


def test_every_page_for_a_signed_in_person_is_not_stored(client, employee, make_user, auth):
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "tok-1"}).headers["Location"]
    pages = ["/", "/courses/basics", "/lessons/basics-reading", "/policies/demo", attempt]
    hr = make_user(email="hr@example.com", roles="hr")
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    auth.logout()
    auth.login(hr.email)
    for path in ["/hr/", "/hr/people", f"/hr/people/{employee.id}", "/hr/outdated"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_static_files_keep_their_caching(client, employee):
    response = client.get("/static/css/site.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["ETag"]
