"""Capture the SQL statements a piece of work sends, to show what it writes or how often it asks."""

from sqlalchemy import event

from training.db import db


def statements_during(work) -> list[str]:
    """Run `work` and return every statement it sent, except BEGIN (which depends on the caller)."""
    statements: list[str] = []

    def listen(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith("BEGIN"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return statements
