"""The journeys that go wrong, in Chromium: a wrong password, an expired invitation link, a failed
quiz retaken with the keyboard alone, two editors saving the same text, HR's empty dashboard.

Errors are announced next to their fields (aria-invalid, and the message as the field's accessible
description). The e2e conftest checks every page these journeys visit with axe-core and vnu.
"""

import re
import shutil
from datetime import timedelta

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import sign_in
from training.accounts import invites, users
from training.db import db, utcnow
from training.editor import library as content_service
from training.models import User

pytestmark = pytest.mark.e2e
QUIZ = yaml.safe_load(
    (BUNDLED_CONTENT / "courses" / "speaking-for-the-company" / "speaking-quiz.quiz.yaml").read_text()
)


def people(server, csv: str, *with_password: str) -> None:
    with server.app.app_context():
        users.import_csv(("email,name,department,manager_email,role\n" + csv).encode())
        for email in with_password:
            users.set_password(email, PASSWORD)
        db.session.remove()


def expect_announced_error(page, label: str, message: str) -> None:
    """The field is marked invalid and a screen reader reads the message with it."""
    box = page.get_by_label(label, exact=True)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_text(message)).to_be_visible()


def test_a_wrong_password_is_said_at_the_password_field_and_the_right_one_signs_in(live_server, page):
    people(live_server, "ally@example.com,Ally A,Sales,,employee\n", "ally@example.com")
    sign_in(page, live_server.url, "ally@example.com", "not the password")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect_announced_error(
        page, "Password", "That email address and password do not match an active account."
    )
    expect(page.get_by_label("Email address")).to_have_value("ally@example.com")  # not typed again
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My training")).to_be_visible()


def test_an_expired_invitation_says_so_and_a_fresh_one_sets_the_password(live_server, page):
    people(live_server, "new@example.com,Nia New,Sales,,employee\n")
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new@example.com"))
        old_row, old = invites.issue(user.id, "invite")
        old_row.expires_at = utcnow() - timedelta(minutes=1)
        _, fresh = invites.issue(user.id, "invite")
        db.session.commit()
        db.session.remove()

    page.goto(f"{live_server.url}/password/{old}")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("This link has expired")
    page.get_by_role("link", name="Ask for a new link").click()
    expect(page.get_by_label("Email address")).to_be_visible()

    page.goto(f"{live_server.url}/password/{fresh}")
    page.get_by_label("New password", exact=True).fill("a long enough password 1")
    page.get_by_label("Repeat the password").fill("a different password 2")
    page.get_by_role("button", name="Set password and sign in").click()
    expect_announced_error(page, "Repeat the password", "The passwords differ.")
    page.get_by_label("New password", exact=True).fill("a long enough password 1")
    page.get_by_label("Repeat the password").fill("a long enough password 1")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_text("Your password is set and you are signed in.")).to_be_visible()


FOCUSED_NAME = """() => { const el = document.activeElement;
    if (!el || el === document.body) return '';
    const label = el.labels && el.labels[0];
    return (label ? label.innerText : el.innerText || el.value || '').trim(); }"""


