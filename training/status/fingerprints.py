"""Keep item and course fingerprints current after a publish; never touches per-person rows."""

from datetime import date, timedelta

from training.content import versions
from training.content.publish import fingerprint
from training.db import db, utcnow
from training.models import (
    CourseFingerprint,
    CourseVersion,
    ItemFingerprint,
    ItemVersion,
    PolicyVersion,
)
from training.status import standing
from training.status.reasons import (
    FIRST_PUBLISHED,
    ITEM_ADDED,
    ITEM_CHANGED,
    ITEM_COVERS_MORE,
    ITEMS_CHANGED,
    SECTION_REMOVED,
    SECTIONS_CHANGED,
    SECTIONS_CHANGED_OF,
)


def refresh(grace: dict[str, int] | None = None) -> list[CourseFingerprint]:
    """Append fingerprints for items and courses whose material content changed.

    `grace` maps a policy id to its grace days, for the due date of items made stale by it
    (policies not in it use their current version's grace days).
    Returns the new course fingerprints (one per course that changed).
    """
    sections = versions.current_sections()
    policies = versions.current_all(PolicyVersion)
    grace = {p: v.grace_days for p, v in policies.items()} | (grace or {})
    previous_items = versions.newest_rows(ItemFingerprint, ItemFingerprint.item_id)
    item_fps: dict[str, str] = {}
    reasons: dict[str, tuple[str, list[date | None]]] = {}
    for item_id, version in versions.current_all(ItemVersion).items():
        covered = {
            c: sections[c].material_hash if c in sections else "removed" for c in sorted(version.covers)
        }
        value = fingerprint(version.material_hash, *(f"{k}={v}" for k, v in covered.items()))
        item_fps[item_id] = value
        old = previous_items.get(item_id)
        if old is not None and old.fingerprint == value:
            continue
        reasons[item_id] = _why(old, version, sections, policies, grace)
        db.session.add(ItemFingerprint(
            item_id=item_id, fingerprint=value, sections=covered, item_version_id=version.id,
            reason=reasons[item_id][0],
        ))  # fmt: skip
    return _refresh_courses(item_fps, reasons)


def _why(old, version, sections, policies, grace) -> tuple[str, list[date | None]]:
    """Say why an item's fingerprint changed, and when redoing it falls due: one date per change
    (None: the course's due days). A policy change to a section the item was done against (changed
    or removed) and a new version of the item published with it are two changes, both named."""
    if old is None:
        return FIRST_PUBLISHED, [None]
    parts: list[tuple[str, date | None]] = []
    now = {c: sections[c].material_hash if c in sections else "removed" for c in old.sections}
    changed = [c for c, h in old.sections.items() if now[c] != h]
    if changed:
        by_policy: dict[str, list[str]] = {}
        for key in changed:
            policy_id, section_id = key.split("#", 1)
            by_policy.setdefault(policy_id, []).append(_section_name(policies.get(policy_id), section_id))
        reason = "; ".join(_sections_changed(policies.get(p), p, names) for p, names in by_policy.items())
        days = min(grace.get(p, DEFAULT_GRACE_DAYS) for p in by_policy)
        parts.append((reason, (utcnow() + timedelta(days=days)).date()))
    before = db.session.get(ItemVersion, old.item_version_id)
    same_text = before is not None and before.material_hash == version.material_hash
    if not same_text or sorted(before.covers) != sorted(version.covers) or not parts:
        added = [c for c in version.covers if c not in old.sections]
        if same_text and added and set(before.covers) <= set(version.covers):
            names = [_section_name(policies.get(c.split("#")[0]), c.split("#")[1]) for c in added]
            covers = {"title": version.title, "sections": ", ".join(names), "date": _today()}
            parts.append((ITEM_COVERS_MORE % covers, None))
        else:
            changed = {"title": version.title, "number": version.number, "date": _today()}
            parts.append((ITEM_CHANGED % changed, None))
    return "; ".join(r for r, _ in parts), [d for _, d in parts]


def _sections_changed(policy: PolicyVersion | None, policy_id: str, names: list[str]) -> str:
    values = {"sections": ", ".join(names), "date": _today()}
    if policy is None:
        return SECTIONS_CHANGED_OF % (values | {"policy": policy_id})
    return SECTIONS_CHANGED % (values | {"policy": policy.title, "label": policy.label})


def _today() -> str:
    """The publish date, as a reason names it."""
    return utcnow().date().isoformat()


DEFAULT_GRACE_DAYS = 14


def _section_name(policy: PolicyVersion | None, section_id: str) -> str:
    for section in policy.sections if policy else []:
        if section.section_id == section_id:
            return f"“{section.heading}”"
    return SECTION_REMOVED % {"section": section_id}


def _title(item_id: str) -> str:
    version = versions.current(ItemVersion, item_id)
    return version.title if version else item_id


def _refresh_courses(item_fps, reasons) -> list[CourseFingerprint]:
    from training.status import assignments

    previous = versions.newest_rows(CourseFingerprint, CourseFingerprint.course_id)
    added = []
    for course_id, version in versions.current_all(CourseVersion).items():
        assignments.sync_course_default(version)
        items = {i: item_fps.get(i, "missing") for i in version.items}
        # Sorted: reordering a course's items changes nothing anyone has to redo.
        value = fingerprint(*sorted(f"{k}={v}" for k, v in items.items()))
        old = previous.get(course_id)
        if old is not None and old.fingerprint == value:
            continue
        row = _course_row(course_id, version, value, items, old, reasons)
        db.session.add(row)
        db.session.flush()
        standing.record(row, version)
        added.append(row)
    db.session.flush()
    return added


def _course_row(course_id, version, value, items, old, reasons) -> CourseFingerprint:
    default_due = (utcnow() + timedelta(days=version.due_days)).date()
    changes = {}
    if old is not None:
        for item_id in version.items:
            if old.items.get(item_id) != items[item_id]:
                reason, dues = reasons.get(item_id, ("", [None]))
                if item_id not in old.items or not reason:
                    reason, dues = ITEM_ADDED % {"title": _title(item_id), "date": _today()}, [None]
                due = min(d or default_due for d in dues)
                changes[item_id] = {"reason": reason, "due": due.isoformat()}
    return CourseFingerprint(
        course_id=course_id, fingerprint=value, items=items,
        reason="; ".join(dict.fromkeys(c["reason"] for c in changes.values())) or ITEMS_CHANGED,
        stale_due=min(date.fromisoformat(c["due"]) for c in changes.values()) if changes else None,
        changes=changes or None,
    )  # fmt: skip
