"""API operations on people: list, get, create or update by email, deactivate."""

from flask import g, url_for

from training.accounts import sync
from training.api import cursors, schemas
from training.api import people as api_people
from training.api.problems import Problem
from training.api.spec import Reply, operation
from training.api.views import acting_admin, bp
from training.db import db
from training.hr import people as hr_people
from training.models import User

PROBLEM_SHAPE = (schemas.ProblemDetails, "application/problem+json")
PROBLEM = Reply("Problem details", schemas.ProblemDetails, "application/problem+json")
NOT_FOUND = {404: Reply("No such person", schemas.ProblemDetails, "application/problem+json")}
UNKNOWN_MANAGER = {
    409: Reply("A manager_email is nobody's; nothing changed", schemas.ProblemDetails, PROBLEM.media)
}
INVALID = {422: Reply("Invalid request; nothing changed", schemas.ProblemDetails, "application/problem+json")}


def person_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise Problem(404, "No person with this id.")
    return user


@operation(
    bp,
    "/people",
    summary="List people, filtered, in pages",
    tag="People",
    query=schemas.PeopleQuery,
    replies={200: Reply("A page of people", schemas.PersonList)} | INVALID,
)
def list_people(query: schemas.PeopleQuery):
    after = cursors.decode(query.cursor, "after")
    rows, more = api_people.page(query.department, query.active, query.email, after, query.limit)
    next_cursor = cursors.encode(after=rows[-1].id) if more else None
    return schemas.PersonList(items=[api_people.as_schema(u) for u in rows], next_cursor=next_cursor)


@operation(
    bp,
    "/people/<int:user_id>",
    summary="Get one person",
    tag="People",
    replies={200: Reply("The person", schemas.Person)} | NOT_FOUND,
)
def get_person(user_id: int):
    return api_people.as_schema(person_or_404(user_id))


@operation(
    bp,
    "/people",
    "POST",
    summary="Create or update a person by email address (upsert)",
    tag="People",
    scope="write",
    body=schemas.PersonIn,
    idempotent=True,
    replies={201: Reply("Created", schemas.Person), 200: Reply("Updated or unchanged", schemas.Person)}
    | INVALID
    | UNKNOWN_MANAGER,
)
def upsert_person(body: schemas.PersonIn):
    user, created = api_people.upsert(body)
    location = url_for("api.get_person", user_id=user.id)
    return api_people.as_schema(user), 201 if created else 200, {"Location": location}


@operation(
    bp,
    "/people",
    "PUT",
    summary="Make the people equal to the HR system's full list (provisioning)",
    tag="People",
    scope="write",
    query=schemas.PeopleSyncQuery,
    body=schemas.PeopleSync,
    replies={200: Reply("What changed, or would change with dry_run", schemas.SyncResult)}
    | INVALID
    | {
        409: Reply(
            "A row names a manager who is nobody, or an address twice; nothing changed",
            schemas.ProblemDetails,
            PROBLEM.media,
        )
    },
)
def sync_people(query: schemas.PeopleSyncQuery, body: schemas.PeopleSync):
    rows = [person.model_dump() for person in body.people]
    where = {person.email: f"people[{n}]" for n, person in enumerate(body.people)}
    result = sync.sync(rows, where, deactivate_missing=True, dry_run=query.dry_run, actor=acting_admin())
    return api_people.sync_schema(result)


@operation(
    bp,
    "/people/<int:user_id>/deactivate",
    "POST",
    summary="Deactivate a person; their evidence stays",
    tag="People",
    scope="write",
    replies={200: Reply("The person, deactivated", schemas.Person)}
    | NOT_FOUND
    | {403: PROBLEM, 409: Reply("The token's own administrator", *PROBLEM_SHAPE)},
)
def deactivate_person(user_id: int):
    person_or_404(user_id)
    if user_id == g.api_token.created_by:
        raise Problem(409, "This token's administrator cannot deactivate their own account.")
    return api_people.as_schema(hr_people.set_active(acting_admin(), user_id, False))


@operation(
    bp,
    "/departments",
    summary="List departments with their active people",
    tag="People",
    replies={200: Reply("Departments", schemas.DepartmentList)},
)
def list_departments():
    items = [schemas.Department(name=n, people=c) for n, c in api_people.departments()]
    return schemas.DepartmentList(items=items)
