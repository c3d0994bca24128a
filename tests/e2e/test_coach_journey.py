"""A learner's first drafted reply leaks an order number; the coach marks it; the revision passes."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import sign_in
from training.accounts import users
from training.db import db

pytestmark = pytest.mark.e2e
QUIZ = BUNDLED_CONTENT / "courses" / "responding-to-complaints" / "complaints-scenario.quiz.yaml"
LEAKY = "Thanks for deleting that, Dan. Order KH-4821937 is now booked for Tuesday. Sorry! DM us. – Alex"
REVISED = "Thanks for deleting that, Dan, and sorry for the wait. Your new date is in a DM from us. – Alex"


def test_coach_highlights_a_leak_and_the_revised_reply_passes(live_server, page):
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\ncare@example.com,Cam Care,Customer Care,,employee\n"
        )
        users.set_password("care@example.com", PASSWORD)
        db.session.remove()
    steps = {s["id"]: s for s in yaml.safe_load(QUIZ.read_text())["steps"]}

    sign_in(page, live_server.url, "care@example.com", PASSWORD)
    page.goto(live_server.url + "/quizzes/complaints-scenario")
    page.get_by_role("button", name=re.compile("Start")).click()
    # Wait for each page to load before asking what it shows: is_visible() does not wait.
    step_or_draft = page.get_by_role("heading", name=re.compile(r"^Step \d+")).or_(
        page.get_by_label("Your public reply")
    )
    expect(step_or_draft.first).to_be_visible()
    for number in range(1, len(steps) + 1):
        if page.get_by_label("Your public reply").is_visible():
            break
        step = steps[page.locator("input[name=step_id]").input_value()]
        for choice in (c for c in step["choices"] if c["correct"]):
            page.get_by_label(choice["text"], exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        expect(page.get_by_role("heading", name=re.compile(f"^Feedback on step {number}:"))).to_be_visible()
        expect(step_or_draft.first).to_be_visible()

    page.get_by_label("Your public reply").fill(LEAKY)
    page.get_by_role("button", name="Check my reply").click()
    marked = page.locator("mark.finding-block").filter(has_text="KH-4821937")
    expect(marked).to_be_visible()
    expect(page.locator(".findings")).to_contain_text("Order numbers identify a customer")
    expect(page.get_by_text("The coach would stop this reply")).to_be_visible()

    page.get_by_label("Your public reply").fill(REVISED)
    page.get_by_role("button", name="Check my revised reply").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^Feedback on step \d+: Safe after 2 drafts$"))
    ).to_be_visible()
    expect(page.get_by_text("The coach found nothing that blocks this reply.")).to_be_visible()
