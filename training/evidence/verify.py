"""Verify the evidence ledger in the database, or an exported bundle without the database."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import exists, select

from training.db import db
from training.evidence.ledger import ZERO_HASH, content_hash, link_hash, payloads
from training.models import (
    Acknowledgement,
    AttemptResult,
    Certificate,
    CertificateRevocation,
    Completion,
    EvidenceEntry,
    PolicyApproval,
)

BATCH = 1000
BUNDLE_FORMAT = 2  # 2 added the person chain
MAX_UNLEDGERED = 20  # records without an entry named per kind; the rest are counted


@dataclass(frozen=True)
class Problem:
    """What is wrong with one entry (or, with no entry id, a record missing from the ledger)."""

    entry_id: int | None
    kind: str
    record_id: int | None
    message: str

    def __str__(self) -> str:
        if self.record_id is None:  # about the bundle as a whole or one of its lines, not a record
            return f"the {self.kind}: {self.message}"
        where = f"entry {self.entry_id}" if self.entry_id is not None else "no entry"
        return f"{where} ({self.kind} {self.record_id}): {self.message}"


@dataclass(frozen=True)
class PersonHead:
    """The last entry of one person's chain so far, and how many entries the chain holds."""

    entry_id: int
    chain_hash: str
    entries: int


@dataclass
class Report:
    entries: int = 0
    head: str = ZERO_HASH  # chain hash of the last entry checked (person chain hash in a person's bundle)
    head_name: str = "chain hash"
    people: dict[int, PersonHead] = field(default_factory=dict)  # user id: the end of their chain
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


def verify_ledger() -> Report:
    """Walk the ledger in order, checking both chains and every entry against its live record."""
    report = Report()
    previous_id, after = None, 0
    while True:
        query = select(EvidenceEntry.__table__).where(EvidenceEntry.id > after)
        batch = db.session.execute(query.order_by(EvidenceEntry.id).limit(BATCH)).all()
        if not batch:
            break
        for entry in batch:
            report.problems += _entry_problems(entry, report.head, previous_id)
            _follow_person(report, entry)
            report.head, previous_id = entry.chain_hash, entry.id
        report.problems += _record_problems(batch)
        report.entries += len(batch)
        after = batch[-1].id
    report.problems.sort(key=lambda p: (p.entry_id is None, p.entry_id or 0))
    report.problems += _unledgered()
    return report


def _entry_problems(entry, expected_previous: str, previous_id: int | None) -> list[Problem]:
    """Check one entry's own hashes and its link to the entry before it."""

    def problem(message: str) -> Problem:
        return Problem(entry.id, entry.kind, entry.record_id, message)

    found = []
    payload = entry.payload if isinstance(entry.payload, dict) else {}
    if content_hash(payload) != entry.content_hash:
        found.append(problem("content hash mismatch: the entry's payload was altered after it was recorded"))
    if entry.previous_hash != expected_previous:
        before = f"entry {previous_id}" if previous_id is not None else "the start of the ledger"
        found.append(problem(
            f"chain broken: its previous hash is not the chain hash of {before}; an entry between "
            "them was removed, or entries were reordered"
        ))  # fmt: skip
    if link_hash(entry.previous_hash, entry.content_hash) != entry.chain_hash:
        found.append(problem("chain hash mismatch: the entry's chain hash was altered"))
    if (payload.get("kind"), payload.get("record_id"), payload.get("user_id")) != (
        entry.kind, entry.record_id, entry.user_id
    ):  # fmt: skip
        found.append(problem("the entry's kind, record or person columns disagree with its payload"))
    return found


def _follow_person(report: Report, entry) -> None:
    """Check the entry's link in its person's chain, then make it the end of that chain."""
    before = report.people.get(entry.user_id)
    expected = before.chain_hash if before else ZERO_HASH

    def problem(message: str) -> Problem:
        return Problem(entry.id, entry.kind, entry.record_id, message)

    if entry.person_previous_hash != expected:
        if before:
            link = f"the person chain hash of entry {before.entry_id}, this person's entry before it"
        else:
            link = "the zero hash that starts this person's chain"
        report.problems.append(problem(
            f"person chain broken: its person previous hash is not {link}; an entry of this person "
            "was removed before it, or entries were reordered"
        ))  # fmt: skip
    if link_hash(entry.person_previous_hash, entry.chain_hash) != entry.person_chain_hash:
        message = "person chain hash mismatch: its person chain hash, or the chain hash under it, was altered"
        report.problems.append(problem(message))
    count = before.entries + 1 if before else 1
    report.people[entry.user_id] = PersonHead(entry.id, entry.person_chain_hash, count)


def _record_problems(batch) -> list[Problem]:
    """Recompute each entry's payload from the live record and compare."""
    found = []
    for kind in {e.kind for e in batch}:
        entries = [e for e in batch if e.kind == kind]
        live = payloads(kind, [e.record_id for e in entries]) if kind in _SOURCES else {}
        for entry in entries:
            current = live.get(entry.record_id)
            if current is None:
                message = f"the {kind} record is missing: it was deleted (or never existed)"
            elif current != entry.payload:
                fields = sorted(k for k in current.keys() | entry.payload.keys()
                                if current.get(k) != entry.payload.get(k))  # fmt: skip
                message = f"the {kind} record differs from the entry's payload in: {', '.join(fields)}"
            else:
                continue
            found.append(Problem(entry.id, kind, entry.record_id, message))
    return found


