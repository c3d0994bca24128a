"""HR: assignments of courses, the evidence ledger, password links and sent reminders."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow

SCOPES = ("everyone", "department", "person")


class Assignment(db.Model):
    """A course required of everyone, a department or one person, with a due date.

    `source` is "hr" for assignments made by HR and "course" for the default assignment that a
    course's front matter (`audience`, `due_days`) declares; the import keeps that one current.
    Removing an assignment sets `removed_at`; the row stays as history.
    """

    __table_args__ = (Index("ix_assignment_course_active", "course_id", "removed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"))
    scope: Mapped[str] = mapped_column(String(20))  # one of SCOPES
    department: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    # Exactly one of: a fixed date, or a number of days after the person got the assignment.
    due_date: Mapped[date | None] = mapped_column(Date)
    due_days: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(10), default="hr")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class EvidenceEntry(db.Model):
    """One link of the evidence hash chain; never updated or deleted.

    Every acknowledgement, completion and finished attempt appends an entry in the same
    transaction. `content_hash` is the SHA-256 of `payload` in canonical JSON; `chain_hash` is the
    SHA-256 of the previous entry's chain hash and this content hash, so altering, removing or
    reordering any entry breaks every hash after it. `person_chain_hash` is the SHA-256 of the
    person's previous entry's person chain hash and this chain hash: a chain per person, so one
    person's entries can be checked for removal and order without everyone else's.
    """

    __table_args__ = (UniqueConstraint("kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "acknowledgement", "completion", "attempt"
    record_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    previous_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_previous_hash: Mapped[str] = mapped_column(String(64))
    person_chain_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PasswordToken(db.Model):
    """A single-use, expiring link to set a password (invitation or "forgot password").

    Only a hash of the token is stored, so a database leak does not leak working links.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))  # "invite" or "reset"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SentReminder(db.Model):
    """A reminder email that the SMTP server accepted; at most one per person, kind and day."""

    __table_args__ = (UniqueConstraint("recipient", "kind", "subject_key", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(20))  # "learner", "manager", "digest", "invite"
    # What the email was about, e.g. "42" (the learner it escalates) or "" for a person's own list.
    subject_key: Mapped[str] = mapped_column(String(100), default="")
    sent_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
