"""What the API reads: courses, policies, assignments, statuses and acknowledgements as schemas.

Statuses come from the status query that every page uses (training/status), never computed here.
"""

from sqlalchemy import select

from training.api import schemas
from training.content import versions
from training.db import db
from training.models import Acknowledgement, CourseVersion, PolicyVersion, User
from training.status import assignments, report
from training.status import query as status_query


def courses() -> list[schemas.Course]:
    found = versions.current_all(CourseVersion)
    return [
        schemas.Course(
            id=cid,
            title=v.title,
            summary=v.summary,
            version=v.number,
            published_at=v.created_at,
            items=list(v.items),
            audience=v.audience,
            due_days=v.due_days,
        )
        for cid, v in sorted(found.items())
    ]


def policies() -> list[schemas.Policy]:
    found = versions.current_all(PolicyVersion)
    return [
        schemas.Policy(
            id=pid,
            title=v.title,
            version=v.number,
            label=v.label,
            effective=v.effective,
            published_at=v.created_at,
            sections=[schemas.Section(id=s.section_id, heading=s.heading) for s in v.sections],
        )
        for pid, v in sorted(found.items())
    ]


def assignment_list(course: str | None, include_removed: bool) -> list[schemas.Assignment]:
    rows = [
        r
        for r in assignments.described(include_removed)
        if course is None or r.assignment.course_id == course
    ]
    return [as_assignment(r.assignment, r.person_email) for r in rows]


def as_assignment(row, email: str | None) -> schemas.Assignment:
    return schemas.Assignment(
        id=row.id,
        course=row.course_id,
        scope=row.scope,
        department=row.department,
        email=email,
        due_date=row.due_date,
        due_days=row.due_days,
        source=row.source,
        created_at=row.created_at,
        removed_at=row.removed_at,
    )


def statuses(user_id: int) -> list[schemas.Status]:
    """One person's status on each course assigned to them, with due dates and stale items."""
    rows = status_query.person_rows(user_id)
    states = status_query.course_states()
    pairs = [(user_id, r.course_id) for r in rows if r.has_stale or r.status in ("in_progress", "overdue")]
    done = report.done_items(states, pairs)
    return [
        schemas.Status(
            course=r.course_id,
            status=r.status,
            due_date=r.due_date,
            completed_at=r.completed_at,
            stale_items=report.stale_items(r, states[r.course_id], done.get((user_id, r.course_id))),
            extended=r.extension_due is not None and r.due_date == r.extension_due,
        )
        for r in sorted(rows, key=lambda r: r.course_id)
    ]


def acknowledgements(email: str | None, policy: str | None, after: int, limit: int):
    """Return acknowledgements with an id above `after`, oldest first, and whether more follow."""
    query = (
        select(Acknowledgement, User.email, PolicyVersion.number)
        .join(User, User.id == Acknowledgement.user_id)
        .join(PolicyVersion, PolicyVersion.id == Acknowledgement.policy_version_id)
        .where(Acknowledgement.id > after)
        .order_by(Acknowledgement.id)
        .limit(limit + 1)
    )
    if email is not None:
        query = query.where(User.email == email)
    if policy is not None:
        query = query.where(Acknowledgement.policy_id == policy)
    rows = db.session.execute(query).all()
    items = [
        schemas.Acknowledgement(
            id=a.id,
            email=mail,
            policy=a.policy_id,
            version=number,
            version_label=a.version_label,
            acknowledged_at=a.acknowledged_at,
        )
        for a, mail, number in rows[:limit]
    ]
    return items, len(rows) > limit
