"""Editors' working copies of content: kept apart from the published versions learners see."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow

DRAFT_KINDS = ("policy", "course", "item", "coach")


class ContentDraft(db.Model):
    """The unpublished text of one policy, course, item or the coach's rules; shared by every editor.

    There is at most one draft per thing. `revision` becomes a new random token on every save,
    so a form can tell whether the draft changed since it was opened, without locks. Publishing
    or discarding deletes the draft; the published versions are the history.
    """

    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # one of DRAFT_KINDS
    key: Mapped[str] = mapped_column(String(100))  # the policy, course or item id
    item_kind: Mapped[str] = mapped_column(String(10), default="")  # "lesson" or "quiz" for items
    # The course an item belongs to; the course may itself be an unpublished draft.
    course_id: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)  # the whole file, as in content/
    base_number: Mapped[int] = mapped_column(default=0)  # published version it started from; 0: new
    revision: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(254))
    updated_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublishRequest(db.Model):
    """An editor's request that a second editor approve publishing a policy text (four-eyes).

    It keeps the exact text, the choices made (retraining, effective date, note) and, for a draft,
    the draft's revision: the approver sees the review of that text and approves only if the draft
    is still the one requested. `outcome` is set once: "approved", "withdrawn" or "declined".
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(100), index=True)
    text: Mapped[str] = mapped_column(Text)
    draft_revision: Mapped[str | None] = mapped_column(String(32))  # None: a restore of an old version
    restoring: Mapped[int | None]  # the old version number, for a restore
    base_number: Mapped[int]  # the current version when requested
    retrain: Mapped[bool]
    effective: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    requested_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(10))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was declined


class PolicyApproval(db.Model):
    """Evidence that a policy version was published by one editor and approved by another; never updated."""

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_version.id"), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("publish_request.id"), unique=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    approved_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
