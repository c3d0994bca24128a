"""Learner evidence: attempts, their answers and results, and completions. All append-only."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow


class Attempt(db.Model):
    """One try at a quiz version."""

    __table_args__ = (UniqueConstraint("user_id", "client_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id"), index=True)
    # The token of the start form, so a double-clicked "Start" opens one attempt, not two.
    client_token: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttemptAnswer(db.Model):
    """The choices picked at one step; the path is the answers in position order."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "step_id"),
        UniqueConstraint("attempt_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    position: Mapped[int]
    step_id: Mapped[str] = mapped_column(String(100))
    choice_ids: Mapped[list] = mapped_column(JSON)
    correct: Mapped[bool]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttemptResult(db.Model):
    """The score of a finished attempt; at most one per attempt."""

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
    score: Mapped[int]  # percent
    passed: Mapped[bool]
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Completion(db.Model):
    """A lesson read or a quiz passed, against the item's fingerprint at that moment."""

    # Once per fingerprint, and once more in each renewal of a course that must be recertified.
    __table_args__ = (UniqueConstraint("user_id", "item_id", "fingerprint", "renewal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("item.id"), index=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    sections: Mapped[dict] = mapped_column(JSON)  # {"policy#section": material_hash}
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempt.id"))
    score: Mapped[int | None]
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0, or the round of certification it counts for when redone to recertify (CourseProgress.rounds + 1).
    renewal: Mapped[int] = mapped_column(default=0, server_default="0")
    # The language it was read in ("en", or "de" for a current German translation); None on older rows.
    language: Mapped[str | None] = mapped_column(String(20))


class CourseProgress(db.Model):
    """A person's standing on a course, kept up to date when they complete an item.

    This is a summary of the completions, not evidence: it lets status for everyone be
    counted without joining every completion. `fingerprint` is that of the person's work done
    in the course (`WorkDone`: every item's completions), recorded at `state_at`; rows from
    before work-done sets carry the course fingerprint of their last whole completion.
    `completed_at` is when a completion last made the whole course complete. Publishing never
    touches these rows.
    """

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), primary_key=True, index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a completion last made the course complete (also by a renewal): a course with
    # `recertify_every` expires that long after it. `rounds` counts those moments.
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rounds: Mapped[int] = mapped_column(default=0, server_default="0")

    # Publishing asks which work-done sets anyone's progress in the course points at, one set at a
    # time (training/status/standing.py): with this index that is a lookup per set, not a read of
    # everyone's progress, so a publish costs the same at 50,000 people as at 10,000.
    __table_args__ = (Index("ix_course_progress_course_fingerprint", "course_id", "fingerprint"),)


class DraftReply(db.Model):
    """A reply a learner wrote at a draft step, with what the response coach found in it."""

    __table_args__ = (UniqueConstraint("attempt_id", "step_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    step_id: Mapped[str] = mapped_column(String(100))
    # 1 for the first submission; the form carries it, so a double submit stores one reply.
    revision: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    findings: Mapped[list] = mapped_column(JSON)
    passed: Mapped[bool]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
