"""Completion report: one row per person and assigned course (columns in PRODUCT.md)."""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select

from training.db import db
from training.models import Completion, CourseProgress
from training.services import progress

COLUMNS = ["email", "name", "department", "course", "status", "due_date", "completed_at", "stale_items"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def completion_rows() -> Iterator[dict]:
    """Yield the report rows, ordered by email then course, streamed from one query."""
    states = progress.course_states()
    if not states:
        return
    report = progress.status_query(states)
    query = select(report).order_by(report.c.email, report.c.course_id)
    valid = _valid_items_of_stale_people(states)
    for row in db.session.execute(query.execution_options(yield_per=2000)):
        state = states[row.course_id]
        stale = []
        if row.has_stale and state.fingerprint:
            done = valid.get((row.user_id, row.course_id), set())
            stale = [i for i in state.version.items if i not in done]
        due = state.fingerprint.stale_due if stale and state.fingerprint.stale_due else None
        due = due or progress.due_date(row.user_created, state)
        yield {
            "email": row.email, "name": row.name, "department": row.department,
            "course": row.course_id, "status": row.status, "due_date": due.isoformat(),
            "completed_at": row.completed_at.isoformat(timespec="seconds") if row.completed_at else "",
            "stale_items": stale,
        }  # fmt: skip


def _valid_items_of_stale_people(states) -> dict[tuple[int, str], set[str]]:
    """Return {(person, course): items valid now} for people whose course progress is stale."""
    result: dict[tuple[int, str], set[str]] = defaultdict(set)
    for state in states.values():
        if state.fingerprint is None:
            continue
        current = state.fingerprint
        stale_people = select(CourseProgress.user_id).where(
            CourseProgress.course_id == state.id,
            CourseProgress.fingerprint.is_not(None),
            CourseProgress.fingerprint != current.fingerprint,
        )
        rows = db.session.execute(
            select(Completion.user_id, Completion.item_id, Completion.fingerprint).where(
                Completion.user_id.in_(stale_people), Completion.item_id.in_(list(current.items))
            )
        )
        for user_id, item_id, print_ in rows:
            if current.items.get(item_id) == print_:
                result[(user_id, state.id)].add(item_id)
    return result


def spreadsheet_safe(value) -> str:
    """Neutralise text a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_csv(rows: Iterator[dict]) -> Iterator[str]:
    """Yield CSV text, a header and then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = dict(row, stale_items=";".join(row["stale_items"]))
        writer.writerow([spreadsheet_safe(cells[c]) for c in COLUMNS])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def as_json(rows: Iterator[dict]) -> Iterator[str]:
    """Yield a JSON array of row objects, streamed."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
