"""The reminders' calendar against a model, for random due dates, changes and days the command runs.

Hypothesis draws a history of one person and one course: the day it is assigned and its due date,
perhaps a day HR gives a new due date, perhaps the day they complete it, the escalation days, the
days their manager presses "Remind" on the team page, and the days `send-reminders` runs (some
twice, most days not at all). The real command runs on each
of those days against a real SMTP server; the days on which the person and their manager got an
email must be the model's. The model below walks the calendar day by day, as a person would read
the rules in the README; the code decides them in one SQL statement.

REMINDER_MODEL_EXAMPLES=500 searches longer.
"""

import itertools
import os
from dataclasses import dataclass

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.hr.test_reminder_calendar import day, only_hr_assignments  # noqa: F401 - fixture
from tests.hr.test_reminders import acknowledge_demo, complete, person
from tests.smtp import smtp_fixture  # noqa: F401 - fixture
from training.db import db, utcnow
from training.hr import reminders, team
from training.models import Assignment, DueExtension

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
EXAMPLES = int(os.environ.get("REMINDER_MODEL_EXAMPLES", "15" if ON_POSTGRESQL else "25"))
PEOPLE = itertools.count()


@dataclass(frozen=True)
class History:
    assigned: int  # the day the course is assigned to them
    due: int
    runs: tuple[int, ...]  # the days the command runs, in order; a day twice is two runs
    escalate: int  # REMINDER_ESCALATE_DAYS
    new_due: tuple[int, int] | None = None  # (on this day, HR sets this due date)
    completed: int | None = None  # the day they complete the course
    clicks: frozenset[int] = frozenset()  # days their manager presses "Remind" on the team page, first thing


def is_reminder_day(late: int) -> bool:
    """Days after the due date on which the person is reminded (negative: before it)."""
    return late in (-7, -1) or (late >= 1 and (late - 1) % 7 == 0)


def is_escalation_day(late: int, escalate: int) -> bool:
    return late >= escalate and (late - escalate) % 7 == 0


def model(h: History) -> tuple[list[int], list[int], list[int]]:
    """Return the days the person gets a reminder, their manager an escalation, and the person the
    manager's reminder from the team page, by walking the calendar."""
    reminded, told, clicked = [], [], []
    last: dict[int, int] = {}  # due date -> the day of the last reminder about it
    last_told: dict[int, int] = {}
    for index, today in enumerate(h.runs):
        if today < h.assigned or (h.completed is not None and today >= h.completed):
            continue
        first_run_of_the_day = index == 0 or h.runs[index - 1] != today
        if first_run_of_the_day and today in h.clicks and today not in reminded + clicked:
            clicked.append(today)
        due = h.new_due[1] if h.new_due and today >= h.new_due[0] else h.due
        if today not in reminded + clicked:  # never twice on one day
            since = last.get(due)
            if since is not None:  # a manager's reminder since then counts as one about it
                since = max([since] + [d for d in clicked if since < d < today])
            if since is None or any(is_reminder_day(d - due) for d in range(since + 1, today + 1)):
                reminded.append(today)
                last[due] = today
        if today > due and (not told or told[-1] != today):
            since = last_told.get(due, due + h.escalate - 1)
            if any(is_escalation_day(d - due, h.escalate) for d in range(since + 1, today + 1)):
                told.append(today)
                last_told[due] = today
    return reminded, told, clicked


@st.composite
def histories(draw) -> History:
    assigned = draw(st.integers(0, 5))
    due = draw(st.integers(assigned - 3, assigned + 20))
    # Some days anywhere, more around the due date, where the calendar's days are close together.
    days = draw(st.lists(st.integers(0, 45), min_size=1, max_size=8))
    days += draw(st.lists(st.integers(due - 8, due + 16), max_size=10))
    days += draw(st.lists(st.sampled_from(days), max_size=2))  # a day run twice
    new_due = None
    if draw(st.booleans()):
        on = draw(st.integers(assigned, 35))
        new_due = (on, draw(st.integers(on - 5, on + 15)))
    completed = draw(st.one_of(st.none(), st.integers(assigned, 45)))
    escalate = draw(st.sampled_from((3, 7, 10)))
    clicks = frozenset(draw(st.lists(st.sampled_from(days), max_size=3)))
    return History(assigned, due, tuple(sorted(days)), escalate, new_due, completed, clicks)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(h=histories())
def test_reminders_go_out_on_the_days_the_model_says(app, only_hr_assignments, smtp, h):  # noqa: F811
    note(repr(h))
    app.config["REMINDER_ESCALATE_DAYS"] = h.escalate
    number = next(PEOPLE)
    email, boss = f"p{number}@example.com", f"boss{number}@example.com"
    user, manager = person(email), person(boss, name="Boss")
    user.manager_email = boss
    db.session.commit()
    acknowledge_demo(user)  # only the course is due: the model knows nothing of policies
    reminded, told, clicked, happened = [], [], [], set()
    try:
        for index, today in enumerate(h.runs):
            if today >= h.assigned and "assigned" not in happened:
                happened.add("assigned")
                assignment = Assignment(
                    course_id="basics", scope="person", user_id=user.id, source="hr", due_date=day(h.due)
                )
                db.session.add(assignment)
                db.session.commit()
            if h.new_due and today >= h.new_due[0] and "new_due" not in happened:
                happened.add("new_due")
                db.session.add(
                    DueExtension(
                        user_id=user.id,
                        course_id="basics",
                        due_date=day(h.new_due[1]),
                        reason="x",
                        created_by=user.id,
                    )
                )
                db.session.commit()
            if h.completed is not None and today >= h.completed and "completed" not in happened:
                happened.add("completed")
                complete(user)
            can_click = "assigned" in happened and "completed" not in happened
            if today in h.clicks and can_click and (index == 0 or h.runs[index - 1] != today):
                clicked += [today] if team.send_reminder(manager, user.id, "basics", day(today)) else []
            before = len(learner_mail(smtp, email)), len(smtp.to(boss))
            assert reminders.send_reminders(day(today)).failures == []
            reminded += [today] * (len(learner_mail(smtp, email)) - before[0])
            told += [today] * (len(smtp.to(boss)) - before[1])
    finally:
        for someone in (user, manager):  # the next history's runs leave them out
            someone.active, someone.deactivated_at = False, utcnow()
        db.session.commit()
    assert (reminded, told, clicked) == model(h)


def learner_mail(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].startswith("Training reminder")]
