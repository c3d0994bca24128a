"""Completion report: one row per person and assigned course (columns in PRODUCT.md)."""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Integer, case, func, literal, select, type_coerce

from training.db import db
from training.models import Completion
from training.status import query as status_query
from training.status import sqldates, tally

COLUMNS = ["email", "name", "department", "course", "status", "due_date", "completed_at", "stale_items"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)  # `text[:1] in FORMULA_FIRST`: the test of spreadsheet_safe
# Starts the CSV downloads people open in a spreadsheet, so Excel reads them as UTF-8 ("María", not
# "MarÃ­a"); the machine-readable completion report (`as_csv`, the CLI and the API) has none.
BOM = "\ufeff"


@dataclass(frozen=True)
class PeopleFilter:
    """What HR narrowed the people table to; every field optional."""

    department: str | None = None
    course: str | None = None
    status: str | None = None
    search: str | None = None  # part of a name or email address
    sort: str = "email"  # one of SORTS
    descending: bool = False

    @property
    def narrows(self) -> bool:
        """True when a filter leaves out some rows (sorting leaves them all)."""
        return bool(self.department or self.course or self.status or self.search)


SORTS = ("email", "name", "department", "course", "status", "due_date", "completed_at")
# Sorting by status puts the states that need HR most first.
URGENCY = ("overdue", "expired", "outdated", "not_started", "in_progress", "completed")


def filtered_query(filters: PeopleFilter = PeopleFilter()):
    """The status query narrowed and ordered as `filters` say; the rows of the people table."""
    rows = status_query.status_query()
    return narrowed(select(rows), rows, filters)


def narrowed(query, rows, filters: PeopleFilter):
    """Return `query` (selecting from the status rows `rows`) narrowed and ordered as `filters` say."""
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
    """How many rows the people table has with these filters.

    Without a search this is the dashboard's counts added up (training/status/tally.py): read as
    they are kept when they are current, one statement; for everyone, counted and kept when they are
    not, which costs what counting the rows does. Only a search, or a filter without kept counts,
    counts the rows themselves.
    """
    if not filters.search:
        counted = tally.kept() if filters.narrows else tally.tally()
        if counted is not None:
            return counted.rows(filters.department or None, filters.course or None, filters.status or None)
    query = filtered_query(filters).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def completion_rows(
    filters: PeopleFilter = PeopleFilter(), offset: int = 0, limit: int | None = None
) -> Iterator[dict]:
    """Yield report rows (PRODUCT.md columns plus `user_id` and `extended`), streamed from one query."""
    for line in lines(filters, offset, limit):
        yield {
            "email": line.email, "name": line.name, "department": line.department, "course": line.course,
            "status": line.status, "due_date": line.due_date,
            "completed_at": f"{line.completed[:10]}T{line.completed[11:]}+00:00" if line.completed else "",
            "stale_items": list(line.stale), "user_id": line.user_id,
            "extended": line.extension_due is not None and line.due_date == line.extension_due,
        }  # fmt: skip


class Line(NamedTuple):
    """One report row as the database wrote it: dates as ISO text, the time in UTC to the second."""

    user_id: int
    email: str
    name: str
    department: str
    course: str
    status: str
    due_date: str  # YYYY-MM-DD
    extension_due: str | None  # YYYY-MM-DD
    completed: str | None  # YYYY-MM-DD HH:MM:SS, UTC
    stale: tuple[str, ...]  # the items to redo, in course order


def lines(
    filters: PeopleFilter = PeopleFilter(), offset: int = 0, limit: int | None = None
) -> Iterator[Line]:
    """Yield the report's rows from one statement, streamed, whatever their number."""
    for chunk in line_chunks(filters, offset, limit):
        yield from chunk


def line_chunks(
    filters: PeopleFilter = PeopleFilter(), offset: int = 0, limit: int | None = None
) -> Iterator[list[Line]]:
    """Yield the report's rows in lists of up to CHUNK, read from one statement as they are needed.

    The database writes dates and times as text and, joined once, each person's completions of
    the courses' current items; Python picks a row's stale items out of that list once for each
    different list (no query per chunk of rows). Rows are read through the connection: no ORM.
    """
    rows = StatusRows(filters, offset, limit)
    columns = rows.columns.c
    chunks = rows.chunks(
        columns.user_id, columns.email, columns.name, columns.department, columns.course_id, columns.status,
        sqldates.date_text(columns.due_date), sqldates.date_text(columns.extension_due),
        sqldates.utc_text(columns.completed_at),
    )  # fmt: skip
    stale = rows.stale
    for chunk in chunks:
        yield [Line(*r[:9], stale[r[4], r[5], r[9], r[10]]) for r in chunk]  # type: ignore[call-arg]


