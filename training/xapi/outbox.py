"""Send the ledger's statements to the LRS once each, retrying with backoff; export them all.

The outbox keeps only delivery state (models/xapi.py); statements are rebuilt from their entries.
All statements of an entry are tried together and get their rows together, so "never tried" is
"has no rows". Rows are written after the LRS answered, in a transaction of their own. A batch
the LRS refuses with 400 or 409 is split until the one statement at fault is found: a 409 means
the LRS already holds that id, which counts as sent.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO

from flask import current_app
from sqlalchemy import exists, or_, select, text

from training.db import db, utcnow
from training.models import EvidenceEntry, XapiOutbox
from training.xapi import lrs, statements

BATCH = 50  # entries per request; an attempt carries a statement per step, so a batch holds a few hundred
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=12)
LOCK_KEY = 0x58415049  # any constant that no other advisory lock of the app uses


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """Wait twice as long after each failure: 1, 2, 4 ... minutes, at most 12 hours."""
    return min(FIRST_DELAY * 2 ** min(attempts - 1, 20), LONGEST_DELAY)


def pending(now: datetime, limit: int) -> list[EvidenceEntry]:
    """Return the oldest entries never tried, or whose failed statements are due again."""
    own = XapiOutbox.entry_id == EvidenceEntry.id
    tried = exists(select(XapiOutbox.statement_id).where(own))
    due = exists(
        select(XapiOutbox.statement_id).where(
            own, XapiOutbox.sent_at.is_(None), XapiOutbox.next_try_at <= now
        )
    )
    query = (
        select(EvidenceEntry)
        .where(EvidenceEntry.kind.in_(statements.KINDS), or_(~tried, due))
        .order_by(EvidenceEntry.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def send(client: lrs.Client, batch: int = BATCH) -> Report:
    """Post every pending statement; stop at a batch the LRS takes none of, to try again next run."""
    report = Report()
    while entries := pending(utcnow(), batch):
        outcome = _send_batch(client, entries)
        report.sent += outcome.sent
        report.failed += outcome.failed
        report.errors += outcome.errors
        if not outcome.sent:  # the LRS is down, or nothing was left to send: try again next run
            break
    return report


def _send_batch(client: lrs.Client, entries: list[EvidenceEntry]) -> Report:
    """Post the batch's unsent statements, then record what became of each."""
    built = list(statements.for_entries(entries, current_app.config["BASE_URL"]))
    owners = {statement["id"]: entry.id for entry, statement in built}
    done = select(XapiOutbox.statement_id).where(
        XapiOutbox.statement_id.in_(owners), XapiOutbox.sent_at.is_not(None)
    )
    sent = set(db.session.scalars(done))
    unsent = [statement for _, statement in built if statement["id"] not in sent]
    # End the transaction before waiting for the LRS: on SQLite a command's transaction holds the
    # write lock from its start, and learners' answers must not queue behind a slow LRS.
    db.session.rollback()
    return _record(list(client.deliver(unsent)), owners)


def _record(outcomes: list[tuple[list[dict], str | None]], owners: dict[str, int]) -> Report:
    """Write each statement's delivery state in one transaction."""
    if db.session.connection().dialect.name == "postgresql":  # two overlapping runs record in turn
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    rows = {r.statement_id: r for r in db.session.scalars(
        select(XapiOutbox).where(XapiOutbox.statement_id.in_(owners)))}  # fmt: skip
    report = Report()
    for group, error in outcomes:
        now = utcnow()
        for statement in group:
            row = rows.get(statement["id"])
            if row is None:
                row = XapiOutbox(statement_id=statement["id"], entry_id=owners[statement["id"]], attempts=0)
                db.session.add(row)
            row.attempts += 1
            if error is None:
                row.sent_at, row.next_try_at, row.last_error = now, None, ""
            else:
                row.next_try_at, row.last_error = now + backoff(row.attempts), error[:1000]
        if error is None:
            report.sent += len(group)
        else:
            report.failed += len(group)
            report.errors.append(error)
    db.session.commit()
    return report


def export(out: TextIO, chunk: int = 500) -> int:
    """Write every statement as one JSON line each, oldest first; return how many."""
    count = 0
    for statement in all_statements(chunk):
        out.write(json.dumps(statement, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def all_statements(chunk: int = 500) -> Iterator[dict]:
    """Yield the statements of the whole ledger, a chunk of entries at a time."""
    base_url = current_app.config["BASE_URL"]
    after = 0
    while True:
        query = (
            select(EvidenceEntry)
            .where(EvidenceEntry.kind.in_(statements.KINDS), EvidenceEntry.id > after)
            .order_by(EvidenceEntry.id)
            .limit(chunk)
        )
        entries = list(db.session.scalars(query))
        if not entries:
            return
        for _, statement in statements.for_entries(entries, base_url):
            yield statement
        after = entries[-1].id
