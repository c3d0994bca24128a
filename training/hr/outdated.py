"""Who is out of date, and why: stale people with the policy change behind it and the new due date."""

from sqlalchemy import func, or_, select

from training.db import db
from training.status import query as status_query


def outdated_query(department: str | None = None, course: str | None = None):
    """SELECT every person and course made stale by a change, with that change and the new due date.

    One statement: the status query, whose `stale_reason` names every policy section (or
    lesson) that changed since the person completed the course and `stale_since` the first
    of those changes. `due_date` is the effective due date: the earliest among those changes.
    """
    rows = status_query.status_query()
    query = select(
        rows.c.user_id,
        rows.c.name,
        rows.c.email,
        rows.c.department,
        rows.c.course_id,
        rows.c.status,
        rows.c.due_date,
        rows.c.completed_at,
        rows.c.stale_reason.label("reason"),
        rows.c.stale_since.label("changed_at"),
    ).where(or_(rows.c.status == "outdated", rows.c.has_stale.is_(True)))  # fmt: skip
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
