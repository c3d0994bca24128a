"""Who owes which course by when: assignments, one person's extra time, and the reminders sent."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
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


class SentReminder(db.Model):
    """A reminder email that the SMTP server accepted, one row per thing it was about; never updated.

    At most one row per recipient, kind, thing and day. The reminders' calendar (hr/cadence.py)
    reads when the last one about a thing went out.
    """

    __table_args__ = (UniqueConstraint("recipient", "kind", "subject_key", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(20))  # "learner", "manager", "digest", "invite", "team"
    # What the email was about: "course:<id>@<due date>" or "policy:<id>@<acknowledge by>" (a
    # person's reminder), "<user id>:<course id>@<due date>" (a manager's escalation), a course id (a
    # manager's reminder from the team page), "" (HR's digest, an invitation).
    subject_key: Mapped[str] = mapped_column(String(200), default="")
    sent_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DueExtension(db.Model):
    """HR's new due date for one person on one course, with the reason; never updated or deleted.

    The newest row of a person and course counts and overrides the due date that their
    assignments give; the older rows are the history.
    """

    __tablename__ = "due_extension"
    # The newest extension of a person and course is one index probe away (assignments.due_rows).
    __table_args__ = (Index("ix_due_extension_person_course", "user_id", "course_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"))
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
