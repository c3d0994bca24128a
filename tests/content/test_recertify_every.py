"""`recertify_every` in a course's front matter: read, checked with file and line, stored, written back."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import inspect, text

from training.content import export, periods, versions
from training.content.reader import parse_course_text
from training.db import db
from training.editor import library as content_service
from training.models import CourseVersion

FIXTURES = Path(__file__).parents[1] / "fixtures"
COURSE = """---
id: basics
title: Basics
items: [basics-reading]
audience: all
due_days: 30
{extra}---
A short course.
"""


def course(extra: str):
    return parse_course_text(COURSE.format(extra=extra), "courses/basics/course.md")


@pytest.mark.parametrize(
    ("written", "months", "days", "text"),
    [
        ("12 months", 12, None, "1 year"),
        ("1 month", 1, None, "1 month"),
        ("2 years", 24, None, "2 years"),
        ("1 year", 12, None, "1 year"),
        ("90 days", None, 90, "90 days"),
        ("1 day", None, 1, "1 day"),
        ("6 weeks", None, 42, "6 weeks"),
        ("  18 months ", 18, None, "18 months"),
    ],
)
def test_a_period_is_days_weeks_months_or_years(written, months, days, text):
    period = periods.parse(written)
    assert (period.months, period.days, period.text) == (months, days, text)
    assert periods.parse(period.text) == period


@pytest.mark.parametrize(
    "written",
    ["12", "twelve months", "12 fortnights", "0 months", "-1 years", "1.5 years", "12months x", "11 years",
     "4000 days", ""],
)  # fmt: skip
def test_a_period_refuses_anything_else(written):
    with pytest.raises(ValueError, match="recertify_every"):
        periods.parse(written)


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
        (date(2028, 1, 31), "1 month", date(2028, 2, 29)),
        (date(2028, 2, 29), "1 year", date(2029, 2, 28)),
        (date(2026, 3, 15), "12 months", date(2027, 3, 15)),
        (date(2026, 12, 31), "2 weeks", date(2027, 1, 14)),
    ],
)
def test_a_period_ends_on_the_same_day_or_the_last_day_of_a_shorter_month(start, period, end):
    assert periods.parse(period).after(start) == end


def test_a_course_reads_recertify_every():
    parsed = course("recertify_every: 12 months\n")
    assert parsed.problems == []
    assert parsed.value.recertify == periods.Period(months=12)
    assert course("").value.recertify is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("recertify_every: 12\n", "`recertify_every` must be a number of days, weeks, months or years"),
        ("recertify_every: every spring\n", "not 'every spring'"),
        ("recertify_every: 0 days\n", "at least 1 day"),
        ("recertify_every: 50 years\n", "at most 10 years"),
        (
            "recertify_evry: 12 months\n",
            "unknown field `recertify_evry` in the front matter; did you mean `recertify_every`?",
        ),
    ],
)
def test_a_bad_recertify_every_is_reported_on_its_line(extra, message):
    parsed = course(extra)
    assert parsed.value is None
    [problem] = parsed.problems
    assert problem.path == "courses/basics/course.md"
    assert problem.line == 7, problem
    assert message in problem.message


def test_content_check_names_the_file_and_line_of_a_bad_period(tmp_path, runner):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    path = root / "courses" / "basics" / "course.md"
    path.write_text(path.read_text().replace("due_days: 30\n", "due_days: 30\nrecertify_every: yearly\n"))
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code != 0
    assert "content/courses/basics/course.md:8: `recertify_every` must be a number of days" in result.output


def test_the_period_is_stored_with_the_course_version_and_written_back(app, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    path = root / "courses" / "basics" / "course.md"
    path.write_text(path.read_text().replace("due_days: 30\n", "due_days: 30\nrecertify_every: 6 weeks\n"))
    content_service.import_directory(root)
    version = versions.current(CourseVersion, "basics")
    assert (version.recertify_months, version.recertify_days) == (None, 42)
    # Rebuilt from the columns, as for versions from before the text was kept.
    assert "recertify_every: 6 weeks\n" in export.course_text(version)
    path.write_text(path.read_text().replace("recertify_every: 6 weeks\n", ""))
    content_service.import_directory(root)
    newest = versions.current(CourseVersion, "basics")
    assert newest.number == 2 and (newest.recertify_months, newest.recertify_days) == (None, None)


def test_the_recertification_migration_steps_down_and_up_keeping_evidence_append_only(app):
    db.session.remove()
    stamp(revision="0020")  # only 0020 runs: down to 0019 and back, whatever came after it
    try:
        downgrade(revision="0019")
        assert "renewal" not in {c["name"] for c in inspect(db.engine).get_columns("completion")}
        upgrade(revision="0020")
    finally:
        stamp(revision="head")
    assert "renewal" in {c["name"] for c in inspect(db.engine).get_columns("certificate")}
    assert {"completion", "certificate"} <= guarded_tables()


def guarded_tables() -> set[str]:
    """The tables with a trigger that refuses to delete their rows."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_delete'"
    else:
        query = "SELECT event_object_table FROM information_schema.triggers"
        query += " WHERE event_manipulation = 'DELETE'"
    with db.engine.connect() as connection:
        return set(connection.execute(text(query)).scalars())
