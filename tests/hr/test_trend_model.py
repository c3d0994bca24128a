"""The trend's weekly figures after random histories, checked against a small model written here.

Hypothesis draws a history as rows of the evidence with their times (they are what the as-of count
reads, so no service is needed to make them, and times can fall anywhere, on a week's end too):
courses with items; publishes of a course's fingerprint that change item fingerprints, take items out
and put old fingerprints back (a restore); course versions that set, change or drop `recertify_every`;
people (some created late, some deactivated) in two departments; assignments to everyone, a department
or a person, created and removed at various times; completions against any fingerprint, in round 0 or
a renewal round. The weeks' figures come from the dashboard's kept weeks (training/hr/trend.py, which
counts them with training/status/as_of.py the first time, then reads them back), with and without
its filters, and must equal the model's. Each history starts from an empty database, on SQLite or on
TEST_DATABASE_URL's PostgreSQL.
"""

import itertools
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import make_url, select

from tests.conftest import empty_database
from training.db import db
from training.hr import trend
from training.models import (
    Assignment,
    Completion,
    Course,
    CourseFingerprint,
    CourseVersion,
    Item,
    ItemVersion,
    User,
)

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
EXAMPLES = int(os.environ.get("TREND_MODEL_EXAMPLES", "40" if ON_POSTGRESQL else "80"))
FIRST = date(2026, 1, 5)  # a Monday: the first week shown starts here
WEEKS = 6
HOURS = 24 * 7 * (WEEKS + 1)  # events fall from a week before the first to the end of the last
COURSES = {"c1": ("a", "b", "q"), "c2": ("d", "e")}
DEPARTMENTS = ("A", "B")


def moment(hours: int) -> datetime:
    return datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=UTC) + timedelta(hours=hours - 24 * 7)


def week_end(n: int) -> datetime:
    """The end of the week starting FIRST + n weeks."""
    return moment(24 * 7 * (n + 2))


# Times on an hour grid that holds every week's end, which the draws hit often; and times early on.
times = st.one_of(st.sampled_from([24 * 7 * n for n in range(WEEKS + 2)]), st.integers(0, HOURS))
early = st.integers(0, 24 * 7 * 2)


@dataclass(frozen=True)
class Publish:
    course: str
    at: int
    items: tuple[tuple[str, int], ...]  # (item, which of its fingerprints), in course order


@dataclass(frozen=True)
class Version:
    course: str
    at: int
    days: int | None  # recertify_every in days, or none


@dataclass(frozen=True)
class Person:
    department: str
    created: int
    active: bool


@dataclass(frozen=True)
class Given:
    course: str
    scope: str  # "everyone", "A" or "B" (a department), or a person's number as text
    created: int
    removed: int | None


@dataclass(frozen=True)
class Done:
    person: int
    item: str
    print_: int
    at: int
    renewal: int


def fingerprint(item: str, which: int) -> str:
    return f"{item}-{which}"


@st.composite
def publishes(draw, course: str):
    items = COURSES[course]
    rows = []
    for at in sorted([draw(early), *draw(st.lists(times, max_size=3))]):
        kept = draw(st.lists(st.sampled_from(items), min_size=1, max_size=len(items), unique=True))
        kept = items if draw(st.booleans()) else kept  # items taken out now and then
        # Fingerprints 0-2: a later publish often puts an earlier one back, as a restore does.
        rows.append(Publish(course, at, tuple((i, draw(st.integers(0, 2))) for i in items if i in kept)))
    return rows


