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
    reasons: dict[str, tuple[str, date | None]] = {}
    for item_id, version in versions.current_all(ItemVersion).items():
        covered = {
            c: sections[c].material_hash if c in sections else "removed" for c in sorted(version.covers)
        }
        value = fingerprint(version.material_hash, *(f"{k}={v}" for k, v in covered.items()))
        item_fps[item_id] = value
        old = previous_items.get(item_id)
        if old is not None and old.fingerprint == value:
            continue
        reason, due = _why(old, version, covered, policies, grace)
        reasons[item_id] = (reason, due)
        db.session.add(ItemFingerprint(
            item_id=item_id, fingerprint=value, sections=covered, item_version_id=version.id,
            reason=reason,
        ))  # fmt: skip
    return _refresh_courses(item_fps, reasons)


def _why(old, version, covered, policies, grace) -> tuple[str, date | None]:
    """Say why an item's fingerprint changed, and when redoing it falls due (None: the course's days)."""
    if old is None:
        return "first published", None
    changed = [c for c, h in covered.items() if c in old.sections and old.sections[c] != h]
    if changed:
        by_policy: dict[str, list[str]] = {}
        for key in changed:
            policy_id, section_id = key.split("#", 1)
            by_policy.setdefault(policy_id, []).append(_section_name(policies.get(policy_id), section_id))
        reason = "; ".join(
            f"{_policy_name(policies.get(p), p)}: {', '.join(names)} changed (published {_today()})"
            for p, names in by_policy.items()
        )
        days = min(grace.get(p, DEFAULT_GRACE_DAYS) for p in by_policy)
        return reason, (utcnow() + timedelta(days=days)).date()
    added = [c for c in covered if c not in old.sections]
    if added and _same_text(old, version):
        names = [_section_name(policies.get(c.split("#")[0]), c.split("#")[1]) for c in added]
        return f"“{version.title}” now also covers {', '.join(names)} (published {_today()})", None
    return f"“{version.title}” changed (version {version.number}, published {_today()})", None


def _policy_name(policy: PolicyVersion | None, policy_id: str) -> str:
    return f"{policy.title} version {policy.label}" if policy else policy_id


def _today() -> str:
    """The publish date, as a reason names it."""
    return utcnow().date().isoformat()


DEFAULT_GRACE_DAYS = 14


def _section_name(policy: PolicyVersion | None, section_id: str) -> str:
    for section in policy.sections if policy else []:
        if section.section_id == section_id:
            return f"“{section.heading}”"
    return f"“{section_id}” (removed)"


def _same_text(old: ItemFingerprint, version: ItemVersion) -> bool:
    before = db.session.get(ItemVersion, old.item_version_id)
    return before is not None and before.material_hash == version.material_hash


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
                reason, due = reasons.get(item_id, ("", None))
                if item_id not in old.items or not reason:
                    reason, due = f"“{_title(item_id)}” added to the course (published {_today()})", None
                changes[item_id] = {"reason": reason, "due": (due or default_due).isoformat()}
    return CourseFingerprint(
        course_id=course_id, fingerprint=value, items=items,
        reason="; ".join(dict.fromkeys(c["reason"] for c in changes.values())) or "course items changed",
        stale_due=min(date.fromisoformat(c["due"]) for c in changes.values()) if changes else None,
        changes=changes or None,
    )  # fmt: skip
