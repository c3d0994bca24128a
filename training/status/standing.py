"""What the work someone did in a course means now: written per course, never per person.

A course standing says, for one newer course fingerprint and one past state of someone's work,
whether that work completes the course now, which items are stale, by when and why. The past
states are the course's earlier fingerprints (what someone who completed it then had done) and
its work-done sets (`WorkDone`: for each item, every fingerprint someone completed it against).
When a course gets a new fingerprint, a standing is written for each of them; when a completion
makes a new work-done set, its standing against the current fingerprint is written then. The
status query joins a person's course progress to these rows, so a person's status is one join
away, however long ago they did the work.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from training.content.publish import fingerprint
from training.db import db, utcnow
from training.models import (
    Completion,
    CourseFingerprint,
    CourseProgress,
    CourseStanding,
    CourseVersion,
    Item,
    WorkDone,
)

Work = dict[str, set[str]]  # {item_id: every fingerprint it was completed against}


def record(current: CourseFingerprint, version: CourseVersion) -> None:
    """Write the standing of every past fingerprint and work-done set of the course against `current`."""
    history = _history(current)
    previous = history[-2] if len(history) > 1 else None
    carried = _last_satisfied(previous)
    states: dict[str, Work] = {}
    for row in history[:-1]:
        states[row.fingerprint] = {i: {p} for i, p in row.items.items()}
    # Only the sets someone's progress points at: one a person moves to later gets its standing then.
    # Asked set by set through the index on (course_id, fingerprint): the sets are few, the people many.
    pointed = exists().where(
        CourseProgress.course_id == current.course_id, CourseProgress.fingerprint == WorkDone.fingerprint
    )
    for done in db.session.scalars(select(WorkDone).where(pointed)):
        states[done.fingerprint] = {i: set(p) for i, p in done.items.items()}
    for print_, work in states.items():
        if print_ != current.fingerprint:
            db.session.add(_standing(print_, work, history, version, carried.get(print_)))


def record_work(user_id: int, course_id: str, current: CourseFingerprint | None, version) -> str:
    """Record what the person has done in the course (once per distinct set) and its standing
    against the current fingerprint; return the set's fingerprint for their course progress."""
    work = work_of(user_id, course_id)
    print_ = work_fingerprint(work)
    if db.session.get(WorkDone, print_) is None:
        items = {i: sorted(p) for i, p in work.items()}
        _add_once(WorkDone(fingerprint=print_, course_id=course_id, items=items, created_at=utcnow()))
    new = current is not None and print_ != current.fingerprint
    if new and db.session.get(CourseStanding, (current.id, print_)) is None:
        _add_once(_standing(print_, work, _history(current), version, None))
    return print_


def satisfied(current: CourseFingerprint | None, print_: str | None) -> bool:
    """Whether work with this fingerprint completes the course at its current fingerprint."""
    if current is None or print_ is None:
        return False
    if print_ == current.fingerprint:
        return True
    row = db.session.get(CourseStanding, (current.id, print_))
    return bool(row is not None and row.satisfied)


def completed_since(current: CourseFingerprint | None, print_: str | None, since: datetime | None):
    """When a publish after `since` last made work with this fingerprint complete the course, if one did."""
    if current is None or print_ is None or since is None:
        return None
    if print_ == current.fingerprint:
        at = current.created_at
    else:
        row = db.session.get(CourseStanding, (current.id, print_))
        at = row.last_satisfied_at if row is not None else None
    return at if at is not None and at > since else None


def work_of(user_id: int, course_id: str) -> Work:
    rows = db.session.execute(
        select(Completion.item_id, Completion.fingerprint)
        .join(Item, Item.id == Completion.item_id)
        .where(Completion.user_id == user_id, Item.course_id == course_id)
    )
    work: Work = {}
    for item_id, print_ in rows:
        work.setdefault(item_id, set()).add(print_)
    return work


def work_fingerprint(work: Work) -> str:
    """Like a course fingerprint: work with one fingerprint per item of a course is that course's."""
    return fingerprint(*sorted(f"{i}={'|'.join(sorted(p))}" for i, p in work.items()))


def _add_once(row) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        pass  # written at the same moment by someone who did the same


def _history(current: CourseFingerprint) -> list[CourseFingerprint]:
    return list(db.session.scalars(
        select(CourseFingerprint)
        .where(CourseFingerprint.course_id == current.course_id, CourseFingerprint.id <= current.id)
        .order_by(CourseFingerprint.id)
    ))  # fmt: skip


def _last_satisfied(previous: CourseFingerprint | None) -> dict[str, datetime | None]:
    if previous is None:
        return {}
    rows = db.session.execute(
        select(CourseStanding.past_fingerprint, CourseStanding.last_satisfied_at).where(
            CourseStanding.course_fingerprint_id == previous.id
        )
    )
    return {print_: at for print_, at in rows} | {previous.fingerprint: previous.created_at}


def _standing(print_: str, work: Work, history, version, last_satisfied) -> CourseStanding:
    current = history[-1]
    items = [i for i in version.items if i in current.items]
    invalid = [i for i in items if current.items[i] not in work.get(i, ())]
    changes = {i: _changes_since(history, i, work.get(i), version.due_days) for i in invalid}
    every = [change for item_changes in changes.values() for change in item_changes]
    return CourseStanding(
        course_fingerprint_id=current.id, past_fingerprint=print_, satisfied=not invalid,
        stale_due=min(date.fromisoformat(c["due"]) for c in every) if every else None,
        changed_at=min(datetime.fromisoformat(c["at"]) for c in every) if every else None,
        reason="; ".join(dict.fromkeys(c["reason"] for c in every if c["reason"])),
        changes=changes or None, started=any(i in work for i in items),
        done_stale=[i for i in invalid if i in work],
        last_satisfied_at=current.created_at if not invalid else last_satisfied,
    )  # fmt: skip


def _changes_since(history: list[CourseFingerprint], item_id: str, done: set[str] | None, due_days: int):
    """Every change that made the item stale since it was last valid for work that did it against
    `done` (never done: since it last joined the course): each row after the last one where the item
    was as done, at which its fingerprint moved. A change undone and made again counts from when it
    was made again; a change that piled on an earlier one counts too."""
    was_valid = [
        n
        for n, row in enumerate(history)
        if (row.items.get(item_id) in done if done else item_id not in row.items)
    ]
    since = max(was_valid, default=0)
    moved = [
        row for before, row in zip(history[since:], history[since + 1 :], strict=False)
        if row.items.get(item_id) != before.items.get(item_id)
    ]  # fmt: skip
    return [
        {"reason": _reason(row, item_id), "due": _due(row, item_id, due_days).isoformat(),
         "at": row.created_at.isoformat()}
        for row in moved
    ]  # fmt: skip


def _due(row: CourseFingerprint, item_id: str, due_days: int) -> date:
    change = (row.changes or {}).get(item_id)
    if change:
        return date.fromisoformat(change["due"])
    return row.stale_due or (row.created_at.date() + timedelta(days=due_days))


def _reason(row: CourseFingerprint, item_id: str) -> str:
    change = (row.changes or {}).get(item_id)
    return change["reason"] if change else row.reason
