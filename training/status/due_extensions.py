"""HR gives one person more time on one course: append-only extensions, the newest counts.

The due date in force is worked out with everyone else's, in SQL (assignments.due_rows); this
module records extensions and lists them for the pages.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.i18n import N_
from training.models import DueExtension, User
from training.status import query as status_query

MAX_REASON = 500
MAX_YEARS_AHEAD = 5


def latest_due_date(today: date) -> date:
    """The latest due date an extension may give: five years from today (a leap day included)."""
    return today + timedelta(days=365 * MAX_YEARS_AHEAD + 1)


def too_far_message(latest: date) -> str:
    return f"The new due date is over {MAX_YEARS_AHEAD} years ahead; give {latest.isoformat()} or earlier."


@dataclass(frozen=True)
class ExtensionRow:
    """An extension with the name of the person who granted it."""

    extension: DueExtension
    granted_by: str


def extend(actor: User, user_id: int, course_id: str, due_date: date | None, reason: str) -> DueExtension:
    """Set a new due date for one person on a course assigned to them, with the reason."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    if course_id not in status_query.statuses_for(user.id):
        raise ValidationFailed(N_("That course is not assigned to them, so it has no due date to change."))
    if due_date is None:
        raise ValidationFailed(N_("Give the new due date."))
    if due_date < utcnow().date():
        raise ValidationFailed(N_("The new due date is in the past."))
    if due_date > (latest := latest_due_date(utcnow().date())):
        raise ValidationFailed(too_far_message(latest))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(N_("Say why they get a new due date."))
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"Keep the reason to at most {MAX_REASON} characters.")
    row = DueExtension(user_id=user.id, course_id=course_id, due_date=due_date, reason=reason,
                       created_by=actor.id, created_at=utcnow())  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


def history(user_id: int) -> dict[str, list[ExtensionRow]]:
    """Return {course id: the person's extensions, newest (the one in force) first}."""
    query = (
        select(DueExtension, User.name)
        .join(User, User.id == DueExtension.created_by)
        .where(DueExtension.user_id == user_id)
        .order_by(DueExtension.id.desc())
    )
    result: dict[str, list[ExtensionRow]] = {}
    for extension, name in db.session.execute(query):
        result.setdefault(extension.course_id, []).append(ExtensionRow(extension, name))
    return result
