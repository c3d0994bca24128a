"""Policy versions for learners: what changed since they last acknowledged, and acknowledging."""

from dataclasses import dataclass
from functools import cache

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.exc import IntegrityError

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

    One statement however many policies, the numbers this person acknowledged: what each policy
    requires and its current version are what is published now, kept between requests.
    """
    policy_ids = policies_for(user, item_ids)
    found = published.now()
    required = {p: found.retrain[p] for p in policy_ids if p in found.retrain}
    if not required:
        return []
    done = dict(
        db.session.execute(_acknowledged_statement(), {"person": user.id, "policies": list(required)}).all()
    )
    return [found.policies[p] for p in required if done.get(p, 0) < required[p]]


@cache
def _acknowledged_statement():
    """The newest version number each of some policies a person acknowledged; built once."""
    return (
        select(PolicyVersion.policy_id, func.max(PolicyVersion.number))
        .join(Acknowledgement, Acknowledgement.policy_version_id == PolicyVersion.id)
        .where(
            Acknowledgement.user_id == bindparam("person", type_=Integer),
            Acknowledgement.policy_id.in_(bindparam("policies", expanding=True)),
        )
        .group_by(PolicyVersion.policy_id)
    )


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
