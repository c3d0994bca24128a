"""An outdated employee reads what changed, acknowledges it, retakes the stale quiz: 100% again."""

import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.content_edits import bump_version
from tests.e2e.conftest import play_quiz, sign_in
from training.accounts import users
from training.content import quiz as quizzes
from training.db import db
from training.editor import library
from training.learning import acknowledgements as policies
from training.learning import attempts
from training.learning import courses as learning

pytestmark = pytest.mark.e2e
COURSE_ID = "speaking-for-the-company"
OLD = "Never post, share or hint at the following"
NEW = "Never post, repost, share or hint at the following"


def complete_course_directly(user) -> None:
    """Complete every item through the services, as the learner would have months ago."""
    course = learning.course_view(user, COURSE_ID)
    for item in course.items:
        if item.kind == "lesson":
            learning.complete_lesson(user, item.id)
            continue
        attempt = attempts.start_attempt(user, item.id, f"setup-{item.id}")
        view = attempts.load(user, attempt.id)
        while view.current_step is not None:
            attempts.answer(
                user, attempt.id, view.current_step["id"], sorted(quizzes.correct_ids(view.current_step))
            )
            view = attempts.load(user, attempt.id)


def test_outdated_employee_acknowledges_and_retakes_the_stale_quiz(live_server, page, tmp_path):
    changed = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, changed)
    policy = changed / "policies" / "social-media.md"
    assert OLD in policy.read_text()
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\nold@example.com,Ola Old,Sales,,employee\n"
        )
        user = users.set_password("old@example.com", PASSWORD)
        complete_course_directly(user)
        policies.acknowledge(user, "social-media", policies.current("social-media").id)
        policy.write_text(bump_version(policy.read_text().replace(OLD, NEW)))
        library.import_directory(changed)
        assert learning.course_view(user, COURSE_ID).status == "outdated"
        db.session.remove()
    quiz = yaml.safe_load((changed / "courses" / COURSE_ID / "speaking-quiz.quiz.yaml").read_text())

    sign_in(page, live_server.url, "old@example.com", PASSWORD)
    card = page.locator(".card").filter(has_text="Speaking for the company")
    expect(card).to_contain_text("Outdated")
    page.get_by_role("link", name=re.compile("Social media policy, version")).click()
    expect(page.get_by_role("heading", name=re.compile("What changed since version"))).to_be_visible()
    expect(page.locator(".diff ins").first).to_contain_text("repost")
    page.get_by_label(re.compile("I have read version")).check()
    page.get_by_role("button", name=re.compile("Acknowledge version")).click()
    expect(page.get_by_text("Your acknowledgement is recorded")).to_be_visible()
    expect(page.get_by_role("heading", name="Policies to acknowledge")).to_have_count(0)

    page.get_by_role("link", name="Speaking for the company").click()
    stale = page.locator("li.item-stale")
    expect(stale).to_have_count(1)
    stale.get_by_role("link").click()
    page.get_by_role("button", name=re.compile("Start")).click()
    play_quiz(page, quiz)
    expect(page.get_by_role("heading", name=re.compile(r"Passed: 100%"))).to_be_visible()

    page.get_by_role("link", name="My training").first.click()
    card = page.locator(".card").filter(has_text="Speaking for the company")
    expect(card).to_contain_text("100% done")
    expect(card).to_contain_text("Completed")
