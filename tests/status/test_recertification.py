"""Periodic recertification: a course with `recertify_every` expires; the person is due again
`due_days` before, redoes every item, and is certified anew. One test per rule."""

import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from tests.certificates.conftest import pdf_maker  # noqa: F401 - a fixture
from tests.certificates.test_pages import pdf_text
from tests.conftest import FIXTURES
from tests.status.histories import Clock
from training.certificates import records as certificates
from training.content import periods
from training.db import db
from training.editor import library as content_service
from training.learning import courses as learning
from training.models import Certificate, Completion, User
from training.status import due_extensions
from training.status import query as status_query

COURSE = """---
id: yearly
title: Yearly course
items: [yearly-one, yearly-two]
audience: all
due_days: 30
{every}---
"""
LESSON = """---
id: {id}
title: Lesson {id}
covers: [demo#secrets]
---
Keep them, {id}.
"""
DONE = datetime(2026, 1, 31, 9, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    clock.now = DONE - timedelta(days=2)
    return clock


def write(root, every: str | None) -> None:
    folder = root / "courses" / "yearly"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.md").write_text(COURSE.format(every=f"recertify_every: {every}\n" if every else ""))
    for item_id in ("yearly-one", "yearly-two"):
        (folder / f"{item_id}.md").write_text(LESSON.format(id=item_id))
    content_service.import_directory(root)


@pytest.fixture
def tree(tmp_path, app, clock):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    write(root, "1 month")
    return root


@pytest.fixture
def learner(tree, make_user, clock):
    """Someone who completed the course on 31 January 2026."""
    user = make_user(email="learner@example.com")
    clock.now = DONE
    for item_id in ("yearly-one", "yearly-two"):
        assert learning.complete_lesson(user, item_id)
    db.session.expire_all()
    return user


def row(user, course="yearly"):
    return next(r for r in status_query.person_rows(user.id) if r.course_id == course)


def on(clock, day: date) -> None:
    clock.now = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def test_a_completion_is_due_again_when_it_expires_at_the_end_of_a_shorter_month(learner, clock):
    found = row(learner)
    assert (found.status, found.due_date) == ("completed", date(2026, 2, 28))
    assert found.expires_on == periods.parse("1 month").after(DONE.date())
    assert found.renew_from == date(2026, 1, 29)  # due_days (30) before it expires


def test_it_expires_the_day_after_its_due_date(learner, clock):
    on(clock, date(2026, 2, 28))
    assert row(learner).status == "completed"
    on(clock, date(2026, 3, 1))
    found = row(learner)
    assert (found.status, found.due_date) == ("expired", date(2026, 2, 28))
    assert status_query.statuses_for(learner.id)["yearly"] == "expired"


def test_the_public_page_of_a_valid_certificate_says_until_when_it_is_valid(learner, clock, client):
    [certificate] = certificates.for_person(learner.id)
    assert (certificate.state, certificate.valid_until) == ("valid", date(2026, 2, 28))
    on(clock, date(2026, 2, 28))
    page = client.get(f"/verify/{certificate.certificate.code}").get_data(as_text=True)
    assert "Valid." in page and "<dt>Valid until</dt><dd>28 February 2026</dd>" in page
    on(clock, date(2026, 3, 1))
    assert certificates.for_person(learner.id)[0].valid_until is None  # expired: superseded
    assert "Valid until" not in client.get(f"/verify/{certificate.certificate.code}").get_data(as_text=True)


@pytest.mark.usefixtures("pdf_maker")
def test_the_holders_certificate_page_and_pdf_say_until_when_it_is_valid(learner, clock, client, auth):
    [certificate] = certificates.for_person(learner.id)
    page = f"/certificates/{certificate.certificate.id}"
    pdf = f"{page}.pdf"
    auth.login(learner.email)
    shown = client.get(page).get_data(as_text=True)
    assert '<dt>Valid until</dt><dd class="certificate-valid-until">28 February 2026</dd>' in shown
    assert "Valid until 28 February 2026" in pdf_text(client.get(pdf).data)
    db.session.execute(update(User).where(User.id == learner.id).values(language="de"))
    db.session.commit()
    shown = client.get(page).get_data(as_text=True)
    assert '<dt>Gültig bis</dt><dd class="certificate-valid-until">28. Februar 2026</dd>' in shown
    assert "Gültig bis 28. Februar 2026" in pdf_text(client.get(pdf).data)
    on(clock, date(2026, 3, 1))  # expired: superseded, so valid until no date
    assert "Gültig bis" not in client.get(page).get_data(as_text=True)
    assert "Gültig bis" not in pdf_text(client.get(pdf).data)


def test_the_public_page_of_an_expired_certificate_says_its_period_ran_out(learner, clock, client):
    [certificate] = certificates.for_person(learner.id)
    on(clock, date(2026, 3, 1))
    page = client.get(f"/verify/{certificate.certificate.code}").get_data(as_text=True)
    assert "Superseded." in page and "its certification period ran out" in page


def test_a_course_without_recertify_every_never_expires(learner, clock):
    on(clock, date(2036, 1, 1))
    assert status_query.statuses_for(learner.id)["basics"] == "overdue"  # never started
    assert row(learner, "basics").expires_on is None and row(learner, "basics").renew_from is None


def count_completions(user) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Completion).where(Completion.user_id == user.id)
    )


