"""A manager's team: their active direct reports' status per course, and a reminder to one of them.

A manager is anyone named as an active person's `manager_email`. Every status comes from the
status query, narrowed to the manager's reports in the same statement; a manager can read or
remind no one else.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from training.accounts import mail
from training.content import versions
from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.hr import reminders
from training.i18n import in_language
from training.models import ItemVersion, User
from training.models.people import reports_of
from training.status import query as status_query
from training.status import report

# Statuses a manager may send a reminder about; a completed course needs none (until it expires).
REMINDABLE = ("overdue", "outdated", "expired", "not_started", "in_progress")
KIND = "team"  # SentReminder.kind: at most one per report, course and day


@dataclass(frozen=True)
class TeamRow:
    """One report and one of their assigned courses, with what is late or out of date and why."""

    user_id: int
    name: str
    email: str
    course_id: str
    title: str
    status: str
    due_date: date
    days_late: int
    to_redo: tuple[str, ...]
    reasons: tuple[str, ...]
    reminded_today: bool

    @property
    def remindable(self) -> bool:
        return self.status in REMINDABLE


def _reports(manager: User):
    """The active people whose manager_email names this manager (compared ignoring case)."""
    return reports_of(User, manager.email.lower())


def manages_anyone(manager: User) -> bool:
    """Say whether at least one active person names this person as their manager (loaded with the
    signed-in person; asked of the database for anyone else)."""
    return bool(manager.manages_anyone)


def _team_query(manager: User, today: date, user_id: int | None = None, course_id: str | None = None):
    """The status query's rows of this manager's reports, in one statement."""
    rows = status_query.status_query(today)
    query = select(rows).join(User, User.id == rows.c.user_id).where(_reports(manager))
    if user_id is not None:
        query = query.where(rows.c.user_id == user_id)
    if course_id is not None:
        query = query.where(rows.c.course_id == course_id)
    return query.order_by(rows.c.name, rows.c.email, rows.c.course_id)


def team_rows(manager: User, today: date | None = None) -> list[TeamRow]:
    """Return each report's status per assigned course, with items to redo and why."""
    today = today or utcnow().date()
    rows = db.session.execute(_team_query(manager, today)).all()
    states = status_query.course_states()
    done = report.done_items(states, [(r.user_id, r.course_id) for r in rows])
    reminded = _reminded_today({r.email for r in rows}, today)
    titles = {i: v.title for i, v in versions.current_all(ItemVersion).items()} if rows else {}
    return [_described(row, states, done, reminded, titles, today) for row in rows]


def _described(row, states, done, reminded, titles, today: date) -> TeamRow:
    state = states[row.course_id]
    items = report.stale_items(row, state, done.get((row.user_id, row.course_id)))
    reasons = [r for r in (row.stale_reason or "").split("; ") if r] if row.has_stale else []
    return TeamRow(
        row.user_id, row.name, row.email, row.course_id, state.version.title, row.status,
        row.due_date, max(0, (today - row.due_date).days), tuple(titles.get(i, i) for i in items),
        tuple(reasons), (row.email, row.course_id) in reminded,
    )  # fmt: skip


def _reminded_today(emails: set[str], today: date) -> set[tuple[str, str]]:
    if not emails:
        return set()
    return reminders.sent_today(KIND, emails, today)


def send_reminder(manager: User, user_id: int, course_id: str, today: date | None = None) -> bool:
    """Email one report a reminder about one course; False when one went out today already.

    Raises NotFound unless the person is the manager's active report assigned that course, and
    ValidationFailed when the course is complete; mail.MailError when the server refuses it.
    """
    today = today or utcnow().date()
    row = db.session.execute(_team_query(manager, today, user_id, course_id)).first()
    if row is None:
        raise NotFound("No one in your team has that course.")
    if row.status not in REMINDABLE:
        raise ValidationFailed(f"{row.name} has completed this course; there is nothing to remind.")
    title = status_query.course_states()[course_id].version.title
    with in_language(db.session.scalar(select(User.language).where(User.id == row.user_id))):
        message = mail.compose(
            row.email,
            gettext("A reminder from %(manager)s: %(course)s", manager=manager.name, course=title),
            "team_reminder",
            name=row.name,
            manager=manager.name,
            title=title,
            status=row.status,
            due_date=row.due_date,
            url=mail.link(f"/courses/{course_id}"),
        )
    summary = f"{manager.email} reminded about {course_id} {row.status}, due {row.due_date.isoformat()}"
    return reminders.send_once(KIND, row.email, course_id, message, summary, today)
