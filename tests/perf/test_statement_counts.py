"""Each hot path sends as many SQL statements with 30 people as with 3, and with 9 lessons as with 3.

A statement count that grows with people, completions or a course's items is a query per row,
which is what makes a page slow at 50,000 people (issue 17). Each path is requested once to warm
the caches, then once counted, first on a small office (3 people, 1 completion each, a course of
3 lessons and a quiz), then after the office grew: 30 people with 2 completions each (and the
learner's earlier quiz attempts), or a course of 9 lessons. The cases that still grow today are
strict xfails naming what grows, so that making them constant shows up as an XPASS.
"""

import secrets
import shutil
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import FIXTURES, as_served
from tests.sql_capture import statements_during
from training.db import db, utcnow
from training.editor import library as content
from training.learning import courses as learning
from training.learning import kept_pages
from training.status import assignments, due_extensions, report
from training.status import query as status_query

LESSONS = 3
MORE_LESSONS = 9
PEOPLE = 3
MORE_PEOPLE = 30


def write_library(root: Path, lessons: int) -> None:
    """The test policy and one course: `lessons` lessons, then the test quiz."""
    shutil.copytree(FIXTURES / "content" / "policies", root / "policies", dirs_exist_ok=True)
    course = root / "courses" / "basics"
    course.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "content" / "courses" / "basics" / "basics-quiz.quiz.yaml", course)
    names = [f"lesson-{n}" for n in range(lessons)]
    for name in names:
        (course / f"{name}.md").write_text(
            f"---\nid: {name}\ntitle: {name}\ncovers: [demo#complaints]\n---\nSay sorry.\n"
        )
    (course / "course.md").write_text(
        f"---\nid: basics\ntitle: Basics\nsummary: S.\nitems: [{', '.join(names)}, basics-quiz]\n"
        "audience: all\ndue_days: 30\n---\n"
    )


@pytest.fixture
def office(tmp_path, make_user, monkeypatch):
    """A learner and an HR person among PEOPLE people, each with one lesson read."""
    monkeypatch.setattr(report, "CHUNK", ROWS_PER_CHUNK)
    write_library(tmp_path / "content", LESSONS)
    content.import_directory(tmp_path / "content")
    people = [make_user(email="learner@example.com")] + [make_user() for _ in range(PEOPLE - 1)]
    for person in people:
        learning.complete_lesson(person, "lesson-0")
    make_user(email="hr@example.com", roles="hr", department="People")
    return {"root": tmp_path / "content", "people": people, "make_user": make_user}


def more_people(office) -> None:
    """Grow to MORE_PEOPLE people with two lessons read each; the learner reads a second one too."""
    added = [office["make_user"](department=f"Dept {n % 4}") for n in range(MORE_PEOPLE - PEOPLE)]
    for person in added:
        learning.complete_lesson(person, "lesson-0")
    for person in added + office["people"]:
        learning.complete_lesson(person, "lesson-1")


def more_items(office) -> None:
    write_library(office["root"], MORE_LESSONS)
    content.import_directory(office["root"])


def page(url: str):
    def request(client) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()  # a streamed download sends its queries while it is read

    return None, request


def drawn_afresh(url: str):
    """A learner's page drawn again from its queries, not found kept (learning/kept_pages.py): what
    each one costs when anything it shows has changed since."""

    def prepare(client) -> None:
        client.application.extensions.get(kept_pages.STORE, {}).clear()

    return prepare, page(url)[1]


def quiz_answer():
    """Answer the first step of an attempt started beforehand (its start is not counted)."""
    attempts = []

    def prepare(client) -> None:
        response = client.post("/quizzes/basics-quiz/start", data={"token": secrets.token_urlsafe(8)})
        attempts.append(int(response.headers["Location"].rsplit("/", 1)[1]))

    def request(client) -> None:
        response = client.post(f"/attempts/{attempts[-1]}", data={"step_id": "first", "choice": "kind"})
        assert response.status_code == 303, response.status_code

    return prepare, request


def quiz_step_page():
    """Show the first step of an attempt started beforehand."""
    attempts = []

    def prepare(client) -> None:
        response = client.post("/quizzes/basics-quiz/start", data={"token": secrets.token_urlsafe(8)})
        attempts.append(int(response.headers["Location"].rsplit("/", 1)[1]))

    def request(client) -> None:
        assert client.get(f"/attempts/{attempts[-1]}").status_code == 200

    return prepare, request


