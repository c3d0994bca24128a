"""People through the API: list with filters and cursors, get, upsert by email, deactivate."""

import pytest
from sqlalchemy import func, select

from tests.api.conftest import assert_problem
from training.db import db
from training.models import EvidenceEntry, User


@pytest.fixture
def staff(make_user, admin):
    """Admin (id 1) and five people in two departments; the last one deactivated."""
    people = [
        make_user(email=f"p{n}@example.com", name=f"P {n}", department="Sales" if n % 2 else "Care")
        for n in range(1, 6)
    ]
    people[-1].active = False
    db.session.commit()
    return people


def test_people_are_listed_in_pages_that_a_cursor_walks(api, staff):
    first = api.get("/people?limit=4")
    assert first.status_code == 200
    body = first.get_json()
    assert [p["email"] for p in body["items"]] == [
        "admin@example.com",
        "p1@example.com",
        "p2@example.com",
        "p3@example.com",
    ]
    second = api.get(f"/people?limit=4&cursor={body['next_cursor']}").get_json()
    assert [p["email"] for p in second["items"]] == ["p4@example.com", "p5@example.com"]
    assert second["next_cursor"] is None


def test_a_cursor_past_the_largest_id_a_database_holds_is_an_empty_last_page(api, staff):
    body = api.get("/people?cursor=999999999999999").get_json()
    assert body == {"items": [], "next_cursor": None}


def test_people_are_filtered_by_department_active_and_email(api, staff):
    sales = api.get("/people?department=Sales").get_json()["items"]
    assert [p["email"] for p in sales] == ["p1@example.com", "p3@example.com", "p5@example.com"]
    gone = api.get("/people?active=false").get_json()["items"]
    assert [p["email"] for p in gone] == ["p5@example.com"] and gone[0]["active"] is False
    one = api.get("/people?email=P2@Example.com").get_json()["items"]
    assert [p["name"] for p in one] == ["P 2"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=501",
        "limit=x",
        "active=maybe",
        "email=not-an-address",
        "cursor=%%%",
        "colour=red",
        "cursor=eyJhZnRlciI6ICJ4In0",
    ],
)
def test_a_bad_query_is_a_422_naming_the_problem(api, staff, query):
    body = assert_problem(api.get(f"/people?{query}"), 422)
    assert body["detail"]


def test_one_person_is_read_by_id(api, staff):
    body = api.get(f"/people/{staff[0].id}").get_json()
    assert body == {
        "id": staff[0].id,
        "email": "p1@example.com",
        "name": "P 1",
        "department": "Sales",
        "manager_email": "",
        "language": None,
        "roles": ["employee"],
        "active": True,
        "created_at": body["created_at"],
        "deactivated_at": None,
    }


def test_an_unknown_person_is_a_404(api):
    assert_problem(api.get("/people/9999"), 404)


def test_upsert_creates_a_person_once_and_then_updates_them(api, admin):
    person = {
        "email": " New.Joiner@Example.com ",
        "name": "New Joiner",
        "department": "Sales",
        "manager_email": "admin@example.com",
    }
    created = api.post("/people", json=person)
    assert created.status_code == 201
    body = created.get_json()
    assert body["email"] == "new.joiner@example.com" and body["roles"] == ["employee"]
    assert created.headers["Location"] == f"/api/v1/people/{body['id']}"
    again = api.post("/people", json=person)
    assert again.status_code == 200 and again.get_json() == body
    moved = api.post("/people", json=person | {"department": "Care"}).get_json()
    assert moved["department"] == "Care" and moved["id"] == body["id"]
    assert db.session.scalar(select(func.count(User.id))) == 2
    user = db.session.get(User, body["id"])
    assert user.password_hash is None  # they choose one from an invitation


def test_moving_department_restarts_the_department_clock(api, make_user):
    person = make_user(email="mover@example.com", department="Care")
    since = person.department_since
    api.post("/people", json={"email": "mover@example.com", "name": "Mover", "department": "Sales"})
    db.session.expire_all()
    assert db.session.get(User, person.id).department_since > since


