"""One error shape everywhere in the API, rate limits per token, and the OpenAPI 3.1 document."""

import json
from datetime import timedelta

import jsonschema
import pytest
from flask import request
from openapi_spec_validator import validate

from tests.api.conftest import Api, assert_problem
from training.api import records, schemas
from training.api.spec import OPERATIONS
from training.db import utcnow
from training.extensions import limiter


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_an_unknown_api_address_is_a_json_404_and_pages_keep_theirs(api, client):
    assert_problem(api.get("/no-such-thing"), 404)
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_a_method_the_address_does_not_take_is_a_json_405(api):
    response = api.open("PATCH", "/people")
    assert_problem(response, 405)
    assert {"GET", "POST", "PUT"} <= set(response.headers["Allow"].split(", "))


def test_a_body_too_large_is_a_json_413(app, api):
    app.config["MAX_CONTENT_LENGTH"] = 100
    assert_problem(api.post("/people", json={"email": "a@example.com", "name": "x" * 200}), 413)


def test_an_unexpected_failure_is_a_json_500_with_an_incident(app, api, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(records, "courses", broken)
    body = assert_problem(api.get("/courses"), 500)
    assert "incident" in body["detail"] and "boom" not in body["detail"]


@pytest.fixture
def limited(app_config):
    app_config |= {
        "RATELIMIT_ENABLED": True,
        "API_RATE_LIMIT": "3 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    return app_config


def test_requests_are_limited_per_token(limited, client, make_token):
    first, second = Api(client, make_token(name="One")), Api(client, make_token(name="Two"))
    assert [first.get("/courses").status_code for _ in range(3)] == [200, 200, 200]
    response = first.get("/courses")
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    assert second.get("/courses").status_code == 200  # another token has its own count


def test_requests_without_a_token_are_limited_by_address(limited, client):
    answers = [client.get("/api/v1/people").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_only_limited_routes_run_the_rate_limiter(limited, client, auth, make_user, monkeypatch):
    """Flask-Limiter's check costs CPU on every request it runs on: only the API and /verify need it."""
    checked = []
    identify = limiter.identify_request
    monkeypatch.setattr(limiter, "identify_request", lambda: checked.append(request.path) or identify())
    make_user(email="learner@example.com")
    auth.login("learner@example.com")
    for path in ("/", "/courses/basics", "/login", "/static/css/site.css"):
        client.get(path).close()
    assert checked == []
    client.get("/api/v1/people")
    client.get("/verify/UNKNOWN")
    assert list(dict.fromkeys(checked)) == ["/api/v1/people", "/verify/UNKNOWN"]


def test_the_limiter_adds_no_hook_after_a_response(app):
    """Its response hook would write headers that are off and charge `deduct_when` limits, which
    RouteLimiter refuses; its teardown emptied state that ends with the request anyway."""
    hooks = [*app.after_request_funcs[None], *app.teardown_request_funcs[None]]
    assert not [
        hook for hook in hooks if limiter in (getattr(hook, "args", ()) + (getattr(hook, "__self__", None),))
    ]
    with pytest.raises(TypeError, match="deduct_when"):
        limiter.limit("1 per minute", deduct_when=lambda response: True)


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_api_route_is_documented(app, spec):
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    routes = {
        (rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}"), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint not in ("api.openapi_document", "api.reference")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == documented


def test_the_document_uses_the_schemas_that_validate(spec):
    body = spec["paths"]["/people"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    name = body["$ref"].rsplit("/", 1)[1]
    assert spec["components"]["schemas"][name]["properties"].keys() == schemas.PersonIn.model_fields.keys()
    params = {p["name"] for p in spec["paths"]["/people"]["get"]["parameters"]}
    assert params == set(schemas.PeopleQuery.model_fields)
    assert spec["paths"]["/people"]["get"]["x-scope"] == "read"
    assert spec["paths"]["/people"]["post"]["x-scope"] == "write"


def test_the_reference_page_lists_every_operation_without_a_cdn(client, spec):
    page = client.get("/api/v1/").get_data(as_text=True)
    assert "<h1>HR-system API reference</h1>" in page
    for op in OPERATIONS:
        assert f"op-{op.endpoint.partition('.')[2]}" in page
    assert "cdn" not in page.lower() and '<script src="http' not in page


def check_against_spec(spec, path, method, response):
    """The answer's status is documented for the operation and its JSON body matches the schema."""
    operation = spec["paths"][path][method]
    documented = operation["responses"].get(str(response.status_code))
    assert documented, f"{method.upper()} {path} answered an undocumented {response.status_code}"
    content = documented["content"].get(response.mimetype)
    assert content, f"{method.upper()} {path} answered {response.mimetype}, not documented"
    if response.mimetype in ("application/json", "application/problem+json"):
        schema = {"components": spec["components"], **content["schema"]}
        jsonschema.Draft202012Validator(schema).validate(response.get_json())
    elif "$ref" in content["schema"]:  # NDJSON: every line is one documented object
        schema = {"components": spec["components"], **content["schema"]}
        for line in response.get_data(as_text=True).splitlines():
            jsonschema.Draft202012Validator(schema).validate(json.loads(line))


def test_every_operation_answers_as_documented(api, spec, library, make_user):
    person = make_user(email="one@example.com")
    due = (utcnow().date() + timedelta(days=9)).isoformat()
    calls = [
        ("/people", "get", "/people?limit=1", None),
        ("/people", "post", "/people", {"email": "n@example.com", "name": "N"}),
        ("/people", "post", "/people", {"email": "bad"}),
        ("/people/{user_id}", "get", f"/people/{person.id}", None),
        ("/people/{user_id}", "get", "/people/999", None),
        ("/people/{user_id}/statuses", "get", f"/people/{person.id}/statuses", None),
        ("/people/{user_id}/evidence", "get", f"/people/{person.id}/evidence", None),
        ("/departments", "get", "/departments", None),
        ("/courses", "get", "/courses", None),
        ("/policies", "get", "/policies", None),
        ("/assignments", "get", "/assignments?include_removed=1", None),
        ("/assignments", "post", "/assignments", {"course": "basics", "scope": "everyone", "due_date": due}),
        ("/assignments", "post", "/assignments", {"course": "nope", "scope": "everyone", "due_days": 1}),
        ("/assignments/{assignment_id}", "delete", "/assignments/999", None),
        ("/reports/completion", "get", "/reports/completion", None),
        ("/reports/completion", "get", "/reports/completion?format=pdf", None),
        ("/acknowledgements", "get", "/acknowledgements", None),
        ("/people/{user_id}/deactivate", "post", f"/people/{person.id}/deactivate", None),
        ("/people", "put", "/people?dry_run=true", {"people": [{"email": "n@example.com", "name": "N"}]}),
    ]
    for path, method, url, body in calls:
        response = api.open(method.upper(), url, json=body) if body else api.open(method.upper(), url)
        check_against_spec(spec, path, method, response)
    assert {(p, m) for p, m, _, _ in calls} == {(p, m) for p, ops in spec["paths"].items() for m in ops}
