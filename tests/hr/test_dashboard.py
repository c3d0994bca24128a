"""HR's figures: status counts per course and department, who is out of date, scenario insight."""

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests.conftest import FIXTURES
from tests.content_edits import bump_version
from tests.sql_capture import statements_during
from tests.status.test_reports import complete_course
from training.accounts import users
from training.db import db, utcnow
from training.editor import library as content_service
from training.hr import dashboard
from training.hr import insight as hr_insight
from training.learning import attempts
from training.learning import courses as learning
from training.models import CourseFingerprint, CourseStanding, User
from training.status import redo as hr_outdated

CSV_HEADER = b"email,name,department,manager_email,role\n"
WRONG_PATH = [("first", ["rude"]), ("recover", ["block"]), ("third", ["name", "order"]), ("last", ["anyone"])]
GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]


def import_people(rows: list[tuple[str, str]]) -> list[User]:
    """Create people quickly (no passwords): [(email, department)]."""
    body = "".join(f"{email},{email.split('@')[0].title()},{dept},,employee\n" for email, dept in rows)
    users.import_csv(CSV_HEADER + body.encode())
    emails = [email for email, _ in rows]
    found = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    return [found[e] for e in emails]


def play(user: User, path, token: str) -> None:
    attempt = attempts.start_attempt(user, "basics-quiz", token)
    for step_id, choices in path:
        attempts.answer(user, attempt.id, step_id, choices)


