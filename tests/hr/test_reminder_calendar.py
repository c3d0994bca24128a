"""The reminders' calendar, by example: which days a person, their manager and HR hear about a course.

A course assigned on day 0 and due on day 20 is reminded on day 0 (assigned), 13 and 19 (a week
and a day before), 21 (the day it becomes overdue), then 28, 35, ... (weekly); the manager hears on
day 27 (REMINDER_ESCALATE_DAYS = 7 overdue), then 34, 41, ... Random histories against a model of
these rules are in test_reminder_calendar_model.py.
"""

import shutil
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FIXTURES
from tests.hr.test_reminders import acknowledge_demo, complete, escalations_to, person
from tests.smtp import body, smtp_fixture  # noqa: F401 - fixture
from training.db import db, utcnow
from training.editor import library as content_service
from training.hr import reminders, team
from training.learning import acknowledgements as policies
from training.models import Assignment, DueExtension, SentReminder

DAY0 = date(2031, 3, 3)


def day(n: int) -> date:
    return DAY0 + timedelta(days=n)


@pytest.fixture
def only_hr_assignments(app, library):
    """Take the course's own default assignment (everyone, 30 days) away: tests set due dates."""
    for row in db.session.scalars(select(Assignment).where(Assignment.source == "course")):
        row.removed_at = utcnow()
    db.session.commit()


def assign(user, due: int, course="basics"):
    db.session.add(
        Assignment(
            course_id=course,
            scope="person",
            user_id=user.id,
            source="hr",
            due_date=day(due),
            created_at=utcnow(),
        )
    )
    db.session.commit()


@pytest.fixture
def sam(only_hr_assignments):
    """Sam, managed by boss@example.com (who is nobody's learner), acknowledged the demo policy."""
    user = person("sam@example.com", name="Sam")
    user.manager_email = "boss@example.com"
    db.session.commit()
    acknowledge_demo(user)
    return user


def run_days(smtp, days, address="sam@example.com"):
    """Run the reminders on each day; return the days on which `address` got a reminder."""
    got = []
    for n in days:
        before = len(smtp.to(address))
        result = reminders.send_reminders(day(n))
        assert result.failures == []
        got += [n] * (len(smtp.to(address)) - before)
    return got


def test_assigned_a_week_before_a_day_before_the_day_overdue_then_weekly(sam, smtp):
    assign(sam, 20)
    assert run_days(smtp, range(0, 43)) == [0, 13, 19, 21, 28, 35, 42]


def test_each_email_says_what_is_due_and_when(sam, smtp):
    assign(sam, 20)
    run_days(smtp, [0, 13, 19, 21])
    first, week, eve, overdue = (" ".join(body(m).split()) for m in smtp.to("sam@example.com"))
    assert "Basics: due by 23 March 2031 (20 days left)" in first
    assert "Basics: due by 23 March 2031 (7 days left)" in week and "(1 day left)" in eve
    assert "Basics: overdue. It was due on 23 March 2031 (1 day ago)" in overdue
    assert "7 days and 1 day before its due date, on the day it becomes overdue" in first


def test_the_manager_hears_on_the_escalation_day_then_weekly(sam, smtp):
    assign(sam, 20)
    run_days(smtp, range(0, 42))
    told = escalations_to(smtp, "boss@example.com")
    assert len(told) == 3  # days 27, 34 and 41
    assert "Sam <sam@example.com>" in body(told[0]) and "7 days overdue" in body(told[0])
    assert "14 days overdue" in body(told[1]) and "21 days overdue" in body(told[2])
    assert "once a week while it is overdue" in body(told[0])


def test_the_escalation_day_comes_from_the_configuration(app, sam, smtp):
    app.config["REMINDER_ESCALATE_DAYS"] = 3
    assign(sam, 20)
    assert run_days(smtp, range(20, 32), "boss@example.com") == [23, 30]


def test_days_the_command_did_not_run_are_caught_up_once(sam, smtp):
    assign(sam, 20)
    # Day 13 and 19 and 21 were missed: day 23 catches up once, and day 28 is the next.
    assert run_days(smtp, [0, 10, 23, 24, 25, 27, 28]) == [0, 23, 28]


def test_two_runs_on_one_day_send_once(sam, smtp):
    assign(sam, 20)
    assert run_days(smtp, [13, 13, 21, 21]) == [13, 21]
    rows = db.session.scalars(select(SentReminder.subject_key).where(SentReminder.kind == "learner")).all()
    assert rows == ["course:basics@2031-03-23"] * 2


def test_a_new_due_date_is_reminded_as_new(sam, smtp):
    assign(sam, 20)
    assert run_days(smtp, [0, 5]) == [0]
    db.session.add(
        DueExtension(user_id=sam.id, course_id="basics", due_date=day(40), reason="leave", created_by=sam.id)
    )
    db.session.commit()
    assert run_days(smtp, [5, 6, 13, 19, 21, 33]) == [5, 33]
    assert "due by 12 April 2031 (35 days left)" in body(smtp.to("sam@example.com")[1])


def test_a_second_assignment_due_earlier_is_not_reminded_twice_the_same_day(sam, smtp):
    assign(sam, 20)
    assert run_days(smtp, [0]) == [0]
    assign(sam, 10)
    assert run_days(smtp, [0, 1, 3, 9]) == [1, 3, 9]


def test_completing_the_course_ends_the_reminders(sam, smtp):
    assign(sam, 20)
    assert run_days(smtp, [0, 13]) == [0, 13]
    complete(sam)
    assert run_days(smtp, [19, 21, 28]) == []


def test_an_acknowledgement_follows_the_same_calendar(only_hr_assignments, smtp):
    owes = person("owes@example.com")
    assign(owes, 400)  # a course that covers the demo policy makes them owe its acknowledgement
    version = policies.current("demo")
    due = (max(version.effective, version.created_at.date()) + timedelta(days=version.grace_days) - DAY0).days
    days = run_days(
        smtp, [due - 30, due - 8, due - 7, due - 1, due, due + 1, due + 2, due + 8], "owes@example.com"
    )
    assert days == [due - 30, due - 7, due - 1, due + 1, due + 8]


def test_a_managers_reminder_from_the_team_page_is_that_days_reminder(app, sam, smtp):
    boss = person("boss@example.com", name="Boss")
    assign(sam, 20)
    assert run_days(smtp, [0]) == [0]
    assert team.send_reminder(boss, sam.id, "basics", day(13)) is True  # the manager, on a calendar day
    assert run_days(smtp, [13]) == []  # the manager's email was the day's reminder
    assert run_days(smtp, [14]) == []  # and it is not caught up the next day
    assert run_days(smtp, [19]) == [19]
    assert team.send_reminder(boss, sam.id, "basics", day(19)) is False  # reminded today already


def test_the_digest_counts_people_once_per_status_and_their_courses_beside(app, tmp_path, smtp):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    extra = root / "courses" / "extra"
    extra.mkdir()
    (extra / "course.md").write_text(
        "---\nid: extra\ntitle: Extra\nsummary: More.\nitems: [extra-reading]\n"
        "audience: all\ndue_days: 30\n---\n"
    )
    (extra / "extra-reading.md").write_text(
        "---\nid: extra-reading\ntitle: More\ncovers: [demo#complaints]\n---\nMore.\n"
    )
    content_service.import_directory(root)
    person("hr@example.com", roles="hr employee")
    for index in range(2):
        person(f"p{index}@example.com")
    reminders.send_reminders()
    text = body(next(m for m in smtp.to("hr@example.com") if m["Subject"].startswith("Training digest")))
    assert "Not started  3 people (6 courses)" in text
