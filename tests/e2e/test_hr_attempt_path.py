"""HR follows a learner's attempt from the person page to its path; axe-core finds nothing there."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users
from training.content import quiz as quizzes
from training.db import db
from training.learning import attempts, replies

pytestmark = pytest.mark.e2e
LEAKY = "<b>Sorry</b> Dan, order KH-4821937 is booked for Tuesday. DM us. – Alex"


def play_with_a_leaking_draft(user) -> None:
    """Answer every choice step well; at each draft step post a leaking reply, then move on."""
    rules = replies.rules_for(str(BUNDLED_CONTENT))
    attempt = attempts.start_attempt(user, "complaints-scenario", "hr-path")
    while (step := attempts.load(user, attempt.id).current_step) is not None:
        if quizzes.is_draft(step):
            replies.submit(user, attempt.id, step["id"], LEAKY, 1, rules)
            replies.move_on(user, attempt.id, step["id"])
        else:
            attempts.answer(user, attempt.id, step["id"], sorted(quizzes.correct_ids(step)))


def test_hr_opens_an_attempt_path_from_the_person_page(live_server, axe_page):
    page = axe_page
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\n"
            b"ally@example.com,Ally A,Sales,,employee\nhana@example.com,Hana HR,People,,hr\n"
        )  # fmt: skip
        learner = users.set_password("ally@example.com", PASSWORD)
        users.set_password("hana@example.com", PASSWORD)
        play_with_a_leaking_draft(learner)
        person = learner.id
        db.session.remove()
    sign_in(page, live_server.url, "hana@example.com", PASSWORD)
    page.goto(f"{live_server.url}/hr/people/{person}")
    found = {"person": violations(page)}
    page.get_by_role("link", name=re.compile(r"^Every step of the attempt started")).click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile(r"^Ally A: .*attempt started"))
    ).to_be_visible()
    expect(
        page.get_by_role("heading", level=4, name=re.compile(r"^Draft 1, submitted")).first
    ).to_be_visible()
    expect(page.locator("mark.finding-block").filter(has_text="KH-4821937").first).to_be_visible()
    expect(page.locator(".coach-reply").first).to_contain_text("<b>Sorry</b> Dan")  # shown as text
    expect(page.get_by_role("table").first).to_contain_text("Right")
    found["attempt path"] = violations(page)
    assert {where: problems for where, problems in found.items() if problems} == {}
