"""Published content: policies, courses and items, each with append-only versions."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from training.db import UTCDateTime, db, utcnow


class Policy(db.Model):
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicyVersion(db.Model):
    """One published version of a policy; never updated."""

    __table_args__ = (UniqueConstraint("policy_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    effective: Mapped[date] = mapped_column(Date)
    grace_days: Mapped[int]
    retrain: Mapped[bool]
    intro_md: Mapped[str] = mapped_column(Text)
    intro_html: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str | None] = mapped_column(Text)  # the file as written; None before it was kept
    source_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(254), default="")
    # The second editor who approved publishing it, where four-eyes publishing applies.
    approved_by: Mapped[str | None] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # A version kept in memory (status/published.py) is detached with its sections.
    sections: Mapped[list["PolicySection"]] = relationship(
        order_by="PolicySection.position", lazy="selectin", cascade="save-update, merge, expunge"
    )


class PolicySection(db.Model):
    """A `## Heading {#id}` section of one policy version, with its fingerprints."""

    __table_args__ = (UniqueConstraint("policy_version_id", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_version.id"), index=True)
    section_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(String(300))
    body_md: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    # Hash of the normalised text; changes with any edit.
    text_hash: Mapped[str] = mapped_column(String(64))
    # The text hash as of the last publish that required retraining; completions compare this.
    material_hash: Mapped[str] = mapped_column(String(64))


class Course(db.Model):
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseVersion(db.Model):
    __table_args__ = (UniqueConstraint("course_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    description_md: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list] = mapped_column(JSON)
    # "all" or a list of department names.
    audience: Mapped[list | str] = mapped_column(JSON)
    due_days: Mapped[int]
    # `recertify_every`: a completion expires after this many months or days (neither: never).
    recertify_months: Mapped[int | None]
    recertify_days: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(Text)  # the file as written; None before it was kept
    source_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Item(db.Model):
    """A lesson or a scenario quiz; belongs to one course."""

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "lesson" or "quiz"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ItemVersion(db.Model):
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("item.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    covers: Mapped[list] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)  # the file as written: markdown or quiz YAML
    html: Mapped[str] = mapped_column(Text, default="")  # lesson body, rendered and sanitised
    # A quiz's steps with their markdown rendered once, at publish.
    quiz: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    retrain: Mapped[bool]
    source_hash: Mapped[str] = mapped_column(String(64))
    # Hash of the normalised teaching text (not the retrain flag, not whitespace); None on
    # versions published before it was kept.
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # The text hash as of the last publish that required retraining; fingerprints use this.
    material_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ItemFingerprint(db.Model):
    """What completing an item means right now; a row is appended whenever that changes.

    The fingerprint combines the item's material hash with those of the policy sections it
    covers. A completion is valid while it carries the item's latest fingerprint.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("item.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sections: Mapped[dict] = mapped_column(JSON)  # {"policy#section": material_hash}
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseFingerprint(db.Model):
    """The fingerprints of a course's items, in order; a row is appended whenever they change.

    A person whose course progress carries an older fingerprint completed the course before a
    material change and is `outdated`. `stale_due` is when redoing the stale items falls due.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    items: Mapped[dict] = mapped_column(JSON)  # {item_id: item fingerprint}, in course order
    reason: Mapped[str] = mapped_column(Text, default="")
    stale_due: Mapped[date | None] = mapped_column(Date)
    # {item_id: {"reason": ..., "due": ISO date}} for the items whose fingerprint this row changed.
    changes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseStanding(db.Model):
    """What having completed a course against a past fingerprint means against a newer one.

    Written for every past fingerprint of a course when a new one is appended, so a person's
    status is one join from their course progress: no per-person row is written on publish.
    """

    course_fingerprint_id: Mapped[int] = mapped_column(ForeignKey("course_fingerprint.id"), primary_key=True)
    past_fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    # True when every item of the newer fingerprint is unchanged since the past one.
    satisfied: Mapped[bool]
    stale_due: Mapped[date | None] = mapped_column(Date)  # the earliest due date of the stale items
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the first change since
    reason: Mapped[str] = mapped_column(Text, default="")
    # {item_id: [{"reason", "due" (ISO date), "at" (ISO time)}]}: every change since, per stale item.
    changes: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # Written since work-done sets (below) joined the past fingerprints; None on older rows.
    started: Mapped[bool | None]  # some item of the newer fingerprint was done
    done_stale: Mapped[list | None] = mapped_column(JSON(none_as_null=True))  # done, not valid now
    last_satisfied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when it last was


class WorkDone(db.Model):
    """What people did in a course: for each item, every fingerprint they completed it against.

    Shared by everyone who did the same: a person's course progress points at one by its
    fingerprint, and publishing writes a course standing for each (per set, never per person),
    so a completion that a restore makes valid again, or an item taken out, counts at once.
    """

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), index=True)
    items: Mapped[dict] = mapped_column(JSON)  # {item_id: [fingerprints]}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoachRulesVersion(db.Model):
    """One imported version of the response coach's rules (coach.yaml); never updated.

    The newest version is the one the coach uses; its rules are compiled from `source`.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    source: Mapped[str] = mapped_column(Text)  # the file as written
    source_hash: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
