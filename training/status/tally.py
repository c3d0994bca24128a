"""Everyone's statuses counted for HR's dashboard, in one statement over the status rows.

The dashboard shows two things from the same rows: people per department, course and status, and
how many people are complete on every course assigned to them (its headline, and the trend's current
week; past weeks come from training/status/as_of.py). Both come from one pass over the status query
(training/status/query.py), materialised once, so the statuses are worked out once per request
however many figures are drawn from them.

Counting everyone takes a third of a second at 50,000 people, so the counts are kept on the app,
per department, for each choice of course and day, under the tokens they were read with
(training/status/stamp.py): the token of everything but course progress, and each department's
token, renewed when the progress of someone in it changes. A view reads the tokens (one statement)
and counts again only the departments whose people's progress changed since; everyone when anything
else did (an assignment, a publish, someone moving department), or the day changed. So the first view
after a learner finishes a course counts one department, not the whole company.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from flask import current_app
from sqlalchemy import String, case, func, literal, select, union_all

from training.db import db, utcnow
from training.status import stamp
from training.status.query import status_query

KEPT = 64  # choices of filters kept per app


@dataclass(frozen=True)
class Tally:
    """The counts behind the dashboard."""

    # (department, course_id, status, people), in no particular order
    counts: tuple[tuple[str, str, str, int], ...]
    # {fully trained: people}, of the people with at least one course assigned
    people: MappingProxyType[bool, int]

    @property
    def trained(self) -> int:
        return self.people.get(True, 0)

    @property
    def assigned(self) -> int:
        return sum(self.people.values())

    def rows(self, department: str | None, course: str | None, status: str | None) -> int:
        """How many person-course rows there are in this department, course and status (None: any)."""
        return sum(
            n
            for dept, course_id, state, n in self.counts
            if (department is None or dept == department)
            and (course is None or course_id == course)
            and (status is None or state == status)
        )


@dataclass(frozen=True)
class Part:
    """One department's counts, as a Tally's, and the token of its people's progress they were read under."""

    token: str | None
    counts: tuple[tuple[str, str, str, int], ...]
    people: Mapping[bool, int]


@dataclass(frozen=True)
class Kept:
    """What is kept for one course filter (or none) and day: each department's part."""

    structure: str  # the token of everything but course progress, as it was when these were counted
    parts: Mapping[str, Part]
    whole: bool  # every department was counted; one missing from `parts` has no rows


EMPTY = Part(None, (), MappingProxyType({}))


def tally(department: str | None = None, course: str | None = None, today: date | None = None) -> Tally:
    """Count people by department, course and status, and the fully trained people, at once.

    `department` and `course` narrow the rows counted. In a read-only request, the departments whose
    counts are kept and current are not counted again; counts all kept and current cost one statement,
    for the tokens, and are the same Tally as last time.
    """
    today = today if today is not None else utcnow().date()
    structure, tokens = stamp.department_tokens() if stamp.keeps() else (None, {})
    if structure is None:  # a write, or the stamp's row is missing: count, keep nothing
        return _merge(_count(department, course, today).values())
    kept = _kept(structure, tokens, department, course, today)
    wanted = [department] if department is not None else sorted(kept.parts)
    key = (department, course, today)
    current = (structure, tuple((name, kept.parts.get(name, EMPTY).token) for name in wanted))
    merged = current_app.extensions.setdefault("tally_merged", {})
    found = merged.get(key)
    if found is not None and found[0] == current:
        return found[1]
    counted = _merge(kept.parts.get(name, EMPTY) for name in wanted)
    _store(merged, key, (current, counted))
    return counted


def kept(department: str | None = None, course: str | None = None) -> Tally | None:
    """Return today's counts if they are kept and current (one statement, for the tokens), else None."""
    if not stamp.keeps():
        return None
    structure, tokens = stamp.department_tokens()
    found = current_app.extensions.get("tally", {}).get((course, utcnow().date()))
    if structure is None or found is None or found.structure != structure:
        return None
    if department is not None:
        if department not in found.parts and not found.whole:
            return None
        wanted = [department]
    elif found.whole:
        wanted = sorted(found.parts)
    else:
        return None
    parts = {name: found.parts.get(name, EMPTY) for name in wanted}
    if any(part is not EMPTY and part.token != tokens.get(name) for name, part in parts.items()):
        return None
    return _merge(parts.values())