@st.composite
def histories(draw):
    prints = [p for course in COURSES for p in draw(publishes(course))]
    # Each course's first version early, often with recertify_every; sometimes a later one changes it.
    versions = [
        Version(course, at, draw(st.sampled_from([None, 10, 20])))
        for course in COURSES
        for at in sorted([draw(early), *draw(st.lists(times, max_size=1))])
    ]
    people = draw(
        st.lists(
            st.builds(
                Person, st.sampled_from(DEPARTMENTS), early | times, st.sampled_from([True, True, False])
            ),
            min_size=1,
            max_size=4,
        )
    )
    scopes = st.sampled_from(["everyone", *DEPARTMENTS, *(str(n) for n in range(len(people)))])
    given_ = []
    for _ in range(draw(st.integers(1, 4))):
        created = draw(early | times)
        removed = draw(st.sampled_from([None, None, 0, 1]))
        removed = (
            removed if removed is None else created if removed == 0 else draw(st.integers(created, HOURS))
        )
        given_.append(Given(draw(st.sampled_from(["c1", "c1", "c2"])), draw(scopes), created, removed))
    items = [i for course in COURSES for i in COURSES[course]]
    done = draw(st.lists(
        st.builds(Done, st.integers(0, len(people) - 1), st.sampled_from(items), st.integers(0, 2), times,
                  st.sampled_from([0, 0, 1, 2])),
        max_size=6,
    ))  # fmt: skip
    # Most completions come as someone finishing a course as one of its publishes had it, item by
    # item within a day or two, some items left out, and often renew it in a later round.
    for _ in range(draw(st.integers(0, 12))):
        person, course = draw(st.integers(0, len(people) - 1)), draw(st.sampled_from(sorted(COURSES)))
        at, renewal = draw(times), draw(st.sampled_from([0, 0, 1, 2]))
        # Mostly the course as it was published then; sometimes as an older or later publish had it.
        then = [p for p in prints if p.course == course and p.at <= at] or [
            p for p in prints if p.course == course
        ]
        publish = then[-1] if draw(st.integers(0, 3)) else draw(st.sampled_from(prints))
        rounds = [(at, renewal)]
        if draw(st.booleans()):  # and often renews it later, as a course that expires asks
            rounds.append((at + draw(st.integers(24 * 3, 24 * 20)), renewal + draw(st.integers(1, 2))))
        for start, number in rounds:
            for item, which in publish.items:
                if draw(st.integers(0, 5)):
                    later = draw(st.sampled_from([0, 1, 30]))
                    done.append(Done(person, item, which, min(HOURS, start + later), number))
    unique = {(d.person, d.item, d.print_, d.renewal): d for d in reversed(done)}  # once per round
    done = list(unique.values())
    return prints, versions, people, given_, done


def store(prints, versions, people, given_, done) -> list[User]:
    """Write the history's rows, as the services would have written them at those times."""
    start = moment(0)
    for course, items in COURSES.items():
        db.session.add(Course(id=course, created_at=start))
        for item in items:
            db.session.add(Item(id=item, course_id=course, kind="lesson", created_at=start))
            db.session.add(ItemVersion(item_id=item, number=1, title=item, covers=[], source="", retrain=True,
                                       source_hash="", material_hash="", created_at=start))  # fmt: skip
    for n, v in enumerate(versions):
        db.session.add(
            CourseVersion(
                course_id=v.course,
                number=n + 1,
                title=v.course,
                items=list(COURSES[v.course]),
                audience="all",
                due_days=30,
                recertify_days=v.days,
                source_hash="",
                created_at=moment(v.at),
            )
        )
    for p in prints:
        db.session.add(
            CourseFingerprint(
                course_id=p.course,
                fingerprint=repr(p.items),
                items={i: fingerprint(i, w) for i, w in p.items},
                created_at=moment(p.at),
            )
        )
    users = [
        User(email=f"p{n}@example.com", name=f"P{n}", department=p.department, active=p.active,
             created_at=moment(p.created), department_since=moment(p.created))
        for n, p in enumerate(people)
    ]  # fmt: skip
    db.session.add_all(users)
    db.session.flush()
    for g in given_:
        scope = "everyone" if g.scope == "everyone" else "department" if g.scope in DEPARTMENTS else "person"
        db.session.add(Assignment(
            course_id=g.course, scope=scope, department=g.scope if scope == "department" else None,
            user_id=users[int(g.scope)].id if scope == "person" else None, due_days=30, source="hr",
            created_at=moment(g.created), removed_at=None if g.removed is None else moment(g.removed),
        ))  # fmt: skip
    version_ids = dict(db.session.execute(select(ItemVersion.item_id, ItemVersion.id)).all())
    for d in done:
        db.session.add(
            Completion(
                user_id=users[d.person].id,
                item_id=d.item,
                item_version_id=version_ids[d.item],
                fingerprint=fingerprint(d.item, d.print_),
                sections={},
                completed_at=moment(d.at),
                renewal=d.renewal,
            )
        )
    db.session.commit()
    return users


