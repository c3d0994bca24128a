"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL."""

from sqlalchemy import Date, DateTime
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
