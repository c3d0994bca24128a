"""PUT /api/v1/people: the HR system's full list makes the people equal to it, as `users sync` does."""

import pytest
from sqlalchemy import func, select

from tests.api.conftest import assert_problem
from training.accounts import sync
from training.api import openapi
from training.db import db
from training.learning import courses as learning
from training.models import EvidenceEntry, User


@pytest.fixture
def staff(make_user, admin):
    return {
        "mover": make_user(email="mover@example.com", name="Mo Mover", department="Sales"),
        "leaver": make_user(email="leaver@example.com", name="Lee Leaver", department="Care"),
    }


LIST = {
    "people": [
        {"email": "mover@example.com", "name": "Mo Mover", "department": "Marketing"},
        {"email": "Joiner@Example.com", "name": "Jo Joiner", "department": "Sales", "manager_email": ""},
    ]
}


def person(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_a_full_list_creates_moves_and_deactivates_and_says_so(api, staff, library):
    learning.complete_lesson(staff["leaver"], "basics-reading")
    evidence = select(func.count(EvidenceEntry.id)).where(EvidenceEntry.user_id == staff["leaver"].id)
    entries = db.session.scalar(evidence)
    response = api.open("PUT", "/people", json=LIST)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {
        "created": ["joiner@example.com"],
        "updated": [
            {
                "email": "mover@example.com",
                "changes": {"department": {"before": "Sales", "after": "Marketing"}},
            }
        ],
        "reactivated": [],
        "deactivated": ["leaver@example.com"],
        "kept": [{"email": "admin@example.com", "reason": sync.SELF}],
        "unchanged": 0,
        "dry_run": False,
    }
    assert person("joiner@example.com").roles == "employee"
    assert person("mover@example.com").department == "Marketing"
    assert not person("leaver@example.com").active and db.session.scalar(evidence) == entries > 0
    assert person("admin@example.com").active  # the token's admin runs the sync


def test_the_same_list_again_changes_nothing(api, staff):
    api.open("PUT", "/people", json=LIST)
    again = api.open("PUT", "/people", json=LIST).get_json()
    assert again["created"] == again["updated"] == again["deactivated"] == []
    assert again["unchanged"] == 2


def test_a_dry_run_answers_the_changes_and_changes_nothing(api, staff):
    body = api.open("PUT", "/people?dry_run=true", json=LIST).get_json()
    assert body["dry_run"] is True and body["deactivated"] == ["leaver@example.com"]
    assert person("joiner@example.com") is None and person("leaver@example.com").active


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"email": "not-an-address", "name": "X"}, "people.2.email"),
        ({"email": "x@example.com", "name": ""}, "people.2.name"),
        ({"email": "x@example.com", "name": "X", "role": "admin"}, "people.2.role"),
    ],
)
def test_a_bad_row_is_a_422_naming_it_and_nothing_changes(api, staff, extra, field):
    body = {"people": LIST["people"] + [extra]}
    problem = assert_problem(api.open("PUT", "/people", json=body), 422)
    assert field in [e["field"] for e in problem["errors"]]
    assert person("joiner@example.com") is None and person("leaver@example.com").active


def test_a_repeated_address_is_a_409_naming_the_row(api, staff):
    # Every row is valid by the schema; the list conflicts with itself (schemathesis found the 422).
    body = {"people": LIST["people"] + [{"email": "mover@example.com", "name": "Again"}]}
    problem = assert_problem(api.open("PUT", "/people", json=body), 409)
    assert problem["errors"] == [{"detail": "people[2]: duplicate email mover@example.com"}]
    assert person("joiner@example.com") is None


def test_an_unknown_manager_is_a_409_naming_the_row_and_nothing_changes(api, staff):
    body = {
        "people": LIST["people"] + [{"email": "x@example.com", "name": "X", "manager_email": "g@example.com"}]
    }
    problem = assert_problem(api.open("PUT", "/people", json=body), 409)
    assert problem["errors"][0]["detail"].startswith("people[2]: manager_email g@example.com is nobody's")
    assert person("x@example.com") is None and person("leaver@example.com").active


def test_a_read_token_cannot_sync(reader, staff):
    assert_problem(reader.open("PUT", "/people", json=LIST), 403)
    assert person("leaver@example.com").active


def test_a_body_that_is_not_a_list_of_people_is_refused(api, staff):
    assert_problem(api.open("PUT", "/people", data="x", content_type="text/plain"), 400)
    assert_problem(api.open("PUT", "/people", json={"people": "all"}), 422)


def test_the_sync_is_in_the_openapi_document():
    put = openapi.document()["paths"]["/people"]["put"]
    assert put["x-scope"] == "write" and {"200", "409", "422"} <= put["responses"].keys()
    assert put["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PeopleSync"
    }
