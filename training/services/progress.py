"""Status of people on courses, derived from fingerprints with set-based SQL.

Definitions (one place):
- completed:   the person's course progress carries the course's current fingerprint.
- outdated:    it carries an older fingerprint: they completed the course, then a material
               change made some items stale.
- overdue:     not completed and past the due date (for outdated people, the stale items' due
               date).
- in_progress: some item completed, course not (yet) completed.
- not_started: nothing completed.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, false, func, literal, null, select, union_all

from training.db import db, utcnow
from training.models import Completion, Course, CourseFingerprint, CourseProgress, CourseVersion, User
from training.services.fingerprints import _latest_rows, current_versions

STATUSES = ("not_started", "in_progress", "completed", "outdated", "overdue")


@dataclass
class CourseState:
    """What the status query needs to know about one course, computed once per query."""

    version: CourseVersion
    created_at: datetime
    fingerprint: CourseFingerprint | None

    @property
    def id(self) -> str:
        return self.version.course_id


def course_states() -> dict[str, CourseState]:
    """Return the current version and fingerprint of every course."""
    versions = current_versions(CourseVersion, CourseVersion.course_id)
    prints = _latest_rows(CourseFingerprint, CourseFingerprint.course_id)
    created = dict(db.session.execute(select(Course.id, Course.created_at)).all())
    return {cid: CourseState(v, created[cid], prints.get(cid)) for cid, v in versions.items()}


def audience_clause(audience):
    """SQL condition selecting the people a course's audience names."""
    if audience == "all":
        return literal(True)
    return User.department.in_(audience) if audience else false()


def is_in_audience(user: User, audience) -> bool:
    return audience == "all" or user.department in (audience or [])


def due_date(user_created: datetime, state: CourseState) -> date:
    """A course falls due `due_days` after the person first got it."""
    assigned = max(user_created, state.created_at)
    return assigned.date() + timedelta(days=state.version.due_days)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def status_select(state: CourseState, today: date):
    """One SELECT of (person, course, status, ...) rows for everyone the course is assigned to."""
    current = state.fingerprint.fingerprint if state.fingerprint else None
    cutoff = _start_of(today - timedelta(days=state.version.due_days))
    course_late = state.created_at < cutoff
    stale_late = bool(
        state.fingerprint and state.fingerprint.stale_due and state.fingerprint.stale_due < today
    )
    has_print = CourseProgress.fingerprint.is_not(None)
    status = case(
        (CourseProgress.fingerprint == current, literal("completed")),
        (and_(has_print, literal(stale_late)), literal("overdue")),
        (has_print, literal("outdated")),
        (and_(literal(course_late), User.created_at < cutoff), literal("overdue")),
        (CourseProgress.user_id.is_not(None), literal("in_progress")),
        else_=literal("not_started"),
    )
    return (
        select(
            User.id.label("user_id"),
            User.email,
            User.name,
            User.department,
            User.created_at.label("user_created"),
            literal(state.id).label("course_id"),
            status.label("status"),
            CourseProgress.completed_at,
            (has_print & (CourseProgress.fingerprint != (current or ""))).label("has_stale"),
        )  # fmt: skip
        .select_from(User)
        .outerjoin(
            CourseProgress,
            and_(CourseProgress.user_id == User.id, CourseProgress.course_id == state.id),
        )
        .where(User.active.is_(True), audience_clause(state.version.audience))
    )


def status_query(states: dict[str, CourseState], today: date | None = None, user_id: int | None = None):
    """Return one query over every course's assignments (a UNION ALL, one SELECT per course)."""
    today = today or utcnow().date()
    selects = []
    for state in states.values():
        query = status_select(state, today)
        if user_id is not None:
            query = query.where(User.id == user_id)
        selects.append(query)
    if not selects:
        return select(null()).where(false())
    return union_all(*selects).subquery()


def valid_item_ids(user_id: int, item_fps: dict[str, str]) -> set[str]:
    """Return the items this person has completed against their current fingerprint."""
    if not item_fps:
        return set()
    rows = db.session.execute(
        select(Completion.item_id, Completion.fingerprint).where(
            Completion.user_id == user_id, Completion.item_id.in_(list(item_fps))
        )
    )
    return {item for item, print_ in rows if item_fps.get(item) == print_}


def completed_item_ids(user_id: int, item_ids: list[str]) -> set[str]:
    """Return the items this person has ever completed, whatever the fingerprint."""
    rows = db.session.scalars(
        select(Completion.item_id).where(Completion.user_id == user_id, Completion.item_id.in_(item_ids))
    )
    return set(rows)


def statuses_for(user_id: int, states: dict[str, CourseState] | None = None) -> dict[str, str]:
    """Return {course_id: status} for one person's assigned courses."""
    states = course_states() if states is None else states
    if not states:
        return {}
    rows = status_query(states, user_id=user_id)
    return dict(db.session.execute(select(rows.c.course_id, rows.c.status)).all())


def status_counts(states: dict[str, CourseState] | None = None) -> list[tuple[str, str, str, int]]:
    """Return (department, course_id, status, people) for everyone, counted in the database."""
    states = course_states() if states is None else states
    if not states:
        return []
    rows = status_query(states)
    query = (
        select(rows.c.department, rows.c.course_id, rows.c.status, func.count())
        .group_by(rows.c.department, rows.c.course_id, rows.c.status)
        .order_by(rows.c.department, rows.c.course_id, rows.c.status)
    )
    return [tuple(r) for r in db.session.execute(query)]
