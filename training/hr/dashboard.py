"""HR's completion dashboard: people by status, per course and department, counted in SQL."""

from dataclasses import dataclass, field

from sqlalchemy import select

from training.content import versions
from training.db import db
from training.hr import trend
from training.models import CourseVersion, User
from training.status import query as status_query
from training.status import tally

STATUSES = status_query.STATUSES
# The order of a bar's segments: done first, then the states that need HR's attention last.
BAR_ORDER = ("completed", "in_progress", "not_started", "outdated", "overdue", "expired")


@dataclass(frozen=True)
class Segment:
    """One status's share of a bar; `start` and `width` are fractions of the whole bar."""

    status: str
    count: int
    percent: int
    start: float
    width: float


@dataclass
class Bar:
    """People of one department (or of all departments) on one course, by status."""

    department: str  # "" for people without a department
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def percent(self, status: str) -> int:
        """The status's whole-percent share; 0% and 100% only when it is nobody or everybody.

        Each share is rounded on its own, so a bar's shares may add up to 99 or 101.
        """
        part, whole = self.count(status), self.total
        if part in (0, whole):
            return 100 if part and whole else 0
        return min(99, max(1, int(100 * part / whole + 0.5)))

    @property
    def segments(self) -> list[Segment]:
        start, result = 0.0, []
        for status in BAR_ORDER:
            if self.count(status):
                width = self.count(status) / self.total
                result.append(Segment(status, self.count(status), self.percent(status), start, width))
                start += width
        return result


@dataclass
class CourseChart:
    course_id: str
    title: str
    overall: Bar  # every department together
    departments: list[Bar]


def course_titles() -> dict[str, str]:
    """Return {course id: title} of every published course, by title."""
    courses = versions.current_all(CourseVersion)
    return dict(sorted(((cid, v.title) for cid, v in courses.items()), key=lambda kv: kv[1].lower()))


def departments() -> list[str]:
    """Return the departments that active people belong to, by name."""
    query = (
        select(User.department)
        .where(User.active.is_(True), User.department != "")
        .distinct()
        .order_by(User.department)
    )
    return list(db.session.scalars(query))


def overview(department: str | None = None, course: str | None = None, status: str | None = None):
    """Return the dashboard's charts and its headline, counted together in one statement.

    The trend's past weeks are read from the kept figures (counted the first time they are needed).
    """
    counted = tally.tally(department or None, course or None)
    return arrange(counted.counts, status), trend.from_tally(counted, department or None, course or None)


def charts(department: str | None = None, course: str | None = None, status: str | None = None):
    """Return a CourseChart per course with assigned people, narrowed by the filters."""
    return arrange(tally.tally(department or None, course or None).counts, status)


def arrange(counts, status: str | None = None) -> list[CourseChart]:
    """Arrange (department, course, status, people) counts into a CourseChart per course.

    With a status, only departments that have someone in that status are kept, those with the
    largest share first (then the most people).
    """
    titles = course_titles()
    bars: dict[str, dict[str, Bar]] = {}
    for dept, course_id, row_status, people in counts:
        bar = bars.setdefault(course_id, {}).setdefault(dept, Bar(dept))
        bar.counts[row_status] = people
    result = []
    for course_id in sorted(bars, key=lambda c: (titles.get(c, c).lower(), c)):
        rows = list(bars[course_id].values())
        overall = Bar("", _sum_counts(rows))
        if status:
            rows = sorted((b for b in rows if b.count(status)), key=lambda b: _share_first(b, status))
        else:
            rows.sort(key=lambda b: b.department.lower())
        if rows:
            result.append(CourseChart(course_id, titles.get(course_id, course_id), overall, rows))
    return result


def _share_first(bar: Bar, status: str):
    return (-bar.count(status) / bar.total, -bar.count(status), bar.department)


def _sum_counts(bars: list[Bar]) -> dict[str, int]:
    total: dict[str, int] = {}
    for bar in bars:
        for status, people in bar.counts.items():
            total[status] = total.get(status, 0) + people
    return total
