"""`send-reminders` against a real SMTP server: people, managers (escalation) and HR's digest.

Which days reminders go out on is in test_reminder_calendar.py (examples) and
test_reminder_calendar_model.py (random histories against a model).
"""

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from tests.smtp import body, no_smtp_fixture, smtp_fixture  # noqa: F401 - fixtures
from training.db import db, utcnow
from training.hr import reminder_queries, reminders
from training.learning import acknowledgements as policies
from training.models import Assignment, CourseProgress, SentReminder, User
from training.status import query as status_query

SITE = "https://training.example.com"


def person(email, name="Someone", roles="employee", department="Customer Care"):
    """A person without a password: these tests never sign in, and argon2 is slow on purpose."""
    user = User(email=email, name=name, roles=roles, department=department)
    db.session.add(user)
    db.session.commit()
    return user


def longdate(day) -> str:
    return f"{day.day} {day:%B %Y}"


def acknowledge_demo(user):
    policies.acknowledge(user, "demo", policies.current("demo").id)


def overdue(user, days):
    """Assign the basics course to this person, due `days` ago."""
    db.session.add(
        Assignment(
            course_id="basics",
            scope="person",
            user_id=user.id,
            source="hr",
            due_date=utcnow().date() - timedelta(days=days),
            created_at=utcnow(),
        )
    )
    db.session.commit()


def outdated(user):
    """Record that this person completed basics against a fingerprint that is no longer current."""
    db.session.add(
        CourseProgress(
            user_id=user.id,
            course_id="basics",
            fingerprint="0" * 64,
            started_at=utcnow(),
            completed_at=utcnow(),
        )
    )
    db.session.commit()


@pytest.fixture
def org(app, library):
    """late: 10 days overdue; recent: 3 days overdue; stale: outdated; owes: only an acknowledgement;
    fine: nothing due; hr: an HR person with nothing due; boss: late's and recent's manager."""
    people = {
        name: person(f"{name}@example.com", name.title(), "hr employee" if name == "hr" else "employee")
        for name in ("late", "recent", "stale", "owes", "fine", "hr", "boss")
    }
    for name in ("late", "recent"):
        people[name].manager_email = "boss@example.com"
    db.session.commit()
    for name in ("late", "recent", "stale", "fine", "hr", "boss"):
        acknowledge_demo(people[name])
    overdue(people["late"], 10)
    overdue(people["recent"], 3)
    outdated(people["stale"])
    return people


def complete(user, course="basics"):
    """Record that this person completed the course against its current fingerprint."""
    current = status_query.course_states()[course].fingerprint.fingerprint
    now = utcnow()
    db.session.add(
        CourseProgress(
            user_id=user.id, course_id=course, fingerprint=current, started_at=now, completed_at=now
        )
    )
    db.session.commit()


def run(runner):
    return runner.invoke(args=["send-reminders"])


def kinds(today=None):
    today = today or utcnow().date()
    rows = db.session.execute(
        select(SentReminder.recipient, SentReminder.kind).where(SentReminder.sent_on == today)
    )
    return sorted(tuple(r) for r in rows)


def escalations_to(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].startswith("Overdue training")]


def learner_mail(smtp, address):
    found = [m for m in smtp.to(address) if m["Subject"].startswith("Training reminder")]
    assert len(found) == 1, [m["Subject"] for m in smtp.to(address)]
    return body(found[0])


def test_reminders_list_what_is_due_by_when_with_links(runner, smtp, org):
    result = run(runner)
    assert result.exit_code == 0, result.output
    today = utcnow().date()
    late = learner_mail(smtp, "late@example.com")
    assert "Hello Late," in late
    assert f"Basics: overdue. It was due on {longdate(today - timedelta(days=10))}" in late
    assert "(10 days ago)" in late and f"{SITE}/courses/basics" in late
    assert "Demo policy" not in late  # late acknowledged it
    assert "once a week while it is overdue" in late
    stale = learner_mail(smtp, "stale@example.com")
    assert "Basics: parts of it changed since you completed it" in stale and f"{SITE}/courses/basics" in stale
    owes = learner_mail(smtp, "owes@example.com")
    version = policies.current("demo")
    assert "Basics: due by " in owes and "(30 days left)" in owes  # newly assigned: the first reminder
    assert f"Demo policy, version {version.label}: read what changed and confirm" in owes
    assert f"by {longdate(reminder_queries.acknowledge_by(version))}" in owes
    assert f"{SITE}/policies/demo" in owes


