"""What completing a course against a past fingerprint means now: written per course, never per person.

When a course gets a new fingerprint, one `CourseStanding` row is written for each distinct
fingerprint it had before. The status query joins a person's course progress to these rows,
so a person who completed the course long ago finds, in one join, whether they are still
complete (nothing they did changed), which items they must redo, by when and why.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from training.db import db
from training.models import CourseFingerprint, CourseStanding, CourseVersion


def record(current: CourseFingerprint, version: CourseVersion) -> None:
    """Write the standing of every past fingerprint of the course against `current`."""
    history = list(db.session.scalars(
        select(CourseFingerprint)
        .where(CourseFingerprint.course_id == current.course_id, CourseFingerprint.id < current.id)
        .order_by(CourseFingerprint.id)
    ))  # fmt: skip
    # A fingerprint that came back (a change undone) counts from its latest appearance.
    latest_index = {row.fingerprint: index for index, row in enumerate(history)}
    later = history + [current]
    for print_, index in latest_index.items():
        if print_ != current.fingerprint:
            db.session.add(_standing(later[index], later[index + 1 :], current, version))


def _standing(past, after, current, version) -> CourseStanding:
    stale = [i for i in version.items if i in current.items and past.items.get(i) != current.items[i]]
    changes = {i: _changes_since(past, after, i, version.due_days) for i in stale}
    every = [change for item_changes in changes.values() for change in item_changes]
    return CourseStanding(
        course_fingerprint_id=current.id, past_fingerprint=past.fingerprint, satisfied=not stale,
        stale_due=min(date.fromisoformat(c["due"]) for c in every) if every else None,
        changed_at=min(datetime.fromisoformat(c["at"]) for c in every) if every else None,
        reason="; ".join(dict.fromkeys(c["reason"] for c in every if c["reason"])),
        changes=changes or None,
    )  # fmt: skip


def _changes_since(past: CourseFingerprint, after: list[CourseFingerprint], item_id: str, due_days: int):
    """Every change that made the item stale since `past`: each row after the last one where the
    item was still as `past` had it, at which the item's fingerprint moved. A change undone and
    made again counts from when it was made again; a change that piled on an earlier one counts too."""
    rows = [past, *after]
    since = max(n for n, row in enumerate(rows) if row.items.get(item_id) == past.items.get(item_id))
    moved = [
        row for before, row in zip(rows[since:], rows[since + 1 :], strict=False)
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
