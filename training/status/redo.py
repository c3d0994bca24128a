"""Who must redo what, by when and why: the one definition of "affected by a change".

`/hr/outdated`, the review before publishing (which runs the publish in a savepoint and asks this
module before and after) and the people table's stale items all read it, so they cannot disagree.

A person and course is listed when something they did went stale:
- they had completed the course and a later change made items stale or added items (`outdated`,
  or `overdue` once the earliest deadline of those changes has passed), or
- they are part-way and an item they completed went stale since.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from training.content import versions
from training.db import db
from training.models import Completion, Item, ItemFingerprint, ItemVersion
from training.status import query as status_query
from training.status import report


@dataclass(frozen=True)
class Redo:
    """One person and course with items to redo."""

    user_id: int
    name: str
    email: str
    department: str | None
    course_id: str
    status: str
    due_date: date
    completed_at: datetime | None
    changed_at: datetime | None
    items: tuple[str, ...] = ()  # the item ids to redo, in course order
    item_titles: tuple[str, ...] = ()  # their titles, in the same order
    reasons: tuple[str, ...] = field(default=())  # every change behind them, oldest first

    @property
    def key(self) -> tuple[int, str]:
        return self.user_id, self.course_id

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def redo_query(department: str | None = None, course: str | None = None, search: str | None = None):
    """SELECT every person and course with something to redo, soonest due first (one statement)."""
    rows = status_query.status_query()
    query = select(
        rows.c.user_id, rows.c.name, rows.c.email, rows.c.department, rows.c.course_id, rows.c.status,
        rows.c.due_date, rows.c.completed_at, rows.c.stale_reason, rows.c.stale_since, rows.c.has_stale,
    ).where(or_(rows.c.has_stale.is_(True), _stale_done(rows)))  # fmt: skip
    if department:
        query = query.where(rows.c.department == department)
    if course:
        query = query.where(rows.c.course_id == course)
    if search:
        query = query.where(report.name_or_email_contains(rows, search))
    return query.order_by(rows.c.due_date, rows.c.department, rows.c.name, rows.c.course_id, rows.c.user_id)


def _stale_done(rows):
    """True where a part-way person completed an item of the course whose completion is not valid now:
    none of their completions of it carries the item's current fingerprint."""
    current = sorted({i for state in status_query.course_states().values() for i in state.version.items})
    if not current:
        return literal(False)
    newest = select(func.max(ItemFingerprint.id)).group_by(ItemFingerprint.item_id)
    prints = (
        select(ItemFingerprint.item_id, ItemFingerprint.fingerprint)
        .where(ItemFingerprint.id.in_(newest), ItemFingerprint.item_id.in_(current))
        .subquery()
    )
    again = aliased(Completion)
    valid = select(again.id).where(
        again.user_id == Completion.user_id, again.item_id == Completion.item_id,
        again.fingerprint == prints.c.fingerprint,
    )  # fmt: skip
    done = (
        select(Completion.id)
        .join(prints, prints.c.item_id == Completion.item_id)
        .join(Item, Item.id == Completion.item_id)
        .where(Completion.user_id == rows.c.user_id, Item.course_id == rows.c.course_id, ~valid.exists())
    )
    return and_(rows.c.has_stale.is_not(True), done.exists())


def count(department: str | None = None, course: str | None = None, search: str | None = None) -> int:
    query = redo_query(department, course, search).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query))


def page(
    department: str | None = None, course: str | None = None, search: str | None = None,
    offset: int = 0, limit: int | None = 50,
) -> list[Redo]:  # fmt: skip
    """Return one page of the list, each row with its items to redo and every change behind them."""
    query = redo_query(department, course, search).offset(offset)
    return list(_described(db.session.execute(query if limit is None else query.limit(limit)).all()))


def every(
    department: str | None = None, course: str | None = None, search: str | None = None
) -> Iterator[Redo]:
    """Yield the whole list, described in chunks (for CSV downloads and comparisons)."""
    result = db.session.execute(redo_query(department, course, search).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        yield from _described(chunk)


CHUNK = 2000


def _described(rows) -> Iterator[Redo]:
    states = status_query.course_states()
    done = report.done_items(states, [(r.user_id, r.course_id) for r in rows])
    history = _item_history({i for st in states.values() for i in st.version.items}) if rows else {}
    titles = {i: v.title for i, v in versions.current_all(ItemVersion).items()} if rows else {}
    for row in rows:
        state = states[row.course_id]
        items = report.stale_items(row, state, done.get((row.user_id, row.course_id)))
        if row.has_stale:
            reasons = [r for r in (row.stale_reason or "").split("; ") if r]
        else:
            against = done[(row.user_id, row.course_id)].against
            reasons = [r for i in items for r in _changes_since(history.get(i, []), against.get(i, set()))]
        yield Redo(
            row.user_id, row.name, row.email, row.department, row.course_id, row.status, row.due_date,
            row.completed_at, row.stale_since, tuple(items), tuple(titles.get(i, i) for i in items),
            tuple(dict.fromkeys(reasons)),
        )  # fmt: skip


def _item_history(item_ids: set[str]) -> dict[str, list[tuple[str, str]]]:
    """{item: [(fingerprint, reason)]}, oldest first: the items' fingerprint rows (one per change)."""
    rows = db.session.execute(
        select(ItemFingerprint.item_id, ItemFingerprint.fingerprint, ItemFingerprint.reason)
        .where(ItemFingerprint.item_id.in_(item_ids))
        .order_by(ItemFingerprint.id)
    )
    history: dict[str, list[tuple[str, str]]] = {}
    for item_id, print_, reason in rows:
        history.setdefault(item_id, []).append((print_, reason))
    return history


def _changes_since(history: list[tuple[str, str]], completed_against: set[str]) -> list[str]:
    """The reasons of the item's changes after the last fingerprint the person completed it against."""
    last = max((n for n, (print_, _) in enumerate(history) if print_ in completed_against), default=-1)
    return [reason for _, reason in history[last + 1 :]]


def matching(rows: list[Redo], search: str | None) -> list[Redo]:
    """The rows whose name or email address contains `search`, ignoring case (all without one)."""
    text = (search or "").strip().lower()
    return [r for r in rows if text in r.name.lower() or text in r.email.lower()] if text else rows


def impact(*publishes: Callable[[], None]) -> list[list[Redo]]:
    """Run each publish in a savepoint of its own, list who it would give something (more) to redo,
    and roll it back; the list before is read once for all of them.

    A person and course is affected when, after the publish, they have items to redo and either had
    none before or their items, due date or reasons differ. Read with the same query as `/hr/outdated`,
    so the count is what that page shows right after publishing (when nobody was listed before).
    """
    before = {row.key: _signature(row) for row in every()}
    return [_after(publish, before) for publish in publishes]


def _after(publish: Callable[[], None], before: dict) -> list[Redo]:
    savepoint = db.session.begin_nested()
    try:
        publish()
        db.session.flush()
        return [row for row in every() if before.get(row.key) != _signature(row)]
    finally:
        savepoint.rollback()


def _signature(row: Redo) -> tuple:
    return row.status, row.due_date, row.items, row.reasons
