"""Password links: invitations for new people and "forgot password", single-use and expiring.

A link carries a random token; only its SHA-256 is stored. Setting a password through a link
marks it used and retires every other outstanding link of that person.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select, update

from training.accounts import mail, users
from training.db import db, utcnow
from training.errors import DomainError, ValidationFailed
from training.i18n import N_, in_language
from training.models import PasswordToken, SentReminder, User

PURPOSES = ("invite", "reset")
RESET_EMAILS_PER_HOUR = 3  # per person: the form is rate-limited per client, this caps mail to one inbox


class LinkInvalid(DomainError):
    """The link is unknown, expired or used; `status` says which."""

    def __init__(self, status: str):
        super().__init__(LINK_MESSAGES[status])
        self.status = status


LINK_MESSAGES = {
    "unknown": _l("This link is not valid. Check that you copied the whole address, or ask for a new link."),
    "expired": _l("This link has expired. Ask for a new one below."),
    "used": _l(
        "This link has already been used. If you need to set your password again, ask for a new link."
    ),
}


@dataclass
class LinkState:
    status: str  # "valid", or a key of LINK_MESSAGES
    user: User | None = None
    purpose: str | None = None

    @property
    def message(self) -> str:
        return LINK_MESSAGES.get(self.status, "")


@dataclass
class InviteResult:
    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (email, why)
    failed: list[mail.MailError] = field(default_factory=list)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _hours(purpose: str) -> int:
    return int(current_app.config["INVITE_LINK_HOURS" if purpose == "invite" else "RESET_LINK_HOURS"])


def issue(user_id: int, purpose: str) -> tuple[PasswordToken, str]:
    """Add a link for this person (flushes); return the row and the token for the email."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    token = secrets.token_urlsafe(32)
    row = PasswordToken(
        user_id=user_id,
        token_hash=token_hash(token),
        purpose=purpose,
        expires_at=utcnow() + timedelta(hours=_hours(purpose)),
        created_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return row, token


def check(token: str) -> LinkState:
    """Say whether a link can still set a password, and for whom."""
    row = db.session.scalar(select(PasswordToken).where(PasswordToken.token_hash == token_hash(token)))
    if row is None:
        return LinkState("unknown")
    user = db.session.get(User, row.user_id)
    if row.used_at is not None:
        return LinkState("used", user, row.purpose)
    if row.expires_at <= utcnow() or user is None or not user.active:
        return LinkState("expired", user, row.purpose)
    return LinkState("valid", user, row.purpose)


def use(token: str, password: str) -> User:
    """Set the password through a link; the link and the person's other links stop working."""
    users.check_password_rules(password)
    state = check(token)
    if state.status != "valid":
        raise LinkInvalid(state.status)
    db.session.commit()  # end the read: hashing takes a while and must not hold SQLite's write lock
    password_hash = users._hasher.hash(password)
    now = utcnow()
    claimed = db.session.execute(
        update(PasswordToken)
        .where(
            PasswordToken.token_hash == token_hash(token),
            PasswordToken.used_at.is_(None),
            PasswordToken.expires_at > now,
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # another request used it a moment ago
        db.session.rollback()
        raise LinkInvalid("used")
    db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == state.user.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
    state.user.password_hash = password_hash
    db.session.commit()
    return state.user


SUBJECTS = {
    "invite": N_("Set your password for Speak for the company"),
    "reset": N_("Reset your password for Speak for the company"),
}


@dataclass(frozen=True)
class Recipient:
    """What an email needs of a person, read before sending so no query runs during it."""

    id: int
    email: str
    name: str
    language: str = ""

    @classmethod
    def of(cls, user: User) -> "Recipient":
        return cls(user.id, user.email, user.name, user.language)


def _send_link(mailer: mail.Mailer, user: Recipient, purpose: str) -> int:
    """Store a link, then email it; if the server refuses the email, the link is removed.

    The link is committed first so that it works by the time anyone can receive it; no
    transaction is open while the SMTP server is talked to. Returns the link's id.
    """
    row, token = issue(user.id, purpose)
    row_id = row.id
    db.session.commit()
    hours = _hours(purpose)
    with in_language(user.language):
        subject = SUBJECTS[purpose]
        message = mail.compose(
            user.email,
            gettext(subject),
            purpose,
            user=user,
            url=mail.link(f"/password/{token}"),
            hours=hours,
            forgot_url=mail.link("/password/forgot"),
        )
    try:
        mailer.send(message)
    except mail.MailError:
        db.session.execute(delete(PasswordToken).where(PasswordToken.id == row_id))
        db.session.commit()
        raise
    return row_id


def request_reset(email: str) -> bool:
    """Email a reset link to the active person with this address; return whether one was sent.

    Called after the response to the form is decided, so nothing here can change what the
    visitor sees, whether the address exists or not.
    """
    try:
        address = users.normalise_email(email)
    except ValueError:
        return False
    user = db.session.scalar(select(User).where(User.email == address, User.active.is_(True)))
    if user is None:
        return False
    recent = db.session.scalar(
        select(func.count()).where(
            PasswordToken.user_id == user.id,
            PasswordToken.purpose == "reset",
            PasswordToken.created_at > utcnow() - timedelta(hours=1),
        )
    )
    if recent >= RESET_EMAILS_PER_HOUR:
        return False
    with mail.Mailer() as mailer:
        _send_link(mailer, Recipient.of(user), "reset")
    return True


def _invited():
    return exists().where(PasswordToken.user_id == User.id, PasswordToken.purpose == "invite")


def waiting_query():
    """SELECT active people without a password, with when they were last invited (if ever)."""
    last = (
        select(
            PasswordToken.user_id,
            func.max(PasswordToken.created_at).label("invited_at"),
            func.max(PasswordToken.expires_at).label("expires_at"),
        )
        .where(PasswordToken.purpose == "invite")
        .group_by(PasswordToken.user_id)
        .subquery()
    )
    return (
        select(User, last.c.invited_at, last.c.expires_at)
        .outerjoin(last, last.c.user_id == User.id)
        .where(User.password_hash.is_(None), User.active.is_(True))
    )


def waiting(limit: int = 500) -> tuple[list, int, int]:
    """Return (first `limit` rows of waiting_query by email, how many wait, how many never invited)."""
    query = waiting_query()
    rows = db.session.execute(query.order_by(User.email).limit(limit)).all()
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    new = db.session.scalar(
        select(func.count()).where(User.password_hash.is_(None), User.active.is_(True), ~_invited())
    )
    return rows, total, new


def _targets(user_ids, emails, all_new: bool, result: InviteResult) -> list[Recipient]:
    if all_new:
        query = select(User).where(User.password_hash.is_(None), User.active.is_(True), ~_invited())
        return [Recipient.of(u) for u in db.session.scalars(query.order_by(User.email))]
    wanted = set()
    for email in emails or []:
        try:
            wanted.add(users.normalise_email(email))
        except ValueError:
            result.skipped.append((email, N_("not a valid email address")))
    found = list(
        db.session.scalars(
            select(User)
            .where(User.id.in_(list(user_ids or [])) | User.email.in_(wanted))
            .order_by(User.email)
        )
    )
    result.skipped += [(e, N_("no such person")) for e in sorted(wanted - {u.email for u in found})]
    targets = []
    for user in found:
        if not user.active:
            result.skipped.append((user.email, N_("deactivated")))
        elif user.password_hash:
            result.skipped.append(
                (user.email, N_("already has a password (they can use “Forgot your password?”)"))
            )
        else:
            targets.append(Recipient.of(user))
    return targets


def invite(actor: User | None, *, user_ids=None, emails=None, all_new: bool = False) -> InviteResult:
    """Email a set-password link to the people chosen, or to everyone new and not yet invited.

    With LOCAL_LOGIN=0 nobody is invited: passwords are switched off, so a link could not be used
    and people sign in with the company account instead.
    """
    if not current_app.config["LOCAL_LOGIN"]:
        raise ValidationFailed(NO_INVITES)
    result = InviteResult()
    targets = _targets(user_ids, emails, all_new, result)
    by = f"by {actor.email}" if actor is not None else "from the command line"
    with mail.Mailer() as mailer:
        for user in targets:
            try:
                row_id = _send_link(mailer, user, "invite")
            except mail.MailError as exc:
                result.failed.append(exc)
                continue
            db.session.add(
                SentReminder(
                    recipient=user.email,
                    kind="invite",
                    subject_key=str(row_id),
                    sent_on=utcnow().date(),
                    summary=f"invitation sent {by}",
                )
            )
            db.session.commit()
            result.sent.append(user.email)
    return result


NO_INVITES = N_(
    "Passwords are switched off (LOCAL_LOGIN=0), so nobody is invited to choose one: people sign "
    "in with the company account."
)