def test_people_who_finished_everything_get_no_reminder(runner, smtp, org):
    complete(org["fine"])
    run(runner)
    learners = sorted(m["To"] for m in smtp.messages if m["Subject"].startswith("Training reminder"))
    everyone = sorted(f"{name}@example.com" for name in org if name != "fine")
    assert learners == everyone


def test_owed_acknowledgements_query_agrees_with_policies_owed(app, org):
    extra = person("extra@example.com", department="Elsewhere")
    states = status_query.course_states()
    owed = {(r.user_id, r.policy_id) for r in reminder_queries.acknowledgements_owed(utcnow().date(), states)}
    expected = {(u.id, v.policy_id) for u in db.session.scalars(select(User)) for v in policies.owed(u)}
    assert owed == expected and (extra.id, "demo") in owed and (org["owes"].id, "demo") in owed


def test_manager_gets_one_email_about_people_overdue_by_the_escalation_days(runner, smtp, org):
    run(runner)
    escalations = escalations_to(smtp, "boss@example.com")
    assert len(escalations) == 1
    text = body(escalations[0])
    assert "Late <late@example.com>" in text and "10 days overdue" in text
    assert "recent@example.com" not in text  # 3 days late is below the default 7


def test_escalation_days_come_from_the_configuration(app, runner, smtp, org):
    app.config["REMINDER_ESCALATE_DAYS"] = 3
    run(runner)
    (escalation,) = escalations_to(smtp, "boss@example.com")
    text = body(escalation)
    assert (
        "2 people who report to you are 3 or more days late" in text
        and "late@example.com" in text
        and "recent@example.com" in text
    )
    assert escalation["Subject"] == "Overdue training in your team: 2 people"


def test_someone_escalated_later_the_same_day_gets_a_second_email_listing_only_them(runner, smtp, org):
    run(runner)
    overdue(org["recent"], 9)
    run(runner)
    escalations = [body(m) for m in escalations_to(smtp, "boss@example.com")]
    assert len(escalations) == 2
    assert "recent@example.com" in escalations[1] and "late@example.com" not in escalations[1]


def test_digest_goes_to_hr_people_with_counts_and_the_overdue_list(runner, smtp, org):
    person("admin@example.com", roles="admin employee")
    run(runner)
    digests = [m for m in smtp.messages if m["Subject"].startswith("Training digest")]
    assert [m["To"] for m in digests] == ["hr@example.com"]
    assert "2 overdue, 1 outdated" in digests[0]["Subject"]
    text = body(digests[0])
    assert "Overdue      2 people (2 courses)" in text and "Outdated     1 person (1 course)" in text
    assert "Not started  5 people (5 courses)" in text and "Completed    0 people (0 courses)" in text
    assert "People who owe a policy acknowledgement: 2" in text  # owes and admin
    assert text.index("late@example.com") < text.index("recent@example.com")  # longest overdue first
    assert "Late <late@example.com> (Customer Care): Basics, due" in text and f"{SITE}/hr/" in text


def test_digest_goes_to_the_configured_addresses_instead(app, runner, smtp, org):
    app.config["HR_DIGEST_TO"] = "audit@example.com, people-team@example.com"
    run(runner)
    digests = sorted(m["To"] for m in smtp.messages if m["Subject"].startswith("Training digest"))
    assert digests == ["audit@example.com", "people-team@example.com"]


def test_second_run_on_the_same_day_sends_nothing_new(runner, smtp, org):
    first = run(runner)
    assert "sent 7 reminder(s), 1 escalation(s), 1 digest(s)" in first.output
    count = len(smtp.messages)
    second = run(runner)
    assert second.exit_code == 0
    assert "sent 0 reminder(s), 0 escalation(s), 0 digest(s); 9 already sent today" in second.output
    assert len(smtp.messages) == count
    assert ("late@example.com", "learner") in kinds() and ("boss@example.com", "manager") in kinds()