def _kept(structure: str, tokens: dict, department: str | None, course: str | None, today: date) -> Kept:
    """Return the parts kept for `course` and `today`, counting again the departments wanted that are
    missing or whose token changed (every department when `structure` changed), and keep them."""
    store = current_app.extensions.setdefault("tally", {})
    found = store.get((course, today))
    if found is None or found.structure != structure or (department is None and not found.whole):
        if department is None:
            fresh = Kept(structure, _parts(_count(None, course, today), tokens), whole=True)
        else:
            fresh = Kept(structure, _parts(_count([department], course, today), tokens, [department]), False)
    else:
        wanted = [department] if department is not None else list(found.parts)
        stale = [
            name
            for name in wanted
            if (name in found.parts and found.parts[name].token != tokens.get(name))
            or (name not in found.parts and not found.whole)
        ]
        if not stale:
            return found
        parts = dict(found.parts)
        parts.update(_parts(_count(stale, course, today), tokens, stale))
        fresh = Kept(structure, MappingProxyType(parts), found.whole)
    _store(store, (course, today), fresh)
    return fresh


def _store(store: dict, key, value) -> None:
    if len(store) >= KEPT and key not in store:
        store.clear()
    store[key] = value


def _parts(counted: dict, tokens: dict[str, str], asked: Iterable[str] = ()) -> Mapping[str, Part]:
    """Each department's counts as a Part under its token; a department asked for without rows too."""
    parts = {name: Part(tokens.get(name), counts, people) for name, (counts, people) in counted.items()}
    for name in asked:
        parts.setdefault(name, Part(tokens.get(name), (), MappingProxyType({})))
    return MappingProxyType(parts)


def _merge(parts: Iterable) -> Tally:
    counts, people = [], {}
    for part in parts:
        part_counts, part_people = (part.counts, part.people) if isinstance(part, Part) else part
        counts.extend(part_counts)
        for done, n in part_people.items():
            people[done] = people.get(done, 0) + n
    return Tally(tuple(counts), MappingProxyType(people))


def _count(departments: str | list[str] | None, course: str | None, today: date) -> dict:
    """Count the status rows of `departments` (one, a list, or all), `course` (or all) on `today`;
    return {department: (counts, {fully trained: people})}."""
    rows = status_query(today)
    narrowed = select(rows.c.user_id, rows.c.department, rows.c.course_id, rows.c.status)
    if isinstance(departments, str):
        narrowed = narrowed.where(rows.c.department == departments)
    elif departments is not None:
        narrowed = narrowed.where(rows.c.department.in_(departments))
    if course is not None:
        narrowed = narrowed.where(rows.c.course_id == course)
    # Materialised: both groupings below read the statuses instead of working them out again.
    statuses = narrowed.cte("statuses").prefix_with("MATERIALIZED")
    keys = (statuses.c.department, statuses.c.course_id, statuses.c.status)
    counts = select(literal("count", String).label("kind"), *keys, func.count()).group_by(*keys)
    done = func.min(case((statuses.c.status == "completed", 1), else_=0)).label("done")
    person = select(statuses.c.department, done).group_by(statuses.c.user_id, statuses.c.department)
    people = person.subquery("people")
    trained = case((people.c.done == 1, literal("completed", String)), else_=literal("", String))
    by_done = select(
        literal("person", String), people.c.department, literal("", String), trained, func.count()
    ).group_by(people.c.department, people.c.done)
    found: dict[str, tuple[list, dict]] = {}
    for kind, dept, course_id, status, n in db.session.execute(union_all(counts, by_done)):
        counted, trained_people = found.setdefault(dept, ([], {}))
        if kind == "count":
            counted.append((dept, course_id, status, n))
        else:
            trained_people[status == "completed"] = n
    return {dept: (tuple(c), MappingProxyType(p)) for dept, (c, p) in found.items()}
