"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL."""

from sqlalchemy import Date, DateTime, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class add_days(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """The calendar date `days` after the timestamp `moment` (UTC)."""

    type = Date()
    inherit_cache = True


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw):
    moment, days = list(element.clauses)
    return f"date({compiler.process(moment, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


@compiles(add_days, "postgresql")
def _add_days_postgresql(element, compiler, **kw):
    moment, days = list(element.clauses)
    return (
        f"(({compiler.process(moment, **kw)} AT TIME ZONE 'UTC')::date"
        f" + CAST({compiler.process(days, **kw)} AS INTEGER))"
    )


class later_of(FunctionElement):  # noqa: N801
    """The later of two timestamps."""

    type = DateTime(timezone=True)
    inherit_cache = True


@compiles(later_of, "sqlite")
def _later_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(later_of, "postgresql")
def _later_postgresql(element, compiler, **kw):
    return f"greatest({compiler.process(element.clauses, **kw)})"


class date_text(FunctionElement):  # noqa: N801
    """A date as ISO text, 'YYYY-MM-DD', written by the database (no date object per row)."""

    type = String()
    inherit_cache = True


@compiles(date_text, "sqlite")
def _date_text_sqlite(element, compiler, **kw):
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"  # SQLite keeps dates as that text


@compiles(date_text, "postgresql")
def _date_text_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


class utc_text(FunctionElement):  # noqa: N801
    """A timestamp in UTC as text, 'YYYY-MM-DD HH:MM:SS', its fraction of a second cut off."""

    type = String()
    inherit_cache = True


@compiles(utc_text, "sqlite")
def _utc_text_sqlite(element, compiler, **kw):
    # Stored in UTC as 'YYYY-MM-DD HH:MM:SS.ffffff'; cut as text, since SQLite's strftime would
    # round to milliseconds first (59.9996 s becomes the next minute).
    return f"replace(substr({compiler.process(element.clauses, **kw)}, 1, 19), 'T', ' ')"


@compiles(utc_text, "postgresql")
def _utc_text_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"


class add_period(FunctionElement):  # noqa: N801
    """The calendar date `months` or `days` after the timestamp `moment` (UTC); NULL when both are.

    A month added to the 31st ends on the last day of a shorter month (as PostgreSQL does it;
    SQLite's own arithmetic would roll over into the next month).
    """

    type = Date()
    inherit_cache = True


@compiles(add_period, "sqlite")
def _add_period_sqlite(element, compiler, **kw):
    moment, months, days = (compiler.process(c, **kw) for c in element.clauses)
    rolled = f"date({moment}, '+' || {months} || ' months')"
    month_end = f"date({moment}, 'start of month', '+' || ({months} + 1) || ' months', '-1 day')"
    return (
        f"(CASE WHEN {months} IS NOT NULL THEN min({rolled}, {month_end})"
        f" ELSE date({moment}, '+' || {days} || ' days') END)"
    )


@compiles(add_period, "postgresql")
def _add_period_postgresql(element, compiler, **kw):
    moment, months, days = (compiler.process(c, **kw) for c in element.clauses)
    day = f"({moment} AT TIME ZONE 'UTC')"
    return (
        f"(CASE WHEN {months} IS NOT NULL"
        f" THEN CAST({day} + make_interval(months => CAST({months} AS INTEGER)) AS DATE)"
        f" ELSE CAST({day} AS DATE) + CAST({days} AS INTEGER) END)"
    )


class days_before(FunctionElement):  # noqa: N801
    """The calendar date `days` before the date `day`."""

    type = Date()
    inherit_cache = True


@compiles(days_before, "sqlite")
def _days_before_sqlite(element, compiler, **kw):
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, '-' || {days} || ' days')"


@compiles(days_before, "postgresql")
def _days_before_postgresql(element, compiler, **kw):
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({day} AS DATE) - CAST({days} AS INTEGER))"


class days_between(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """The number of days from the date `earlier` to the date `later` (negative if it is later)."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(round(julianday({later}) - julianday({earlier})) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"