PATHS = {  # name: (who asks, what makes its (prepare, request) steps)
    "lesson page": ("learner", partial(page, "/lessons/lesson-0")),
    "lesson page drawn": ("learner", partial(drawn_afresh, "/lessons/lesson-0")),
    "quiz page": ("learner", partial(page, "/quizzes/basics-quiz")),
    "quiz step page": ("learner", quiz_step_page),
    "course page": ("learner", partial(page, "/courses/basics")),
    "course page drawn": ("learner", partial(drawn_afresh, "/courses/basics")),
    "home page": ("learner", partial(page, "/")),
    "home page drawn": ("learner", partial(drawn_afresh, "/")),
    "quiz step answer": ("learner", quiz_answer),
    "HR dashboard": ("hr", partial(page, "/hr/")),
    "completion CSV": ("hr", partial(page, "/hr/people/export.csv")),
}
GROWTH = {"people and completions": more_people, "items": more_items}
# At most this many statements on the small office: what each path sends today, so that a query
# added to every page (the user's, the menu's) or to one path shows up here. Each counts the
# signed-in person's load, which also says whether they manage anyone (the menu's team link,
# models/people.py): one statement for both.
MOST = {
    # A kept page read again: the person's statement, which reads the page's stamps too.
    "lesson page": 1,
    "course page": 1,
    "home page": 1,
    "lesson page drawn": 3,
    "quiz page": 4,
    "quiz step page": 3,
    "course page drawn": 3,
    "home page drawn": 4,  # the policies owed: two statements however many (learning/acknowledgements.py)
    "quiz step answer": 7,
    "HR dashboard": 8,  # the trend's kept weeks are read back (counted once, on the warm-up)
    "completion CSV": 12,  # on PostgreSQL one turns JIT off for the report's query (status/report.py)
}
# What still grows today; each is a strict xfail until its path is constant.
GROWS: dict[tuple[str, str], str] = {}
# The completion report streams its rows in chunks of 2,000; chunks of 4 here let 30 people span
# several chunks, as 50,000 people do there (the CSV once sent a stale-items query per chunk).
ROWS_PER_CHUNK = 4


def count(client, steps) -> int:
    """Warm up (caches of versions, rendered text, the schema check), then count one request."""
    prepare, request = steps
    for counted in (False, True):
        if prepare:
            prepare(client)
        db.session.commit()
        if counted:
            return len(statements_during(lambda: as_served(request, client)))
        as_served(request, client)  # its own app context: the person's load is counted, as served


def cases():
    for path in PATHS:
        for growth in GROWTH:
            reason = GROWS.get((path, growth))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(path, growth, marks=marks, id=f"{path} / {growth}")


@pytest.mark.parametrize(("path", "growth"), list(cases()))
def test_hot_path_sends_as_many_statements_whatever_the_size(path, growth, office, client, auth):
    who, make_steps = PATHS[path]
    steps = make_steps()
    auth.login(f"{who}@example.com")
    small = count(client, steps)
    assert small <= MOST[path], f"{path}: {small} statements, {MOST[path]} at most"
    GROWTH[growth](office)
    assert count(client, steps) == small, f"{path}: {small} statements before {growth} grew"


def test_a_persons_status_takes_three_statements_and_matches_everyones(office, app):
    """The course and home pages ask for one person's status: the status stamp (rows kept under it
    are used as they are), one statement about their own assignments and extension (not every
    assignment of the office), then the status query. With assignments that overlap for them and an
    extension, their rows are those of everyone's query."""
    learner, other = office["people"][:2]
    hr = office["make_user"](email="boss@example.com", roles="hr")
    office["make_user"](department="Sales")
    today = utcnow().date()
    assignments.assign(hr, "basics", "department", department=learner.department, due_date=today)
    assignments.assign(hr, "basics", "person", email=learner.email, due_date=today + timedelta(days=3))
    due_extensions.extend(hr, other.id, "basics", today + timedelta(days=20), "Leave")
    db.session.commit()

    everyone = select(status_query.status_query())
    for person in (learner, other):
        status_query.person_rows(person.id)  # the statement is built once per form, then reused
        sent = statements_during(partial(status_query.person_rows, person.id))
        assert len(sent) == 3, sent
        mine = [r for r in db.session.execute(everyone).all() if r.user_id == person.id]
        assert mine and mine[0].due_date == (today if person is learner else today + timedelta(days=20))
        assert sorted(map(tuple, status_query.person_rows(person.id))) == sorted(map(tuple, mine))


ROWS_ONLY = ("lesson page", "quiz step page")


@pytest.mark.parametrize("path", ROWS_ONLY)
def test_the_pages_learners_wait_for_build_no_orm_objects(path, office, client, auth):
    """The signed-in person, the stamps, completions and the attempt are read as plain rows: in a
    page, loading them as ORM entities cost as much again as the queries (issue 17). What is
    published is kept in memory, so after the warm-up request the page builds no entity at all."""
    from sqlalchemy import event

    loaded = []

    def on_load(target, _context):
        loaded.append(type(target).__name__)

    steps = PATHS[path][1]()
    auth.login("learner@example.com")
    count(client, steps)  # warm up, and count once
    event.listen(db.Model, "load", on_load, propagate=True)
    try:
        prepare, request = steps
        prepare and prepare(client)
        db.session.commit()
        loaded.clear()
        as_served(request, client)
    finally:
        event.remove(db.Model, "load", on_load)
    assert loaded == []
