"""axe-core in the real browser finds no WCAG 2 A/AA violations on the learner's pages."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import AXE, sign_in
from training.accounts import users
from training.db import db
from training.learning import courses as learning

pytestmark = pytest.mark.e2e


def violations(page) -> list[str]:
    page.wait_for_load_state()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_learner_pages_have_no_accessibility_violations(live_server, axe_page):
    from playwright.sync_api import expect

    page = axe_page
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\nally@example.com,Ally A,Sales,,employee\n"
        )
        user = users.set_password("ally@example.com", PASSWORD)
        learning.complete_lesson(user, "complaints-why-it-matters")
        db.session.remove()
    page.goto(live_server.url + "/login")
    found = {"/login": violations(page)}
    sign_in(page, live_server.url, "ally@example.com", PASSWORD)
    for path in ["/", "/courses/responding-to-complaints", "/lessons/complaints-first-reply",
                 "/quizzes/complaints-scenario", "/policies/social-media"]:  # fmt: skip
        page.goto(live_server.url + path)
        found[path] = violations(page)
    page.goto(live_server.url + "/quizzes/complaints-scenario")
    page.get_by_role("button", name=re.compile("Start")).click()
    found["quiz step"] = violations(page)
    page.locator("input[name=choice]").first.check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("^Feedback on step 1: "))).to_be_visible()
    found["next step with feedback"] = violations(page)
    attempt, step_id = re.fullmatch(r"(.*/attempts/\d+)\?answered=(.+)", page.url).groups()
    page.goto(f"{attempt}/feedback/{step_id}")  # the feedback page of its own, for links to it
    found["feedback"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}


def test_quiz_result_page_has_no_accessibility_violations(live_server, axe_page):
    """The review of an attempt, with its feedback collapsed and then opened."""
    import yaml
    from playwright.sync_api import expect

    from tests.conftest import BUNDLED_CONTENT
    from tests.e2e.conftest import play_quiz

    page = axe_page
    quiz_file = BUNDLED_CONTENT / "courses" / "speaking-for-the-company" / "speaking-quiz.quiz.yaml"
    quiz = yaml.safe_load(quiz_file.read_text())
    with live_server.app.app_context():
        users.import_csv(b"email,name,department,manager_email,role\nrev@example.com,Rev R,Sales,,employee\n")
        users.set_password("rev@example.com", PASSWORD)
        db.session.remove()
    sign_in(page, live_server.url, "rev@example.com", PASSWORD)
    page.goto(live_server.url + "/quizzes/speaking-quiz")
    page.get_by_role("button", name=re.compile("Start")).click()
    play_quiz(page, quiz)
    found = {"result": violations(page)}
    page.get_by_text("Why, for step 1", exact=True).click()
    expect(page.locator("details[open]")).to_contain_text("Right:")
    found["result, feedback open"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
