"""The dashboard's headline and trend: people complete and current on every course assigned to them.

Both come from the status query (training/status/query.py), counted in the database: the headline
is today's count, and the trend says, week by week, how many of the people assigned now had
finished by then, dated by the last of their course completions that still count today.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, func, literal, select

from training.db import UTCDateTime, db
from training.status import query as status_query

WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    new: int  # people who became fully trained that week
    trained: int  # fully trained by the end of the week
    assigned: int  # people assigned a course now

    @property
    def percent(self) -> int:
        return share(self.trained, self.assigned)


@dataclass(frozen=True)
class Headline:
    trained: int  # complete and current on every assigned course
    assigned: int  # active people with at least one assigned course
    weeks: list[Week]  # oldest first, the current week last

    @property
    def percent(self) -> int:
        return share(self.trained, self.assigned)


def share(part: int, whole: int) -> int:
    """A whole percentage that says 0% and 100% only when it is nobody or everybody."""
    if not whole or part in (0, whole):
        return 100 if part and part == whole else 0
    return min(99, max(1, round(100 * part / whole)))


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last `weeks` weeks, this week's last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def headline(department: str | None = None, course: str | None = None, today: date | None = None) -> Headline:
    """Count who is fully trained now, and by the end of each of the last weeks, in one query."""
    starts = week_starts(today or datetime.now(UTC).date())
    rows = status_query.status_query(today)
    per_person = select(
        rows.c.user_id,
        func.min(case((rows.c.status == "completed", 1), else_=0)).label("done"),
        func.max(rows.c.completed_at).label("done_at"),
    ).group_by(rows.c.user_id)
    if department is not None:
        per_person = per_person.where(rows.c.department == department)
    if course is not None:
        per_person = per_person.where(rows.c.course_id == course)
    # Materialised once, as status_counts does: SQLite would otherwise work each status out again.
    people = per_person.cte("people").prefix_with("MATERIALIZED")
    # Fully trained before each week's Monday, and before the Monday after the last one.
    bounds = [_midnight(start) for start in starts] + [_midnight(starts[-1] + timedelta(weeks=1))]
    by_bound = [
        func.coalesce(func.sum(case((and_(people.c.done == 1, people.c.done_at < bound), 1), else_=0)), 0)
        for bound in bounds
    ]
    total, trained, *before = db.session.execute(
        select(func.count(), func.coalesce(func.sum(people.c.done), 0), *by_bound)
    ).one()
    # Someone fully trained whose courses show no completion time counts in the current week.
    before[-1] = trained
    weeks = [Week(start, before[n + 1] - before[n], before[n + 1], total) for n, start in enumerate(starts)]
    return Headline(trained, total, weeks)


def _midnight(day: date):
    return literal(datetime.combine(day, time(), tzinfo=UTC), UTCDateTime())
