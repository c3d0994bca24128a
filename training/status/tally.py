"""Everyone's statuses counted for HR's dashboard, in one statement over the status rows.

The dashboard shows two things from the same rows: people per department, course and status, and
how many people are complete on every course assigned to them (its headline, and the trend's current
week; past weeks come from training/status/as_of.py). Both come from one pass over the status query
(training/status/query.py), materialised once, so the statuses are worked out once per request
however many figures are drawn from them.

Counting everyone takes most of a second at 50,000 people, so the counts are kept on the app, per
choice of filters and day, under the status stamp they were read with (training/status/stamp.py):
a view asks for the stamp, one row, and counts again only when something the statuses rest on
changed since, or the day did.
"""

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from sqlalchemy import String, case, func, literal, select, union_all

from training.db import db, utcnow
from training.status import stamp
from training.status.query import status_query

KEPT = 64  # choices of filters kept per app


@dataclass(frozen=True)
class Tally:
    """The counts behind the dashboard."""

    # (department, course_id, status, people), in no particular order
    counts: tuple[tuple[str, str, str, int], ...]
    # {fully trained: people}, of the people with at least one course assigned
    people: MappingProxyType[bool, int]

    @property
    def trained(self) -> int:
        return self.people.get(True, 0)

    @property
    def assigned(self) -> int:
        return sum(self.people.values())

    def rows(self, department: str | None, course: str | None, status: str | None) -> int:
        """How many person-course rows there are in this department, course and status (None: any)."""
        return sum(
            n
            for dept, course_id, state, n in self.counts
            if (department is None or dept == department)
            and (course is None or course_id == course)
            and (status is None or state == status)
        )


def tally(department: str | None = None, course: str | None = None, today: date | None = None) -> Tally:
    """Count people by department, course and status, and the fully trained people, at once.

    `department` and `course` narrow the rows counted. Counts kept since the last change are
    returned as they are: one statement, for the stamp.
    """
    today = today if today is not None else utcnow().date()
    return stamp.keep("tally", (department, course, today), KEPT, lambda: _count(department, course, today))


def kept(department: str | None = None, course: str | None = None) -> Tally | None:
    """Return today's counts if they are kept and current (one statement, for the stamp), else None."""
    return stamp.recall("tally", (department, course, utcnow().date()))


def _count(department: str | None, course: str | None, today: date) -> Tally:
    rows = status_query(today)
    narrowed = select(rows.c.user_id, rows.c.department, rows.c.course_id, rows.c.status)
    if department is not None:
        narrowed = narrowed.where(rows.c.department == department)
    if course is not None:
        narrowed = narrowed.where(rows.c.course_id == course)
    # Materialised: both groupings below read the statuses instead of working them out again.
    statuses = narrowed.cte("statuses").prefix_with("MATERIALIZED")
    keys = (statuses.c.department, statuses.c.course_id, statuses.c.status)
    counts = select(literal("count", String).label("kind"), *keys, func.count()).group_by(*keys)
    person = select(func.min(case((statuses.c.status == "completed", 1), else_=0)).label("done"))
    people = person.group_by(statuses.c.user_id).subquery("people")
    done = case((people.c.done == 1, literal("completed", String)), else_=literal("", String))
    by_done = select(
        literal("person", String), literal("", String), literal("", String), done, func.count()
    ).group_by(people.c.done)
    found, people = [], {}
    for kind, dept, course_id, status, n in db.session.execute(union_all(counts, by_done)):
        if kind == "count":
            found.append((dept, course_id, status, n))
        else:
            people[status == "completed"] = n
    return Tally(tuple(found), MappingProxyType(people))
