"""The dashboard's headline and trend: people complete and current on every course assigned to them.

The headline is today's count, read off the dashboard's tally (training/status/tally.py). The trend
gives, for each of the last weeks, the status as it stood at the end of that week (the Monday 00:00
UTC after it; for the current week, now): of the people assigned a course then, how many were
complete and current on every course assigned to them then (training/status/as_of.py says exactly
what counts). So a material change published in a week shows as a drop in that week's point.

The current week is today's headline, counted live. A week that has ended does not change (the
evidence is append-only and stamped with the time it was made), so its figures are counted the first
time they are needed and kept in `trend_week` per week and filters; later views read them back.
Counting a week costs about what the dashboard's own tally does (seconds at 50,000 people), so a view
counts the missing weeks one at a time, newest first, and starts no further one once
TREND_COUNT_SECONDS have gone: after an upgrade the oldest weeks show as not counted yet, and the
next views count them. A kept week keeps the people as they were when it was counted:
someone deactivated or moved to another department since still counts there as they did then.
"""

import math
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from training.db import db, utcnow
from training.models import TrendWeek
from training.status import as_of, tally

WEEKS = 12


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    trained: int  # complete and current on every course assigned to them at the end of the week
    assigned: int  # people with at least one course assigned at the end of the week
    change: int | None  # trained, less the week before's (negative when people fell behind); None: unknown
    counted: bool = True  # False for a past week not counted yet (see TREND_COUNT_SECONDS)

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


def headline(department: str | None = None, course: str | None = None) -> Headline:
    """Count who is fully trained now, and at the end of each of the last weeks."""
    return from_tally(tally.tally(department, course), department, course)


def from_tally(counted: tally.Tally, department: str | None = None, course: str | None = None) -> Headline:
    """The headline from today's tally (narrowed by `department` and `course`), and its weeks.

    The weeks before this one come from the kept figures, counted first where missing; the week
    before the first is read too, for the first week's change.
    """
    starts = week_starts(utcnow().date(), WEEKS + 1)
    budget = float(current_app.config.get("TREND_COUNT_SECONDS", 3))
    closed = closed_weeks(starts[:-1], department, course, budget)
    points = [*(closed.get(start) for start in starts[:-1]), (counted.trained, counted.assigned)]
    weeks = []
    for n, start in enumerate(starts[1:]):
        point, before = points[n + 1], points[n]
        if point is None:
            weeks.append(Week(start, 0, 0, None, counted=False))
            continue
        change = point[0] - before[0] if before is not None else None
        weeks.append(Week(start, point[0], point[1], change))
    return Headline(counted.trained, counted.assigned, weeks)


def closed_weeks(
    starts: list[date], department: str | None, course: str | None, budget: float = math.inf
) -> dict[date, tuple]:
    """{week start: (trained, assigned)} for weeks that have ended, kept or counted now and kept.

    Missing weeks are counted one at a time, newest first, each kept as soon as it is counted, and
    none is started once `budget` seconds have gone (at least one always is), so the dict may lack
    the oldest ones.
    """
    key = {"department": department or "", "course": course or ""}
    kept = select(TrendWeek.week_start, TrendWeek.trained, TrendWeek.assigned).where(
        TrendWeek.department == key["department"], TrendWeek.course == key["course"],
        TrendWeek.week_start.in_(starts),
    )  # fmt: skip
    found = {start: (trained, assigned) for start, trained, assigned in db.session.execute(kept)}
    missing = [start for start in starts if start not in found]
    if not missing:
        return found
    began = clock.monotonic()
    for start in reversed(missing):
        (found[start],) = as_of.counts([week_end(start)], department or None, course or None)
        _keep({"week_start": start, **key, "trained": found[start][0], "assigned": found[start][1]})
        if clock.monotonic() - began >= budget:
            break
    return found


def week_end(start: date) -> datetime:
    """The moment a week ends: the Monday after it, 00:00 UTC."""
    return datetime.combine(start + timedelta(weeks=1), time(), tzinfo=UTC)


def _keep(row: dict) -> None:
    """Keep a counted week; a concurrent view that kept it first wins, with the same figures."""
    insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(TrendWeek)
    db.session.execute(insert.on_conflict_do_nothing(), {**row, "computed_at": utcnow()})
    db.session.commit()
