"""Signing in within limits, per account and per client address; every refusal is recorded.

Failed attempts are counted in the storage every worker and server shares (RATELIMIT_STORAGE_URI,
Redis in production), twice: per account, tightly (LOGIN_ACCOUNT_LIMIT), so one person's password
cannot be guessed quickly from anywhere; and per client address, loosely (LOGIN_ADDRESS_LIMIT),
so one address cannot try many accounts, while an office behind one address is not locked out by
one person's typos. An account's attempt is taken before its password is checked, so parallel
requests cannot slip past the limit; signing in successfully clears that account's count.
"""

import hashlib
from datetime import datetime

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import select

from training.accounts import users
from training.db import db, utcnow
from training.errors import DomainError, ValidationFailed
from training.models import SignInFailure, User

REFUSED = _l("That email address and password do not match an active account.")
LIMITED = _l(
    "Too many failed attempts to sign in. Wait a few minutes and try again, "
    "or choose a new password with “Forgot your password?”."
)


class SignInRefused(DomainError):
    """The sign-in was refused; `reason` is one of FAILURE_REASONS."""

    def __init__(self, reason: str):
        super().__init__(LIMITED if reason == "limited" else REFUSED)
        self.reason = reason


class Limits:
    """The two counts of failed sign-ins, kept in the app's rate-limit storage."""

    def __init__(self, config):
        options = config.get("RATELIMIT_STORAGE_OPTIONS", {})
        self.storage = storage_from_string(config["RATELIMIT_STORAGE_URI"], **options)
        self._window = MovingWindowRateLimiter(self.storage)
        self._account = parse(config["LOGIN_ACCOUNT_LIMIT"])
        self._address = parse(config["LOGIN_ADDRESS_LIMIT"])
        self.enabled = config.get("RATELIMIT_ENABLED", True)

    def address_allows(self, address: str) -> bool:
        return not self.enabled or self._window.test(self._address, "sign-in-address", address)

    def take_account_attempt(self, email: str) -> bool:
        """Count one attempt on the account; False if its limit is reached (nothing counted)."""
        return not self.enabled or self._window.hit(self._account, "sign-in-account", _key(email))

    def count_address_failure(self, address: str) -> None:
        if self.enabled:
            self._window.hit(self._address, "sign-in-address", address)

    def clear_account(self, email: str) -> None:
        if self.enabled:
            self._window.clear(self._account, "sign-in-account", _key(email))


def _key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()  # no addresses in the shared storage


def init_app(app: Flask) -> None:
    """Give the app its sign-in limits, in the storage RATELIMIT_STORAGE_URI names."""
    app.extensions["sign_in_limits"] = Limits(app.config)


def _limits() -> Limits:
    return current_app.extensions["sign_in_limits"]


def sign_in(email: str, password: str, address: str) -> User:
    """Return the active person with these credentials, or raise SignInRefused after recording why."""
    email = email.strip().lower()[:254]
    limits = _limits()
    if not limits.address_allows(address) or not limits.take_account_attempt(email):
        _record(email, address, "limited", db.session.scalar(select(User).where(User.email == email)))
        raise SignInRefused("limited")
    user, reason = users.check_credentials(email, password)
    if reason is not None:
        limits.count_address_failure(address)
        _record(email, address, reason, user)
        raise SignInRefused(reason)
    limits.clear_account(email)
    return user


def change_password(user: User, current: str, new: str, address: str) -> None:
    """Set `user`'s new password once the current one is confirmed; every session of theirs ends.

    The current password is checked as a sign-in is: within the same limits, and recorded if wrong.
    """
    users.check_password_rules(new)
    try:
        sign_in(user.email, current, address)
    except SignInRefused as exc:
        message = "Your current password is not right." if exc.reason != "limited" else str(exc)
        raise ValidationFailed(message) from None
    users.set_password(user.email, new)


def record_refusal(email: str, address: str, reason: str) -> None:
    """Record a sign-in refused elsewhere (single sign-on), as refused passwords are."""
    email = email.strip().lower()[:254]
    user = db.session.scalar(select(User).where(User.email == email)) if email else None
    _record(email, address, reason, user)


def _record(email: str, address: str, reason: str, user: User | None) -> None:
    db.session.add(
        SignInFailure(
            email=email,
            user_id=user.id if user is not None else None,
            address=(address or "unknown")[:64],
            reason=reason,
            attempted_at=utcnow(),
        )
    )
    db.session.commit()


def recent_failures(since: datetime, email: str | None = None, limit: int = 200) -> list[SignInFailure]:
    """Return refused sign-ins since `since`, newest first; only those for `email` if given."""
    query = select(SignInFailure).where(SignInFailure.attempted_at >= since)
    if email:
        query = query.where(SignInFailure.email == email.strip().lower())
    return list(db.session.scalars(query.order_by(SignInFailure.id.desc()).limit(limit)))
