"""The evidence ledger: a hash chain over acknowledgements, completions, finished attempts, policy
approvals, certificates and their revocations.

Every entry's payload is computed from the live rows by `payloads()`, the same function that
`evidence_check` uses to recompute it later, so tampering with the source tables shows too.
Hashes, as lowercase hex: content_hash = sha256(canonical payload); chain_hash = sha256(previous
chain_hash + content_hash), the ledger's chain; person_chain_hash = sha256(person_previous_hash +
chain_hash), where person_previous_hash is the person chain hash of the same person's entry
before, the person's chain. A chain's first entry links to ZERO_HASH.
"""

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from training.db import db, utcnow
from training.models import (
    Acknowledgement,
    Attempt,
    AttemptAnswer,
    AttemptResult,
    Certificate,
    CertificateRevocation,
    Completion,
    DraftReply,
    EvidenceEntry,
    ItemVersion,
    PolicyApproval,
    PolicyVersion,
    User,
)

ZERO_HASH = "0" * 64
KINDS = ("acknowledgement", "completion", "attempt", "approval", "certificate", "revocation")
# Any constant serves, as long as every writer of the ledger takes the same one.
LOCK_KEY = 0x45564944


def canonical(payload: dict) -> str:
    """Return the one JSON text of a payload that its hash is taken over."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def content_hash(payload: dict) -> str:
    return sha256(canonical(payload))


def link_hash(previous_hash: str, content: str) -> str:
    return sha256(previous_hash + content)


def utc_iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="microseconds") if moment else None


def record_id_of(kind: str, record) -> int:
    return record.attempt_id if kind == "attempt" else record.id


def append(kind: str, record) -> EvidenceEntry:
    """Add the ledger entry of a just-added record, in the caller's transaction."""
    db.session.flush()
    record_id = record_id_of(kind, record)
    payload = payloads(kind, [record_id])[record_id]
    _lock_ledger()
    user_id = payload["user_id"]
    previous = _last_link(EvidenceEntry.chain_hash)
    person_previous = _last_link(EvidenceEntry.person_chain_hash, EvidenceEntry.user_id == user_id)
    content = content_hash(payload)
    chain = link_hash(previous, content)
    entry = EvidenceEntry(
        kind=kind, record_id=record_id, user_id=user_id, payload=payload, content_hash=content,
        previous_hash=previous, chain_hash=chain, person_previous_hash=person_previous,
        person_chain_hash=link_hash(person_previous, chain), created_at=utcnow(),
    )  # fmt: skip
    db.session.add(entry)
    db.session.flush()
    return entry


def _last_link(column, *where) -> str:
    """Return `column` of the newest entry matching `where`, or ZERO_HASH; call under the lock."""
    query = select(column).where(*where).order_by(EvidenceEntry.id.desc()).limit(1)
    return db.session.scalar(query) or ZERO_HASH


def _lock_ledger() -> None:
    """Serialise appends until the transaction ends, so every entry links to the one before.

    Both chains are read and extended under this one lock, so the person's chain is as safe
    from concurrent writers as the ledger's.

    SQLite needs nothing more: write transactions begin with BEGIN IMMEDIATE and hold the
    database's write lock already.
    """
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def payloads(kind: str, record_ids: Iterable[int]) -> dict[int, dict]:
    """Return {record id: payload} computed from the live rows; missing records are left out."""
    ids = sorted(set(record_ids))
    if not ids:
        return {}
    sources = {"acknowledgement": _acknowledgements, "completion": _completions, "attempt": _attempts,
               "approval": _approvals, "certificate": _certificates, "revocation": _revocations}  # fmt: skip
    return sources[kind](ids)


