"""The managers' team page: their reports' status per course, why, and a reminder to one of them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.hr.test_reminders import outdated, overdue
from tests.smtp import body, no_smtp_fixture, smtp_fixture  # noqa: F401 - fixtures
from tests.sql_capture import statements_during
from training.db import db, utcnow
from training.hr import team
from training.models import CourseProgress, SentReminder, User
from training.status import query as status_query

SITE = "https://training.example.com"


@pytest.fixture
def org(make_user, library):
    """boss manages late (10 days overdue), stale (outdated) and gone (deactivated); other manages
    theirs; nobody manages no one."""
    people = {name: make_user(email=f"{name}@example.com", name=name.title()) for name in
              ("boss", "late", "stale", "gone", "other", "theirs", "nobody")}  # fmt: skip
    for name in ("late", "stale", "gone"):
        people[name].manager_email = "boss@example.com"
    people["theirs"].manager_email = "Other@Example.com"  # a manager's address in another case
    people["gone"].active = False
    db.session.commit()
    overdue(people["late"], 10)
    overdue(people["theirs"], 10)
    outdated(people["stale"])
    return people


def remind(client, person, course="basics"):
    return client.post(f"/team/remind/{person.id}/{course}", follow_redirects=True)


def test_manager_sees_each_report_status_per_course_and_why(client, auth, org):
    auth.login("boss@example.com")
    page = client.get("/team").get_data(as_text=True)
    assert "Late" in page and "late@example.com" in page and "10 days late." in page
    assert "stale@example.com" in page and "What changed: course items changed." in page
    assert "gone@example.com" not in page  # deactivated people are no one's report
    assert "theirs@example.com" not in page and "other@example.com" not in page


def test_team_rows_come_from_the_status_query(app, org):
    rows = {(r.email, r.course_id): r for r in team.team_rows(org["boss"])}
    assert rows[("late@example.com", "basics")].status == "overdue"
    assert rows[("late@example.com", "basics")].days_late == 10
    assert rows[("stale@example.com", "basics")].status == "outdated"
    assert rows[("stale@example.com", "basics")].reasons == ("course items changed",)
    assert {email for email, _ in rows} == {"late@example.com", "stale@example.com"}


def test_a_bigger_team_takes_no_more_queries(app, make_user, org):
    team.team_rows(org["boss"])  # what is read once per process (the course states' cache) is read now
    db.session.commit()
    before = len(statements_during(lambda: team.team_rows(org["boss"])))
    for n in range(5):
        extra = make_user(email=f"extra{n}@example.com")
        extra.manager_email = "boss@example.com"
        overdue(extra, 3)
    assert len(team.team_rows(org["boss"])) == 7
    db.session.commit()  # the manager is read again, as before
    assert len(statements_during(lambda: team.team_rows(org["boss"]))) == before


def test_manager_address_is_matched_ignoring_case(client, auth, org):
    auth.login("other@example.com")
    assert "theirs@example.com" in client.get("/team").get_data(as_text=True)


@pytest.mark.parametrize("who", ["nobody", "late"])
def test_a_person_who_manages_nobody_gets_403(client, auth, org, who):
    auth.login(f"{who}@example.com")
    assert client.get("/team").status_code == 403
    assert remind(client, org["late"]).status_code == 403


def test_a_manager_of_only_deactivated_people_gets_403(client, auth, org):
    org["late"].active = False
    org["stale"].active = False
    db.session.commit()
    auth.login("boss@example.com")
    assert client.get("/team").status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, org):
    response = client.get("/team")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_menu_links_the_team_page_for_managers_only(client, auth, org):
    auth.login("boss@example.com")
    assert 'href="/team"' in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login("nobody@example.com")
    assert 'href="/team"' not in client.get("/").get_data(as_text=True)


def test_manager_reminds_one_report_about_one_course(client, auth, smtp, org):
    auth.login("boss@example.com")
    page = remind(client, org["late"]).get_data(as_text=True)
    assert "Reminder sent." in page and "Reminded today" in page
    message = smtp.only("late@example.com")
    assert message["Subject"] == "A reminder from Boss: Basics"
    text = body(message)
    assert "Boss, your manager, asks you" in text and "overdue since" in text
    assert f"{SITE}/courses/basics" in text
    sent = db.session.scalars(select(SentReminder).where(SentReminder.kind == "team")).all()
    assert [(s.recipient, s.subject_key) for s in sent] == [("late@example.com", "basics")]


def test_a_second_reminder_the_same_day_is_not_sent_and_the_manager_is_told(client, auth, smtp, org):
    auth.login("boss@example.com")
    remind(client, org["late"])
    page = remind(client, org["late"]).get_data(as_text=True)
    assert "already went to them today" in page
    assert len(smtp.to("late@example.com")) == 1


def test_a_reminder_sent_yesterday_does_not_stop_one_today(app, smtp, org):
    yesterday = utcnow().date() - timedelta(days=1)
    assert team.send_reminder(org["boss"], org["late"].id, "basics", yesterday) is True
    assert team.send_reminder(org["boss"], org["late"].id, "basics") is True
    assert team.send_reminder(org["boss"], org["late"].id, "basics") is False
    assert len(smtp.to("late@example.com")) == 2


@pytest.mark.parametrize("target", ["theirs", "gone", "nobody"])
def test_a_manager_cannot_remind_someone_else_s_report(client, auth, smtp, org, target):
    auth.login("boss@example.com")
    assert remind(client, org[target]).status_code == 404
    assert smtp.messages == []


def test_a_manager_cannot_remind_about_a_course_not_assigned(client, auth, smtp, org):
    auth.login("boss@example.com")
    assert remind(client, org["late"], "no-such-course").status_code == 404
    assert smtp.messages == []


def test_a_refused_email_is_an_error_and_not_counted_as_sent(client, auth, no_smtp, org):
    auth.login("boss@example.com")
    page = remind(client, org["late"]).get_data(as_text=True)
    assert "could not send email to late@example.com" in page
    assert db.session.scalars(select(SentReminder)).all() == []


def test_reminding_needs_the_csrf_token(app, client, auth, smtp, org):
    auth.login("boss@example.com")
    app.config["WTF_CSRF_ENABLED"] = True
    assert remind(client, org["late"]).status_code == 400
    assert smtp.messages == []


def test_escalation_email_links_to_the_team_page(app, runner, smtp, org):
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    escalation = next(m for m in smtp.to("boss@example.com") if m["Subject"].startswith("Overdue training"))
    assert f"{SITE}/team" in body(escalation)


def complete(user):
    """Record that this person completed basics against its current fingerprint."""
    current = status_query.course_states()["basics"].fingerprint.fingerprint
    now = utcnow()
    progress = CourseProgress(user_id=user.id, course_id="basics", fingerprint=current, started_at=now)
    progress.completed_at = now
    db.session.add(progress)
    db.session.commit()


def test_a_completed_course_offers_no_reminder_and_refuses_one(client, auth, smtp, org):
    complete(org["late"])
    auth.login("boss@example.com")
    page = client.get("/team").get_data(as_text=True)
    assert "Nothing to remind" in page and 'Remind<span class="visually-hidden"> Late about' not in page
    page = remind(client, org["late"]).get_data(as_text=True)
    assert "Late has completed this course; there is nothing to remind." in page
    assert smtp.messages == []


def test_a_report_who_reads_german_gets_the_managers_reminder_in_german(client, auth, smtp, org):
    db.session.execute(User.__table__.update().where(User.id == org["late"].id).values(language="de"))
    db.session.commit()
    auth.login("boss@example.com")
    assert "Reminder sent." in remind(client, org["late"]).get_data(as_text=True)  # the manager's English
    message = smtp.only("late@example.com")
    assert message["Subject"] == "Eine Erinnerung von Boss: Basics"
    text = body(message)
    assert "Boss, Ihre Führungskraft, bittet Sie" in text and "überfällig seit dem " in text
