"""The one SQLAlchemy object, its declarative Base, the SQLite connection settings, and outages."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import click
from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Engine, Result
from sqlalchemy.exc import SQLAlchemyError
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


def read(statement, params: dict | None = None) -> Result:
    """Run a query of plain columns (no ORM entities) on the session's connection; return its rows.

    The session's own execute adds its ORM layer even where no entity is loaded: in a page, where
    little of SQLAlchemy is still in the CPU's caches, that layer cost as much again as the query
    through Core (a learner's page asks three or four such queries). Pending changes are flushed
    first, as the session's execute would flush them (not inside `no_autoflush`).
    """
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


def utcnow() -> datetime:
    return datetime.now(UTC)


def configure_sqlite(engine: Engine) -> None:
    """Turn on WAL and foreign keys, and take the write lock when a transaction begins.

    pysqlite's own transaction handling starts transactions lazily and upgrades the lock on the
    first write, which is where concurrent writers see "database is locked". Starting write
    transactions with BEGIN IMMEDIATE makes writers queue on busy_timeout instead. GET and HEAD
    requests never write, and neither does a command's `read_snapshot()`, so they begin a plain
    (deferred) read transaction: WAL lets them read alongside writers, neither waiting for the other.
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
        read_only = connection.get_execution_options().get("read_only") or (
            has_request_context() and request.method in ("GET", "HEAD")
        )
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def keep_prepared_statements(app: Flask, engine: Engine) -> None:
    """End a request's transaction that only read with COMMIT, not ROLLBACK (PostgreSQL).

    psycopg prepares a statement on the server once a connection has run it five times, so that
    PostgreSQL no longer plans it each time (over a millisecond for the status query, which every
    learner's page runs). But it forgets every prepared statement on ROLLBACK, and the session ends
    each request with one, so none ever lived past a request. For a transaction that only read,
    COMMIT ends it just the same. A transaction that wrote anything not committed, or a request
    that failed, still ends with a rollback.
    """

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.info["wrote"] = False

    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip()[:6].upper() != "SELECT":
            connection.info["wrote"] = True

    @app.teardown_request
    def _end_reads_with_commit(error):
        session = db.session()
        pending = session.new or session.dirty or session.deleted
        if error is not None or pending or not session.in_transaction():
            return
        # The connection the session's transaction holds, if it has one: asking the session for it
        # would connect, and a page that answered 503 for want of a database would try once more.
        connection = session.info.get("connection")
        if connection is None or connection.closed or connection.info.get("wrote", True):
            return
        # Nothing was written, so nothing the session holds is out of date: left as they are, as a
        # rollback at the session's end leaves them, for a streamed response still reading them.
        expire, session.expire_on_commit = session.expire_on_commit, False
        try:
            session.commit()
        except SQLAlchemyError:
            pass  # the session's removal rolls back, as without this
        finally:
            session.expire_on_commit = expire


@event.listens_for(FlaskSession, "after_begin")
def _remember_connection(session, _transaction, connection) -> None:
    """Keep the connection a session's transaction began on (see keep_prepared_statements)."""
    session.info["connection"] = connection


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Make the queries inside read one moment of the database, while others go on writing.

    An export runs many queries; unless they all see the same moment, a file's totals disagree
    with its rows. The session's transaction is ended (an export writes nothing) and the next one
    reads one snapshot, from its first query to the end of the block: on PostgreSQL REPEATABLE READ
    and READ ONLY (its default, READ COMMITTED, takes a snapshot per statement); on SQLite a deferred
    BEGIN, which in WAL mode is a snapshot and, unlike the BEGIN IMMEDIATE that commands start with,
    does not hold writers back while a long export runs. The snapshot ends with the block.
    """
    db.session.rollback()
    if db.session.get_bind().dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    else:
        options = {"read_only": True}
    db.session.connection(execution_options=options)
    try:
        yield
    finally:
        db.session.rollback()