def test_redoing_every_item_once_due_again_renews_it_with_a_new_certificate(learner, clock):
    first = certificates.for_person(learner.id)
    assert [c.state for c in first] == ["valid"]
    on(clock, date(2026, 2, 10))
    assert learning.complete_lesson(learner, "yearly-one")  # a renewal: recorded again
    assert not learning.complete_lesson(learner, "yearly-one")  # once
    assert row(learner).due_date == date(2026, 2, 28)  # not renewed until every item is done again
    assert len(certificates.for_person(learner.id)) == 1
    assert learning.complete_lesson(learner, "yearly-two")
    found = row(learner)
    assert (found.status, found.due_date, found.completed_at.date()) == ("completed", date(2026, 3, 10),
                                                                          date(2026, 2, 10))  # fmt: skip
    newest, older = certificates.for_person(learner.id)
    assert (newest.state, older.state) == ("valid", "superseded")
    assert newest.certificate.renewal == 2  # their second round of certification
    assert count_completions(learner) == 4


def test_an_expired_course_redone_is_completed_again_and_its_old_certificate_superseded(learner, clock):
    on(clock, date(2026, 4, 2))
    assert row(learner).status == "expired"
    assert [c.state for c in certificates.for_person(learner.id)] == ["superseded"]
    learning.complete_lesson(learner, "yearly-two")
    assert row(learner).status == "expired"
    learning.complete_lesson(learner, "yearly-one")
    found = row(learner)
    assert (found.status, found.due_date) == ("completed", date(2026, 5, 2))
    assert [c.state for c in certificates.for_person(learner.id)] == ["valid", "superseded"]


def test_completing_early_before_the_window_opens_records_nothing_new(tree, make_user, clock):
    write(tree, "12 months")
    user = make_user(email="early@example.com")
    clock.now = DONE
    for item_id in ("yearly-one", "yearly-two"):
        learning.complete_lesson(user, item_id)
    on(clock, date(2026, 6, 1))
    assert not learning.complete_lesson(user, "yearly-one")
    assert count_completions(user) == 2
    assert row(user).due_date == date(2027, 1, 31)


def test_a_stale_item_makes_an_expired_course_outdated_and_redoing_it_certifies_anew(learner, tree, clock):
    on(clock, date(2026, 3, 5))
    assert row(learner).status == "expired"
    policy = tree / "policies" / "demo.md"
    text = policy.read_text()
    policy.write_text(
        text.replace('version: "1"', 'version: "2"').replace("Never post", "Never, ever post", 1)
    )
    content_service.import_directory(tree)
    assert row(learner).status == "outdated"
    learning.complete_lesson(learner, "yearly-one")
    learning.complete_lesson(learner, "yearly-two")
    found = row(learner)
    assert (found.status, found.due_date) == ("completed", date(2026, 4, 5))


def test_taking_recertify_every_out_of_the_course_ends_expiry(learner, tree, clock):
    on(clock, date(2026, 6, 1))
    assert row(learner).status == "expired"
    write(tree, None)
    found = row(learner)
    assert (found.status, found.expires_on, found.renew_from) == ("completed", None, None)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_the_learner_sees_every_item_to_do_again_once_due_and_marks_a_lesson_read_again(
    learner, tree, clock, auth, client
):
    write(tree, "12 months")  # expires 31 January 2027; due again from 1 January
    auth.login(learner.email)
    assert "You have read this lesson." in client.get("/lessons/yearly-one").get_data(as_text=True)
    assert learning.course_view(learner, "yearly").renewing is False
    on(clock, date(2027, 1, 5))
    auth.login(learner.email)
    view = learning.course_view(learner, "yearly")
    assert (view.status, [i.state for i in view.items], view.renewing) == (
        "completed",
        ["todo", "todo"],
        True,
    )
    assert "Due again." in client.get("/courses/yearly").get_data(as_text=True)
    assert "Mark as read" in client.get("/lessons/yearly-one").get_data(as_text=True)
    client.post("/lessons/yearly-one/complete", data={"version": 1})
    assert [i.state for i in learning.course_view(learner, "yearly").items] == ["done", "todo"]
    client.post("/lessons/yearly-two/complete", data={"version": 1})
    view = learning.course_view(learner, "yearly")
    assert (view.status, view.due, view.renewing) == ("completed", date(2028, 1, 5), False)
    assert [i.state for i in view.items] == ["done", "done"]


def test_an_extension_from_hr_does_not_move_an_expiry(learner, clock, make_user):
    hr = make_user(email="hr@example.com", roles="hr")
    due_extensions.extend(hr, learner.id, "yearly", date(2026, 6, 1), "On leave")
    found = row(learner)
    assert (found.status, found.due_date) == ("completed", date(2026, 2, 28))
    on(clock, date(2026, 3, 1))
    assert row(learner).status == "expired"
