"""The draft box counts characters as the learner types, and the page still works without scripts."""

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


@pytest.fixture
def writer(live_server):
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\nwren@example.com,Wren Writer,Care,,employee\n"
        )
        users.set_password("wren@example.com", PASSWORD)
        db.session.remove()
    return live_server


def go_to_first_draft(page, base_url: str) -> None:
    """Sign in, start the complaints quiz and answer each choice step well until the reply box."""
    sign_in(page, base_url, "wren@example.com", PASSWORD)
    page.goto(base_url + "/quizzes/complaints-scenario")
    page.get_by_role("button", name=re.compile("Start")).click()
    answer_until_draft(page)


def answer_until_draft(page) -> None:
    steps = {s["id"]: s for s in yaml.safe_load(QUIZ.read_text())["steps"]}
    box = page.get_by_label("Your public reply")
    step = page.get_by_role("heading", name=re.compile(r"^Step \d+ of "))
    expect(step).to_be_visible()
    for number in range(1, len(steps) + 1):
        if box.is_visible():
            break
        for choice in (
            c for c in steps[page.locator("input[name=step_id]").input_value()]["choices"] if c["correct"]
        ):
            page.get_by_label(choice["text"], exact=True).check()
        page.get_by_role("button", name="Submit answer").click()
        expect(page.get_by_role("heading", name=re.compile(f"^Feedback on step {number}:"))).to_be_visible()
        expect(step).to_be_visible()


def test_count_follows_typing_and_says_when_the_reply_is_too_long(writer, page):
    go_to_first_draft(page, writer.url)
    expect(page.get_by_text("At most 280 characters.")).to_be_visible()
    shown = page.locator(".char-count [data-shown]")
    expect(shown).to_have_text("0 of 280 characters")
    page.get_by_label("Your public reply").fill("Thanks Dan – sorry 😊")
    expect(shown).to_have_text("20 of 280 characters")  # the emoji is one character, as the server counts
    page.get_by_label("Your public reply").fill("x" * 290)
    expect(shown).to_have_text("290 of 280 characters: 10 too many")
    # The live region speaks once typing pauses, with the same words.
    expect(page.locator(".char-count [aria-live=polite]")).to_have_text(
        "290 of 280 characters: 10 too many", timeout=15000
    )


def test_without_scripts_the_limit_is_text_and_no_empty_counter_shows(writer, browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(10000)
    page = context.new_page()
    try:
        go_to_first_draft(page, writer.url)
        expect(page.get_by_text("At most 280 characters.")).to_be_visible()
        expect(page.locator(".char-count")).to_be_hidden()
        page.get_by_label("Your public reply").fill("Thanks Dan, sorry for the wait. Please DM us. – Alex")
        page.get_by_role("button", name="Check my reply").click()
        expect(page.get_by_role("heading", name=re.compile("Safe|coach", re.I)).first).to_be_visible()
    finally:
        context.close()


def test_step_progress_and_the_count_have_no_accessibility_violations(writer, axe_page):
    from tests.e2e.test_accessibility import violations

    sign_in(axe_page, writer.url, "wren@example.com", PASSWORD)
    axe_page.goto(writer.url + "/quizzes/complaints-scenario")
    axe_page.get_by_role("button", name=re.compile("Start")).click()
    expect(axe_page.get_by_role("heading", level=1, name=re.compile(r"^Step 1 of "))).to_be_visible()
    assert violations(axe_page) == []
    answer_until_draft(axe_page)
    axe_page.get_by_label("Your public reply").fill("x" * 290)
    expect(axe_page.locator(".char-count [data-shown]")).to_have_text("290 of 280 characters: 10 too many")
    assert violations(axe_page) == []
