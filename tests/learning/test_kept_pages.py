"""Learner pages drawn once and kept (issue 17): the home, course and lesson pages read again are
the same pages without their templates drawn again, and anything they show changing draws them
afresh: what the learner did, who is signed in, the language, the day, a message waiting."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import template_rendered
from sqlalchemy import insert

from tests.conftest import as_served
from tests.sql_capture import statements_during
from tests.translations import translated_library
from training.db import db, utcnow
from training.editor import library as content_service
from training.learning import courses as learning
from training.learning import kept_pages
from training.models import Completion, User
from training.status import published

PAGES = ["/", "/courses/basics", "/lessons/basics-reading"]
GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


@contextmanager
def drawn(app):
    """The templates drawn (by render_template) while the block runs."""
    names = []

    def record(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def served(request):
    """Send `request()` as on a server: in a thread with its own app context (the test's context
    would keep the person signed in as the User it signed in, not as a request loads them), once
    the test's own transaction has ended."""
    db.session.commit()
    return as_served(request)


def page(client, path: str, **headers) -> str:
    answer = served(lambda: client.get(path, headers=headers))
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_read_again_is_the_same_page_not_drawn_again(app, client, employee, path):
    first = page(client, path)
    with drawn(app) as names:
        again = page(client, path)
    assert names == []
    assert TOKEN.sub("", again) == TOKEN.sub("", first) and "Lee Learner" in again


def test_marking_a_lesson_read_draws_it_afresh_with_the_message_then_keeps_it(app, client, employee):
    assert "Mark as read" in page(client, "/lessons/basics-reading")
    served(lambda: client.post("/lessons/basics-reading/complete", data={"version": "1"}))
    with drawn(app) as names:
        shown = page(client, "/lessons/basics-reading")
    # A message waiting is shown once: that page is drawn and not kept.
    assert names == ["learning/lesson.html"] and "Lesson marked as read." in shown
    with drawn(app) as names:
        after = page(client, "/lessons/basics-reading")
    assert names == ["learning/lesson.html"], "the page with the message was kept"
    assert "You have read this lesson." in after and "Lesson marked as read." not in after
    assert "Mark as read" not in after
    with drawn(app) as names:
        assert page(client, "/lessons/basics-reading") == after
    assert names == []


def test_another_person_gets_their_own_page(app, client, employee, make_user, auth):
    assert "Lee Learner" in page(client, "/lessons/basics-reading")
    other = make_user(email="other@example.com", name="Olu Other")
    auth.logout()
    auth.login(other.email)
    page(client, "/courses/basics")  # shows the message that they signed out, if one waits
    with drawn(app) as names:
        theirs = page(client, "/lessons/basics-reading")
    assert names == ["learning/lesson.html"]
    assert "Olu Other" in theirs and "Lee Learner" not in theirs


def test_the_page_in_another_language_is_drawn_in_it(app, client, employee):
    assert '<html lang="en">' in page(client, "/courses/basics", **{"Accept-Language": "en"})
    with drawn(app) as names:
        german = page(client, "/courses/basics", **{"Accept-Language": "de"})
    assert names == ["learning/course.html"] and '<html lang="de">' in german


def test_a_new_day_draws_the_page_afresh(app, client, employee, monkeypatch):
    page(client, "/")
    tomorrow = utcnow() + timedelta(days=1)
    monkeypatch.setattr(kept_pages, "utcnow", lambda: tomorrow)
    with drawn(app) as names:
        page(client, "/")
    assert names == ["learning/home.html"]


def test_a_change_to_the_person_draws_the_page_afresh(app, client, employee):
    page(client, "/")
    row = db.session.get(User, employee.id)
    row.name = "Lee Renamed"
    db.session.commit()
    with drawn(app) as names:
        shown = page(client, "/")
    assert names == ["learning/home.html"] and "Lee Renamed" in shown


def test_no_more_pages_are_kept_than_the_limit(app, client, employee, monkeypatch):
    monkeypatch.setattr(kept_pages, "KEPT_PAGES", 2)
    for path in PAGES:
        page(client, path)
    assert len(app.extensions[kept_pages.STORE]) <= 2


def test_a_kept_page_carries_the_form_token_of_the_session_reading_it(app, client, employee):
    app.config["WTF_CSRF_ENABLED"] = True
    first = TOKEN.search(page(client, "/lessons/basics-reading")).group(1)
    with client.session_transaction() as session:
        del session["csrf_token"]  # a new session of the same person: a new secret behind its tokens
    with drawn(app) as names:
        kept = page(client, "/lessons/basics-reading")
    token = TOKEN.search(kept).group(1)
    assert names == [] and token != first

    def mark_read(token: str) -> int:
        form = {"csrf_token": token, "version": "1"}
        return served(lambda: client.post("/lessons/basics-reading/complete", data=form)).status_code

    assert mark_read(first) == 400 and mark_read(token) == 302
    assert "You have read this lesson." in page(client, "/lessons/basics-reading")


def test_a_completion_written_by_hand_draws_the_lesson_afresh(app, client, employee):
    """Found by the person's stamps, before the view runs: a completion that reaches the database
    any way at all (here by SQL, renewing no status token) draws the page again."""
    assert "Mark as read" in page(client, "/lessons/basics-reading")
    version = published.now().items["basics-reading"]
    print_ = learning.item_fingerprint("basics-reading").fingerprint
    db.session.execute(
        insert(Completion).values(user_id=employee.id, item_id="basics-reading", item_version_id=version.id,
                                  fingerprint=print_, sections={}, completed_at=utcnow())
    )  # fmt: skip
    with drawn(app) as names:
        shown = page(client, "/lessons/basics-reading")
    assert names == ["learning/lesson.html"]
    assert "You have read this lesson." in shown and "Mark as read" not in shown


def test_a_new_translation_draws_the_page_afresh_in_it(app, client, make_user, auth, tmp_path):
    root = translated_library(tmp_path)
    lesson = root / "courses" / "basics" / "basics-reading.de.md"
    words = lesson.read_text()
    lesson.unlink()
    content_service.import_directory(root)
    auth.login(make_user(email="greta@example.com", name="Greta").email)
    assert "Beschwerden lesen" not in page(client, "/lessons/basics-reading", **GERMAN)
    lesson.write_text(words)
    content_service.import_directory(root)
    with drawn(app) as names:
        shown = page(client, "/lessons/basics-reading", **GERMAN)
    assert names == ["learning/lesson.html"] and "Beschwerden lesen" in shown


def test_a_kept_page_is_found_with_the_person_in_one_statement(app, client, employee):
    page(client, "/lessons/basics-reading")
    db.session.commit()
    sent = statements_during(lambda: as_served(lambda: client.get("/lessons/basics-reading")))
    assert len(sent) == 1, sent
