"""Everyone's statuses counted for HR's dashboard, in one statement over the status rows.

The dashboard shows two things from the same rows: people per department, course and status, and
how many people are complete on every course assigned to them (and since when). Both come from
one pass over the status query (training/status/query.py), materialised once, so the statuses
are worked out once per request however many figures are drawn from them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, String, case, cast, func, literal, null, select, union_all

from training.db import UTCDateTime, db
from training.status.query import status_query


@dataclass(frozen=True)
class Tally:
    """The counts behind the dashboard."""

    # (department, course_id, status, people), in no particular order
    counts: list[tuple[str, str, str, int]]
    # {(fully trained, week): people}: `week` is the first bound their last completion that counts
    # today falls before, len(bounds) when none does (or they have no completion time)
    people: dict[tuple[bool, int], int]

    def trained_before(self, week: int) -> int:
        """Return how many people were fully trained before bound number `week`."""
        return sum(n for (done, at), n in self.people.items() if done and at <= week)

    @property
    def trained(self) -> int:
        return sum(n for (done, _), n in self.people.items() if done)

    @property
    def assigned(self) -> int:
        return sum(self.people.values())


def tally(
    department: str | None = None,
    course: str | None = None,
    bounds: Sequence[datetime] = (),
    today: date | None = None,
) -> Tally:
    """Count people by department, course and status, and fully trained people by week, at once.

    `department` and `course` narrow the rows counted; `bounds` are ascending moments (UTC) that
    split the fully trained people by when they finished.
    """
    rows = status_query(today)
    narrowed = select(rows.c.user_id, rows.c.department, rows.c.course_id, rows.c.status, rows.c.completed_at)
    if department is not None:
        narrowed = narrowed.where(rows.c.department == department)
    if course is not None:
        narrowed = narrowed.where(rows.c.course_id == course)
    # Materialised: both groupings below read the statuses instead of working them out again.
    statuses = narrowed.cte("statuses").prefix_with("MATERIALIZED")
    keys = (statuses.c.department, statuses.c.course_id, statuses.c.status)
    counts = select(
        literal("count", String).label("kind"), *keys, cast(null(), Integer), func.count()
    ).group_by(*keys)
    person = select(
        func.min(case((statuses.c.status == "completed", 1), else_=0)).label("done"),
        func.max(statuses.c.completed_at).label("done_at"),
    ).group_by(statuses.c.user_id)
    people = person.subquery("people")
    # Only the fully trained are dated (the others count as assigned whatever their week).
    week = case((people.c.done == 1, _week(people.c.done_at, bounds, 0, len(bounds))), else_=len(bounds))
    weeks = select(people.c.done, (week if bounds else literal(0, Integer)).label("week")).subquery("weeks")
    done = case((weeks.c.done == 1, literal("completed", String)), else_=literal("", String))
    by_week = select(
        literal("person", String), literal("", String), literal("", String), done, weeks.c.week, func.count()
    ).group_by(weeks.c.done, weeks.c.week)
    result = Tally([], {})
    for kind, dept, course_id, status, at, n in db.session.execute(union_all(counts, by_week)):
        if kind == "count":
            result.counts.append((dept, course_id, status, n))
        else:
            result.people[(status == "completed", at)] = n
    return result


def _week(done_at, bounds: Sequence[datetime], low: int, high: int):
    """The first bound number in [low, high) that `done_at` falls before, else `high`.

    A binary search written as nested CASEs: a few comparisons per person, not one per week.
    """
    if low == high:
        return literal(low, Integer)
    middle = (low + high) // 2
    return case(
        (done_at < _moment(bounds[middle]), _week(done_at, bounds, low, middle)),
        else_=_week(done_at, bounds, middle + 1, high),
    )


def _moment(at: datetime):
    return literal(at, UTCDateTime())
