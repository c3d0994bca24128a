"""Signed-in sessions: started at sign-in, checked on every request, ended by signing out or by time.

The session cookie (signed with SECRET_KEY) keeps Flask-Login's id, which carries the person's
session version (`User.get_id`), a random id for this sign-in, and two times: when it began and
when it was last used. Every request checks them on the server: the version against the person's
(raised by "sign out everywhere" and by any change of password, roles or activation), the random
id against the sessions signed out one by one, and the times against SESSION_IDLE_MINUTES and
SESSION_ABSOLUTE_HOURS. This module is the one place that reads or writes those cookie entries.
"""

import secrets
from datetime import timedelta
from functools import lru_cache

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import Integer, String, bindparam, delete, exists, select
from sqlalchemy.exc import IntegrityError

from training.db import db, read, utcnow
from training.models import SIGNED_IN_COLUMNS, EndedSession, Person, SignedIn, User

SID, STARTED, SEEN = "_sid", "_signed_in_at", "_seen_at"
ALONG = "training.read_with_person"  # columns a page asked to read with the person (read_along)
ALONG_READ = "training.read_with_person.values"  # what they read
FLASK_LOGIN_KEYS = ("_user_id", "_fresh", "_id")
# The idle clock is written back at most once a minute, so pages do not reset the cookie each time.
SEEN_EVERY = 60


def _now() -> int:
    return int(utcnow().timestamp())


def start(user: User) -> None:
    """Sign `user` in in this browser: a session with an id and a clock of its own."""
    login_user(user)
    now = _now()
    session.update({SID: secrets.token_urlsafe(16), STARTED: now, SEEN: now})


def lapsed(started, seen, now: int) -> bool:
    """Say whether a session begun at `started` and last used at `seen` is over by `now`."""
    if not isinstance(started, int) or not isinstance(seen, int):
        return True  # a session from before these times were kept, or a remember-me restore
    config = current_app.config
    idle = int(config["SESSION_IDLE_MINUTES"]) * 60
    absolute = int(config["SESSION_ABSOLUTE_HOURS"]) * 3600
    return now - seen >= idle or now - started >= absolute


def load(user_id: str) -> SignedIn | None:
    """Return the person this session belongs to while it is still good (Flask-Login's loader):
    their row's values, read-only (SignedIn); code that changes them changes their User row."""
    person, _, version = user_id.partition(":")
    now = _now()
    if not (person.isdigit() and version.isdigit()) or lapsed(session.get(STARTED), session.get(SEEN), now):
        _forget()
        return None
    values = {"person": int(person), "version": int(version), "sid": str(session.get(SID))}
    along = request.environ.get(ALONG, ())
    found = read(_load_statement(along), values).first()
    if found is None:
        _forget()
        return None
    if now - session[SEEN] >= SEEN_EVERY:
        session[SEEN] = now
    if not along:
        return SignedIn(found._mapping)
    request.environ[ALONG_READ] = tuple(found[-len(along) :])
    return SignedIn(zip(found._fields[: -len(along)], found[: -len(along)], strict=True))


def read_along(columns: tuple) -> None:
    """Read these labelled columns in the statement that loads this request's person (before it is
    loaded); `:person` in them is the person's id. `read_along_values` gives what they read."""
    request.environ[ALONG] = columns


def read_along_values() -> tuple | None:
    """What the columns asked for by `read_along` read with the person, or None when nothing was."""
    return request.environ.get(ALONG_READ)


@lru_cache(maxsize=8)
def _load_statement(along: tuple = ()):
    """Built once for each set of columns read along (a tuple built once), with the session's values
    as parameters: it runs on every signed-in request."""
    manages = User.manages_anyone.expression.label("manages_anyone")
    return select(*SIGNED_IN_COLUMNS, manages, *along).where(
        User.id == bindparam("person", type_=Integer),
        User.session_version == bindparam("version", type_=Integer),
        User.active.is_(True),
        ~exists().where(EndedSession.id == bindparam("sid", type_=String)),
    )


def end(user: User) -> None:
    """Sign out of this session: its cookie stops working, even a copy someone kept."""
    if sid := session.get(SID):
        record_ended(user, str(sid))
    close()


def end_everywhere(user: User) -> None:
    """Sign `user` out of every session, in every browser, this one included."""
    raise_version(user)
    close()


def close() -> None:
    """Drop this browser's session cookie entries (for a session ended already)."""
    logout_user()
    _forget()


def raise_version(user: Person) -> None:
    """End every session of `user` by raising their session version."""
    db.session.get(User, user.id).session_version += 1
    db.session.commit()


def record_ended(user: User, sid: str) -> None:
    """Keep `sid` as ended; forget ended sessions old enough to have lapsed anyway."""
    now = utcnow()
    cutoff = now - timedelta(hours=int(current_app.config["SESSION_ABSOLUTE_HOURS"]))
    db.session.execute(delete(EndedSession).where(EndedSession.ended_at < cutoff))
    db.session.add(EndedSession(id=sid, user_id=user.id, ended_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # the same session signed out twice at once: it is ended either way
        db.session.rollback()


def _forget() -> None:
    for key in (*FLASK_LOGIN_KEYS, SID, STARTED, SEEN):
        session.pop(key, None)
