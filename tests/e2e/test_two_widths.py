"""Every main page of every role at a phone's width (375 px) and a desktop's (1440 px).

A screenshot of each page at both widths is saved under test-artifacts/screenshots/ (CI keeps the
folder as an artefact; the README names it), and no page may be wider than a 375 px screen.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in
from tests.e2e.test_hr_attempt_path import play_with_a_leaking_draft
from training.accounts import users
from training.content import quiz as quizzes
from training.db import db
from training.learning import attempts
from training.learning import courses as learning
from training.models import Attempt, User
from training.status import assignments

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = (375, 1440)
DEPARTMENT = "Customer Experience and Social Listening"
# One person holds every role and manages the others, who have long names, as HR systems deliver them.
PEOPLE = (
    "email,name,department,manager_email,role\nboss@example.com,Bo Boss,People,,hr;editor;admin\n"
    + "".join(
        f"person.with.a.long.address{n}@subsidiary.example.com,"
        f"Maximiliane Alexandrina Fitzgerald-Okonkwo {n},"
        f"{DEPARTMENT if n % 2 else ''},boss@example.com,employee\n"
        for n in range(6)
    )
)


def prepare(server) -> dict[str, str]:
    """People, progress and an assignment; return the main pages of every role by name."""
    with server.app.app_context():
        users.import_csv(PEOPLE.encode())
        boss = users.set_password("boss@example.com", PASSWORD)
        learner = db.session.scalars(select(User).where(User.email != boss.email).order_by(User.id)).first()
        learning.complete_lesson(boss, "complaints-why-it-matters")
        play_with_a_leaking_draft(learner)
        learner_attempt = db.session.scalar(select(Attempt.id).where(Attempt.user_id == learner.id))
        done = attempts.start_attempt(boss, "speaking-quiz", "two-widths-done")
        drafting = attempts.start_attempt(boss, "complaints-scenario", "two-widths-drafting")
        for attempt in (done, drafting):
            while (step := attempts.load(boss, attempt.id).current_step) and not quizzes.is_draft(step):
                attempts.answer(boss, attempt.id, step["id"], sorted(quizzes.correct_ids(step)))
        fresh = attempts.start_attempt(boss, "confidential-scenario", "two-widths-fresh")
        assignments.assign_many(boss, "responding-to-complaints", "department", [DEPARTMENT], due_days=14)
        pages = {
            "sign-in": "/login",
            "learner-home": "/",
            "learner-course": "/courses/responding-to-complaints",
            "learner-lesson": "/lessons/complaints-first-reply",
            "learner-quiz": "/quizzes/complaints-scenario",
            "learner-quiz-step": f"/attempts/{fresh.id}",
            "learner-draft-step": f"/attempts/{drafting.id}",
            "learner-result": f"/attempts/{done.id}",
            "learner-policy": "/policies/social-media",
            "account": "/account/",
            "manager-team": "/team",
            "hr-dashboard": "/hr/",
            "hr-people": "/hr/people",
            "hr-person": f"/hr/people/{learner.id}",
            "hr-attempt-path": f"/hr/people/{learner.id}/attempts/{learner_attempt}",
            "hr-outdated": "/hr/outdated",
            "hr-invitations": "/hr/invitations",
            "hr-assignments": "/hr/assignments",
            "hr-insight": "/hr/insight",
            "hr-evidence": "/hr/evidence",
            "editor-index": "/editor/",
            "editor-policy": "/editor/policies/social-media/edit",
            "editor-lesson": "/editor/items/complaints-first-reply/edit",
            "editor-history": "/editor/policies/social-media/history",
            "editor-coach": "/editor/coach/edit",
            "editor-insight": "/editor/insight",
            "admin-api-tokens": "/admin/tokens",
        }
        db.session.remove()
    return pages


def overflowing(page) -> list[str]:
    """Name the outermost elements that stick out past the viewport, for a readable failure."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const clipped = (el) => {
            for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
              if (getComputedStyle(up).overflowX !== 'visible') return true;
            }
            return false;
          };
          const sticksOut = (el) => el.getBoundingClientRect().right > width + 1 && !clipped(el);
          return [...document.body.querySelectorAll('*')]
            .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
            .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`
                         + ` to ${Math.round(el.getBoundingClientRect().right)} px`)
            .slice(0, 10);
        }"""
    )


def test_every_main_page_at_both_widths_is_saved_and_none_is_wider_than_a_phone(live_server, browser):
    pages = prepare(live_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    context.set_default_timeout(15000)
    try:
        tab = context.new_page()
        problems = {}
        for name, path in pages.items():
            if name == "sign-in":
                tab.goto(live_server.url + path)
            elif tab.url.endswith("/login"):
                sign_in(tab, live_server.url, "boss@example.com", PASSWORD)
                expect(tab.get_by_role("heading", name="My training")).to_be_visible()
            for width in WIDTHS:
                tab.set_viewport_size({"width": width, "height": 800})
                response = tab.goto(live_server.url + path)
                if response.status != 200:
                    problems[name] = f"{path} answered {response.status}"
                    continue
                expect(tab.locator("h1").first).to_be_visible()
                tab.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
                scroll_width = tab.evaluate("document.documentElement.scrollWidth")
                if width == WIDTHS[0] and scroll_width > width:
                    problems[name] = f"{scroll_width} px wide, past the edge: {overflowing(tab)}"
    finally:
        context.close()
    assert problems == {}
