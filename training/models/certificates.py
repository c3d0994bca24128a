"""Certificates of completed courses and their revocations: both append-only."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow


class Certificate(db.Model):
    """Issued when a completion makes a course complete; never updated or deleted.

    It keeps what it was earned against: the course version and fingerprint, the version of each
    item the person completed and of each policy those items cover. Whether it is still valid is
    derived when asked (the person's status on the course now, newer certificates, revocations).
    One certificate per state of the person's work (`work_fingerprint`) and renewal, so a repeated
    or concurrent completion issues it once.
    """

    __table_args__ = (UniqueConstraint("user_id", "course_id", "work_fingerprint", "renewal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # random; the verification code
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("course.id"), index=True)
    course_version_id: Mapped[int] = mapped_column(ForeignKey("course_version.id"))
    course_title: Mapped[str] = mapped_column(String(300))
    course_fingerprint: Mapped[str] = mapped_column(String(64))
    work_fingerprint: Mapped[str] = mapped_column(String(64))
    items: Mapped[list] = mapped_column(JSON)  # [{"item", "title", "version"}] in course order
    policies: Mapped[list] = mapped_column(JSON)  # [{"policy", "title", "version"}] covered
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # 0, or the round of certification it was issued for when the person redid a course that expires
    # (CourseProgress.rounds then: 2 for the first recertification).
    renewal: Mapped[int] = mapped_column(default=0, server_default="0")


class CertificateRevocation(db.Model):
    """HR withdrew a certificate, with a reason; never updated or deleted, one per certificate."""

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), unique=True)
    revoked_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
