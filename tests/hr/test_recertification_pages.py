"""`expired` and "due again" where statuses are shown: report, API, reminders, dashboard, people, team."""

from datetime import date

import pytest
from flask import render_template

from tests.api import conftest as api_fixtures
from tests.api.conftest import Api
from tests.status import test_recertification
from tests.status.test_recertification import on
from training.db import db
from training.hr import reminder_queries
from training.status import report

# The learner and the course of the status tests; the API's token maker.
tree, clock, learner = test_recertification.tree, test_recertification.clock, test_recertification.learner
admin, make_token = api_fixtures.admin, api_fixtures.make_token
EXPIRED_ON = date(2026, 2, 28)  # the learner completed the course on 31 January; it lasts a month


@pytest.fixture
def hr(make_user, auth):
    return make_user(email="hr@example.com", roles="hr")


def test_the_report_shows_expired_with_the_expiry_as_its_due_date(learner, clock):
    on(clock, date(2026, 3, 2))
    line = next(r for r in report.completion_rows() if r["course"] == "yearly")
    assert (line["status"], line["due_date"]) == ("expired", EXPIRED_ON.isoformat())
    assert line["completed_at"].startswith("2026-01-31")


def test_the_api_shows_expired_and_documents_it(learner, clock, client, make_token):
    api = Api(client, make_token())
    on(clock, date(2026, 3, 2))
    statuses = api.get(f"/people/{learner.id}/statuses").get_json()["statuses"]
    yearly = next(s for s in statuses if s["course"] == "yearly")
    assert (yearly["status"], yearly["due_date"]) == ("expired", EXPIRED_ON.isoformat())
    enums = []

    def collect(node):
        if isinstance(node, dict):
            if "outdated" in node.get("enum", []):
                enums.append(node["enum"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(api.get("/openapi.json").get_json())
    assert enums and all("expired" in enum for enum in enums)  # every status enum of the schema


@pytest.mark.parametrize(
    ("day", "reminded"),
    [(date(2026, 1, 28), None), (date(2026, 1, 29), "due_again"), (date(2026, 3, 1), "expired")],
)
def test_reminders_start_due_days_before_expiry(learner, clock, app, day, reminded):
    on(clock, day)
    people = reminder_queries.people_to_remind(day)
    courses = (
        [c for c in people[learner.id].courses if c.course_id == "yearly"] if learner.id in people else []
    )
    assert [c.status for c in courses] == ([reminded] if reminded else [])
    if reminded:
        text = render_template("email/reminder.txt", person=people[learner.id], today=day)
        assert {"due_again": "due again", "expired": "expired after 28 February 2026"}[reminded] in text


def test_the_dashboard_counts_expired_people(learner, clock, hr, auth, client):
    on(clock, date(2026, 3, 2))
    auth.login(hr.email)
    page = client.get("/hr/", query_string={"course": "yearly"}).get_data(as_text=True)
    assert "Expired" in page and "hr-fill-expired" in page
    people = client.get("/hr/people", query_string={"status": "expired"}).get_data(as_text=True)
    assert learner.email in people
    assert "Expired" in people


def test_a_manager_may_remind_someone_whose_course_expired(learner, clock, make_user, auth, client):
    boss = make_user(email="boss@example.com")
    learner.manager_email = boss.email
    db.session.commit()
    on(clock, date(2026, 3, 2))
    auth.login(boss.email)
    page = client.get("/team").get_data(as_text=True)
    assert "Expired" in page


def test_the_learner_sees_the_course_expired_on_their_home_page(learner, clock, auth, client):
    on(clock, date(2026, 3, 2))
    auth.login(learner.email)
    home = client.get("/").get_data(as_text=True)
    card = home[home.index("Yearly course") :].split("</li>")[0]
    assert 'class="badge badge-expired">Expired<' in card and "Due 28 February 2026" in card
