"""Courses, policies and assignments through the API; Idempotency-Key on the POSTs that create."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.api.conftest import assert_problem
from training.db import db, utcnow
from training.models import Assignment, IdempotentRequest


def test_courses_come_with_their_current_version(api, library):
    [course] = api.get("/courses").get_json()["items"]
    assert course["id"] == "basics" and course["title"] == "Basics" and course["version"] == 1
    assert course["items"] == ["basics-reading", "basics-secrets", "basics-quiz"] and course["due_days"] == 30


def test_policies_come_with_their_current_version_and_sections(api, library):
    [policy] = api.get("/policies").get_json()["items"]
    assert policy["id"] == "demo" and policy["version"] == 1 and policy["label"]
    assert policy["sections"] and {"id", "heading"} == set(policy["sections"][0])


def test_before_any_content_the_lists_are_empty(api):
    assert api.get("/courses").get_json() == {"items": []}
    assert api.get("/policies").get_json() == {"items": []}


def test_assignments_are_listed_with_the_course_default(api, library):
    items = api.get("/assignments").get_json()["items"]
    assert [(a["course"], a["scope"], a["source"]) for a in items] == [("basics", "everyone", "course")]
    assert api.get("/assignments?course=other").get_json() == {"items": []}


def test_an_assignment_is_created_and_removed(api, library, make_user, admin):
    make_user(email="one@example.com")
    due = (utcnow().date() + timedelta(days=20)).isoformat()
    created = api.post(
        "/assignments",
        json={"course": "basics", "scope": "person", "email": "One@Example.com", "due_date": due},
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["email"] == "one@example.com" and body["due_date"] == due and body["removed_at"] is None
    row = db.session.get(Assignment, body["id"])
    assert row.created_by == admin.id  # the API acts as the admin who made the token
    removed = api.delete(f"/assignments/{body['id']}")
    assert removed.status_code == 200 and removed.get_json()["removed_at"]
    assert_problem(api.delete(f"/assignments/{body['id']}"), 404)  # already removed
    history = api.get("/assignments?include_removed=true").get_json()["items"]
    assert body["id"] in [a["id"] for a in history]
    assert body["id"] not in [a["id"] for a in api.get("/assignments").get_json()["items"]]


def test_a_department_assignment_by_days(api, library):
    body = api.post(
        "/assignments",
        json={"course": "basics", "scope": "department", "department": "Sales", "due_days": 14},
    ).get_json()
    assert body["department"] == "Sales" and body["due_days"] == 14 and body["due_date"] is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"course": "nope", "scope": "everyone", "due_days": 3}, 404),
        ({"course": "basics", "scope": "everyone"}, 422),
        ({"course": "basics", "scope": "everyone", "due_days": 3, "due_date": "2099-01-01"}, 422),
        ({"course": "basics", "scope": "everyone", "due_date": "2000-01-01"}, 422),
        ({"course": "basics", "scope": "everyone", "due_days": 4000}, 422),
        ({"course": "basics", "scope": "team", "due_days": 3}, 422),
        ({"course": "basics", "scope": "department", "due_days": 3}, 422),
        ({"course": "basics\x00", "scope": "everyone", "due_days": 3}, 422),  # no NUL in PostgreSQL
        ({"course": "basics", "scope": "department", "department": "Sa\x00les", "due_days": 3}, 422),
        ({"course": "basics", "scope": "person", "email": "nobody@example.com", "due_days": 3}, 422),
    ],
)
def test_a_bad_assignment_is_refused_and_nothing_is_saved(api, library, body, status):
    before = db.session.scalar(select(func.count(Assignment.id)))
    assert_problem(api.post("/assignments", json=body), status)
    assert db.session.scalar(select(func.count(Assignment.id))) == before


def test_removing_the_course_default_is_refused(api, library):
    [default] = api.get("/assignments").get_json()["items"]
    assert_problem(api.delete(f"/assignments/{default['id']}"), 409)


def test_removing_an_unknown_assignment_is_a_404(api):
    assert_problem(api.delete("/assignments/9999"), 404)


def test_a_read_token_cannot_assign_or_remove(reader, library):
    assert_problem(
        reader.post("/assignments", json={"course": "basics", "scope": "everyone", "due_days": 3}), 403
    )
    [default] = reader.get("/assignments").get_json()["items"]
    assert_problem(reader.delete(f"/assignments/{default['id']}"), 403)


ASSIGN = {"course": "basics", "scope": "department", "department": "Sales", "due_days": 7}


def test_an_idempotency_key_creates_once_and_answers_the_same_again(api, library):
    headers = {"Idempotency-Key": "sync-2026-12-03-1"}
    first = api.post("/assignments", json=ASSIGN, headers=headers)
    second = api.post("/assignments", json=ASSIGN, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.get_json() == second.get_json()
    assert second.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert db.session.scalar(select(func.count(Assignment.id)).where(Assignment.department == "Sales")) == 1
    api.post("/assignments", json=ASSIGN, headers={"Idempotency-Key": "another"})
    assert db.session.scalar(select(func.count(Assignment.id)).where(Assignment.department == "Sales")) == 2


def test_a_key_reused_with_a_different_request_is_a_409(api, library):
    headers = {"Idempotency-Key": "k1"}
    api.post("/assignments", json=ASSIGN, headers=headers)
    body = assert_problem(api.post("/assignments", json=ASSIGN | {"due_days": 8}, headers=headers), 409)
    assert "different request" in body["detail"]


def test_a_failed_request_releases_its_key(api, library):
    headers = {"Idempotency-Key": "k2"}
    assert_problem(api.post("/assignments", json=ASSIGN | {"course": "nope"}, headers=headers), 404)
    assert db.session.scalar(select(IdempotentRequest)) is None
    assert api.post("/assignments", json=ASSIGN | {"course": "nope"}, headers=headers).status_code == 404


def test_a_key_still_being_answered_is_a_409(api, library, admin):
    from training.models import ApiToken

    token = db.session.scalar(select(ApiToken))
    api.post("/people", json={"email": "x@example.com", "name": "X"}, headers={"Idempotency-Key": "busy"})
    row = db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.token_id == token.id))
    row.status, row.body = 0, None  # as if the first request were still running
    db.session.commit()
    assert_problem(
        api.post(
            "/people", json={"email": "x@example.com", "name": "X"}, headers={"Idempotency-Key": "busy"}
        ),
        409,
    )


def test_keys_belong_to_their_token(client, make_token, library):
    from tests.api.conftest import Api

    one, two = Api(client, make_token(name="One")), Api(client, make_token(name="Two"))
    headers = {"Idempotency-Key": "shared"}
    assert one.post("/assignments", json=ASSIGN, headers=headers).status_code == 201
    replay = two.post("/assignments", json=ASSIGN, headers=headers)
    assert replay.status_code == 201 and "Idempotent-Replayed" not in replay.headers


@pytest.mark.parametrize("key", ["", " ", "x" * 201, "tab\there"])
def test_a_bad_idempotency_key_is_a_422(api, library, key):
    assert_problem(api.post("/assignments", json=ASSIGN, headers={"Idempotency-Key": key}), 422)
    assert db.session.scalar(select(func.count(Assignment.id)).where(Assignment.department == "Sales")) == 0


def test_upserting_a_person_with_a_key_replays_the_created_answer(api):
    headers = {"Idempotency-Key": "joiner-42"}
    person = {"email": "j@example.com", "name": "J"}
    first = api.post("/people", json=person, headers=headers)
    second = api.post("/people", json=person, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers["Location"] == first.headers["Location"]