def change_policy(tmp_path) -> None:
    """Publish a new version of the demo policy whose `secrets` section changed."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    policy = root / "policies" / "demo.md"
    policy.write_text(
        bump_version(
            policy.read_text().replace("Never post order numbers.", "Never post order or phone numbers.")
        )
    )
    content_service.import_directory(root)


@pytest.fixture
def office(library):
    """Sales: one done, one started, two idle. Legal: one done. Support: one idle."""
    people = import_people([
        ("s-done@example.com", "Sales"), ("s-busy@example.com", "Sales"), ("s-idle1@example.com", "Sales"),
        ("s-idle2@example.com", "Sales"), ("l-done@example.com", "Legal"), ("t-idle@example.com", "Support"),
    ])  # fmt: skip
    complete_course(people[0])
    learning.complete_lesson(people[1], "basics-reading")
    complete_course(people[4])
    return people


def test_charts_count_people_by_status_per_department(office):
    [chart] = dashboard.charts()
    assert (chart.course_id, chart.title) == ("basics", "Basics")
    bars = {bar.department: bar for bar in chart.departments}
    assert list(bars) == ["Legal", "Sales", "Support"]
    assert bars["Sales"].counts == {"completed": 1, "in_progress": 1, "not_started": 2}
    assert [bars["Sales"].percent(s) for s in ("completed", "in_progress", "not_started")] == [25, 25, 50]
    assert bars["Legal"].percent("completed") == 100
    assert chart.overall.counts == {"completed": 2, "in_progress": 1, "not_started": 3}
    assert chart.overall.total == 6


def test_bar_segments_fill_the_bar_in_a_fixed_order(office):
    sales = next(b for b in dashboard.charts()[0].departments if b.department == "Sales")
    segments = sales.segments
    assert [s.status for s in segments] == ["completed", "in_progress", "not_started"]
    assert [s.start for s in segments] == [0, 0.25, 0.5]
    assert sum(s.width for s in segments) == pytest.approx(1)


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(0, 7, 0), (7, 7, 100), (1, 200, 1), (199, 200, 99), (1, 3, 33), (1, 8, 13)],
)
def test_percent_says_none_or_all_only_when_it_is_so(part, whole, percent):
    bar = dashboard.Bar("Sales", {"completed": part, "not_started": whole - part})
    assert bar.percent("completed") == percent


def test_department_and_course_filters_narrow_the_charts(office):
    [chart] = dashboard.charts(department="Legal")
    assert [b.department for b in chart.departments] == ["Legal"]
    assert dashboard.charts(course="basics")[0].course_id == "basics"
    assert dashboard.charts(course="other") == []
    assert dashboard.charts(department="Nowhere") == []


def test_status_filter_keeps_departments_with_that_status_largest_share_first(office):
    import_people([("l-idle@example.com", "Legal")])
    [chart] = dashboard.charts(status="not_started")
    assert [(b.department, b.percent("not_started")) for b in chart.departments] == [
        ("Support", 100), ("Sales", 50), ("Legal", 50),
    ]  # fmt: skip
    [chart] = dashboard.charts(status="completed")
    assert [b.department for b in chart.departments] == ["Legal", "Sales"]


def test_deactivated_people_drop_out_of_the_counts(office):
    office[5].active = False
    db.session.commit()
    departments = [b.department for b in dashboard.charts()[0].departments]
    assert "Support" not in departments


def test_departments_lists_active_peoples_departments(office):
    office[5].active = False
    db.session.commit()
    assert dashboard.departments() == ["Legal", "Sales"]


def count_statements(work) -> int:
    return len(statements_during(work))


def test_the_dashboard_asks_the_same_number_of_queries_for_any_number_of_people(office):
    few = count_statements(dashboard.charts)
    import_people([(f"more{n}@example.com", f"Dept {n % 7}") for n in range(60)])
    assert count_statements(dashboard.charts) == few


# Who is out of date, and why


def test_outdated_people_are_listed_with_the_change_and_the_new_due_date(office, tmp_path):
    change_policy(tmp_path)
    rows = hr_outdated.page()
    latest = db.session.scalars(select(CourseFingerprint).order_by(CourseFingerprint.id.desc())).first()
    assert {(r.email, r.course_id, r.status) for r in rows} == {
        ("s-done@example.com", "basics", "outdated"), ("l-done@example.com", "basics", "outdated"),
    }  # fmt: skip
    row = rows[0]
    assert "Secrets" in row.reason and row.reason == latest.reason
    assert row.changed_at == latest.created_at
    assert row.due_date == latest.stale_due == (utcnow() + timedelta(days=10)).date()
    assert hr_outdated.count() == 2


def test_outdated_list_filters_by_department_and_course(office, tmp_path):
    change_policy(tmp_path)
    assert [r.email for r in hr_outdated.page(department="Legal")] == ["l-done@example.com"]
    assert hr_outdated.count(course="other") == 0


def test_people_past_the_new_due_date_are_listed_as_overdue(office, tmp_path):
    change_policy(tmp_path)
    db.session.execute(update(CourseStanding).values(stale_due=utcnow().date() - timedelta(days=1)))
    db.session.commit()
    assert {r.status for r in hr_outdated.page()} == {"overdue"}


def test_redoing_the_stale_items_takes_a_person_off_the_list(office, tmp_path):
    change_policy(tmp_path)
    play(office[0], GOOD_PATH, "redo")
    learning.complete_lesson(office[0], "basics-secrets")
    assert [r.email for r in hr_outdated.page()] == ["l-done@example.com"]


def test_no_one_is_out_of_date_before_a_change(office):
    assert hr_outdated.page() == []


# Scenario insight


@pytest.fixture
def players(library):
    """Three people: two judge wrongly first (one then retries well), one gets it right."""
    wrong, retry, right = import_people([
        ("wrong@example.com", "Sales"), ("retry@example.com", "Sales"), ("right@example.com", "Legal"),
    ])  # fmt: skip
    play(wrong, WRONG_PATH, "w1")
    play(retry, WRONG_PATH, "r1")
    play(retry, GOOD_PATH, "r2")
    play(right, GOOD_PATH, "g1")
    return wrong, retry, right


def choices_of(step) -> list[tuple[str, bool, int, int]]:
    return [(c.choice_id, c.correct, c.count, c.percent) for c in step.choices]


def test_insight_counts_first_attempts_only_wrong_judgements_first(players):
    [quiz] = hr_insight.insight()
    assert (quiz.item_id, quiz.course_id, quiz.people) == ("basics-quiz", "basics", 3)
    first, recover, third, last = quiz.steps
    assert first.answered == 3
    assert choices_of(first) == [("rude", False, 2, 67), ("kind", True, 1, 33)]
    assert recover.answered == 2
    assert choices_of(recover) == [("block", False, 2, 100), ("sorry", True, 0, 0)]
    # A multi-select answer counts once for each choice in it.
    assert choices_of(third) == [("order", False, 2, 67), ("name", True, 3, 100), ("dm", True, 1, 33)]
    assert third.answered == 3 and last.answered == 3


def test_most_common_wrong_judgements_come_first(players):
    wrong = hr_insight.common_wrong(hr_insight.insight())
    assert [(w.step.step_id, w.choice.choice_id, w.choice.percent) for w in wrong] == [
        ("recover", "block", 100), ("first", "rude", 67), ("third", "order", 67), ("last", "anyone", 67),
    ]  # fmt: skip


def test_insight_filters_by_department_and_course(players):
    [quiz] = hr_insight.insight(department="Legal")
    assert quiz.people == 1
    assert choices_of(quiz.steps[0]) == [("rude", False, 0, 0), ("kind", True, 1, 100)]
    assert hr_insight.insight(course="other") == []


def test_insight_is_empty_without_attempts(library):
    assert hr_insight.insight() == []
    assert hr_insight.common_wrong([]) == []


def test_insight_asks_the_same_number_of_queries_for_any_number_of_people(players):
    few = count_statements(hr_insight.insight)
    for person in import_people([(f"p{n}@example.com", "Sales") for n in range(8)]):
        play(person, WRONG_PATH, f"t{person.id}")
    assert count_statements(hr_insight.insight) == few
