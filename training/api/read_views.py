"""API operations on what is taught and who must do it: courses, policies, assignments."""

from flask import url_for

from training.api import records, schemas
from training.api.problems import Problem
from training.api.spec import Reply, operation
from training.api.views import acting_admin, bp
from training.db import db
from training.models import Assignment, User
from training.status import assignments

PROBLEM_JSON = "application/problem+json"
INVALID = {422: Reply("Invalid request; nothing changed", schemas.ProblemDetails, PROBLEM_JSON)}


@operation(
    bp,
    "/courses",
    summary="List courses with their current versions",
    tag="Content",
    replies={200: Reply("Courses", schemas.CourseList)},
)
def list_courses():
    return schemas.CourseList(items=records.courses())


@operation(
    bp,
    "/policies",
    summary="List policies with their current versions",
    tag="Content",
    replies={200: Reply("Policies", schemas.PolicyList)},
)
def list_policies():
    return schemas.PolicyList(items=records.policies())


@operation(
    bp,
    "/assignments",
    summary="List assignments",
    tag="Assignments",
    query=schemas.AssignmentQuery,
    replies={200: Reply("Assignments, newest first", schemas.AssignmentList)} | INVALID,
)
def list_assignments(query: schemas.AssignmentQuery):
    return schemas.AssignmentList(items=records.assignment_list(query.course, query.include_removed))


@operation(
    bp,
    "/assignments",
    "POST",
    summary="Assign a course",
    tag="Assignments",
    scope="write",
    body=schemas.AssignmentIn,
    idempotent=True,
    replies={
        201: Reply("Created", schemas.Assignment),
        404: Reply("No such course", schemas.ProblemDetails, PROBLEM_JSON),
    }
    | INVALID,
)
def create_assignment(body: schemas.AssignmentIn):
    row = assignments.assign(
        acting_admin(),
        body.course,
        body.scope,
        department=body.department,
        email=body.email,
        due_date=body.due_date,
        due_days=body.due_days,
    )
    location = url_for("api.list_assignments", course=row.course_id)
    return (
        records.as_assignment(row, body.email if body.scope == "person" else None),
        201,
        {"Location": location},
    )


@operation(
    bp,
    "/assignments/<int:assignment_id>",
    "DELETE",
    summary="Remove an assignment; it stays as history",
    tag="Assignments",
    scope="write",
    replies={
        200: Reply("The assignment, removed", schemas.Assignment),
        404: Reply("No such active assignment", schemas.ProblemDetails, PROBLEM_JSON),
        409: Reply(
            "A course's default assignment, which its front matter sets", schemas.ProblemDetails, PROBLEM_JSON
        ),
    },
)
def remove_assignment(assignment_id: int):
    row = db.session.get(Assignment, assignment_id)
    if row is None:
        raise Problem(404, "No assignment with this id.")
    if row.source != "hr":
        raise Problem(409, "A course's default assignment comes from its front matter; change it there.")
    row = assignments.remove(acting_admin(), assignment_id)
    email = db.session.get(User, row.user_id).email if row.user_id else None
    return records.as_assignment(row, email)
