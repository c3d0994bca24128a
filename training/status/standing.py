"""What completing a course against a past fingerprint means now: written per course, never per person.

When a course gets a new fingerprint, one `CourseStanding` row is written for each distinct
fingerprint it had before. The status query joins a person's course progress to these rows,
so a person who completed the course long ago finds, in one join, whether they are still
complete (nothing they did changed), which items they must redo, by when and why.
"""

from datetime import date, timedelta

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
    firsts = {i: next(row for row in after if row.items.get(i) != past.items.get(i)) for i in stale}
    dues = [_due(row, i, version.due_days) for i, row in firsts.items()]
    reasons = [_reason(row, i) for i, row in firsts.items()]
    return CourseStanding(
        course_fingerprint_id=current.id, past_fingerprint=past.fingerprint, satisfied=not stale,
        stale_due=min(dues) if dues else None,
        changed_at=min(row.created_at for row in firsts.values()) if firsts else None,
        reason="; ".join(dict.fromkeys(r for r in reasons if r)),
    )  # fmt: skip


def _due(row: CourseFingerprint, item_id: str, due_days: int) -> date:
    change = (row.changes or {}).get(item_id)
    if change:
        return date.fromisoformat(change["due"])
    return row.stale_due or (row.created_at.date() + timedelta(days=due_days))


def _reason(row: CourseFingerprint, item_id: str) -> str:
    change = (row.changes or {}).get(item_id)
    return change["reason"] if change else row.reason
