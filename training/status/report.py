"""Completion report: one row per person and assigned course (columns in PRODUCT.md)."""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from training.db import db
from training.models import Completion
from training.status import query as status_query

COLUMNS = ["email", "name", "department", "course", "status", "due_date", "completed_at", "stale_items"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class PeopleFilter:
    """What HR narrowed the people table to; every field optional."""

    department: str | None = None
    course: str | None = None
    status: str | None = None
    search: str | None = None  # part of a name or email address
    sort: str = "email"  # one of SORTS
    descending: bool = False


SORTS = ("email", "name", "department", "course", "status", "due_date", "completed_at")
# Sorting by status puts the states that need HR most first.
URGENCY = ("overdue", "expired", "outdated", "not_started", "in_progress", "completed")


def filtered_query(filters: PeopleFilter = PeopleFilter()):
    """The status query narrowed and ordered as `filters` say; the rows of the people table."""
    rows = status_query.status_query()
    query = select(rows)
    if filters.department:
        query = query.where(rows.c.department == filters.department)
    if filters.course:
        query = query.where(rows.c.course_id == filters.course)
    if filters.status:
        query = query.where(rows.c.status == filters.status)
    if filters.search:
        query = query.where(name_or_email_contains(rows, filters.search))
    if filters.sort == "status":  # the most urgent first, not the alphabet's order
        column = case({s: n for n, s in enumerate(URGENCY)}, value=rows.c.status, else_=len(URGENCY))
    else:
        column = rows.c[
            "course_id" if filters.sort == "course" else filters.sort if filters.sort in SORTS else "email"
        ]
    order = column.desc() if filters.descending else column.asc()
    return query.order_by(order, rows.c.email, rows.c.course_id)


def name_or_email_contains(rows, search: str):
    """Rows whose name or email address contains `search`, ignoring case."""
    # autoescape: a `%` or `_` typed in the search matches itself, not any text.
    text = search.strip().lower()
    in_name = func.lower(rows.c.name).contains(text, autoescape=True)
    return in_name | rows.c.email.contains(text, autoescape=True)


def count(filters: PeopleFilter = PeopleFilter()) -> int:
    query = filtered_query(filters).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def completion_rows(
    filters: PeopleFilter = PeopleFilter(), offset: int = 0, limit: int | None = None
) -> Iterator[dict]:
    """Yield report rows (PRODUCT.md columns plus `user_id`), streamed in chunks from one query."""
    states = status_query.course_states()
    query = filtered_query(filters).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    result = db.session.execute(query.execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        done = done_items(states, [(r.user_id, r.course_id) for r in chunk if _may_have_stale(r)])
        for row in chunk:
            yield _as_dict(row, states[row.course_id], done)


CHUNK = 2000


def _may_have_stale(row) -> bool:
    return row.has_stale or row.status in ("in_progress", "overdue")


def _as_dict(row, state, done) -> dict:
    stale = stale_items(row, state, done.get((row.user_id, row.course_id)))
    return {
        "email": row.email, "name": row.name, "department": row.department, "course": row.course_id,
        "status": row.status, "due_date": row.due_date.isoformat(),
        "completed_at": row.completed_at.isoformat(timespec="seconds") if row.completed_at else "",
        "stale_items": stale, "user_id": row.user_id,
        "extended": row.extension_due is not None and row.due_date == row.extension_due,
    }  # fmt: skip


def stale_items(row, state, done: "Done | None") -> list[str]:
    """Return the items to redo: for people who had completed the course, every item not valid
    now (added items too); for the others, the items they did whose completion went stale."""
    if done is None or state.fingerprint is None:
        return []
    items = state.version.items
    if row.has_stale:
        return [i for i in items if i not in done.valid]
    return [i for i in items if i in done.against and i not in done.valid]


@dataclass
class Done:
    """What one person did on one course: the items valid now, and each item's completion fingerprints."""

    valid: set[str] = field(default_factory=set)
    against: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def done_items(states, pairs: list[tuple[int, str]]) -> dict[tuple[int, str], Done]:
    """Return {(person, course): what they did} for these pairs, in one query."""
    result: dict[tuple[int, str], Done] = defaultdict(Done)
    if not pairs:
        return result
    wanted = set(pairs)
    rows = db.session.execute(
        select(Completion.user_id, Completion.item_id, Completion.fingerprint).where(
            Completion.user_id.in_({user for user, _ in pairs})
        )
    )
    course_of_item = {i: cid for cid, st in states.items() for i in st.version.items}
    for user_id, item_id, print_ in rows:
        course_id = course_of_item.get(item_id)
        state = states.get(course_id)
        if (user_id, course_id) not in wanted or not state or not state.fingerprint:
            continue
        done = result[(user_id, course_id)]
        done.against[item_id].add(print_)
        if state.fingerprint.items.get(item_id) == print_:
            done.valid.add(item_id)
    return result


def spreadsheet_safe(value) -> str:
    """Neutralise text a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_csv(rows: Iterator[dict]) -> Iterator[str]:
    """Yield CSV text, a header and then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # csv quotes the line terminator "\n" but not a lone "\r", which readers take as a line break.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for row in rows:
        cells = dict(row, stale_items=";".join(row["stale_items"]))
        values = [spreadsheet_safe(cells[c]) for c in COLUMNS]
        (quoted if any("\r" in v for v in values) else writer).writerow(values)
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def as_json(rows: Iterator[dict]) -> Iterator[str]:
    """Yield a JSON array of row objects, streamed."""
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False)
    yield "\n]\n"
