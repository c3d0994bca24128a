"""Capture the SQL statements a piece of work sends, to show what it writes or how often it asks,
and the database's plan for one."""

import re

from sqlalchemy import event

from training.db import db


def sent_during(work) -> list[tuple[str, object]]:
    """Run `work` and return (statement, parameters) of every statement it sent."""
    sent: list[tuple[str, object]] = []

    def listen(conn, cursor, statement, parameters, *args):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return sent


def statements_during(work) -> list[str]:
    """Run `work` and return every statement it sent, except BEGIN (which depends on the caller)."""
    return [s for s, _ in sent_during(work) if not s.lstrip().upper().startswith("BEGIN")]


def matching_during(work, pattern: str) -> list[tuple[str, object]]:
    """Run `work` and return (statement, parameters) of each statement it sent that `pattern` finds."""
    return [(s, p) for s, p in sent_during(work) if re.search(pattern, s)]


def plan(statement: str, parameters, forbid_reading_all: bool = True) -> str:
    """The database's plan for the statement, as one text."""
    conn = db.session.connection()  # SQLite: the session's transaction holds the write lock
    try:
        if conn.dialect.name == "postgresql":
            if forbid_reading_all:
                # A test table is tiny, where reading it whole is cheapest; forbid that so the plan says
                # whether an index can serve the query at all (at 50,000 people it is chosen anyway).
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        else:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    finally:
        db.session.rollback()
    return "\n".join(str(row[-1]) for row in rows)
