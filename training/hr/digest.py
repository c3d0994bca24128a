"""HR's daily digest: people per status, who is overdue longest, who owes an acknowledgement.

Counted in the database from the status query: a person counts once per status however many of
their courses are in it (the number of courses is given beside); nothing loops over people.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import distinct, func, literal, select

from training.accounts import mail
from training.db import db
from training.hr import reminder_queries
from training.hr.reminder_queries import CourseDue, Person
from training.models import User
from training.status import query as status_query

LIST_LIMIT = 200  # overdue courses listed; the dashboard has the rest


@dataclass
class Count:
    people: int
    courses: int  # person and course pairs: one person late on two courses counts two


@dataclass
class Digest:
    totals: dict[str, Count]
    overdue: list[tuple[Person, CourseDue]]  # the longest overdue first, at most LIST_LIMIT
    more: int  # overdue courses beyond the list
    owing: int  # people who owe a policy acknowledgement


def recipients() -> list[str]:
    """HR_DIGEST_TO (comma-separated), or every active person with the hr role."""
    configured = current_app.config.get("HR_DIGEST_TO", "")
    if configured.strip():
        return list(dict.fromkeys(a.strip() for a in configured.replace(";", ",").split(",") if a.strip()))
    padded = literal(" ") + User.roles + literal(" ")
    return list(
        db.session.scalars(
            select(User.email).where(User.active.is_(True), padded.like("% hr %")).order_by(User.email)
        )
    )


def status_totals(today: date) -> dict[str, Count]:
    """Return {status: people in it, courses in it} for every status, in one query."""
    rows = status_query.status_query(today)
    counted = select(rows.c.status, func.count(distinct(rows.c.user_id)), func.count()).group_by(
        rows.c.status
    )
    found = {status: Count(people, courses) for status, people, courses in db.session.execute(counted)}
    return {status: found.get(status, Count(0, 0)) for status in status_query.STATUSES}


def longest_overdue(today: date) -> list[tuple[Person, CourseDue]]:
    """The overdue courses, the longest overdue first (at most LIST_LIMIT), in one query."""
    rows = status_query.status_query(today)
    found = db.session.execute(
        select(
            rows.c.user_id, rows.c.email, rows.c.name, rows.c.department, rows.c.course_id, rows.c.due_date
        )
        .where(rows.c.status == "overdue")
        .order_by(rows.c.due_date, rows.c.email, rows.c.course_id)
        .limit(LIST_LIMIT)
    ).all()
    states = status_query.course_states() if found else {}
    listed = []
    for row in found:
        title = states[row.course_id].version.title if row.course_id in states else row.course_id
        course = CourseDue(
            row.course_id, title, "overdue", row.due_date, (today - row.due_date).days, mail.link("/hr/")
        )
        listed.append((Person(row.user_id, row.email, row.name, row.department, ""), course))
    return listed


def owing(today: date) -> int:
    """The number of people who owe a policy acknowledgement."""
    owed = reminder_queries.owed_statement(today, status_query.course_states())
    if owed is None:
        return 0
    return db.session.scalar(select(func.count(distinct(owed.subquery().c.user_id))))


def gather(today: date) -> Digest:
    """Return today's digest figures."""
    totals = status_totals(today)
    overdue = longest_overdue(today)
    return Digest(totals, overdue, max(0, totals["overdue"].courses - len(overdue)), owing(today))
