"""The status stamp: a token that changes whenever anything the status query reads changes.

Migration 0027's triggers give the one row of status_stamp a new random token in the same
transaction as any change to assignments, extensions, people's department or activity, courses,
their versions, fingerprints and standings, or anyone's course progress. So figures worked out
from the status query and kept under the token they were read with are exact for as long as the
token is the same, whatever wrote the change (a page, a command, SQL by hand).

Only read-only requests (GET, HEAD) keep figures: a write may read its own changes before a
rollback, and on PostgreSQL the token changes only when the write commits. `keep` and `recall` are
the one way figures are kept: HR's dashboard counts (tally.py) and each learner's status rows
(query.py).
"""

from functools import lru_cache

from flask import current_app, has_request_context, request
from sqlalchemy import select

from training.db import db
from training.models import StatusStamp

REQUEST_KEY = "training.status_token"  # where a read-only request keeps the token it read first


@lru_cache(maxsize=1)
def _statement():
    return select(StatusStamp.token).where(StatusStamp.id == 1)


def column():
    """The token as a column, for a query that reads it along with something else (published.now)."""
    return _statement().scalar_subquery()


def token() -> str | None:
    """Return the current token; None when the row is missing (its table emptied): nothing is kept.

    A read-only request reads it once, at its first ask: what it then reads and keeps was read after
    that token, so it is never kept under a token newer than itself.
    """
    if not keeps():
        return db.session.scalar(_statement())
    environ = request.environ
    if REQUEST_KEY not in environ:
        environ[REQUEST_KEY] = db.session.scalar(_statement())
    return environ[REQUEST_KEY]


def read_along(found: str | None) -> None:
    """Take the token a query read along with something else, if this request has none yet."""
    if keeps():
        request.environ.setdefault(REQUEST_KEY, found)


def keeps() -> bool:
    """Whether what this request reads may be kept: it is read-only."""
    return has_request_context() and request.method in ("GET", "HEAD")


def keep(name: str, key, limit: int, read):
    """Return `read()`, or what it returned for `name` and `key` while the token has not changed since.

    What is read is kept on the app (each app, each test's, starts empty), at most `limit` keys per
    name, and only in read-only requests. Other callers read afresh each time.
    """
    now = token()
    found = _found(now, name, key)
    if found is not None:
        return found
    value = read()
    if now is not None and keeps():
        store = current_app.extensions.setdefault(name, {})
        if len(store) >= limit:
            store.clear()
        store[key] = (now, value)
    return value


def recall(name: str, key):
    """Return what `keep` kept for `name` and `key` if the token is the same (one statement), else None."""
    return _found(token(), name, key)


def _found(now: str | None, name: str, key):
    found = current_app.extensions.get(name, {}).get(key)
    return found[1] if now is not None and found is not None and found[0] == now else None
