"""SCIM 2.0 users: list with filter and paging, get, create, replace, patch, delete, discovery, errors."""

import pytest
from sqlalchemy import func, select

from training.api.scim import ENTERPRISE, PATCH
from training.db import db
from training.models import EvidenceEntry, User

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


class Scim:
    """The test client sending `Authorization: Bearer <token>` and SCIM JSON to /scim/v2."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def open(self, method, path, json=None, headers=None):
        headers = {"Authorization": f"Bearer {self.token}"} | (headers or {})
        kwargs = {"json": json} if json is not None else {}
        return self.client.open("/scim/v2" + path, method=method, headers=headers, **kwargs)


@pytest.fixture
def scim(client, make_token):
    return Scim(client, make_token())


@pytest.fixture
def reader(client, make_token):
    return Scim(client, make_token(scopes=("read",), name="Reporting"))


@pytest.fixture
def people(admin, make_user):
    """The admin and three people; Bea Baker in Sales."""
    bea = make_user(email="bea@example.com", name="Bea Baker", department="Sales")
    others = [make_user(email=f"p{n}@example.com", name=f"P {n}") for n in (1, 2)]
    return [admin, bea, *others]


def ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/scim+json"
    return response.get_json()


def scim_error(response, status, scim_type=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/scim+json"
    body = response.get_json()
    assert body["schemas"] == [ERROR] and body["status"] == str(status) and body["detail"]
    assert body.get("scimType") == scim_type
    return body


def new_user(email="new@example.com", **more):
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
        "userName": email,
        "name": {"givenName": "Nia", "familyName": "New"},
        ENTERPRISE: {"department": "Care"},
        "active": True,
    } | more


def patch_body(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def test_users_are_listed_in_pages_by_start_index_and_count(scim, people):
    first = ok(scim.open("GET", "/Users?startIndex=1&count=2"))
    assert first["totalResults"] == 4 and first["startIndex"] == 1 and first["itemsPerPage"] == 2
    assert [u["userName"] for u in first["Resources"]] == ["admin@example.com", "bea@example.com"]
    rest = ok(scim.open("GET", "/Users?startIndex=3&count=10"))
    assert [u["userName"] for u in rest["Resources"]] == ["p1@example.com", "p2@example.com"]


def test_a_filter_on_user_name_finds_the_one_person_or_nobody(scim, people):
    found = ok(scim.open("GET", '/Users?filter=userName eq "Bea@Example.com"'))
    assert found["totalResults"] == 1
    [bea] = found["Resources"]
    assert bea["name"] == {"formatted": "Bea Baker", "givenName": "Bea", "familyName": "Baker"}
    assert bea[ENTERPRISE] == {"department": "Sales"} and bea["active"] is True
    assert bea["meta"]["resourceType"] == "User"
    assert bea["meta"]["location"] == f"http://localhost/scim/v2/Users/{people[1].id}"
    nobody = ok(scim.open("GET", '/Users?filter=userName eq "ghost@example.com"'))
    assert nobody["totalResults"] == 0 and nobody["Resources"] == []


@pytest.mark.parametrize(
    "query", ['filter=displayName eq "Bea"', "filter=userName sw b", "count=x", "startIndex=--5"]
)
def test_an_unsupported_filter_or_bad_number_is_a_400(scim, people, query):
    scim_error(
        scim.open("GET", f"/Users?{query}"), 400, "invalidFilter" if "filter" in query else "invalidValue"
    )


def test_one_user_is_read_by_id_and_an_unknown_id_is_a_404(reader, people):
    assert ok(reader.open("GET", f"/Users/{people[1].id}"))["userName"] == "bea@example.com"
    scim_error(reader.open("GET", "/Users/99999"), 404)
    scim_error(reader.open("GET", "/Users/abc"), 404)


def test_post_creates_an_employee_and_answers_201_with_its_location(scim, people):
    response = scim.open("POST", "/Users", json=new_user())
    body = ok(response, 201)
    user = db.session.get(User, int(body["id"]))
    assert (user.email, user.name, user.department, user.roles) == (
        "new@example.com",
        "Nia New",
        "Care",
        "employee",
    )
    assert response.headers["Location"] == body["meta"]["location"].replace(
        "http://localhost", "http://localhost"
    )
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{user.id}")


def test_post_of_a_taken_user_name_is_a_409_uniqueness(scim, people):
    scim_error(scim.open("POST", "/Users", json=new_user("BEA@example.com")), 409, "uniqueness")
    assert db.session.scalar(select(func.count()).select_from(User)) == 4


@pytest.mark.parametrize(
    "body, scim_type",
    [
        (new_user("not an address"), "invalidValue"),
        (new_user(active="perhaps"), "invalidValue"),
        ({"name": {"givenName": "No"}}, "invalidValue"),
        (new_user(name="Nia New"), "invalidSyntax"),
        ([], "invalidSyntax"),
    ],
)
def test_post_of_a_bad_user_is_a_400_and_creates_nobody(scim, people, body, scim_type):
    scim_error(scim.open("POST", "/Users", json=body), 400, scim_type)
    assert db.session.scalar(select(func.count()).select_from(User)) == 4


def test_post_of_a_body_that_is_not_json_is_a_400(scim, people):
    response = scim.open("POST", "/Users", headers={"Content-Type": "application/scim+json"})
    scim_error(response, 400, "invalidSyntax")


def test_put_replaces_name_department_and_user_name(scim, people):
    bea = people[1]
    body = new_user("bea.baker@example.com", name={"givenName": "Beatrice", "familyName": "Baker"})
    del body[ENTERPRISE]
    ok(scim.open("PUT", f"/Users/{bea.id}", json=body))
    db.session.refresh(bea)
    assert (bea.email, bea.name, bea.department, bea.active) == (
        "bea.baker@example.com",
        "Beatrice Baker",
        "",
        True,
    )


def test_put_onto_another_persons_user_name_is_a_409_and_changes_nothing(scim, people):
    bea = people[1]
    scim_error(scim.open("PUT", f"/Users/{bea.id}", json=new_user("p1@example.com")), 409, "uniqueness")
    db.session.refresh(bea)
    assert (bea.email, bea.name) == ("bea@example.com", "Bea Baker")


def test_patch_replaces_each_supported_attribute_with_entra_style_strings(scim, people):
    bea = people[1]
    body = patch_body(
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "Replace", "path": "name.givenName", "value": "Beatrix"},
        {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Care"},
    )
    answer = ok(scim.open("PATCH", f"/Users/{bea.id}", json=body))
    assert answer["active"] is False and answer["displayName"] == "Beatrix Baker"
    db.session.refresh(bea)
    assert (bea.active, bea.name, bea.department) == (False, "Beatrix Baker", "Care")
    assert bea.deactivated_at is not None
    again = patch_body({"op": "replace", "value": {"active": True, "name": {"familyName": "Bell"}}})
    ok(scim.open("PATCH", f"/Users/{bea.id}", json=again))
    ok(
        scim.open(
            "PATCH",
            f"/Users/{bea.id}",
            json=patch_body({"op": "replace", "path": "displayName", "value": "B B"}),
        )
    )
    db.session.refresh(bea)
    assert (bea.active, bea.name, bea.deactivated_at) == (True, "B B", None)


@pytest.mark.parametrize(
    "body, scim_type",
    [
        (patch_body({"op": "replace", "path": "active", "value": "nope"}), "invalidValue"),
        (patch_body({"op": "replace", "path": "title", "value": "Boss"}), "invalidPath"),
        (patch_body({"op": "remove", "path": "active"}), "invalidPath"),
        (patch_body({"op": "move", "path": "active", "value": False}), "invalidSyntax"),
        (patch_body(), "invalidSyntax"),
        ({"Operations": [{"op": "replace", "path": "active", "value": False}]}, "invalidSyntax"),
    ],
)
def test_a_bad_patch_is_a_400_and_changes_nothing(scim, people, body, scim_type):
    bea = people[1]
    first = {"op": "replace", "path": "name.givenName", "value": "Changed"}
    if body.get("Operations"):
        body["Operations"].insert(0, first)
    scim_error(scim.open("PATCH", f"/Users/{bea.id}", json=body), 400, scim_type)
    db.session.refresh(bea)
    assert (bea.name, bea.active) == ("Bea Baker", True)


def test_delete_deactivates_and_keeps_the_evidence(scim, people):
    bea = people[1]
    before = db.session.scalar(select(func.count()).select_from(EvidenceEntry))
    assert scim.open("DELETE", f"/Users/{bea.id}").status_code == 204
    db.session.refresh(bea)
    assert bea.active is False and db.session.get(User, bea.id) is not None
    assert db.session.scalar(select(func.count()).select_from(EvidenceEntry)) == before
    scim_error(scim.open("DELETE", "/Users/99999"), 404)


def test_the_tokens_admin_cannot_be_deactivated_so_an_admin_always_remains(scim, people):
    admin = people[0]
    scim_error(scim.open("DELETE", f"/Users/{admin.id}"), 400)
    off = patch_body(
        {"op": "replace", "path": "active", "value": "False"},
        {"op": "replace", "path": "displayName", "value": "X"},
    )
    scim_error(scim.open("PATCH", f"/Users/{admin.id}", json=off), 400)
    db.session.refresh(admin)
    assert admin.active is True and admin.name == "Ada Admin"


def test_a_read_token_cannot_write_and_no_token_is_a_401(reader, client, people):
    scim_error(reader.open("POST", "/Users", json=new_user()), 403)
    scim_error(reader.open("DELETE", f"/Users/{people[1].id}"), 403)
    refused = client.get("/scim/v2/Users")
    scim_error(refused, 401)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    scim_error(Scim(client, "trn_wrong").open("GET", "/Users"), 401)


def test_unknown_addresses_and_methods_under_scim_answer_in_the_error_schema(scim, people):
    scim_error(scim.open("GET", "/Groups"), 404)
    scim_error(scim.open("DELETE", "/Users"), 405)


def test_each_use_is_logged_with_the_tokens_name(scim, people, caplog):
    caplog.set_level("INFO")
    scim.open("GET", "/Users")
    assert "api token 'HR system'" in caplog.text and "/scim/v2/Users answered 200" in caplog.text


def test_discovery_documents_name_what_is_supported(reader, people):
    config = ok(reader.open("GET", "/ServiceProviderConfig"))
    assert config["patch"]["supported"] is True and config["bulk"]["supported"] is False
    assert config["filter"]["supported"] is True
    [user_type] = ok(reader.open("GET", "/ResourceTypes"))["Resources"]
    assert user_type["endpoint"] == "/Users" and user_type["schemaExtensions"][0]["schema"] == ENTERPRISE
    ids = [s["id"] for s in ok(reader.open("GET", "/Schemas"))["Resources"]]
    assert ids == ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]


@pytest.fixture
def limited(app_config):
    app_config |= {
        "RATELIMIT_ENABLED": True,
        "API_RATE_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    return app_config


def test_scim_requests_are_limited_per_token_as_the_api_is(limited, client, make_token):
    # SCIM shares the API's guard: the limiter runs only on blueprints that declare it.
    first, second = Scim(client, make_token(name="One")), Scim(client, make_token(name="Two"))
    assert [first.open("GET", "/Users").status_code for _ in range(3)] == [200, 200, 429]
    assert second.open("GET", "/Users").status_code == 200
