"""HR assigns a course to a department, sees it at 0%, an employee completes it in their own
browser, HR sees the change and downloads the CSV."""

import csv
import re
import shutil

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import complete_course_in_browser, sign_in
from tests.e2e.test_accessibility import violations
from tests.e2e.test_outdated_journey import COURSE_ID
from training.accounts import users
from training.db import db
from training.editor import library as content_service
from training.learning import attempts
from training.models import User

pytestmark = pytest.mark.e2e
TITLE = "Speaking for the company"
PEOPLE = (
    b"email,name,department,manager_email,role\n"
    b"hr@example.com,Hana HR,People,,hr\n"
    b"lee@example.com,Lee Legal,Legal,,employee\n"
    b"sam@example.com,Sam Sales,Sales,,employee\n"
)


def prepare(server, tmp_path) -> None:
    """The bundled library, with the course assigned to no one by default; three people."""
    changed = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, changed)
    course = changed / "courses" / COURSE_ID / "course.md"
    course.write_text(course.read_text().replace("audience: all", "audience: [Communications]"))
    with server.app.app_context():
        content_service.import_directory(changed)
        users.import_csv(PEOPLE)
        users.set_password("hr@example.com", PASSWORD)
        users.set_password("lee@example.com", PASSWORD)
        db.session.remove()


def completed_cell(page, department: str):
    """The "Completed" cell of a department's row in the course's table of numbers."""
    table = page.get_by_role("table", name=re.compile(f"^{TITLE}: people by department"))
    return table.get_by_role("row", name=re.compile(rf"^{department}\b")).get_by_role("cell").first


def complete_as_learner(browser, base_url: str, email: str) -> None:
    """Sign in as the learner in a browser context of their own and complete the course."""
    quiz = yaml.safe_load((BUNDLED_CONTENT / "courses" / COURSE_ID / "speaking-quiz.quiz.yaml").read_text())
    context = browser.new_context()
    context.set_default_timeout(10000)
    try:
        learner = context.new_page()
        sign_in(learner, base_url, email, PASSWORD)
        expect(learner.get_by_role("heading", name="My training")).to_be_visible()
        complete_course_in_browser(learner, TITLE, quiz)
    finally:
        context.close()


def test_hr_assigns_a_department_watches_it_complete_and_downloads_the_csv(
    live_server, browser, page, tmp_path
):
    prepare(live_server, tmp_path)
    sign_in(page, live_server.url, "hr@example.com", PASSWORD)
    page.get_by_role("link", name="HR").click()
    page.get_by_role("link", name="Assignments").click()
    page.get_by_label("Course").select_option(label=TITLE)
    page.get_by_label("Departments", exact=True).check()
    page.get_by_label("Legal", exact=True).check()
    page.get_by_label("Number of days", exact=True).fill("14")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(f"{TITLE} assigned (1 department).")).to_be_visible()
    expect(page.get_by_role("cell", name="Department: Legal", exact=True)).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    page.get_by_label("Course").select_option(label=TITLE)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name=TITLE, level=2)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile(f"^{TITLE}: .* 0% completed overall"))).to_be_visible()
    expect(completed_cell(page, "Legal")).to_have_text(re.compile(r"^\s*0\s*\(0%\)\s*$"))
    expect(page.get_by_role("row", name=re.compile(r"^Sales\b"))).to_have_count(0)

    complete_as_learner(browser, live_server.url, "lee@example.com")
    page.reload()
    expect(completed_cell(page, "Legal")).to_have_text(re.compile(r"^\s*1\s*\(100%\)\s*$"))

    page.get_by_role("navigation", name="HR").get_by_role("link", name="People").click()
    page.get_by_label("Course").select_option(label=TITLE)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("row", name=re.compile("Lee Legal"))).to_contain_text("Completed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), newline="", encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    # HR's download is for a spreadsheet: headings and labels (`report completion` keeps the codes).
    assert [(r["Email"], r["Course"], r["Status"]) for r in rows] == [("lee@example.com", TITLE, "Completed")]
    assert rows[0]["Department"] == "Legal" and rows[0]["Completed (UTC)"]


def test_hr_pages_have_no_accessibility_violations(live_server, axe_page, tmp_path):
    page = axe_page
    prepare(live_server, tmp_path)
    with live_server.app.app_context():
        lee = db.session.scalar(select(User).where(User.email == "lee@example.com"))
        attempt = attempts.start_attempt(lee, "speaking-quiz", "first")
        attempts.answer(lee, attempt.id, "complaint-under-ad", ["b"])
        lee_id = lee.id
        db.session.remove()
    sign_in(page, live_server.url, "hr@example.com", PASSWORD)
    found = {}
    for path in ["/hr/", "/hr/?status=not_started", "/hr/people", "/hr/people?sort=name&desc=1",
                 f"/hr/people/{lee_id}", "/hr/assignments", "/hr/outdated", "/hr/insight",
                 "/hr/people/deactivated"]:  # fmt: skip
        page.goto(live_server.url + path)
        found[path] = violations(page)
    page.goto(live_server.url + "/hr/assignments")
    page.get_by_role("button", name="Assign").click()  # "Everyone" with 30 days: valid
    page.get_by_label("Named people").check()
    page.get_by_role("button", name="Assign").click()
    found["assignment form with an error"] = violations(page)
    assert {where: v for where, v in found.items() if v} == {}
