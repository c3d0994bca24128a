"""xAPI delivery bookkeeping: which statements built from the evidence ledger reached the LRS."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db


class XapiOutbox(db.Model):
    """One statement's delivery state; the statement itself is rebuilt from its evidence entry.

    A row is written the first time `xapi send` tries the statement. `sent_at` set means the LRS
    stored it (or already had it); otherwise `next_try_at` says when to try again after a failure.
    Every statement of an entry gets its row in the same run, so an entry without rows was never tried.
    """

    __tablename__ = "xapi_outbox"

    statement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("evidence_entry.id"), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


class XapiLease(db.Model):
    """A run's claim to send: `xapi send` takes it before posting, so an overlapping run sends nothing.

    `holder` names the run; the claim lasts until `expires_at`, which the run moves on before every
    request and clears when it ends. A run that crashed leaves a claim that runs out on its own.
    """

    __tablename__ = "xapi_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(36), default="")
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