def _acknowledgements(ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(select(Acknowledgement.__table__).where(Acknowledgement.id.in_(ids)))
    return {
        r.id: {
            "kind": "acknowledgement", "record_id": r.id, "user_id": r.user_id, "policy": r.policy_id,
            "policy_version_id": r.policy_version_id, "version": r.version_label, "sections": r.sections,
            "acknowledged_at": utc_iso(r.acknowledged_at), **_language(r.language),
        }
        for r in rows
    }  # fmt: skip


def _language(language: str | None) -> dict:
    """The language a record was read in; records from before languages were kept have none, and
    their payloads (and so their hashes) stay as they were."""
    return {"language": language} if language else {}


def _approvals(ids: list[int]) -> dict[int, dict]:
    """A policy version published by one editor and approved by another (four-eyes publishing)."""
    requester, approver = aliased(User), aliased(User)
    rows = db.session.execute(
        select(PolicyApproval.__table__, PolicyVersion.policy_id, PolicyVersion.label, PolicyVersion.number,
               requester.email.label("requester"), approver.email.label("approver"))
        .join(PolicyVersion, PolicyVersion.id == PolicyApproval.policy_version_id)
        .join(requester, requester.id == PolicyApproval.requested_by)
        .join(approver, approver.id == PolicyApproval.approved_by)
        .where(PolicyApproval.id.in_(ids))
    )  # fmt: skip
    return {
        r.id: {
            "kind": "approval", "record_id": r.id, "user_id": r.approved_by, "policy": r.policy_id,
            "policy_version_id": r.policy_version_id, "version": r.label, "version_number": r.number,
            "requested_by": r.requester, "approved_by": r.approver,
            "requested_at": utc_iso(r.requested_at), "approved_at": utc_iso(r.approved_at),
        }
        for r in rows
    }  # fmt: skip


def _certificates(ids: list[int]) -> dict[int, dict]:
    """A certificate issued when a completion made a course complete, with what it was earned against."""
    rows = db.session.execute(select(Certificate.__table__).where(Certificate.id.in_(ids)))
    return {
        r.id: {
            "kind": "certificate", "record_id": r.id, "user_id": r.user_id, "code": r.code,
            "course": r.course_id, "course_version_id": r.course_version_id, "course_title": r.course_title,
            "course_fingerprint": r.course_fingerprint, "work_fingerprint": r.work_fingerprint,
            "items": r.items, "policies": r.policies, "issued_at": utc_iso(r.issued_at),
        }
        for r in rows
    }  # fmt: skip


def _revocations(ids: list[int]) -> dict[int, dict]:
    """HR withdrew a certificate; the entry belongs to the certificate's holder."""
    rows = db.session.execute(
        select(CertificateRevocation.__table__, Certificate.user_id, Certificate.code, User.email)
        .join(Certificate, Certificate.id == CertificateRevocation.certificate_id)
        .join(User, User.id == CertificateRevocation.revoked_by)
        .where(CertificateRevocation.id.in_(ids))
    )
    return {
        r.id: {
            "kind": "revocation", "record_id": r.id, "user_id": r.user_id, "certificate_id": r.certificate_id,
            "code": r.code, "revoked_by": r.email, "reason": r.reason, "revoked_at": utc_iso(r.revoked_at),
        }
        for r in rows
    }  # fmt: skip


def _completions(ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(
        select(Completion.__table__, ItemVersion.number.label("item_version"))
        .join(ItemVersion, ItemVersion.id == Completion.item_version_id)
        .where(Completion.id.in_(ids))
    ).all()
    paths = _paths({r.attempt_id for r in rows if r.attempt_id is not None})
    return {
        r.id: {
            "kind": "completion", "record_id": r.id, "user_id": r.user_id, "item": r.item_id,
            "item_version_id": r.item_version_id, "item_version": r.item_version,
            "fingerprint": r.fingerprint, "sections": r.sections, "score": r.score,
            "attempt_id": r.attempt_id, **paths.get(r.attempt_id, {"path": None, "drafts": None}),
            "completed_at": utc_iso(r.completed_at), **_language(r.language),
        }
        for r in rows
    }  # fmt: skip


def _attempts(ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.user_id,
            Attempt.item_version_id,
            Attempt.started_at,
            ItemVersion.item_id,
            ItemVersion.number,
            AttemptResult.score,
            AttemptResult.passed,
            AttemptResult.finished_at,
        )  # fmt: skip
        .join(AttemptResult, AttemptResult.attempt_id == Attempt.id)
        .join(ItemVersion, ItemVersion.id == Attempt.item_version_id)
        .where(Attempt.id.in_(ids))
    ).all()
    paths = _paths({r.id for r in rows})
    return {
        r.id: {
            "kind": "attempt", "record_id": r.id, "user_id": r.user_id, "item": r.item_id,
            "item_version_id": r.item_version_id, "item_version": r.number, "score": r.score,
            "passed": r.passed, **paths[r.id], "started_at": utc_iso(r.started_at),
            "finished_at": utc_iso(r.finished_at),
        }
        for r in rows
    }  # fmt: skip


def _paths(attempt_ids: set[int]) -> dict[int, dict]:
    """Return {attempt id: {"path": [answers in order], "drafts": [replies written]}}."""
    result = {a: {"path": [], "drafts": []} for a in attempt_ids}
    if not attempt_ids:
        return result
    answers = db.session.execute(
        select(AttemptAnswer.attempt_id, AttemptAnswer.step_id, AttemptAnswer.choice_ids,
               AttemptAnswer.correct, AttemptAnswer.answered_at)
        .where(AttemptAnswer.attempt_id.in_(attempt_ids))
        .order_by(AttemptAnswer.attempt_id, AttemptAnswer.position)
    )  # fmt: skip
    for a in answers:
        result[a.attempt_id]["path"].append(
            {"step": a.step_id, "choices": a.choice_ids, "correct": a.correct, "at": utc_iso(a.answered_at)}
        )
    replies = db.session.execute(
        select(DraftReply.attempt_id, DraftReply.step_id, DraftReply.revision, DraftReply.text,
               DraftReply.passed, DraftReply.submitted_at)
        .where(DraftReply.attempt_id.in_(attempt_ids))
        .order_by(DraftReply.attempt_id, DraftReply.id)
    )  # fmt: skip
    for d in replies:
        result[d.attempt_id]["drafts"].append(
            {"step": d.step_id, "revision": d.revision, "text": d.text, "passed": d.passed,
             "at": utc_iso(d.submitted_at)}
        )  # fmt: skip
    return result
