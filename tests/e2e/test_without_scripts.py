"""With scripts turned off the site still works: scripts only improve its pages.

A learner reads a lesson, plays a quiz through its draft steps to the result, and HR assigns a
course, all in a Chromium context that runs no JavaScript. The e2e conftest meanwhile checks that
every request goes to the site's own origin and that every page passes axe-core and vnu.
"""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import sign_in
from training.accounts import users
from training.db import db

pytestmark = pytest.mark.e2e
COURSE = "Responding to complaints in public"
QUIZ_FILE = BUNDLED_CONTENT / "courses" / "responding-to-complaints" / "complaints-scenario.quiz.yaml"
QUIZ = yaml.safe_load(QUIZ_FILE.read_text())
REPLY = "Thanks for telling us, and sorry for the wait. We have sent you a DM to sort it out. – Alex"


@pytest.fixture
def no_scripts(live_server, browser):
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\n"
            b"nell@example.com,Nell Noscript,Customer Care,,employee\nhana@example.com,Hana HR,People,,hr\n"
        )  # fmt: skip
        users.set_password("nell@example.com", PASSWORD)
        users.set_password("hana@example.com", PASSWORD)
        db.session.remove()
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def test_a_learner_reads_a_lesson_and_plays_a_quiz_with_drafts_to_its_result(live_server, no_scripts):
    page = no_scripts
    sign_in(page, live_server.url, "nell@example.com", PASSWORD)
    page.get_by_role("link", name=COURSE).click()
    page.locator("li.item-todo").filter(has_text="Lesson").get_by_role("link").first.click()
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("Lesson marked as read.")).to_be_visible()

    page.goto(live_server.url + "/quizzes/complaints-scenario")
    page.get_by_role("button", name=re.compile("^Start")).click()
    steps = {step["id"]: step for step in QUIZ["steps"]}
    box = page.get_by_label("Your public reply")
    choice_step = page.get_by_role("button", name="Submit answer")
    move_on = page.get_by_role("button", name=re.compile("^Move on"))
    result = page.get_by_role("heading", name=re.compile(r"^(Passed|Not passed yet): \d+%$"))
    drafts, answered = 0, 0

    def feedback(number: int):
        """The feedback on the step just answered, above the next step or the result."""
        return page.get_by_role("heading", level=2, name=re.compile(f"^Feedback on step {number}: "))

    for _ in range(3 * len(steps)):
        expect(box.or_(choice_step).or_(result).first, page.url).to_be_visible()
        if result.is_visible():
            break
        if move_on.is_visible():  # the coach stopped the reply: one draft is enough here
            move_on.click()
        elif box.is_visible():
            drafts += 1
            box.fill(REPLY)
            page.get_by_role("button", name="Check my reply").click()
            expect(feedback(answered + 1).or_(move_on).first).to_be_visible()
            if move_on.is_visible():
                continue
        else:
            step = steps[page.locator("input[name=step_id]").input_value()]
            for choice in (c for c in step["choices"] if c["correct"]):
                page.get_by_label(choice["text"], exact=True).check()
            choice_step.click()
        answered += 1
        expect(feedback(answered)).to_be_visible()
    expect(result).to_be_visible()
    assert drafts >= 1
    expect(page.get_by_text(REPLY).first).to_be_visible()  # the result reviews the draft


def test_hr_assigns_a_course_without_scripts(live_server, no_scripts):
    page = no_scripts
    sign_in(page, live_server.url, "hana@example.com", PASSWORD)
    page.goto(live_server.url + "/hr/assignments")
    page.get_by_label("Course").select_option(label=COURSE)
    page.get_by_label("Departments", exact=True).check()
    page.get_by_label("Customer Care", exact=True).check()
    page.get_by_label("Number of days", exact=True).fill("14")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(f"{COURSE} assigned (1 department).")).to_be_visible()
    expect(page.get_by_role("cell", name="Department: Customer Care", exact=True).first).to_be_visible()
