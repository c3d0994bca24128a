"""Policy versions for learners: what changed since they last acknowledged, and acknowledging."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from training.content import versions
from training.content.diff import html_diff, section_diff
from training.content.translation_files import SOURCE_LANGUAGE
from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.evidence import ledger as evidence
from training.learning import courses as learning
from training.models import Acknowledgement, PolicyVersion, User
from training.status import published
from training.status import query as status_query

NEWER = _l("A newer version of this policy was published; read it before acknowledging.")


@dataclass
class SectionChange:
    section_id: str
    heading: str
    kind: str  # "changed", "added", "removed", "unchanged", or "new" when nothing was acknowledged
    diff_html: Markup  # the text as shown, with the words added and removed marked by <ins> and <del>
    html: str  # the current text, rendered


@dataclass
class PolicyChanges:
    current: PolicyVersion
    since: PolicyVersion | None  # the version last acknowledged, if any
    sections: list[SectionChange]
    acknowledged: bool

    @property
    def changed(self) -> list[SectionChange]:
        return [s for s in self.sections if s.kind not in ("unchanged", "new")]


def current(policy_id: str) -> PolicyVersion:
    version = versions.current(PolicyVersion, policy_id)
    if version is None:
        raise NotFound(f"No policy {policy_id!r}.")
    return version


def ack_required_version(policy_id: str) -> PolicyVersion | None:
    """Return the newest version that asked for retraining: the one people must acknowledge."""
    return db.session.scalar(
        select(PolicyVersion)
        .where(PolicyVersion.policy_id == policy_id, PolicyVersion.retrain.is_(True))
        .order_by(PolicyVersion.number.desc())
        .limit(1)
    )


def last_acknowledged(user: User, policy_id: str) -> PolicyVersion | None:
    return db.session.scalar(
        select(PolicyVersion)
        .join(Acknowledgement, Acknowledgement.policy_version_id == PolicyVersion.id)
        .where(Acknowledgement.user_id == user.id, Acknowledgement.policy_id == policy_id)
        .order_by(PolicyVersion.number.desc())
        .limit(1)
    )


def policies_for(user: User, item_ids: set[str] | None = None) -> list[str]:
    """Return the ids of the policies covered by the courses assigned to this person (`item_ids`:
    those courses' items, when the caller has them already)."""
    if item_ids is None:
        states = status_query.course_states()
        assigned = [states[c] for c in status_query.statuses_for(user.id) if c in states]
        item_ids = {i for state in assigned for i in state.version.items}
    if not item_ids:
        return []
    items = published.now().items  # what is published now, kept between requests
    return sorted({c.split("#")[0] for i in item_ids if i in items for c in items[i].covers or []})


def owed(user: User, item_ids: set[str] | None = None) -> list[PolicyVersion]:
    """Return the policy versions this person still has to acknowledge, newest required version of
    each policy against their last acknowledgement.

    Two statements however many policies: the numbers required and acknowledged, then the current
    versions of the policies owed (without their sections, which a list of titles does not need).
    """
    policy_ids = policies_for(user, item_ids)
    if not policy_ids:
        return []
    required = (
        select(literal("required").label("kind"), PolicyVersion.policy_id, func.max(PolicyVersion.number))
        .where(PolicyVersion.policy_id.in_(policy_ids), PolicyVersion.retrain.is_(True))
        .group_by(PolicyVersion.policy_id)
    )
    done = (
        select(literal("done").label("kind"), PolicyVersion.policy_id, func.max(PolicyVersion.number))
        .join(Acknowledgement, Acknowledgement.policy_version_id == PolicyVersion.id)
        .where(Acknowledgement.user_id == user.id, Acknowledgement.policy_id.in_(policy_ids))
        .group_by(PolicyVersion.policy_id)
    )
    numbers: dict[str, dict[str, int]] = {"required": {}, "done": {}}
    for kind, policy_id, number in db.session.execute(union_all(required, done)):
        numbers[kind][policy_id] = number
    due = [
        p
        for p in policy_ids
        if p in numbers["required"] and numbers["done"].get(p, 0) < numbers["required"][p]
    ]
    if not due:
        return []
    query = (
        select(PolicyVersion)
        .where(versions.current_of(PolicyVersion, due))
        .options(lazyload(PolicyVersion.sections))
    )
    found = {version.policy_id: version for version in db.session.scalars(query)}
    return [found[p] for p in due]


def changes(user: User, policy_id: str) -> PolicyChanges:
    """Compare the current version with the one this person last acknowledged."""
    now = current(policy_id)
    since = last_acknowledged(user, policy_id)
    before = {s.section_id: s for s in since.sections} if since else {}
    sections = []
    for section in now.sections:
        old = before.pop(section.section_id, None)
        if old is None:
            kind = "added" if since else "new"
            diff_html = html_diff("", section.html)
        else:
            kind = "unchanged" if old.text_hash == section.text_hash else "changed"
            diff_html = section_diff(old.heading, old.html, section.heading, section.html)
        sections.append(SectionChange(section.section_id, section.heading, kind, diff_html, section.html))
    for old in before.values():
        sections.append(SectionChange(old.section_id, old.heading, "removed", html_diff(old.html, ""), ""))
    acknowledged = since is not None and since.number >= (ack_required_version(policy_id) or now).number
    return PolicyChanges(now, since, sections, acknowledged)


def acknowledge(user: User, policy_id: str, version_id: int, language: str = SOURCE_LANGUAGE) -> bool:
    """Record that the person read this version (in `language`); return False if they already had."""
    version = db.session.get(PolicyVersion, version_id)
    if version is None or version.policy_id != policy_id:
        raise NotFound("No such policy version.")
    if version.id != current(policy_id).id:
        raise ValidationFailed(NEWER)
    record = Acknowledgement(
        user_id=user.id, policy_id=policy_id, policy_version_id=version.id, version_label=version.label,
        sections={s.section_id: s.text_hash for s in version.sections}, acknowledged_at=utcnow(),
        language=language,
    )  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        db.session.rollback()
        return False
    evidence.append("acknowledgement", record)
    # A version that undid an earlier change can make a course complete again.
    learning.reconcile_progress(user)
    db.session.commit()
    return True
