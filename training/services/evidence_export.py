"""Exports of the evidence ledger, for one person or everyone: a JSON-lines bundle and CSV."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from training.db import db, utcnow
from training.models import EvidenceEntry, User
from training.services.evidence import ZERO_HASH, canonical, utc_iso
from training.services.reports import spreadsheet_safe

BATCH = 1000

HOW_TO_VERIFY = [
    "Run: flask --app app evidence verify-bundle FILE (no database needed), or check by hand:",
    "Line 1 is this header; every further line is one ledger entry, in ledger order.",
    "Only 'payload' is hashed; 'email' and 'created_at' are context added at export.",
    "1. content_hash = SHA-256 (hex) of the payload as canonical JSON: keys sorted, separators ',' and "
    "':', no whitespace, non-ASCII characters as UTF-8 (not escaped).",
    "2. chain_hash = SHA-256 (hex) of the text previous_hash + content_hash.",
    "3. In a bundle for everyone, previous_hash is the chain_hash of the line before (64 zeros for the "
    "first entry), and the last chain_hash is ledger_head.chain_hash: nothing was altered, removed or "
    "reordered.",
    "In a bundle for one person the entries of other people are left out, so the links between lines "
    "cannot be followed: steps 1 and 2 prove that each entry is unaltered and was part of the chain "
    "(its chain_hash is the link the ledger holds; compare it with the full ledger or a bundle for "
    "everyone to see it in place).",
]
CSV_COLUMNS = [
    "entry_id", "kind", "record_id", "email", "name", "at", "policy", "version", "item", "item_version",
    "fingerprint", "score", "passed", "attempt_id", "sections", "path", "drafts", "payload",
    "content_hash", "previous_hash", "chain_hash",
]  # fmt: skip


@dataclass(frozen=True)
class Head:
    """The ledger's last entry when an export starts; later entries are left out of it."""

    entry_id: int
    chain_hash: str
    entries: int


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
    header = {
        "bundle": "evidence", "format": 1, "scope": "person" if person else "everyone",
        "person": _person(person), "generated_at": utc_iso(utcnow()),
        "entries": count_for(person.id, head) if person else head.entries,
        "ledger_head": {"entry_id": head.entry_id, "chain_hash": head.chain_hash, "entries": head.entries},
        "how_to_verify": HOW_TO_VERIFY,
    }  # fmt: skip
    yield json.dumps(header, ensure_ascii=False) + "\n"
    for row in entries(head, person.id if person else None):
        line = {
            "id": row.id, "kind": row.kind, "record_id": row.record_id, "user_id": row.user_id,
            "email": row.email, "created_at": utc_iso(row.created_at), "payload": row.payload,
            "content_hash": row.content_hash, "previous_hash": row.previous_hash,
            "chain_hash": row.chain_hash,
        }  # fmt: skip
        yield json.dumps(line, ensure_ascii=False) + "\n"


def _person(person: User | None) -> dict | None:
    if person is None:
        return None
    return {"user_id": person.id, "email": person.email, "name": person.name, "department": person.department,
            "active": person.active}  # fmt: skip


def csv_chunks(person: User | None = None) -> Iterator[str]:
    """Yield the same entries as CSV, one row per entry, cells safe for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in entries(ledger_head(), person.id if person else None):
        writer.writerow([spreadsheet_safe(value) for value in _csv_row(row)])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_row(row) -> list:
    p = row.payload
    at = p.get("acknowledged_at") or p.get("completed_at") or p.get("finished_at")
    as_json = lambda value: "" if value is None else canonical(value)  # noqa: E731
    passed = p.get("passed", True if row.kind == "completion" else None)
    return [
        row.id, row.kind, row.record_id, row.email, row.name, at, p.get("policy"), p.get("version"),
        p.get("item"), p.get("item_version"), p.get("fingerprint"), p.get("score"),
        "" if passed is None else str(passed).lower(), p.get("attempt_id"), as_json(p.get("sections")),
        as_json(p.get("path")), as_json(p.get("drafts")), canonical(p), row.content_hash,
        row.previous_hash, row.chain_hash,
    ]  # fmt: skip
