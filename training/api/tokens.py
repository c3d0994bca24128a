"""API tokens: created by an admin and shown once, kept as a SHA-256 hash, expiring, revocable."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.models import ApiToken, User
from training.models.api import SCOPES

PREFIX = "trn_"
EXPIRY_DAYS = (30, 90, 180, 365)
MAX_NAME = 100


class TokenRefused(Exception):
    """The bearer token does not open the API; the message says why (never which token)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, and the token itself, which exists nowhere else."""

    row: ApiToken
    token: str


def create(actor: User, name: str, scopes: list[str], days: int) -> NewToken:
    """Make a token named `name` with `scopes`, valid for `days` days; only an admin may."""
    name = (name or "").strip()
    if "admin" not in actor.role_set:
        raise ValidationFailed("Only an administrator can create API tokens.")
    if not name or len(name) > MAX_NAME:
        raise ValidationFailed(f"Give the token a name of 1 to {MAX_NAME} characters.")
    if not scopes or not set(scopes) <= set(SCOPES):
        raise ValidationFailed("Choose the token's scopes: read, write or both.")
    if days not in EXPIRY_DAYS:
        raise ValidationFailed("Choose when the token expires.")
    token = PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    now = utcnow()
    row = ApiToken(
        name=name,
        token_hash=hash_token(token),
        prefix=token[: len(PREFIX) + 6],
        scopes=" ".join(s for s in SCOPES if s in scopes),
        expires_at=now + timedelta(days=days),
        created_by=actor.id,
        created_at=now,
    )
    db.session.add(row)
    db.session.commit()
    return NewToken(row, token)


def revoke(actor: User, token_id: int) -> ApiToken:
    """Revoke a token from now on; the row stays, with who revoked it and when."""
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("No such API token.")
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = utcnow(), actor.id
        db.session.commit()
    return row


def authenticate(header: str | None) -> ApiToken:
    """Return the token an `Authorization: Bearer ...` header carries, or raise TokenRefused."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRefused("Send an API token in the header Authorization: Bearer <token>.")
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip())))
    now = utcnow()
    if row is None:
        raise TokenRefused("The API token is not known.")
    if row.revoked_at is not None:
        raise TokenRefused("The API token was revoked.")
    if row.expires_at <= now:
        raise TokenRefused("The API token has expired.")
    creator = db.session.get(User, row.created_by)
    if creator is None or not creator.active or "admin" not in creator.role_set:
        # A token acts for the admin who made it, and stops working when they are no longer one.
        raise TokenRefused("The administrator who created this API token no longer holds that role.")
    return row


def note_use(row: ApiToken) -> None:
    """Record when the token was last used, at most once a minute (not a write per request)."""
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        db.session.commit()


@dataclass
class TokenRow:
    """A token as the admin page lists it."""

    token: ApiToken
    created_by: str
    revoked_by: str | None

    def state(self, now: datetime) -> str:
        if self.token.revoked_at is not None:
            return "revoked"
        return "expired" if self.token.expires_at <= now else "active"


def listing() -> list[TokenRow]:
    """Every token, newest first, with the names of who created and revoked it."""
    author, remover = aliased(User), aliased(User)
    query = (
        select(ApiToken, author.name, remover.name)
        .join(author, author.id == ApiToken.created_by)
        .outerjoin(remover, remover.id == ApiToken.revoked_by)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [TokenRow(*row) for row in db.session.execute(query)]
