"""Evidence: acknowledgements of policy versions and the append-only ledger over all evidence."""

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
    # The language it was read in ("en", or "de" for a current German translation); None on older rows.
    language: Mapped[str | None] = mapped_column(String(20))


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
