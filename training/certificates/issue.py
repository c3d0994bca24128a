"""Issuing a certificate when a completion makes a course complete."""

import base64
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.content import versions
from training.db import db, utcnow
from training.evidence import ledger as evidence
from training.models import Certificate, Completion, ItemVersion, PolicyVersion
from training.status.query import CourseState

CODE_BYTES = 15  # 120 random bits: 24 letters and digits in base 32


def new_code() -> str:
    """Return a random verification code: 24 characters of A-Z and 2-7, unguessable."""
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def normalise(code: str) -> str:
    """Read a code as typed: case, spaces and dashes do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def grouped(code: str) -> str:
    """Return the code in groups of four, as printed, for reading aloud or typing."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def issue(user_id: int, state: CourseState, work_fingerprint: str, renewal: int = 0) -> Certificate:
    """Issue the certificate of this state of the person's work on a complete course; flush only.

    Issued once: a repeated or concurrent completion with the same work finds the one there is.
    `renewal` is the number of the recertification it is for (0: none).
    """
    course_id = state.id
    mine = select(Certificate).where(
        Certificate.user_id == user_id,
        Certificate.course_id == course_id,
        Certificate.work_fingerprint == work_fingerprint,
        Certificate.renewal == renewal,
    )
    found = db.session.scalar(mine)
    if found is not None:
        return found
    items = _items(user_id, state.version.items)
    certificate = Certificate(
        code=new_code(), user_id=user_id, course_id=course_id, course_version_id=state.version.id,
        course_title=state.version.title,
        course_fingerprint=state.fingerprint.fingerprint if state.fingerprint else "",
        work_fingerprint=work_fingerprint, items=[i for i, _ in items],
        policies=_policies({p for _, covers in items for p in covers}), issued_at=utcnow(),
        renewal=renewal,
    )  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return db.session.scalar(mine)  # issued by a concurrent request
    evidence.append("certificate", certificate)
    return certificate


def _items(user_id: int, item_ids: list[str]) -> list[tuple[dict, set[str]]]:
    """The version of each item the person last completed, and the policies that version covers."""
    rows = db.session.execute(
        select(Completion.item_id, ItemVersion.number, ItemVersion.title, ItemVersion.covers)
        .join(ItemVersion, ItemVersion.id == Completion.item_version_id)
        .where(Completion.user_id == user_id, Completion.item_id.in_(item_ids))
        .order_by(Completion.completed_at, Completion.id)
    )
    latest = {item_id: rest for item_id, *rest in rows}  # the newest completion stays
    found = []
    for item_id in item_ids:
        if item_id in latest:
            number, title, covers = latest[item_id]
            policies = {str(c).split("#", 1)[0] for c in covers or []}
            found.append(({"item": item_id, "title": title, "version": number}, policies))
    return found


def _policies(policy_ids: set[str]) -> list[dict]:
    """The version of each policy in force now, when the certificate is issued."""
    found = []
    for policy_id in sorted(policy_ids):
        version = versions.current(PolicyVersion, policy_id)
        if version is not None:
            found.append({"policy": policy_id, "title": version.title, "version": version.label})
    return found
