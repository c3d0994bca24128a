"""Exports of the evidence ledger, for one person or everyone: a JSON-lines bundle, and the fields
of HR's CSV of it (labelled and written by hr/exports.py)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from training.db import db, utcnow
from training.evidence.ledger import ZERO_HASH, canonical, utc_iso
from training.evidence.verify import BUNDLE_FORMAT
from training.models import EvidenceEntry, User

BATCH = 1000

HOW_TO_VERIFY = [
    "Run: flask --app app evidence verify-bundle FILE (no database needed), or check by hand:",
    "Line 1 is this header; every further line is one ledger entry, in ledger order.",
    "Only 'payload' is hashed; 'email' and 'created_at' are context added at export.",
    "1. content_hash = SHA-256 (hex) of the payload as canonical JSON: keys sorted, separators ',' and "
    "':', no whitespace, non-ASCII characters as UTF-8 (not escaped).",
    "2. chain_hash = SHA-256 (hex) of the text previous_hash + content_hash (the ledger's chain).",
    "3. person_chain_hash = SHA-256 (hex) of the text person_previous_hash + chain_hash (the person's "
    "chain); person_previous_hash is the person_chain_hash of the same person's entry before, or 64 "
    "zeros for their first entry.",
]
HOW_TO_VERIFY_EVERYONE = [
    "4. previous_hash is the chain_hash of the line before (64 zeros for the first entry), the last "
    "chain_hash is ledger_head.chain_hash and the number of entries is ledger_head.entries: nothing "
    "was altered, removed or reordered.",
]
HOW_TO_VERIFY_PERSON = [
    "4. The entries of other people are left out, so previous_hash cannot be followed here; follow the "
    "person's chain instead: the first entry's person_previous_hash is 64 zeros, every other one is "
    "the person_chain_hash of the line before, the last person_chain_hash is person_head.chain_hash "
    "and the number of entries is person_head.entries: no entry was altered, removed or reordered.",
    "5. Entries removed from the end leave a shorter chain that is still whole, with a different last "
    "hash. So compare person_head.chain_hash with an anchor kept outside this file: what "
    "'flask --app app evidence verify --email EMAIL' prints on the server, or the hash recorded when "
    "this bundle was exported. Only a match proves nothing was cut off the end; the hash fixes the "
    "number of entries too.",
]
ROW_FIELDS = [  # the fields of `row_fields`, in this order (HR's CSV labels them: hr/exports.py)
    "entry_id", "kind", "record_id", "email", "name", "at", "policy", "version", "item", "item_version",
    "fingerprint", "score", "passed", "attempt_id", "sections", "path", "drafts", "payload",
    "content_hash", "previous_hash", "chain_hash", "person_previous_hash", "person_chain_hash",
]  # fmt: skip


@dataclass(frozen=True)
class Head:
    """The last entry of a chain (the ledger's or a person's) when an export starts."""

    entry_id: int
    chain_hash: str
    entries: int

    def as_dict(self) -> dict:
        return {"entry_id": self.entry_id, "chain_hash": self.chain_hash, "entries": self.entries}


def ledger_head() -> Head:
    last = db.session.execute(
        select(EvidenceEntry.id, EvidenceEntry.chain_hash).order_by(EvidenceEntry.id.desc()).limit(1)
    ).first()
    if last is None:
        return Head(0, ZERO_HASH, 0)
    return Head(last.id, last.chain_hash, db.session.scalar(select(func.count(EvidenceEntry.id))))


def count_for(user_id: int, head: Head) -> int:
    query = select(func.count(EvidenceEntry.id)).where(
        EvidenceEntry.user_id == user_id, EvidenceEntry.id <= head.entry_id
    )
    return db.session.scalar(query)


def person_head(user_id: int, head: Head) -> Head:
    """Return the end of a person's chain as of the ledger's `head`."""
    last = db.session.execute(
        select(EvidenceEntry.id, EvidenceEntry.person_chain_hash)
        .where(EvidenceEntry.user_id == user_id, EvidenceEntry.id <= head.entry_id)
        .order_by(EvidenceEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return Head(0, ZERO_HASH, 0)
    return Head(last.id, last.person_chain_hash, count_for(user_id, head))


def find_person(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def entries(head: Head, user_id: int | None = None) -> Iterator:
    """Yield ledger rows (with the person's email and name) up to `head`, in batches."""
    after = 0
    while True:
        query = (
            select(EvidenceEntry.__table__, User.email, User.name)
            .join(User, User.id == EvidenceEntry.user_id)
            .where(EvidenceEntry.id > after, EvidenceEntry.id <= head.entry_id)
            .order_by(EvidenceEntry.id)
            .limit(BATCH)
        )
        if user_id is not None:
            query = query.where(EvidenceEntry.user_id == user_id)
        batch = db.session.execute(query).all()
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].id


def bundle_lines(person: User | None = None) -> Iterator[str]:
    """Yield the bundle for one person or, with no person, everyone: a header line, then entries."""
    head = ledger_head()
    own = person_head(person.id, head) if person else None
    header = {
        "bundle": "evidence", "format": BUNDLE_FORMAT, "scope": "person" if person else "everyone",
        "person": _person(person), "generated_at": utc_iso(utcnow()),
        "entries": own.entries if own else head.entries, "ledger_head": head.as_dict(),
        "person_head": own.as_dict() if own else None,
        "how_to_verify": HOW_TO_VERIFY + (HOW_TO_VERIFY_PERSON if own else HOW_TO_VERIFY_EVERYONE),
    }  # fmt: skip
    yield json.dumps(header, ensure_ascii=False) + "\n"
    for row in entries(head, person.id if person else None):
        line = {
            "id": row.id, "kind": row.kind, "record_id": row.record_id, "user_id": row.user_id,
            "email": row.email, "created_at": utc_iso(row.created_at), "payload": row.payload,
            "content_hash": row.content_hash, "previous_hash": row.previous_hash,
            "chain_hash": row.chain_hash, "person_previous_hash": row.person_previous_hash,
            "person_chain_hash": row.person_chain_hash,
        }  # fmt: skip
        yield json.dumps(line, ensure_ascii=False) + "\n"


def _person(person: User | None) -> dict | None:
    if person is None:
        return None
    return {"user_id": person.id, "email": person.email, "name": person.name, "department": person.department,
            "active": person.active}  # fmt: skip


def row_fields(row) -> dict:
    """One entry's fields as codes and raw values, by name (`ROW_FIELDS`), for a CSV row."""
    p = row.payload
    at = p.get("acknowledged_at") or p.get("completed_at") or p.get("finished_at") or p.get("issued_at")
    at = at or p.get("revoked_at")
    as_json = lambda value: "" if value is None else canonical(value)  # noqa: E731
    passed = p.get("passed", True if row.kind == "completion" else None)
    return dict(zip(ROW_FIELDS, [
        row.id, row.kind, row.record_id, row.email, row.name, at, p.get("policy"), p.get("version"),
        p.get("item"), p.get("item_version"), p.get("fingerprint"), p.get("score"),
        passed, p.get("attempt_id"), as_json(p.get("sections")),
        as_json(p.get("path")), as_json(p.get("drafts")), canonical(p), row.content_hash,
        row.previous_hash, row.chain_hash, row.person_previous_hash, row.person_chain_hash,
    ], strict=True))  # fmt: skip