def test_the_next_day_reminds_nobody_again_but_hr_gets_its_digest(app, smtp, org):
    reminders.send_reminders()
    count = len(smtp.messages)
    result = reminders.send_reminders(utcnow().date() + timedelta(days=1))
    assert result.sent == {"learner": 0, "manager": 0, "digest": 1} and len(smtp.messages) == count + 1


def test_refused_message_is_reported_not_recorded_and_the_others_go_out(runner, smtp, org):
    smtp.refuse.add("late@example.com")
    result = run(runner)
    assert result.exit_code == 1
    assert "could not send email to late@example.com" in result.stderr and "550" in result.stderr
    assert "late@example.com" not in smtp.recipients
    assert {"owes@example.com", "boss@example.com", "hr@example.com"} <= set(smtp.recipients)
    assert ("late@example.com", "learner") not in kinds()
    smtp.refuse.clear()
    retry = run(runner)
    assert retry.exit_code == 0 and "sent 1 reminder(s), 0 escalation(s), 0 digest(s)" in retry.output
    assert "8 already sent today" in retry.output
    assert len(smtp.to("late@example.com")) == 1


def test_unreachable_mail_server_is_reported_and_nothing_is_marked_sent(runner, no_smtp, org):
    result = run(runner)
    assert result.exit_code == 1
    for address in ("late@example.com", "boss@example.com", "hr@example.com"):
        assert f"could not send email to {address}" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(SentReminder)) == 0


def test_deactivated_people_get_nothing(runner, smtp, org):
    for name in ("late", "owes", "hr"):
        org[name].active = False
        org[name].deactivated_at = utcnow()
    db.session.commit()
    run(runner)
    for address in ("late@example.com", "owes@example.com", "hr@example.com"):
        assert smtp.to(address) == []
    assert escalations_to(smtp, "boss@example.com") == []  # the only escalated person is deactivated


def test_deactivated_manager_gets_no_escalation(runner, smtp, org):
    org["boss"].active = False
    db.session.commit()
    run(runner)
    assert smtp.to("boss@example.com") == []
    assert len(smtp.to("late@example.com")) == 1


def test_finding_who_needs_what_takes_the_same_queries_for_more_people(app, org):
    def statements():
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            due = reminder_queries.reminders_due(utcnow().date(), 7)
            people = due.people
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen), len(people)

    few, reminded = statements()
    for index in range(20):
        overdue(person(f"more{index}@example.com"), 12)
    many, reminded_more = statements()
    assert reminded_more == reminded + 20
    assert many == few


def test_a_person_who_reads_german_gets_their_reminder_in_german(runner, smtp, org):
    db.session.execute(update(User).where(User.email == "late@example.com").values(language="de"))
    db.session.commit()
    assert run(runner).exit_code == 0
    found = [m for m in smtp.to("late@example.com") if m["Subject"].startswith("Schulungserinnerung")]
    assert [m["Subject"] for m in found] == ["Schulungserinnerung: 1 Aufgabe offen"]
    late = body(found[0])
    due = utcnow().date() - timedelta(days=10)
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]  # fmt: skip
    assert "Hallo Late," in late
    assert (
        f"Basics: überfällig. Er war am {due.day}. {months[due.month - 1]} {due.year} fällig (vor 10 Tagen)."
        in late
    )
    assert "Hello" not in late
    assert learner_mail(smtp, "stale@example.com").startswith("Hello Stale,")  # the others stay in English


def test_a_manager_who_reads_german_gets_the_escalation_in_german(runner, smtp, org):
    db.session.execute(update(User).where(User.email == "boss@example.com").values(language="de"))
    db.session.commit()
    run(runner)
    (escalation,) = [
        m for m in smtp.to("boss@example.com") if m["Subject"].startswith("Überfällige Schulungen")
    ]
    assert escalation["Subject"] == "Überfällige Schulungen in Ihrem Team: 1 Person"
    text = body(escalation)
    assert (
        "Eine Person, die Ihnen berichtet, ist mit einer Pflichtschulung 7 oder mehr Tage im Verzug." in text
    )
    assert "Late <late@example.com>" in text and "10 Tage überfällig" in text
