"""Send the ledger's statements to the LRS once each, retrying with backoff; export them all.

The outbox keeps only delivery state (models/xapi.py); statements are rebuilt from their entries.
All statements of an entry are tried together and get their rows together, so "never tried" is
"has no rows". Rows are written after the LRS answered, in a transaction of their own. A batch
the LRS refuses with 400 or 409 is split until the one statement at fault is found: a 409 means
the LRS already holds that id, which counts as sent.

Only one run sends at a time: a run first takes the lease (models/xapi.py) with one atomic UPDATE,
moves it on before every request and gives it back at the end. A run that finds it taken sends
nothing, so two overlapping cron runs never post the same statements; a crashed run's lease runs out.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO
from uuid import uuid4

from flask import current_app
from sqlalchemy import exists, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from training.db import db, utcnow
from training.models import EvidenceEntry, XapiLease, XapiOutbox
from training.xapi import lrs, statements

BATCH = 50  # entries per request; an attempt carries a statement per step, so a batch holds a few hundred
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=12)
LOCK_KEY = 0x58415049  # any constant that no other advisory lock of the app uses
LEASE = timedelta(minutes=10)  # far longer than one request (lrs.TIMEOUT): the lease is renewed before each
LEASE_NAME = "send"
LEASE_LOST = "this run's lease ran out and another run took over: not sent, retried later"


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    busy_until: datetime | None = None  # another run held the lease until then, so this one sent nothing
    taken_over: bool = False  # this run's lease ran out and another run took it, so this one stopped


class Lease:
    """This run's claim to send; every change is its own short transaction, never open during a request."""

    def __init__(self):
        self.holder = str(uuid4())

    def take(self) -> datetime | None:
        """Claim the lease unless another run holds it; return None, or until when the other run holds it."""
        now = utcnow()
        dialect = postgresql if db.session.connection().dialect.name == "postgresql" else sqlite
        row = dialect.insert(XapiLease).values(name=LEASE_NAME, holder="", expires_at=None)
        db.session.execute(row.on_conflict_do_nothing())
        free = or_(XapiLease.expires_at.is_(None), XapiLease.expires_at <= now)
        taken = self._update(free, now + LEASE)
        held_until = None if taken else db.session.scalar(
            select(XapiLease.expires_at).where(XapiLease.name == LEASE_NAME)) or now  # fmt: skip
        db.session.commit()
        return held_until

    def renew(self) -> bool:
        """Move the lease on; False when it ran out and another run took it, so this one must stop."""
        renewed = self._update(XapiLease.holder == self.holder, utcnow() + LEASE)
        db.session.commit()
        return renewed

    def release(self) -> None:
        self._update(XapiLease.holder == self.holder, None)
        db.session.commit()

    def _update(self, condition, expires_at: datetime | None) -> bool:
        query = update(XapiLease).where(XapiLease.name == LEASE_NAME, condition)
        result = db.session.execute(query.values(holder=self.holder, expires_at=expires_at))
        return result.rowcount == 1


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
    """Post every pending statement; stop at a batch the LRS takes none of, to try again next run.

    While another run holds the lease, send nothing and say until when it holds it.
    """
    lease = Lease()
    held_until = lease.take()
    if held_until is not None:
        return Report(busy_until=held_until)
    report = Report()
    try:
        while (entries := pending(utcnow(), batch)) and not report.taken_over:
            outcome = _send_batch(client, entries, lease)
            report.sent += outcome.sent
            report.failed += outcome.failed
            report.errors += outcome.errors
            report.taken_over = outcome.taken_over
            if not outcome.sent:  # the LRS is down, or nothing was left to send: try again next run
                break
    finally:
        db.session.rollback()
        lease.release()
    return report


def _send_batch(client: lrs.Client, entries: list[EvidenceEntry], lease: Lease) -> Report:
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
    if not lease.renew():  # it ran out while this run stalled and another run took it: leave all to that one
        return Report(taken_over=True)
    outcomes, posted = [], set()
    for group, error in client.deliver(unsent):  # each request is sent when the loop asks for the next
        outcomes.append((group, error))
        posted.update(statement["id"] for statement in group)
        if not lease.renew():  # taken over while the LRS answered: the rest waits, as after a failure
            rest = [statement for statement in unsent if statement["id"] not in posted]
            outcomes += [(rest, LEASE_LOST)] if rest else []
            report = _record(outcomes, owners)
            report.taken_over = True
            return report
    return _record(outcomes, owners)


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
