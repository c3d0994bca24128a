"""Keep item and course fingerprints current after a publish; never touches per-person rows."""

from datetime import date, timedelta

from sqlalchemy import func, select

from training.db import db, utcnow
from training.models import (
    CourseFingerprint,
    CourseVersion,
    ItemFingerprint,
    ItemVersion,
    PolicySection,
    PolicyVersion,
)
from training.services.publish import fingerprint


def current_versions(model, key_column):
    """Return {key: newest version row} for every key of a versioned model."""
    newest = select(key_column, func.max(model.number).label("number")).group_by(key_column)
    newest = newest.subquery()
    rows = db.session.scalars(
        select(model).join(newest, (key_column == newest.c[0]) & (model.number == newest.c.number))
    )
    return {getattr(row, key_column.key): row for row in rows}


def current_sections() -> dict[str, PolicySection]:
    """Return {"policy#section": section} for the newest version of every policy."""
    sections = {}
    for policy_id, version in current_versions(PolicyVersion, PolicyVersion.policy_id).items():
        for section in version.sections:
            sections[f"{policy_id}#{section.section_id}"] = section
    return sections


def _latest_rows(model, key_column) -> dict:
    newest = select(func.max(model.id)).group_by(key_column)
    return {
        getattr(r, key_column.key): r for r in db.session.scalars(select(model).where(model.id.in_(newest)))
    }


def refresh(grace: dict[str, int] | None = None) -> list[CourseFingerprint]:
    """Append fingerprints for items and courses whose material content changed.

    `grace` maps a policy id to its grace days, for the due date of items made stale by it.
    Returns the new course fingerprints (one per course that changed).
    """
    sections = current_sections()
    previous_items = _latest_rows(ItemFingerprint, ItemFingerprint.item_id)
    item_fps: dict[str, str] = {}
    reasons: dict[str, tuple[str, date | None]] = {}
    for item_id, version in current_versions(ItemVersion, ItemVersion.item_id).items():
        covered = {
            c: sections[c].material_hash if c in sections else "removed" for c in sorted(version.covers)
        }
        value = fingerprint(version.material_hash, *(f"{k}={v}" for k, v in covered.items()))
        item_fps[item_id] = value
        old = previous_items.get(item_id)
        if old is not None and old.fingerprint == value:
            continue
        reason, due = _why(old, version, covered, sections, grace or {})
        reasons[item_id] = (reason, due)
        db.session.add(ItemFingerprint(
            item_id=item_id, fingerprint=value, sections=covered, item_version_id=version.id,
            reason=reason,
        ))  # fmt: skip
    return _refresh_courses(item_fps, reasons)


def _why(old, version, covered, sections, grace) -> tuple[str, date | None]:
    if old is None:
        return "first published", None
    changed = [c for c, h in covered.items() if old.sections.get(c) != h]
    if changed:
        policy_id = changed[0].split("#")[0]
        names = ", ".join(f"“{sections[c].heading}”" if c in sections else c for c in changed)
        days = grace.get(policy_id, 14)
        return f"policy {policy_id}: {names} changed", (utcnow() + timedelta(days=days)).date()
    return f"“{version.title}” changed (version {version.number})", None


def _refresh_courses(item_fps, reasons) -> list[CourseFingerprint]:
    from training.services import assignments

    previous = _latest_rows(CourseFingerprint, CourseFingerprint.course_id)
    added = []
    for course_id, version in current_versions(CourseVersion, CourseVersion.course_id).items():
        assignments.sync_course_default(version)
        items = {i: item_fps.get(i, "missing") for i in version.items}
        # Sorted: reordering a course's items changes nothing anyone has to redo.
        value = fingerprint(*sorted(f"{k}={v}" for k, v in items.items()))
        old = previous.get(course_id)
        if old is not None and old.fingerprint == value:
            continue
        changed = [i for i in version.items if old is None or old.items.get(i) != items[i]]
        why = [reasons[i] for i in changed if i in reasons]
        due_dates = [d for _, d in why if d]
        default_due = (utcnow() + timedelta(days=version.due_days)).date()
        row = CourseFingerprint(
            course_id=course_id, fingerprint=value, items=items,
            reason="; ".join(dict.fromkeys(r for r, _ in why)) or "course items changed",
            stale_due=None if old is None else (min(due_dates) if due_dates else default_due),
        )  # fmt: skip
        db.session.add(row)
        added.append(row)
    db.session.flush()
    return added
