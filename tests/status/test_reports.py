"""`flask report completion`: one row per person and assigned course, as CSV or JSON."""

import csv
import io
import json
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.sql_capture import statements_during
from training.db import db, utcnow
from training.editor import library as content_service
from training.learning import attempts
from training.learning import courses as learning
from training.models import Assignment, Course
from training.status import report as reports

FIXTURES = Path(__file__).parents[1] / "fixtures"
HEADER = "email,name,department,course,status,due_date,completed_at,stale_items"
GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]


def report(runner, fmt=None):
    args = ["report", "completion"] + (["--format", fmt] if fmt else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return result.output


def csv_rows(runner) -> list[dict]:
    return list(csv.DictReader(io.StringIO(report(runner))))


def by_email(rows) -> dict[str, dict]:
    return {row["email"]: row for row in rows}


def pass_quiz(user, item_id="basics-quiz"):
    attempt = attempts.start_attempt(user, item_id, f"token-{user.id}")
    for step_id, choices in GOOD_PATH:
        attempts.answer(user, attempt.id, step_id, choices)


def complete_course(user):
    learning.complete_lesson(user, "basics-reading")
    learning.complete_lesson(user, "basics-secrets")
    pass_quiz(user)


@pytest.fixture
def three_people(make_user, library):
    """One person who has not started, one half way through, one finished."""
    idle = make_user(email="a-idle@example.com", name="Ida Idle")
    busy = make_user(email="b-busy@example.com", name="Bo Busy")
    done = make_user(email="c-done@example.com", name="Di Done")
    learning.complete_lesson(busy, "basics-reading")
    complete_course(done)
    return idle, busy, done


def test_report_prints_the_header_even_with_no_content(runner):
    assert report(runner).strip() == HEADER


def test_csv_is_the_default_format(runner, three_people):
    assert report(runner) == report(runner, "csv")
    assert report(runner).splitlines()[0] == HEADER


def test_one_row_per_person_and_assigned_course_with_status(runner, three_people):
    rows = csv_rows(runner)
    assert [(r["email"], r["course"], r["status"]) for r in rows] == [
        ("a-idle@example.com", "basics", "not_started"),
        ("b-busy@example.com", "basics", "in_progress"),
        ("c-done@example.com", "basics", "completed"),
    ]


def test_rows_carry_due_date_and_completion_time(runner, three_people):
    rows = by_email(csv_rows(runner))
    due = (utcnow() + timedelta(days=30)).date().isoformat()
    assert {row["due_date"] for row in rows.values()} == {due}
    assert rows["a-idle@example.com"]["completed_at"] == ""
    assert rows["b-busy@example.com"]["completed_at"] == ""
    assert rows["c-done@example.com"]["completed_at"].startswith(utcnow().date().isoformat())
    assert rows["c-done@example.com"]["name"] == "Di Done"
    assert rows["c-done@example.com"]["department"] == "Customer Care"
    assert all(row["stale_items"] == "" for row in rows.values())


def test_json_has_the_same_rows_as_csv(runner, three_people):
    from_json = json.loads(report(runner, "json"))
    assert list(from_json[0]) == HEADER.split(",")
    flattened = [dict(row, stale_items=";".join(row["stale_items"])) for row in from_json]
    assert flattened == csv_rows(runner)


def test_json_of_an_empty_report_is_an_empty_list(runner):
    assert json.loads(report(runner, "json")) == []


def test_deactivated_people_are_left_out(runner, three_people):
    idle = three_people[0]
    idle.active = False
    db.session.commit()
    assert "a-idle@example.com" not in by_email(csv_rows(runner))


@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example")', "+1+1", "@SUM(A1)", "-2+3"])
def test_csv_neutralises_formula_like_cells(runner, make_user, library, name):
    make_user(email="f@example.com", name=name)
    row = csv_rows(runner)[0]
    assert row["name"] == "'" + name


@pytest.mark.parametrize("value", ["\tcmd", "\rcmd", "=cmd"])
def test_spreadsheet_safe_prefixes_tab_and_carriage_return_too(value):
    assert reports.spreadsheet_safe(value) == "'" + value


def test_spreadsheet_safe_leaves_ordinary_text_alone():
    assert reports.spreadsheet_safe("Ann O'Neil") == "Ann O'Neil"
    assert reports.spreadsheet_safe(None) == ""


def test_json_keeps_names_as_written(runner, make_user, library):
    make_user(email="f@example.com", name="=1+1")
    assert json.loads(report(runner, "json"))[0]["name"] == "=1+1"


def test_csv_quotes_commas_and_quotes_in_names(runner, make_user, library):
    make_user(email="f@example.com", name='Smith, "Jo"')
    assert csv_rows(runner)[0]["name"] == 'Smith, "Jo"'


def test_course_not_started_after_its_due_date_is_overdue(runner, make_user, library):
    late = make_user(email="late@example.com")
    make_user(email="new@example.com")
    long_ago = utcnow() - timedelta(days=40)
    late.created_at = long_ago
    db.session.execute(update(Course).values(created_at=long_ago))
    db.session.execute(update(Assignment).values(created_at=long_ago))
    db.session.commit()
    rows = by_email(csv_rows(runner))
    assert rows["late@example.com"]["status"] == "overdue"
    assert rows["late@example.com"]["due_date"] == (long_ago + timedelta(days=30)).date().isoformat()
    assert rows["new@example.com"]["status"] == "not_started"


def test_course_in_progress_after_its_due_date_is_overdue(runner, make_user, library):
    late = make_user(email="late@example.com")
    learning.complete_lesson(late, "basics-reading")
    long_ago = utcnow() - timedelta(days=40)
    late.created_at = long_ago
    db.session.execute(update(Course).values(created_at=long_ago))
    db.session.execute(update(Assignment).values(created_at=long_ago))
    db.session.commit()
    assert csv_rows(runner)[0]["status"] == "overdue"


def test_completed_course_is_not_overdue_after_its_due_date(runner, make_user, library):
    done = make_user(email="done@example.com")
    complete_course(done)
    long_ago = utcnow() - timedelta(days=40)
    done.created_at = long_ago
    db.session.execute(update(Course).values(created_at=long_ago))
    db.session.execute(update(Assignment).values(created_at=long_ago))
    db.session.commit()
    assert csv_rows(runner)[0]["status"] == "completed"


@pytest.fixture
def tree(tmp_path):
    """The fixture library plus a course only for the Sales department."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    sales = root / "courses" / "sales-talk"
    sales.mkdir()
    (sales / "course.md").write_text(
        "---\nid: sales-talk\ntitle: Sales talk\nitems: [sales-lesson]\n"
        "audience: [Sales]\ndue_days: 14\n---\n"
    )
    (sales / "sales-lesson.md").write_text(
        "---\nid: sales-lesson\ntitle: Talking about prices\ncovers: [demo#speaking]\n---\n"
        "Only list prices.\n"
    )
    return root


def test_people_outside_a_courses_audience_get_no_row_for_it(app, runner, make_user, tree):
    content_service.import_directory(tree)
    make_user(email="care@example.com", department="Customer Care")
    make_user(email="seller@example.com", department="Sales")
    rows = [(r["email"], r["course"]) for r in csv_rows(runner)]
    assert rows == [
        ("care@example.com", "basics"),
        ("seller@example.com", "basics"),
        ("seller@example.com", "sales-talk"),
    ]
    seller = by_email(r for r in csv_rows(runner) if r["course"] == "sales-talk")["seller@example.com"]
    assert seller["due_date"] == (utcnow() + timedelta(days=14)).date().isoformat()


def test_changed_lesson_makes_a_completed_course_outdated_with_its_stale_items(app, runner, make_user, tree):
    content_service.import_directory(tree)
    done = make_user(email="done@example.com")
    complete_course(done)
    lesson = tree / "courses" / "basics" / "basics-secrets.md"
    lesson.write_text(lesson.read_text().replace("order number.", "order number or email address."))
    content_service.import_directory(tree)
    row = csv_rows(runner)[0]
    assert (row["status"], row["stale_items"]) == ("outdated", "basics-secrets")
    assert json.loads(report(runner, "json"))[0]["stale_items"] == ["basics-secrets"]


def test_a_page_or_a_filtered_part_lists_the_same_stale_items_as_the_whole_report(app, make_user, tree):
    """The whole report joins everyone's grouped completions once; a page or a filtered part reads
    each row's completions through the index on the person instead (PostgreSQL, expecting a filter
    to leave one row, grouped every completion again for each row it found: minutes at 50,000
    people). Both must list the same items to redo."""
    content_service.import_directory(tree)
    done, busy = make_user(email="done@example.com"), make_user(email="busy@example.com")
    make_user(email="idle@example.com")
    complete_course(done)
    learning.complete_lesson(busy, "basics-reading")
    lesson = tree / "courses" / "basics" / "basics-secrets.md"
    lesson.write_text(lesson.read_text().replace("order number.", "order number or email address."))
    content_service.import_directory(tree)
    whole = list(reports.lines())
    assert [(line.email, line.status, line.stale) for line in whole if line.stale] == [
        ("done@example.com", "outdated", ("basics-secrets",))
    ]
    assert list(reports.lines(limit=50)) == whole
    assert list(reports.lines(offset=1, limit=1)) == whole[1:2]
    outdated = reports.PeopleFilter(status="outdated")
    assert list(reports.lines(outdated)) == [line for line in whole if line.status == "outdated"]


def test_only_the_whole_report_groups_everyones_completions(app, make_user, library):
    make_user(email="someone@example.com")

    def grouped(**kwargs) -> bool:
        sent = statements_during(lambda: list(reports.lines(**kwargs)))
        statement = next(s for s in sent if "done_items" in s)
        return "GROUP BY completion.user_id" in " ".join(statement.split())

    assert grouped()
    assert not grouped(limit=50)
    assert not grouped(filters=reports.PeopleFilter(department="Sales"))
    assert not grouped(filters=reports.PeopleFilter(search="some"), offset=0, limit=50)