class StatusRows:
    """The report's rows as the database writes them, columns of the caller's choosing, streamed.

    `chunks(*columns)` yields lists of rows: the columns asked for (of `columns`, the status rows),
    then whether the person had completed the course (`has_stale`) and their completions of the
    courses' current items (`done_items`); `stale[course, status, has_stale, done_items]` is the
    tuple of items to redo, worked out once for each different key.
    """

    def __init__(self, filters: PeopleFilter, offset: int = 0, limit: int | None = None) -> None:
        self.states = status_query.course_states()
        self.columns = status_query.status_query()
        self.stale = _StaleItems(self.states)
        self.filters, self.offset, self.limit = filters, offset, limit

    def chunks(self, *columns, chunk: int | None = None) -> Iterator[list]:
        rows = self.columns
        query = select(*columns, type_coerce(rows.c.has_stale, Integer))
        if self.limit is None and not self.filters.narrows:
            # Every row: one pass over everyone's completions, grouped by person, joined once.
            done = _done_by_person(self.states)
            query = query.add_columns(done.c.done_items).outerjoin(done, done.c.user_id == rows.c.user_id)
        else:
            # A page or a part: each row's completions through the index on the person. Joined to
            # everyone's grouped completions, a filter PostgreSQL expected to leave one row had it
            # group every completion again for each row it found (minutes at 50,000 people).
            query = query.add_columns(_done_of(self.states, rows.c.user_id))
        query = narrowed(query, rows, self.filters).offset(self.offset)
        if self.limit is not None:
            query = query.limit(self.limit)
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            # Its estimated cost has PostgreSQL compile the statement's expressions to machine code
            # (JIT), which took longer than the query itself (0.6 s of 2 s at 150,000 rows); the
            # people table's query alone stays below that threshold. Until the transaction ends.
            connection.exec_driver_sql("SET LOCAL jit = off")
        # A server-side cursor on PostgreSQL. After the first chunk, which takes the row that
        # SQLAlchemy reads ahead, rows come from the driver's cursor as it gives them: plain tuples
        # (no column here needs converting), not wrapped in Row objects one by one.
        result = connection.execute(query.execution_options(stream_results=True))
        size = chunk or CHUNK
        try:
            page = result.fetchmany(size)
            while page:
                yield page
                if len(page) < size or result.cursor is None:  # the last one: SQLAlchemy closed it
                    break
                page = result.cursor.fetchmany(size)
        finally:  # also when the reader stops early: PostgreSQL's server-side cursor closes at once
            result.close()


CHUNK = 2000
VALID = "="  # marks a completion valid now in the list of a row's completions


def _done_by_person(states):
    """SELECT (user_id, done_items): each person's completions of the courses' current items, by commas.

    An item is written `item`, or `item=` when the completion is valid now (carries the item's
    fingerprint in its course's current fingerprint). One pass over the completions, grouped by
    person in the index's order.
    """
    items, listed = _listed(states)
    return (
        select(Completion.user_id, listed.label("done_items"))
        .where(Completion.item_id.in_(items))
        .group_by(Completion.user_id)
        .subquery("done")
    )


def _done_of(states, user_id):
    """The `done_items` of one person (`user_id`, a column of the outer rows): a subquery per row."""
    items, listed = _listed(states)
    where = (Completion.user_id == user_id, Completion.item_id.in_(items))
    return select(listed).where(*where).scalar_subquery().label("done_items")


def _listed(states):
    """The courses' current items, and the aggregate that lists a person's completions of them."""
    current = {
        item: state.fingerprint.items.get(item)
        for state in states.values()
        if state.fingerprint is not None
        for item in state.version.items
    }
    now = [
        (Completion.item_id == item, Completion.fingerprint == print_)
        for item, print_ in current.items()
        if print_
    ]
    mark = case((case(*now, else_=False), VALID), else_="") if now else literal("")
    return list(current), func.aggregate_strings(Completion.item_id + mark, ",")


class _StaleItems(dict):
    """{(course, status, had completed it, someone's completions): the items to redo}, each found once."""

    def __init__(self, states) -> None:
        super().__init__()
        self.states = states

    def __missing__(self, key) -> tuple[str, ...]:
        course, status, has_stale, done = key
        self[key] = found = self._work_out(course, status, has_stale, (done or "").split(","))
        return found

    def _work_out(self, course: str, status: str, has_stale, completions: list[str]) -> tuple[str, ...]:
        state = self.states.get(course)
        # Only people who had completed the course, or are at it, have items to redo.
        if (
            state is None
            or state.fingerprint is None
            or not (has_stale or status in ("in_progress", "overdue"))
        ):
            return ()
        items = state.version.items
        against = {c.removesuffix(VALID) for c in completions}
        if not has_stale and not against.intersection(items):
            return ()  # nothing done in this course as it is now
        valid = {c[: -len(VALID)] for c in completions if c.endswith(VALID)}
        if has_stale:  # had completed the course: every item not valid now, added ones too
            return tuple(i for i in items if i not in valid)
        return tuple(i for i in items if i in against and i not in valid)


def stale_items(row, state, done: "Done | None") -> list[str]:
    """Return the items to redo: for people who had completed the course, every item not valid
    now (added items too); for the others, the items they did whose completion went stale."""
    if state.fingerprint is None:
        return []
    done = done if done is not None else Done()  # none of their completions is of a current item
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
