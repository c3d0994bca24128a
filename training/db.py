"""The one SQLAlchemy object, its declarative Base, the SQLite connection settings, and outages."""

from datetime import UTC, datetime

import click
from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The largest id or version number a row can have: INTEGER columns are 32 bits on PostgreSQL. Larger
# numbers from a URL or a form find nothing (404) instead of overflowing the driver (500).
MAX_ID = 2**31 - 1


class DatabaseUnavailable(click.ClickException):
    """The database cannot be reached: the connection was refused, timed out or dropped.

    A ClickException, so that every `flask` command (Flask-Migrate's `db` too) prints this one line
    and exits 1; pages answer 503 (training/web.py).
    """


def report_unreachable(engine: Engine) -> None:
    """Raise DatabaseUnavailable instead of the driver's error when connecting fails or a connection drops."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        if context.connection is not None and not context.is_disconnect:
            return None
        error = context.original_exception
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return DatabaseUnavailable(f"The database cannot be reached ({reason}). Try again in a few minutes.")


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


def configure_sqlite(engine: Engine) -> None:
    """Turn on WAL and foreign keys, and take the write lock when a transaction begins.

    pysqlite's own transaction handling starts transactions lazily and upgrades the lock on the
    first write, which is where concurrent writers see "database is locked". Starting write
    transactions with BEGIN IMMEDIATE makes writers queue on busy_timeout instead. GET and HEAD
    requests never write, so they begin a plain (deferred) read transaction and never wait for
    writers: WAL lets them read alongside.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        read_only = has_request_context() and request.method in ("GET", "HEAD")
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
