"""An editor changes a policy section in the browser, previews and publishes it with retraining;
an employee who had completed the covering course is then shown as outdated."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.content_edits import bump_version
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import violations
from training.accounts import users
from training.content import quiz as quizzes
from training.db import db
from training.learning import attempts
from training.learning import courses as learning
from training.status import query as status_query

pytestmark = pytest.mark.e2e
COURSE_ID = "speaking-for-the-company"
OLD = "Never post, share or hint at the following"
NEW = "Never post, repost, share or hint at the following"
PEOPLE = b"""email,name,department,manager_email,role
ed@example.com,Edie Editor,Communications,,editor
old@example.com,Ola Old,Sales,,employee
"""


def complete_course(user) -> None:
    """Complete every item through the services, as the learner would have months ago."""
    for item in learning.course_view(user, COURSE_ID).items:
        if item.kind == "lesson":
            learning.complete_lesson(user, item.id)
            continue
        attempt = attempts.start_attempt(user, item.id, f"setup-{item.id}")
        view = attempts.load(user, attempt.id)
        while view.current_step is not None:
            step = view.current_step
            attempts.answer(user, attempt.id, step["id"], sorted(quizzes.correct_ids(step)))
            view = attempts.load(user, attempt.id)


def test_editor_publishes_a_policy_change_that_makes_a_completer_outdated(live_server, page):
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("ed@example.com", PASSWORD)
        employee = users.set_password("old@example.com", PASSWORD)
        complete_course(employee)
        assert status_query.statuses_for(employee.id)[COURSE_ID] == "completed"
        db.session.remove()

    sign_in(page, live_server.url, "ed@example.com", PASSWORD)
    page.get_by_role("link", name="Edit content").click()
    policy_row = page.get_by_role("row").filter(has_text="Social media policy")
    policy_row.get_by_role("link", name=re.compile("^Edit")).click()
    text_box = page.get_by_label("Text", exact=True)
    text = text_box.input_value()
    assert OLD in text
    text_box.fill(bump_version(text.replace(OLD, NEW)))  # a new wording needs a new version label
    # The live preview follows the typing (static/js/editor-preview.js): a debounced request to the
    # server, which under the parallel suite's load has taken over the default 5 s once.
    expect(page.locator("#live-preview section.preview").get_by_text(NEW)).to_be_visible(timeout=20000)
    expect(page.get_by_text("Draft saved.")).to_have_count(0)

    # ... and the Preview button renders the same without JavaScript.
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("section.preview")
    expect(preview.get_by_role("heading", name="Preview: Social media policy")).to_be_visible()
    expect(preview.get_by_text(NEW)).to_be_visible()
    expect(preview.locator("script")).to_have_count(0)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("link", name="Review and publish the draft").click()
    heading = page.get_by_role("heading", name=re.compile("Confidential information and leaks"))
    changed = page.locator("section.change-changed").filter(has=heading)
    expect(heading).to_be_visible()
    expect(changed.locator("ins").first).to_contain_text("repost")
    expect(page.locator(".outdated-count").first).to_have_text("1")
    expect(page.get_by_text("Suggested: Requires retraining.")).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()  # nothing chosen yet
    expect(page.get_by_text("Choose “Requires retraining” or “No retraining”.")).to_be_visible()
    page.get_by_label("Requires retraining", exact=True).check()
    page.get_by_label("Effective from").fill("2026-07-01")
    page.get_by_label("Note for the history").fill("Reposting counts as posting")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published version 2.")).to_be_visible()
    expect(page.get_by_role("cell", name="Reposting counts as posting")).to_be_visible()
    expect(page.get_by_role("cell", name="1 July 2026")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()  # before leaving the page
    sign_in(page, live_server.url, "old@example.com", PASSWORD)
    card = page.locator(".card").filter(has_text="Speaking for the company")
    expect(card).to_contain_text("Outdated")
    expect(page.get_by_role("link", name=re.compile("Social media policy, version"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"\(effective 1 July 2026\)"))).to_be_visible()


def test_live_preview_shows_text_typed_before_its_script_ran(live_server, page):
    """On a slow connection the editor can type before the deferred script has run (the CI flake
    of the journey above): the script then previews what is already in the box."""
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("ed@example.com", PASSWORD)
        db.session.remove()
    sign_in(page, live_server.url, "ed@example.com", PASSWORD)
    held = []
    page.route("**/js/editor-preview.js", lambda route: held.append(route))
    page.goto(live_server.url + "/editor/policies/social-media/edit", wait_until="commit")
    text_box = page.get_by_label("Text", exact=True)
    text_box.fill(text_box.input_value().replace(OLD, NEW))
    expect(page.locator("#live-preview section.preview")).to_have_count(0)
    assert len(held) == 1, "the script was not requested, or not held back"
    held[0].continue_()
    expect(page.locator("#live-preview section.preview").get_by_text(NEW)).to_be_visible(timeout=20000)
    expect(page.get_by_text("Draft saved.")).to_have_count(0)


def test_editor_pages_have_no_accessibility_violations(live_server, axe_page):
    page = axe_page
    with live_server.app.app_context():
        users.import_csv(PEOPLE)
        users.set_password("ed@example.com", PASSWORD)
        db.session.remove()
    sign_in(page, live_server.url, "ed@example.com", PASSWORD)
    found = {}
    course = "/editor/courses/speaking-for-the-company"
    for path in ["/editor/", "/editor/courses/new", f"{course}/new/quiz", f"{course}/settings",
                 f"{course}/order", "/editor/policies/social-media/history"]:  # fmt: skip
        page.goto(live_server.url + path)
        found[path] = violations(page)
    page.goto(live_server.url + "/editor/items/speaking-quiz/edit")
    page.get_by_role("button", name="Preview").click()
    found["quiz preview"] = violations(page)
    text_box = page.get_by_label("Text", exact=True)
    text_box.fill(text_box.input_value().replace("pass_mark: 75", "pass_mark: lots"))
    page.get_by_role("button", name="Save draft").click()
    found["problems"] = violations(page)
    page.goto(live_server.url + "/editor/policies/social-media/edit")
    text_box.fill(bump_version(text_box.input_value().replace(OLD, NEW)))
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Review and publish the draft").click()
    found["publish review"] = violations(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Choose “Requires retraining” or “No retraining”.")).to_be_visible()
    found["publish without a choice"] = violations(page)
    page.get_by_label("No retraining", exact=True).check()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published version 2.")).to_be_visible()
    page.goto(live_server.url + "/editor/policies/social-media/diff?old=1&new=2")
    found["diff"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
