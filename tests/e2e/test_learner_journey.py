"""A new employee signs in, reads a course's lessons, passes its quiz and sees 100%."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import play_quiz, sign_in
from training.accounts import users
from training.db import db

pytestmark = pytest.mark.e2e
COURSE = BUNDLED_CONTENT / "courses" / "speaking-for-the-company"


def test_new_employee_completes_a_course_in_the_browser(live_server, page):
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\nnew@example.com,Nia New,Sales,,employee\n"
        )
        users.set_password("new@example.com", PASSWORD)
        db.session.remove()
    quiz = yaml.safe_load((COURSE / "speaking-quiz.quiz.yaml").read_text())

    sign_in(page, live_server.url, "new@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="My training")).to_be_visible()

    page.get_by_role("link", name="Speaking for the company").click()
    expect(page.get_by_role("heading", level=1, name="Speaking for the company", exact=True)).to_be_visible()
    lessons = page.locator("li.item-todo").filter(has_text="Lesson").get_by_role("link")
    titles = lessons.all_inner_texts()
    assert len(titles) >= 3
    for title in titles:
        page.get_by_role("link", name=title, exact=True).click()
        page.get_by_role("button", name="Mark as read").click()
        expect(page.get_by_text("Lesson marked as read.")).to_be_visible()  # on the course's next item
        crumbs = page.get_by_role("navigation", name="Breadcrumb")
        crumbs.get_by_role("link", name="Speaking for the company").click()
        expect(page.get_by_role("heading", name="Speaking for the company")).to_be_visible()

    page.get_by_role("link", name=quiz["title"]).click()
    page.get_by_role("button", name=re.compile("Start")).click()
    play_quiz(page, quiz)
    expect(page.get_by_role("heading", name=re.compile(r"Passed: 100%"))).to_be_visible()

    page.get_by_role("link", name="My training").first.click()
    card = page.locator(".card").filter(has_text="Speaking for the company")
    expect(card).to_contain_text("100% done")
    expect(card).to_contain_text("Completed")
