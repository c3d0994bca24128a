"""Status of people on courses, derived from fingerprints with set-based SQL.

Definitions (one place), from what the person's completions make valid now: their course progress
points at their work done in the course, and the course standing of that work against the course's
current fingerprint says which items it leaves to do and why.
- completed:   every item of the course is valid for them now (also when a publish made it so: an
               item taken out, a change undone). For a course with `recertify_every`, the due date is
               when that completion expires; they are due again `due_days` before (`renew_from`).
- expired:     completed, but the course has `recertify_every` and their certification is older than
               that: it expired after the last time a completion made the course complete for them
               (else after their last completion in it) + the period. They redo the whole course.
- outdated:    not so, but it was complete once (a completion made it so, or a publish since their
               last completion): a material change made items stale (or items were added). They
               redo exactly those, by the earliest deadline of every change since each was valid.
- overdue:     not completed and past the due date (for outdated people, that earliest deadline;
               a later HR extension wins).
- in_progress: an item of the course (as it is now) completed, course not (yet) completed.
- not_started: nothing of the course as it is now completed.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Date, Integer, and_, bindparam, case, func, literal, not_, or_, select

from training.content import versions
from training.db import db, read, utcnow
from training.models import (
    Completion,
    Course,
    CourseFingerprint,
    CourseProgress,
    CourseStanding,
    CourseVersion,
)
from training.status import assignments, stamp
from training.status.sqldates import add_period, days_before

STATUSES = ("not_started", "in_progress", "completed", "outdated", "overdue", "expired")


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
    courses = versions.current_all(CourseVersion)
    prints = versions.newest_rows(CourseFingerprint, CourseFingerprint.course_id)
    created = dict(db.session.execute(select(Course.id, Course.created_at)).all())
    return {cid: CourseState(v, created[cid], prints.get(cid)) for cid, v in courses.items()}


def current_course_prints():
    """SELECT every course's latest fingerprint row (id, course_id, fingerprint, ...)."""
    latest = select(func.max(CourseFingerprint.id)).group_by(CourseFingerprint.course_id)
    return (
        select(
            CourseFingerprint.id,
            CourseFingerprint.course_id,
            CourseFingerprint.fingerprint,
            CourseFingerprint.stale_due,
            CourseFingerprint.reason,
            CourseFingerprint.created_at,
        )
        .where(CourseFingerprint.id.in_(latest))
        .subquery()
    )


def recertified_courses():
    """SELECT (course_id, months, days, due_days) of the courses whose current version expires completions."""
    latest = select(func.max(CourseVersion.id)).group_by(CourseVersion.course_id)
    every = or_(CourseVersion.recertify_months.is_not(None), CourseVersion.recertify_days.is_not(None))
    return (
        select(
            CourseVersion.course_id,
            CourseVersion.recertify_months.label("months"),
            CourseVersion.recertify_days.label("days"),
            CourseVersion.due_days,
        )
        .where(CourseVersion.id.in_(latest), every)
        .subquery()
    )


