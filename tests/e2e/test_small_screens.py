"""HR's pages and the policy page at a phone's width (375 px): wide tables and charts scroll inside
a labelled region of their own (test_two_widths.py checks that no page is wider than the screen)."""

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import BUNDLED_CONTENT, PASSWORD
from tests.e2e.conftest import AXE, sign_in
from tests.e2e.test_accessibility import violations
from tests.realparts import missing
from training.accounts import users
from training.db import db
from training.learning import attempts
from training.models import User
from training.status import assignments

pytestmark = pytest.mark.e2e

PAGES = {
    "dashboard": "/hr/",
    "invitations": "/hr/invitations",
    "assignments": "/hr/assignments",
    "insight": "/hr/insight",
    "evidence": "/hr/evidence",
    "policy": "/policies/social-media",
}
# Long names and departments, as HR systems deliver them; half the people are never invited.
PEOPLE = "email,name,department,manager_email,role\nhr@example.com,Hana HR,People,,hr\n" + "".join(
    f"person.with.a.long.address{n}@subsidiary.example.com,Maximiliane Alexandrina Fitzgerald-Okonkwo {n},"
    f"{'Customer Experience and Social Listening' if n % 2 else ''},,employee\n"
    for n in range(8)
)


def quizzes() -> list[dict]:
    # Sources only: a translation (`<id>.<language>.quiz.yaml`) shares its source's steps on insight.
    paths = sorted(p for p in BUNDLED_CONTENT.glob("courses/*/*.quiz.yaml") if p.name.count(".") == 2)
    return [yaml.safe_load(path.read_text()) for path in paths]


def prepare(server) -> None:
    """People, a department's assignment, and two people's first answers at every quiz."""
    with server.app.app_context():
        users.import_csv(PEOPLE.encode())
        users.set_password("hr@example.com", PASSWORD)
        everyone = db.session.scalars(select(User).order_by(User.id)).all()
        hr, learners = everyone[0], everyone[1:3]
        for quiz in quizzes():
            step = quiz["steps"][0]
            for n, person in enumerate(learners):
                attempt = attempts.start_attempt(person, quiz["id"], f"{quiz['id']}-{n}")
                attempts.answer(person, attempt.id, step["id"], [step["choices"][n]["id"]])
        department = "Customer Experience and Social Listening"
        assignments.assign_many(hr, _first_course(), "department", [department], due_days=14)
        db.session.remove()


def _first_course() -> str:
    return sorted(path.parent.name for path in BUNDLED_CONTENT.glob("courses/*/course.md"))[0]


@pytest.fixture
def hr_tab(live_server, browser):
    if not AXE.exists():
        missing("axe-core", "npm ci --prefix tests/e2e/axe (make test does it when npm is installed)")
    prepare(live_server)
    # bypass_csp: axe-core's injected script runs despite the site's CSP (as in conftest's axe_page).
    context = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    context.set_default_timeout(15000)
    tab = context.new_page()
    sign_in(tab, live_server.url, "hr@example.com", PASSWORD)
    expect(tab.get_by_role("heading", name="My training")).to_be_visible()
    yield tab
    context.close()


def test_the_scrolling_regions_are_named_and_reachable_at_375_px(live_server, hr_tab):
    """axe-core finds nothing at a phone's width: every region that scrolls is labelled and focusable."""
    found = {}
    for name, path in PAGES.items():
        hr_tab.goto(live_server.url + path)
        for region in hr_tab.locator(".table-scroll, .chart-wrap").all():
            assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
        if problems := violations(hr_tab):
            found[name] = problems
    assert found == {}


def test_the_dashboard_chart_keeps_readable_labels_at_375_px(live_server, hr_tab):
    hr_tab.goto(live_server.url + "/hr/")
    chart = hr_tab.locator(".chart-wrap svg.chart").first
    # Drawn at 720 units wide with 13-unit labels: at 600 px or more they stay at least 10.8 px high.
    assert chart.bounding_box()["width"] >= 600
    region = hr_tab.locator(".chart-wrap").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, the page does not
    region.focus()
    hr_tab.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    trend = hr_tab.locator("svg.trend")
    assert trend.bounding_box()["width"] <= 375


def test_insight_with_two_learners_is_a_few_screens_long_not_a_dozen(live_server, hr_tab):
    """Every quiz's steps are folded away (the page was 12,665 px tall with two learners)."""
    hr_tab.set_viewport_size({"width": 1440, "height": 900})
    hr_tab.goto(live_server.url + "/hr/insight")
    expect(hr_tab.get_by_role("heading", name="Most common wrong judgements")).to_be_visible()
    assert hr_tab.evaluate("document.documentElement.scrollHeight") < 3 * 900
    folds = hr_tab.locator("details.quiz-steps")
    assert folds.count() == len(quizzes())
    folds.first.locator("> summary").click()
    expect(folds.first.get_by_role("table").first).to_be_visible()
