"""A learner completes a course, opens their certificate, downloads its PDF and checks it at the public
verification address; after an editor publishes a change that asks for retraining, the same address
says superseded."""

import io
import re

import pypdf
import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import complete_course_in_browser, sign_in
from tests.e2e.test_accessibility import violations
from tests.e2e.test_outdated_journey import complete_course_directly
from training.accounts import users
from training.certificates import records
from training.db import db

pytestmark = pytest.mark.e2e
COURSE_ID = "speaking-for-the-company"
TITLE = "Speaking for the company"
LESSON = "speaking-who-speaks"
OLD = "Keeping that group small isn't about secrecy."
NEW = "Keeping that group small is not about secrecy at all."


def publish_a_change_that_asks_for_retraining(browser, base_url: str) -> None:
    """An editor rewords the course's first lesson in the browser and publishes it with retraining."""
    context = browser.new_context()
    context.set_default_timeout(10000)
    try:
        editor = context.new_page()
        sign_in(editor, base_url, "eda@example.com", PASSWORD)
        editor.goto(f"{base_url}/editor/items/{LESSON}/edit")
        text_box = editor.get_by_label("Text", exact=True)
        text = text_box.input_value()
        assert OLD in text
        text_box.fill(text.replace(OLD, NEW))
        editor.get_by_role("button", name="Save draft").click()
        expect(editor.get_by_text("Draft saved.")).to_be_visible()
        editor.get_by_role("link", name="Review and publish the draft").click()
        editor.get_by_label("Requires retraining", exact=True).check()
        editor.get_by_role("button", name="Publish", exact=True).click()
        expect(editor.get_by_text("Published version 2.")).to_be_visible()
    finally:
        context.close()


def test_certificate_downloaded_verified_and_superseded_by_a_change(live_server, browser, page):
    live_server.app.config["BASE_URL"] = live_server.url
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\nces@example.com,Ces Certified,Sales,,employee\n"
            b"eda@example.com,Eda Editor,Communications,,editor\n"
        )
        users.set_password("ces@example.com", PASSWORD)
        users.set_password("eda@example.com", PASSWORD)
        db.session.remove()
    quiz = yaml.safe_load((BUNDLED_CONTENT / "courses" / COURSE_ID / "speaking-quiz.quiz.yaml").read_text())

    sign_in(page, live_server.url, "ces@example.com", PASSWORD)
    complete_course_in_browser(page, TITLE, quiz)
    page.get_by_role("link", name="My training").first.click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Your certificate").click()
    expect(page.get_by_role("heading", level=1, name=f"Certificate: {TITLE}")).to_be_visible()
    expect(page.get_by_text("Valid.")).to_be_visible()
    code = page.locator(".certificate-code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){5}", code), code

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(page_.extract_text() for page_ in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert code in text and "Ces Certified" in text

    verify_url = page.locator(".certificate-facts a").get_attribute("href")
    assert verify_url == f"{live_server.url}/verify/{code}"
    visitor = browser.new_context()
    visitor.set_default_timeout(10000)
    try:
        check = visitor.new_page()
        check.goto(verify_url)
        expect(check.get_by_role("heading", name="Certificate check")).to_be_visible()
        expect(check.get_by_text("Valid.")).to_be_visible()
        expect(check.get_by_text("Ces Certified")).to_be_visible()

        publish_a_change_that_asks_for_retraining(browser, live_server.url)
        check.reload()
        expect(check.get_by_text("Superseded.")).to_be_visible()
        expect(check.get_by_text("Valid.")).to_have_count(0)
    finally:
        visitor.close()


def test_certificate_pages_have_no_accessibility_violations(live_server, axe_page):
    with live_server.app.app_context():
        users.import_csv(
            b"email,name,department,manager_email,role\n"
            b"ally@example.com,Ally A,Sales,,employee\nhana@example.com,Hana HR,People,,hr\n"
        )  # fmt: skip
        learner = users.set_password("ally@example.com", PASSWORD)
        users.set_password("hana@example.com", PASSWORD)
        complete_course_directly(learner)
        [certificate] = records.for_person(learner.id)
        number, code, person = certificate.certificate.id, certificate.certificate.code, learner.id
        db.session.remove()
    found = {}
    for path in (f"/verify/{code}", "/verify/NOT-A-CODE"):
        axe_page.goto(live_server.url + path)
        found[path] = violations(axe_page)
    sign_in(axe_page, live_server.url, "ally@example.com", PASSWORD)
    for path in (f"/courses/{COURSE_ID}", f"/certificates/{number}"):
        axe_page.goto(live_server.url + path)
        found[path] = violations(axe_page)
    axe_page.get_by_role("button", name="Sign out").click()
    sign_in(axe_page, live_server.url, "hana@example.com", PASSWORD)
    for path in (f"/hr/people/{person}", f"/hr/certificates/{number}/revoke"):
        axe_page.goto(live_server.url + path)
        found[path] = violations(axe_page)
    axe_page.get_by_role("button", name="Revoke the certificate").click()  # no reason given
    expect(axe_page.get_by_text("Say why the certificate is revoked.")).to_be_visible()
    found["revoke, refused"] = violations(axe_page)
    assert {path: problems for path, problems in found.items() if problems} == {}