def press_tab_until(page, accessible: str | re.Pattern, *, limit: int = 80) -> str:
    """Move the focus with Tab until it is on a control of that name (its label or text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(FOCUSED_NAME)
        if name == accessible or (isinstance(accessible, re.Pattern) and accessible.fullmatch(name)):
            return name
    raise AssertionError(f"Tab never reached {accessible!r}")


def answer_with_keys(page, well: bool, number: int) -> None:
    """Answer step `number`, on screen, with the keyboard alone: well, or with one wrong choice;
    the page the answer leads to shows its feedback above the next step or the result."""
    step = next(s for s in QUIZ["steps"] if s["id"] == page.locator("input[name=step_id]").input_value())
    right = [c["text"] for c in step["choices"] if c["correct"]]
    wrong = [c["text"] for c in step["choices"] if not c["correct"]][:1]
    any_choice = re.compile("|".join(re.escape(c["text"]) for c in step["choices"]))
    page.locator("body").focus()  # from the top of the page, as after a page load
    if page.locator("input[type=radio][name=choice]").count():
        # Tab enters a group of radio buttons once; the arrow keys move the choice inside it.
        (text,) = right[:1] if well else wrong
        press_tab_until(page, any_choice)
        for _ in range(len(step["choices"])):
            if page.evaluate(FOCUSED_NAME) == text:
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")  # chooses the focused radio when no arrow key was needed
        expect(page.get_by_label(text, exact=True)).to_be_checked()
    else:
        for text in right if well else wrong:
            press_tab_until(page, text)
            page.keyboard.press("Space")
            expect(page.get_by_label(text, exact=True)).to_be_checked()
    press_tab_until(page, "Submit answer")
    page.keyboard.press("Enter")
    verdict = "Good call" if well else "Not quite"
    expect(page.get_by_role("heading", level=2, name=f"Feedback on step {number}: {verdict}")).to_be_visible()


def play_with_keys(page, well: bool) -> str:
    """Start the quiz on screen and play it to its result with keys; return the result heading."""
    page.locator("body").focus()
    press_tab_until(page, re.sub(r"\s+", " ", page.locator("form button.button").first.inner_text()).strip())
    page.keyboard.press("Enter")
    step = page.get_by_role("heading", name=re.compile(r"^Step \d+ of \d+"))
    result = page.get_by_role("heading", name=re.compile(r"^(Passed|Not passed yet): \d+%$"))
    for number in range(1, len(QUIZ["steps"]) + 2):
        expect(step.or_(result)).to_be_visible()
        if result.is_visible():
            return result.inner_text()
        answer_with_keys(page, well, number)
    raise AssertionError("the quiz never ended")


def test_a_failed_quiz_is_retaken_and_passed_with_the_keyboard_alone(live_server, page):
    people(live_server, "kim@example.com,Kim Keys,Sales,,employee\n", "kim@example.com")
    sign_in(page, live_server.url, "kim@example.com", PASSWORD)
    page.goto(live_server.url + "/quizzes/speaking-quiz")
    assert play_with_keys(page, well=False) == "Not passed yet: 0%"
    press_tab_until(page, "Back to the course")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Speaking for the company")).to_be_visible()
    press_tab_until(page, re.compile(re.escape(QUIZ["title"]) + ".*"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Start again")).to_be_visible()
    expect(page.get_by_role("cell", name="Not passed", exact=True)).to_be_visible()
    assert play_with_keys(page, well=True) == "Passed: 100%"


def test_two_editors_save_the_same_lesson_and_the_second_sees_the_conflict(live_server, browser, page):
    people(
        live_server,
        "ed@example.com,Edie Editor,Communications,,editor\n"
        "flo@example.com,Flo Fixer,Communications,,editor\n",
        "ed@example.com", "flo@example.com",
    )  # fmt: skip
    edit = live_server.url + "/editor/items/speaking-who-speaks/edit"
    sign_in(page, live_server.url, "ed@example.com", PASSWORD)
    page.goto(edit)
    other = browser.new_context()
    try:
        flo = other.new_page()
        sign_in(flo, live_server.url, "flo@example.com", PASSWORD)
        flo.goto(edit)
        text = flo.get_by_label("Text", exact=True).input_value()
        flo.get_by_label("Text", exact=True).fill(text + "\nFlo's closing line.\n")
        flo.get_by_role("button", name="Save draft").click()
        expect(flo.get_by_text("Draft saved.")).to_be_visible()
    finally:
        other.close()

    page.get_by_label("Text", exact=True).fill(text + "\nEdie's closing line.\n")
    page.get_by_role("button", name="Save draft").click()
    conflict = page.get_by_role("alert").filter(has_text="Not saved: someone else saved first")
    expect(conflict).to_be_visible()
    expect(conflict.get_by_label(re.compile("^The text saved now, by"))).to_have_value(
        re.compile("Flo's closing line")
    )
    expect(page.get_by_label("Text", exact=True)).to_have_value(re.compile("Edie's closing line"))  # kept
    page.get_by_role("button", name="Save draft").click()  # the form now carries their revision
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_label("Text", exact=True)).to_have_value(re.compile("Edie's closing line"))


def test_hr_s_dashboard_before_anything_is_assigned_says_what_to_do(live_server, page, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, content)
    for course in content.glob("courses/*/course.md"):
        course.write_text(course.read_text().replace("audience: all", "audience: [Nobody yet]"))
    with live_server.app.app_context():
        content_service.import_directory(content)
        db.session.remove()
    people(live_server, "hr@example.com,Hana HR,People,,hr\n", "hr@example.com")
    sign_in(page, live_server.url, "hr@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="My training")).to_be_visible()
    page.goto(live_server.url + "/hr/")
    expect(page.get_by_text("No course is assigned to anyone yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fully trained")).to_have_count(0)
    page.get_by_role("link", name="Assign a course").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Assign"))).to_be_visible()


def test_a_status_is_always_said_in_words_not_only_in_colour(live_server, page):
    """Every status badge and chart segment names its status; the chart's legend is text."""
    team = "hr@example.com,Hana HR,People,,hr\nemp@example.com,Em P,Sales,hr@example.com,employee\n"
    people(live_server, team, "hr@example.com")
    sign_in(page, live_server.url, "hr@example.com", PASSWORD)
    words = re.compile(r"^\s*[A-Z][a-z]+( [a-z]+)*\s*$")  # "Overdue", "Not started", ...
    badges = 0
    for path in ["/", "/hr/", "/hr/people", "/team"]:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        for badge in page.locator(".badge").all():
            expect(badge).to_have_text(words)
            badges += 1
    assert badges >= 3
    page.goto(live_server.url + "/hr/")
    for segment in page.locator(".course-chart svg.chart rect").all():
        assert re.search(r": [A-Z][a-z]+( [a-z]+)*, \d+ of \d+", segment.locator("title").text_content())
    for item in page.get_by_role("list", name="Colours of the chart").get_by_role("listitem").all():
        expect(item).to_have_text(words)
