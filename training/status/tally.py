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
    asked = None if department is None else [department]
    structure, tokens = stamp.department_tokens() if stamp.keeps() else (None, {})
    if structure is None:  # a write, or the stamp's row is missing: count, keep nothing
        return _merge(_count(asked, course, today, tokens).values())
    kept = _kept(structure, tokens, department, course, today)
    # The same Tally for as long as what it adds up is the same.
    merged = current_app.extensions.setdefault("tally_merged", {})
    found = merged.get((department, course, today))
    if found is not None and found[0] is kept:
        return found[1]
    counted = _merge(kept.parts.get(name, EMPTY) for name in _wanted(kept, department))
    _store(merged, (department, course, today), (kept, counted))
    return counted


def kept(department: str | None = None, course: str | None = None) -> Tally | None:
    """Return today's counts if they are kept and current (one statement, for the tokens), else None."""
    if not stamp.keeps():
        return None
    structure, tokens = stamp.department_tokens()
    found = current_app.extensions.get("tally", {}).get((course, utcnow().date()))
    if structure is None or found is None or found.structure != structure:
        return None
    if _outdated(found, tokens, department) != []:
        return None
    return _merge(found.parts.get(name, EMPTY) for name in _wanted(found, department))


def _wanted(found: Kept, department: str | None) -> list[str]:
    """The departments a view of `department` (None: everyone) adds up."""
    return [department] if department is not None else sorted(found.parts)


def _outdated(found: Kept, tokens: dict, department: str | None) -> list[str] | None:
    """The departments `found` must count again before it serves a view of `department`: those whose
    token changed or that were never counted; None when it must count everyone."""
    if department is None and not found.whole:
        return None
    return [
        name
        for name in _wanted(found, department)
        if (found.parts[name].token != tokens.get(name) if name in found.parts else not found.whole)
    ]


def _kept(structure: str, tokens: dict, department: str | None, course: str | None, today: date) -> Kept:
    """Return the parts kept for `course` and `today`, counting again the departments wanted that are
    missing or whose token changed (every department when `structure` changed), and keep them."""
    store = current_app.extensions.setdefault("tally", {})
    found = store.get((course, today))
    outdated = None if found is None or found.structure != structure else _outdated(found, tokens, department)
    if outdated == []:
        return found
    if outdated is None:  # counted afresh: everyone, or the one department asked for
        asked = None if department is None else [department]
        fresh = Kept(structure, _count(asked, course, today, tokens), whole=department is None)
    else:
        fresh = Kept(structure, {**found.parts, **_count(outdated, course, today, tokens)}, found.whole)
    _store(store, (course, today), fresh)
    return fresh


def _store(store: dict, key, value) -> None:
    if len(store) >= KEPT and key not in store:
        store.clear()
    store[key] = value


def _merge(parts: Iterable[Part]) -> Tally:
    counts, people = [], {}
    for part in parts:
        counts.extend(part.counts)
        for done, n in part.people.items():
            people[done] = people.get(done, 0) + n
    return Tally(tuple(counts), MappingProxyType(people))


def _count(departments: list[str] | None, course: str | None, today: date, tokens: dict) -> dict[str, Part]:
    """Count the status rows of `departments` (None: all) and `course` (None: all) on `today`; return
    each department's Part under its token, a department asked for that has no rows too."""
    rows = status_query(today)
    narrowed = select(rows.c.user_id, rows.c.department, rows.c.course_id, rows.c.status)
    if departments is not None:
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
    found: dict[str, tuple[list, dict]] = {name: ([], {}) for name in departments or ()}
    for kind, dept, course_id, status, n in db.session.execute(union_all(counts, by_done)):
        counted, trained_people = found.setdefault(dept, ([], {}))
        if kind == "count":
            counted.append((dept, course_id, status, n))
        else:
            trained_people[status == "completed"] = n
    return {dept: Part(tokens.get(dept), tuple(c), MappingProxyType(p)) for dept, (c, p) in found.items()}
