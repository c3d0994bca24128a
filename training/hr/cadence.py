"""The reminders' calendar: on which days a reminder about something due goes out, decided in SQL.

Something due (a course to finish, redo or renew, a policy version to acknowledge) is known by a
key that names its due date, so a new assignment, a changed due date or a new round is new. Its
person is reminded about it
- the first time a run finds it due (it was assigned, it changed, it became due again);
- 7 days and 1 day before its due date;
- on the day it becomes overdue (the day after its due date), then every 7 days while it stays due.
Their manager is told on the day it is REMINDER_ESCALATE_DAYS overdue, then every 7 days.

A day is a reminder day when one of those days has come since the last reminder about the thing
sent before today: a day the command did not run is caught up once, not once per missed day. What
already went out today (the record, `SentReminder`) is never sent again the same day. A manager's
reminder from the team page counts as a reminder about the course.
"""

from sqlalchemy import and_, case, func, or_, select

from training.models import SentReminder
from training.status.sqldates import days_between

BEFORE = (7, 1)  # days before the due date
EVERY = 7  # days between reminders once overdue


def learner_day(late):
    """The latest day of a person's calendar on or before `late` days after the due date, counted
    the same way (NULL before the first fixed day)."""
    before = [(late >= -days, -days) for days in sorted(BEFORE)]
    return case((late >= 1, late - (late - 1) % EVERY), *before)


def manager_day(late, escalate_days):
    """The latest day of a manager's calendar on or before `late` days after the due date (or NULL)."""
    return case((late >= escalate_days, late - (late - escalate_days) % EVERY))


def last_before(today, kind: str, recipient, key):
    """When the last reminder of this kind about `key` went to `recipient` before `today` (or NULL)."""
    return (
        select(func.max(SentReminder.sent_on))
        .where(
            SentReminder.recipient == recipient,
            SentReminder.kind == kind,
            SentReminder.subject_key == key,
            SentReminder.sent_on < today,
        )
        .scalar_subquery()
    )


def with_team_reminder(today, last, recipient, course_id):
    """`last`, or a manager's later reminder from the team page about the course, sent before today.

    Only one after the first reminder about the thing counts: that one is about this due date.
    """
    team = (
        select(func.max(SentReminder.sent_on))
        .where(
            SentReminder.recipient == recipient,
            SentReminder.kind == "team",
            SentReminder.subject_key == course_id,
            SentReminder.sent_on < today,
            SentReminder.sent_on > last,
        )
        .scalar_subquery()
    )
    return func.coalesce(team, last)


def reminder_day(today, due_date, last, day_of_calendar, first_sight: bool):
    """Whether today is a reminder day: a day of the calendar came after `last` (the last reminder
    before today), or, with `first_sight`, nothing was ever sent about it."""
    day = day_of_calendar(days_between(today, due_date))
    came = and_(day.is_not(None), or_(last.is_(None), day > days_between(last, due_date)))
    return or_(last.is_(None), came) if first_sight else came
