"""Certificates as they stand now: valid, superseded or revoked, derived when asked.

- revoked:    HR withdrew it (a revocation row).
- superseded: a newer certificate of the same person and course exists, or the person's status on
              the course is no longer `completed` (a material change made it outdated or overdue, or
              it expired: the course has `recertify_every`; a renewal issues the newer one).
              The status comes from the status query, the one definition of every status.
- valid:      neither; for a course with `recertify_every`, until its expiry (`valid_until`).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from training.db import db
from training.errors import NotFound
from training.models import Certificate, CertificateRevocation, CourseProgress, User
from training.status import query as status_query
from training.status import standing

VALID, SUPERSEDED, REVOKED = "valid", "superseded", "revoked"


@dataclass(frozen=True)
class CertificateView:
    certificate: Certificate
    holder: User
    state: str  # VALID, SUPERSEDED or REVOKED
    revocation: CertificateRevocation | None
    valid_until: date | None = None  # a valid certificate of a course that expires: its last day


def by_code(code: str) -> CertificateView:
    """Return the certificate with this verification code, or raise NotFound."""
    found = db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None
    if found is None:
        raise NotFound("No certificate has this verification code.")
    return _views([found])[0]


def visible(actor: User, certificate_id: int) -> CertificateView:
    """Return a certificate its holder or HR may see; anyone else is told there is none."""
    found = db.session.get(Certificate, certificate_id)
    if found is None or (found.user_id != actor.id and not actor.has_role("hr")):
        raise NotFound("No such certificate.")
    return _views([found])[0]


def for_person(user_id: int) -> list[CertificateView]:
    """Return the person's certificates, newest first."""
    query = select(Certificate).where(Certificate.user_id == user_id)
    return _views(db.session.scalars(query.order_by(Certificate.id.desc())).all())


def latest_id(user_id: int, course_id: str) -> int | None:
    """Return the id of the person's newest certificate of a course, in one query."""
    query = select(func.max(Certificate.id)).where(
        Certificate.user_id == user_id, Certificate.course_id == course_id
    )
    return db.session.scalar(query)


def everyone(
    course_id: str | None = None, user_id: int | None = None, batch: int = 200
) -> Iterator[CertificateView]:
    """Yield every certificate (of one course, or one person, if given) in batches."""
    after = 0
    while True:
        query = select(Certificate).where(Certificate.id > after)
        if course_id:
            query = query.where(Certificate.course_id == course_id)
        if user_id is not None:
            query = query.where(Certificate.user_id == user_id)
        rows = db.session.scalars(query.order_by(Certificate.id).limit(batch)).all()
        if not rows:
            return
        yield from _views(rows)
        after = rows[-1].id


def _views(certificates: Iterable[Certificate]) -> list[CertificateView]:
    """Each certificate with its holder and its state now, in a fixed number of queries per person."""
    certificates = list(certificates)
    users = {c.user_id for c in certificates}
    revoked = _revocations([c.id for c in certificates])
    newest = _newest(users)
    holders = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(users)))}
    completed = _completed({(c.user_id, c.course_id) for c in certificates})
    views = []
    for c in certificates:
        key = (c.user_id, c.course_id)
        if c.id in revoked:
            state = REVOKED
        elif newest.get(key) != c.id or key not in completed:
            state = SUPERSEDED
        else:
            state = VALID
        until = completed.get(key) if state == VALID else None
        views.append(CertificateView(c, holders[c.user_id], state, revoked.get(c.id), until))
    return views


def _revocations(ids: list[int]) -> dict[int, CertificateRevocation]:
    query = select(CertificateRevocation).where(CertificateRevocation.certificate_id.in_(ids))
    return {r.certificate_id: r for r in db.session.scalars(query)}


def _newest(users: set[int]) -> dict[tuple[int, str], int]:
    """{(person, course): the id of their newest certificate of it}."""
    if not users:
        return {}
    keys = (Certificate.user_id, Certificate.course_id)
    query = select(*keys, func.max(Certificate.id)).where(Certificate.user_id.in_(users)).group_by(*keys)
    return {(user_id, course_id): newest for user_id, course_id, newest in db.session.execute(query)}


def _completed(pairs: set[tuple[int, str]]) -> dict[tuple[int, str], date | None]:
    """Which of these (person, course) pairs have the status `completed` now, with its expiry.

    From the status query for the courses assigned to them (the expiry of a course with
    `recertify_every`, else None); for a course not (or no longer) assigned, whether their work
    completes the course as it is now, as the status query decides (no expiry then).
    """
    done = {}
    states = None
    for user_id in {u for u, _ in pairs}:
        rows = {row.course_id: row for row in status_query.person_rows(user_id)}
        for course_id in {c for u, c in pairs if u == user_id}:
            if course_id in rows:
                if rows[course_id].status == "completed":
                    done[(user_id, course_id)] = rows[course_id].expires_on
                continue
            states = states if states is not None else status_query.course_states()
            progress = db.session.get(CourseProgress, (user_id, course_id))
            state = states.get(course_id)
            if (
                progress is not None
                and state is not None
                and standing.satisfied(state.fingerprint, progress.fingerprint)
            ):
                done[(user_id, course_id)] = None
    return done
