"""How long a course completion stays valid: `recertify_every: 12 months` in a course's front matter.

A period is a whole number of days, weeks, months or years. Weeks are kept as days and years as
months, so the database needs two numbers only; a month added to the 31st ends on the month's last
day (31 January + 1 month = 28 or 29 February), on SQLite and PostgreSQL alike.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MAX_YEARS = 10
_PERIOD = re.compile(r"^\s*(?P<count>\d{1,4})\s+(?P<unit>day|week|month|year)s?\s*$")
_IN_DAYS = {"day": 1, "week": 7}
_IN_MONTHS = {"month": 1, "year": 12}
EXPLAIN = "`recertify_every` must be a number of days, weeks, months or years, like `12 months`"


@dataclass(frozen=True)
class Period:
    """A recertification period: exactly one of `months` and `days` is set."""

    months: int | None = None
    days: int | None = None

    @property
    def text(self) -> str:
        """The period in words, as content files and pages write it."""
        if self.months is not None:
            if self.months % 12 == 0:
                return _plural(self.months // 12, "year")
            return _plural(self.months, "month")
        if self.days % 7 == 0:
            return _plural(self.days // 7, "week")
        return _plural(self.days, "day")

    def after(self, day: date) -> date:
        """The day the period ends when it starts on `day` (the reference the SQL agrees with)."""
        if self.days is not None:
            return date.fromordinal(day.toordinal() + self.days)
        month = day.month - 1 + self.months
        year, month = day.year + month // 12, month % 12 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def parse(value) -> Period:
    """Turn `12 months`, `2 years`, `90 days` or `6 weeks` into a Period; raise ValueError saying why not."""
    match = _PERIOD.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{EXPLAIN}, not {value!r}")
    count, unit = int(match["count"]), match["unit"]
    if count < 1:
        raise ValueError("`recertify_every` must be at least 1 day")
    period = (
        Period(months=count * _IN_MONTHS[unit]) if unit in _IN_MONTHS else Period(days=count * _IN_DAYS[unit])
    )
    if (period.months or 0) > 12 * MAX_YEARS or (period.days or 0) > 366 * MAX_YEARS:
        raise ValueError(f"`recertify_every` must be at most {MAX_YEARS} years, not {value!r}")
    return period


def of(months: int | None, days: int | None) -> Period | None:
    """The period stored as two numbers (both None: the course never expires)."""
    if months is None and days is None:
        return None
    return Period(months=months) if months is not None else Period(days=days)