class Model:
    """The trend's definition in plain Python, one person at a time."""

    def __init__(self, prints, versions, people, given_, done):
        self.prints, self.versions, self.people, self.given, self.done = (
            prints,
            versions,
            people,
            given_,
            done,
        )

    def at(self, end: datetime, department: str | None, course: str | None) -> tuple[int, int]:
        trained = assigned = 0
        for n, person in enumerate(self.people):
            if (
                not person.active
                or moment(person.created) > end
                or department not in (None, person.department)
            ):
                continue
            courses = {g.course for g in self.given if self.reaches(g, n, end) and course in (None, g.course)}
            courses = {c for c in courses if self.print_at(c, end) is not None}
            if courses:
                assigned += 1
                trained += all(self.current(n, c, end) for c in courses)
        return trained, assigned

    def reaches(self, g: Given, n: int, end: datetime) -> bool:
        live = moment(g.created) <= end and (g.removed is None or moment(g.removed) > end)
        return live and g.scope in ("everyone", self.people[n].department, str(n))

    def print_at(self, course: str, end: datetime) -> dict | None:
        # Publishes of a course were drawn in time order; the last one before the end counts.
        found = [p for p in self.prints if p.course == course and moment(p.at) < end]
        return {i: fingerprint(i, w) for i, w in found[-1].items} if found else None

    def current(self, n: int, course: str, end: datetime) -> bool:
        wanted = self.print_at(course, end)
        done = [d for d in self.done if d.person == n and moment(d.at) < end
                and wanted.get(d.item) == fingerprint(d.item, d.print_)]  # fmt: skip
        if {d.item for d in done} != set(wanted):
            return False
        versions = [v for v in self.versions if v.course == course and moment(v.at) < end]
        days = versions[-1].days if versions else None
        if days is None:
            return True
        rounds = [done] + [
            [d for d in done if d.renewal == r] for r in {d.renewal for d in done if d.renewal}
        ]
        whole = [r for r in rounds if {d.item for d in r} == set(wanted)]
        certified = max(max(min(moment(d.at) for d in r if d.item == i) for i in wanted) for r in whole)
        last_day = (end - timedelta(microseconds=1)).date()
        return certified.date() + timedelta(days=days) >= last_day


@pytest.fixture
def fresh(app, database_template):
    """Empty the test's database again (each example of a test shares the test's app)."""
    path = Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database or "")

    def empty() -> None:
        db.session.remove()
        db.engine.dispose()
        empty_database(database_template, path)

    return empty


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@example(  # a renewal round keeps a course current after the first round expired (rare in random draws)
    history=(
        [Publish("c1", 0, (("a", 0), ("b", 0), ("q", 0)))],
        [Version("c1", 0, 10)],
        [Person("A", 0, True)],
        [Given("c1", "everyone", 0, None)],
        [*(Done(0, i, 0, 24, 0) for i in "abq"), *(Done(0, i, 0, 24 * 12, 1) for i in "abq")],
    ),
    department=None,
    course=None,
)
@given(history=histories(), department=st.sampled_from([None, "A"]), course=st.sampled_from([None, "c1"]))
def test_each_weeks_figures_are_the_status_as_it_stood_at_its_end(fresh, history, department, course):
    fresh()
    store(*history)
    model = Model(*history)
    starts = [FIRST + timedelta(weeks=n) for n in range(WEEKS)]
    want = {start: model.at(week_end(n), department, course) for n, start in enumerate(starts)}
    note(f"model: {want}")
    figures = list(want.values())
    event("someone fully trained at a week's end" if any(t for t, _ in figures) else "nobody fully trained")
    if any(later[0] < earlier[0] for earlier, later in itertools.pairwise(figures)):
        event("fewer fully trained than the week before")
    assert trend.closed_weeks(starts, department, course) == want  # counted, then kept
    assert trend.closed_weeks(starts, department, course) == want  # read back
    assert trend.closed_weeks(starts, None, None) == {
        s: model.at(week_end(n), None, None) for n, s in enumerate(starts)
    }
