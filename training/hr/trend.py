"""The dashboard's headline and trend: people complete and current on every course assigned to them.

Both are read off the dashboard's tally (training/status/tally.py), counted in the database: the
headline is today's count, and the trend says, week by week, how many of the people assigned now had
finished by then, dated by the last of their course completions that still count today.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from training.status import tally

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
    """Count who is fully trained now, and by the end of each of the last weeks."""
    starts = week_starts(today or datetime.now(UTC).date())
    return from_tally(starts, tally.tally(department, course, bounds(starts), today))


def bounds(starts: list[date]) -> list[datetime]:
    """Each week's Monday at midnight (UTC), and the Monday after the last one."""
    return [datetime.combine(day, time(), tzinfo=UTC) for day in [*starts, starts[-1] + timedelta(weeks=1)]]


def from_tally(starts: list[date], counted: tally.Tally) -> Headline:
    """Read the headline and the weeks starting on `starts` off a tally counted with their bounds."""
    trained, total = counted.trained, counted.assigned
    # Fully trained before each week's Monday, and before the Monday after the last one.
    before = [counted.trained_before(n) for n in range(len(starts) + 1)]
    # Someone fully trained whose courses show no completion time counts in the current week.
    before[-1] = trained
    weeks = [Week(start, before[n + 1] - before[n], before[n + 1], total) for n, start in enumerate(starts)]
    return Headline(trained, total, weeks)