def status_query(today=None, user_id=None, form=None):
    """Return a subquery of (person, course, status, due_date, ...) for every assignment.

    One statement for everyone: assignments joined with people, the courses' current
    fingerprints, the people's course progress and what that progress means now (the
    course standing of the fingerprint they completed against). No loop over people anywhere.
    `today` and `user_id` may be values or bound parameters; `form` is `assignments.shape()`.
    """
    today = today if today is not None else utcnow().date()
    due = assignments.due_rows(user_id, form)
    prints = current_course_prints()
    progress = CourseProgress
    has_print = progress.fingerprint.is_not(None)
    complete = or_(progress.fingerprint == prints.c.fingerprint, CourseStanding.satisfied.is_(True))
    # Completed once: a completion made the course complete, or a publish since their last one did
    # (an item taken out, a change undone) and it has gone stale again since.
    via_publish_at = case(
        (progress.fingerprint == prints.c.fingerprint, prints.c.created_at),
        else_=CourseStanding.last_satisfied_at,
    )
    via_publish = and_(progress.completed_at.is_(None), via_publish_at > progress.state_at)
    once = or_(progress.completed_at.is_not(None), via_publish)
    stale = and_(has_print, once, not_(complete))
    started = func.coalesce(CourseStanding.started, progress.user_id.is_not(None))
    changed_due = func.coalesce(CourseStanding.stale_due, prints.c.stale_due)
    # HR's extension gives more time for redoing stale items too, never less.
    later = and_(due.c.extension_due.is_not(None), due.c.extension_due > changed_due)
    stale_due = case((later, due.c.extension_due), else_=changed_due)
    recert = recertified_courses()
    certified = func.coalesce(progress.certified_at, progress.state_at)
    # Only a course that expires completions pays for the date arithmetic.
    period = add_period(certified, recert.c.months, recert.c.days)
    period_end = case((recert.c.course_id.is_not(None), period))
    expires = case((complete, period_end))
    effective_due = case(
        (expires.is_not(None), expires),
        (and_(stale, stale_due.is_not(None)), stale_due),
        else_=due.c.due_date,
    )
    # Each test once per row: a branch is reached only when the ones before it failed, so after
    # `complete`, `stale` is `has_print and once` (no `not complete` again).
    status = case(
        (complete, case((period_end < today, literal("expired")), else_=literal("completed"))),
        (and_(has_print, once), case((stale_due < today, literal("overdue")), else_=literal("outdated"))),
        (due.c.due_date < today, literal("overdue")),
        (and_(progress.user_id.is_not(None), started), literal("in_progress")),
        else_=literal("not_started"),
    )
    completed_at = case((via_publish, via_publish_at), else_=progress.completed_at)
    query = (
        select(
            due.c.user_id,
            due.c.email,
            due.c.name,
            due.c.department,
            due.c.course_id,
            status.label("status"),
            effective_due.label("due_date"),
            due.c.extension_due,
            completed_at.label("completed_at"),
            stale.label("has_stale"),
            func.coalesce(CourseStanding.reason, prints.c.reason).label("stale_reason"),
            func.coalesce(CourseStanding.changed_at, prints.c.created_at).label("stale_since"),
            expires.label("expires_on"),
            days_before(expires, recert.c.due_days).label("renew_from"),
        )  # fmt: skip
        .select_from(due)
        .join(prints, prints.c.course_id == due.c.course_id)
        .outerjoin(
            CourseProgress,
            and_(CourseProgress.user_id == due.c.user_id, CourseProgress.course_id == due.c.course_id),
        )
        .outerjoin(
            CourseStanding,
            and_(
                CourseStanding.course_fingerprint_id == prints.c.id,
                CourseStanding.past_fingerprint == CourseProgress.fingerprint,
            ),
        )
        .outerjoin(recert, recert.c.course_id == due.c.course_id)
    )
    return query.subquery()


def completed_item_ids(user_id: int, item_ids: list[str]) -> set[str]:
    """Return the items this person has ever completed, whatever the fingerprint."""
    rows = db.session.scalars(
        select(Completion.item_id).where(Completion.user_id == user_id, Completion.item_id.in_(item_ids))
    )
    return set(rows)


def statuses_for(user_id: int) -> dict[str, str]:
    """Return {course_id: status} for one person's assigned courses."""
    return {row.course_id: row.status for row in person_rows(user_id)}


KEPT_PEOPLE = 4096  # people whose rows are kept per app


def person_rows(user_id: int) -> list:
    """Return the status query's rows of one person.

    The statement is built once per form of the assignments and reused with the person and the
    day as parameters: building and compiling it costs more than running it for one person.
    Read-only requests keep the rows on the app under the status stamp (training/status/stamp.py),
    so a learner's pages ask for the stamp, one row, until something the statuses rest on changes.
    """
    today = utcnow().date()

    def fetch() -> tuple:
        statement = _person_statement(assignments.shape(user_id))
        return tuple(read(statement, {"status_person": user_id, "status_today": today}))

    return list(stamp.keep("person_rows", (user_id, today), KEPT_PEOPLE, fetch))


@lru_cache(maxsize=64)
def _person_statement(form):
    today = bindparam("status_today", callable_=lambda: utcnow().date(), type_=Date)
    return select(status_query(today, bindparam("status_person", type_=Integer), form))


def status_counts(department: str | None = None) -> list[tuple[str, str, str, int]]:
    """Return (department, course_id, status, people) for everyone, counted in the database.

    The statuses are materialised once before grouping: grouping the status query directly
    makes SQLite work out each row's status again for the sort, which nearly doubles the time.
    """
    rows = status_query()
    narrowed = select(rows.c.department, rows.c.course_id, rows.c.status)
    if department is not None:
        narrowed = narrowed.where(rows.c.department == department)
    statuses = narrowed.cte("statuses").prefix_with("MATERIALIZED")
    keys = (statuses.c.department, statuses.c.course_id, statuses.c.status)
    query = select(*keys, func.count()).group_by(*keys).order_by(*keys)
    return [tuple(r) for r in db.session.execute(query)]
