"""Acknowledgements: a person's signed statement that they read a policy version."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow


class Acknowledgement(db.Model):
    """Append-only: never updated or deleted."""

    __table_args__ = (UniqueConstraint("user_id", "policy_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_version.id"))
    version_label: Mapped[str] = mapped_column(String(50))
    sections: Mapped[dict] = mapped_column(JSON)  # {section_id: text_hash} of the version read
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