def test_upsert_never_changes_roles(api, make_user):
    make_user(email="boss@example.com", roles="hr")
    api.post("/people", json={"email": "boss@example.com", "name": "Boss", "roles": "admin"})
    db.session.expire_all()
    assert db.session.scalar(select(User.roles).where(User.email == "boss@example.com")) == "employee hr"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "No Email"}, "email"),
        ({"email": "bad", "name": "X"}, "email"),
        ({"email": "a@example.com", "name": ""}, "name"),
        ({"email": "a@example.com", "name": "x" * 201}, "name"),
        ({"email": "a@example.com", "name": "A", "department": "d" * 101}, "department"),
        ({"email": "a@example.com", "name": "A\x00B"}, "name"),  # PostgreSQL cannot store a NUL
        ({"email": "a@example.com", "name": "A", "department": "Sa\x00les"}, "department"),
        ({"email": "a@example.com", "name": "A", "roles": "admin"}, "roles"),
    ],
)
def test_an_invalid_person_is_a_422_and_nothing_is_saved(api, body, field):
    problem = assert_problem(api.post("/people", json=body), 422)
    assert field in [e["field"] for e in problem["errors"]]
    assert db.session.scalar(select(User).where(User.email == "a@example.com")) is None


def test_an_unknown_manager_is_a_409_conflict_with_the_people_there(api):
    body = {"email": "a@example.com", "name": "A", "manager_email": "nobody@example.com"}
    assert "nobody@example.com" in assert_problem(api.post("/people", json=body), 409)["detail"]
    assert db.session.scalar(select(User).where(User.email == "a@example.com")) is None


@pytest.mark.parametrize("data", ["not json", "[1, 2]", "null"])
def test_a_body_that_is_not_a_json_object_is_refused(api, data):
    response = api.post("/people", data=data, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert_problem(response, response.status_code)


def test_a_read_token_cannot_write(reader):
    body = assert_problem(reader.post("/people", json={"email": "a@example.com", "name": "A"}), 403)
    assert "write" in body["detail"]
    assert db.session.scalar(select(User).where(User.email == "a@example.com")) is None


def test_a_write_only_token_cannot_read(client, make_token):
    from tests.api.conftest import Api

    writer = Api(client, make_token(scopes=("write",)))
    assert_problem(writer.get("/people"), 403)


def test_deactivating_keeps_the_evidence(api, make_user, library):
    from training.learning import courses as learning

    person = make_user(email="leaver@example.com")
    learning.complete_lesson(person, "basics-reading")
    entries = db.session.scalar(
        select(func.count(EvidenceEntry.id)).where(EvidenceEntry.user_id == person.id)
    )
    response = api.post(f"/people/{person.id}/deactivate")
    assert response.status_code == 200
    assert response.get_json()["active"] is False and response.get_json()["deactivated_at"]
    assert api.post(f"/people/{person.id}/deactivate").status_code == 200  # again: no change, no error
    after = db.session.scalar(select(func.count(EvidenceEntry.id)).where(EvidenceEntry.user_id == person.id))
    assert after == entries > 0


def test_deactivating_an_unknown_person_is_a_404(api):
    assert_problem(api.post("/people/9999/deactivate"), 404)


def test_the_token_cannot_deactivate_its_own_admin(api, admin):
    assert_problem(api.post(f"/people/{admin.id}/deactivate"), 409)
    assert db.session.get(User, admin.id).active


def test_departments_count_their_active_people(api, staff):
    body = api.get("/departments").get_json()
    assert body == {
        "items": [
            {"name": "Care", "people": 2},
            {"name": "Customer Care", "people": 1},
            {"name": "Sales", "people": 2},
        ]
    }


def test_departments_are_read_only_to_writers_too(api):
    assert_problem(api.post("/departments"), 405)


def test_upsert_sets_the_language_only_when_it_is_sent(api, admin):
    person = {"email": "greta@example.com", "name": "Greta", "language": "de"}
    assert api.post("/people", json=person).get_json()["language"] == "de"
    person.pop("language")
    assert api.post("/people", json=person).get_json()["language"] == "de"  # not sent: kept
    assert (
        api.post("/people", json={"email": "new@example.com", "name": "New"}).get_json()["language"] is None
    )
    assert_problem(api.post("/people", json=person | {"language": "fr"}), 422)
