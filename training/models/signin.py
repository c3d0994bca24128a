"""Signing in: sessions their person ended, and the record of refused sign-ins."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow

FAILURE_REASONS = (
    "wrong_password", "unknown_account", "no_password", "deactivated", "limited",
    # Single sign-on (accounts/sso.py, accounts/sso_people.py): the provider's answer or the person.
    "sso_state", "sso_provider_error", "sso_token_refused", "sso_audience", "sso_expired",
    "sso_invalid_token", "sso_unreachable", "sso_no_email", "sso_unverified", "sso_unknown_account",
    "sso_deactivated",
)  # fmt: skip


class EndedSession(db.Model):
    """A sign-in that its person ended with "Sign out": its cookie no longer opens any page.

    Rows older than the absolute session lifetime are removed; those sessions have lapsed anyway.
    """

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the random id the session keeps
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SignInFailure(db.Model):
    """One refused sign-in: the address typed, the account it names, from where, when and why.

    Append-only: never updated or deleted (the database refuses both).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))  # as typed, trimmed and lower-cased
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    address: Mapped[str] = mapped_column(String(64))  # the client's address as the app sees it
    reason: Mapped[str] = mapped_column(String(20))  # one of FAILURE_REASONS
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