_SOURCES = {
    "acknowledgement": Acknowledgement.id,
    "completion": Completion.id,
    "attempt": AttemptResult.attempt_id,
    "approval": PolicyApproval.id,
    "certificate": Certificate.id,
    "revocation": CertificateRevocation.id,
}


def _unledgered() -> list[Problem]:
    """Name records that have no ledger entry: added behind the application's back."""
    found = []
    for kind, column in _SOURCES.items():
        has_entry = exists().where(EvidenceEntry.kind == kind, EvidenceEntry.record_id == column)
        ids = db.session.scalars(select(column).where(~has_entry).order_by(column).limit(MAX_UNLEDGERED + 1))
        for record_id in ids:
            found.append(Problem(None, kind, record_id, "this record is not in the ledger: it was added "
                                 "without evidence, or its entry was removed"))  # fmt: skip
    return found


def verify_bundle(lines: Iterable[str]) -> Report:
    """Check an exported bundle (JSON lines: a header, then entries) without the database."""
    report = Report()
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        report.problems.append(Problem(None, "bundle", None, "the file is empty, not an evidence bundle"))
        return report
    header = _header(first, report)
    if header is None:
        return report
    whole = header.get("scope") == "everyone"
    person = (header.get("person") or {}).get("user_id")
    previous_id, ledger_head = None, ZERO_HASH
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        entry = _bundle_entry(line, number, report)
        if entry is None:
            continue
        # Everyone's bundle follows the ledger's chain; a person's has gaps there (other people's
        # entries), so only each entry's own link is checked and their own chain is followed.
        report.problems += _entry_problems(entry, ledger_head if whole else entry.previous_hash, previous_id)
        if not whole and entry.user_id != person:
            message = "this entry belongs to someone other than the bundle's person"
            report.problems.append(Problem(entry.id, entry.kind, entry.record_id, message))
        _follow_person(report, entry)
        if previous_id is not None and entry.id <= previous_id:
            report.problems.append(Problem(entry.id, entry.kind, entry.record_id, "entries are out of order"))
        ledger_head, previous_id = entry.chain_hash, entry.id
        report.entries += 1
    if whole:
        report.head = ledger_head
    else:
        report.head_name = "person chain hash"
        own = report.people.get(person) if _is_int(person) else None
        report.head = own.chain_hash if own else ZERO_HASH
    report.problems += _totals(header, report, whole)
    return report


@dataclass(frozen=True)
class _Entry:
    id: int
    kind: str
    record_id: int
    user_id: int
    payload: dict
    content_hash: str
    previous_hash: str
    chain_hash: str
    person_previous_hash: str
    person_chain_hash: str


def _header(line: str, report: Report) -> dict | None:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("bundle") != "evidence":
        report.problems.append(Problem(None, "bundle", None, "line 1 is not an evidence bundle header"))
        return None
    if header.get("format") != BUNDLE_FORMAT:
        message = (
            f"the bundle's format {header.get('format')!r} is not format {BUNDLE_FORMAT}, which this checks"
        )
        report.problems.append(Problem(None, "bundle", None, message))
        return None
    return header


def _bundle_entry(line: str, number: int, report: Report) -> _Entry | None:
    try:
        data = json.loads(line)
        entry = _Entry(**{name: data[name] for name in _Entry.__dataclass_fields__})
    except (ValueError, KeyError, TypeError):
        entry = None
    if entry is None or not all(_ENTRY_TYPES[name](value) for name, value in vars(entry).items()):
        report.problems.append(Problem(None, "bundle", None, f"line {number} is not a complete entry"))
        return None
    return entry


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_ENTRY_TYPES = {name: (lambda v: isinstance(v, str)) for name in _Entry.__dataclass_fields__} | {
    "id": _is_int, "record_id": _is_int, "user_id": _is_int, "payload": lambda v: isinstance(v, dict),
}  # fmt: skip


def _totals(header: dict, report: Report, whole: bool) -> list[Problem]:
    """Compare the chain just followed with the end and the count that the header names.

    A chain's last hash fixes how many entries lead to it, so a count edited in the header, or
    entries cut off the end without the header's head changed to match, are caught here.
    """
    found = []

    def problem(message: str) -> None:
        found.append(Problem(None, "bundle", None, message))

    if header.get("entries") != report.entries:
        problem(f"the header announces {header.get('entries')} entries but the bundle holds {report.entries}")
    key, chain = ("ledger_head", "ledger's chain") if whole else ("person_head", "person's chain")
    head = header.get(key) if isinstance(header.get(key), dict) else {}
    if head.get("chain_hash", ZERO_HASH) != report.head:
        problem(f"the last entry is not the end of the {chain} named in the header ({key}): entries were "
                "cut off the end, or the header was edited")  # fmt: skip
    if head.get("entries", 0) != report.entries:
        problem(
            f"the header's {key} counts {head.get('entries')} entries but the bundle holds {report.entries}"
        )
    return found
