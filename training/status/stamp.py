"""The status stamp: a token that changes whenever anything the status query reads changes.

Migration 0027's triggers give row 1 of status_stamp a new random token in the same transaction as
any change to assignments, extensions, people's department or activity, courses, their versions,
fingerprints and standings, or anyone's course progress. So figures worked out from the status query
and kept under the token they were read with are exact for as long as the token is the same,
whatever wrote the change (a page, a command, SQL by hand).

Migration 0030 splits the same changes for what is kept per department: row 2 is renewed by all of
them but course progress, and a department's row in department_stamp by the progress of the people
in it (`department_tokens`).

Only read-only requests (GET, HEAD) keep figures: a write may read its own changes before a
rollback, and on PostgreSQL the token changes only when the write commits. `keep` keeps each
learner's status rows (query.py) under row 1; HR's dashboard counts (tally.py) keep their parts
under `department_tokens`, by the same rule.
"""

from functools import lru_cache

from flask import current_app, has_request_context, request
from sqlalchemy import String, literal, select, union_all

from training.db import read
from training.models import DepartmentStamp, StatusStamp

REQUEST_KEY = "training.status_token"  # where a read-only request keeps the token it read first
DEPARTMENTS_KEY = "training.department_tokens"  # and the tokens per department
STRUCTURE = 2  # status_stamp's row renewed by everything but course progress


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
        return read(_statement()).scalar()
    environ = request.environ
    if REQUEST_KEY not in environ:
        environ[REQUEST_KEY] = read(_statement()).scalar()
    return environ[REQUEST_KEY]


@lru_cache(maxsize=1)
def _departments_statement():
    structure = select(StatusStamp.token, literal(None, String).label("department"))
    structure = structure.where(StatusStamp.id == STRUCTURE)
    return union_all(structure, select(DepartmentStamp.token, DepartmentStamp.department))


def department_tokens() -> tuple[str | None, dict[str, str]]:
    """Return (the token of everything but course progress, {department: token of its progress}),
    in one statement, read once by a read-only request as `token` is. A department whose people's
    progress has not changed since the upgrade to 0030 has no token yet; the first token is None
    when the row is missing (its table emptied): nothing is kept."""
    if keeps() and DEPARTMENTS_KEY in request.environ:
        return request.environ[DEPARTMENTS_KEY]
    structure, departments = None, {}
    for found, department in read(_departments_statement()):
        if department is None:
            structure = found
        else:
            departments[department] = found
    if keeps():
        request.environ[DEPARTMENTS_KEY] = (structure, departments)
    return structure, departments


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


def _found(now: str | None, name: str, key):
    found = current_app.extensions.get(name, {}).get(key)
    return found[1] if now is not None and found is not None and found[0] == now else None
