"""Who is out of date, and why: stale people with the policy change behind it and the new due date."""

from sqlalchemy import and_, func, or_, select

from training.db import db
from training.models import CourseFingerprint
from training.services import progress


def outdated_query(department: str | None = None, course: str | None = None):
    """SELECT every person and course made stale by a change, with that change and the new due date.

    One statement: the status query joined with each course's latest fingerprint, whose
    `reason` names the policy sections (or lesson) that changed and `created_at` says when.
    `due_date` is the status query's effective due date: the stale items' due date.
    """
    rows = progress.status_query()
    latest = select(func.max(CourseFingerprint.id)).group_by(CourseFingerprint.course_id)
    query = (
        select(
            rows.c.user_id,
            rows.c.name,
            rows.c.email,
            rows.c.department,
            rows.c.course_id,
            rows.c.status,
            rows.c.due_date,
            rows.c.completed_at,
            CourseFingerprint.reason,
            CourseFingerprint.created_at.label("changed_at"),
        )  # fmt: skip
        .join(
            CourseFingerprint,
            and_(CourseFingerprint.course_id == rows.c.course_id, CourseFingerprint.id.in_(latest)),
        )
        .where(or_(rows.c.status == "outdated", rows.c.has_stale.is_(True)))
    )
    if department:
        query = query.where(rows.c.department == department)
    if course:
        query = query.where(rows.c.course_id == course)
    return query.order_by(rows.c.due_date, rows.c.department, rows.c.name, rows.c.course_id, rows.c.user_id)


def count(department: str | None = None, course: str | None = None) -> int:
    query = outdated_query(department, course).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def outdated_rows(department: str | None = None, course: str | None = None, offset: int = 0, limit: int = 50):
    """Return one page of the out-of-date list, soonest due first."""
    query = outdated_query(department, course).offset(offset).limit(limit)
    return list(db.session.execute(query))
