"""Who must take which course, by when: HR's assignments and each course's default one."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, and_, bindparam, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import aliased

from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.i18n import N_
from training.models import Assignment, Course, CourseVersion, DueExtension, User
from training.status.sqldates import add_days, later_of


def active():
    return Assignment.removed_at.is_(None)


def sync_course_default(version: CourseVersion) -> None:
    """Keep the course's default assignment in line with its front matter (audience, due_days).

    Departments that stay keep their rows, so a person's due date does not move when a course is
    republished; departments added get a new row from now; departments dropped are removed.
    """
    course = db.session.get(Course, version.course_id)
    wanted = ["*"] if version.audience == "all" else list(version.audience or [])
    rows = db.session.scalars(
        select(Assignment).where(
            Assignment.course_id == version.course_id, Assignment.source == "course", active()
        )
    ).all()
    current = {("*" if r.scope == "everyone" else r.department): r for r in rows}
    now = utcnow()
    for key, row in current.items():
        if key not in wanted or row.due_days != version.due_days:
            row.removed_at = now
    for key in wanted:
        kept = current.get(key)
        if kept is not None and kept.removed_at is None:
            continue
        db.session.add(Assignment(
            course_id=version.course_id, scope="everyone" if key == "*" else "department",
            department=None if key == "*" else key, due_days=version.due_days, source="course",
            created_at=kept.created_at if kept is not None else (course.created_at if not rows else now),
        ))  # fmt: skip
    db.session.flush()


def shape(user_id=None) -> tuple[frozenset[str], bool]:
    """Return what decides the form of `due_rows`: the courses whose assignments may overlap,
    and whether HR extended anyone's due date (or this person's).

    For one person (a number) it is one statement about them alone: the courses where more than
    one active assignment reaches them, and whether they have an extension.
    """
    if user_id is None:
        return frozenset(_overlapping_courses()), _has_extensions(None)
    return _person_shape(user_id)


def _person_shape(user_id: int) -> tuple[frozenset[str], bool]:
    """One person's form of `due_rows`, in one statement: one row (no course) says whether they have an
    extension, one row follows for each course that reaches them through several assignments."""
    rows = db.session.execute(_person_shape_statement(), {"shape_person": user_id}).all()
    courses = frozenset(r.course_id for r in rows if r.course_id is not None)
    return courses, any(bool(r.extended) for r in rows if r.course_id is None)


@cache
def _person_shape_statement():
    """Built once, with the person as a parameter: every page of a signed-in learner asks it, and
    building the statement cost more than running it."""
    user_id = bindparam("shape_person", type_=Integer)
    extended = select(DueExtension.id).where(DueExtension.user_id == user_id).exists()
    reaches = or_(
        Assignment.scope == "everyone",
        and_(Assignment.scope == "department", Assignment.department == User.department),
        and_(Assignment.scope == "person", Assignment.user_id == User.id),
    )
    several = (
        select(Assignment.course_id, literal(False).label("extended"))
        .join(User, and_(User.id == user_id, reaches))
        .where(active())
        .group_by(Assignment.course_id)
        .having(func.count() > 1)
    )
    first = select(cast(null(), Assignment.course_id.type).label("course_id"), extended.label("extended"))
    return union_all(first, several)  # rows of a UNION ALL come in any order


def due_rows(user_id=None, form: tuple[frozenset[str], bool] | None = None):
    """SELECT (user_id, email, name, department, created_at, course_id, due_date, extension_due).

    One row for every active person and each course assigned to them.

    A person covered by several assignments of one course gets the earliest due date, unless HR
    extended it for them: the newest extension overrides it. "N days" count from when the person
    got the assignment: the latest of the assignment's creation, when their account became active
    (created or reactivated) and, for a department's assignment, when they joined the department.
    Only courses whose assignments can overlap pay for the grouping that picks the earliest date,
    and only when someone has an extension is the (small) table of newest extensions joined.

    `user_id` (a number, or a bound parameter) narrows it to one person; `form` is `shape()` when
    the caller already has it.
    """
    people = User.active.is_(True) if user_id is None else and_(User.active.is_(True), User.id == user_id)
    overlapping, extended = form or shape(user_id)
    overlapping = sorted(overlapping)
    scopes = [
        (and_(Assignment.scope == "everyone", active()), False),
        (and_(Assignment.scope == "department", Assignment.department == User.department, active()), True),
        (and_(Assignment.scope == "person", Assignment.user_id == User.id, active()), False),
    ]
    single = [
        _joined(scope, by_department, Assignment.course_id.not_in(overlapping), people)
        for scope, by_department in scopes
    ]
    if overlapping:
        several = union_all(*(
            _joined(scope, by_department, Assignment.course_id.in_(overlapping), people, ids_only=True)
            for scope, by_department in scopes
        )).subquery()  # fmt: skip
        # Grouped by the two ids only (short sort keys), then joined back to the person.
        earliest = (
            select(several.c.user_id, several.c.course_id, func.min(several.c.due_date).label("due_date"))
            .group_by(several.c.user_id, several.c.course_id)
            .subquery()
        )
        single.append(
            select(*_person(), earliest.c.course_id, earliest.c.due_date).join(
                User, User.id == earliest.c.user_id
            )
        )
    assigned = union_all(*single).subquery()
    if not extended:
        return select(assigned, cast(null(), Date).label("extension_due")).subquery()
    newest, later = aliased(DueExtension), aliased(DueExtension)
    # The newest extension: one of this person and course with no later one (an index probe each).
    superseded = select(later.id).where(
        later.user_id == newest.user_id, later.course_id == newest.course_id, later.id > newest.id
    )
    mine = and_(
        newest.user_id == assigned.c.user_id, newest.course_id == assigned.c.course_id, ~superseded.exists()
    )
    return (
        select(
            *(assigned.c[name] for name in KEYS),
            func.coalesce(newest.due_date, assigned.c.due_date).label("due_date"),
            newest.due_date.label("extension_due"),
        )
        .select_from(assigned)
        .outerjoin(newest, mine)
        .subquery()
    )


KEYS = ("user_id", "email", "name", "department", "created_at", "course_id")


def _person() -> tuple:
    """The person's columns of a due row, the id first."""
    return (User.id.label("user_id"), User.email, User.name, User.department, User.created_at)


def _joined(scope, by_department: bool, courses, people, ids_only: bool = False):
    """One scope's assignments joined with the people they reach, and each one's due date."""
    starts = [Assignment.created_at, func.coalesce(User.reactivated_at, User.created_at)]
    if by_department:
        starts.append(User.department_since)
    due = func.coalesce(Assignment.due_date, add_days(later_of(*starts), Assignment.due_days))
    person = _person()[:1] if ids_only else _person()
    query = select(*person, Assignment.course_id.label("course_id"), due.label("due_date"))
    return query.join(Assignment, and_(scope, courses)).where(people)


def _has_extensions(user_id: int | None) -> bool:
    """Return True if HR extended anyone's (or this person's) due date."""
    query = select(DueExtension.id)
    if user_id is not None:
        query = query.where(DueExtension.user_id == user_id)
    return db.session.scalar(select(query.exists())) or False


def _overlapping_courses() -> set[str]:
    """Return the courses where one person may be reached by more than one active assignment."""
    rows = db.session.execute(
        select(Assignment.course_id, Assignment.scope, Assignment.department, Assignment.user_id).where(
            active()
        )
    ).all()
    by_course: dict[str, list] = {}
    for course_id, scope, department, user_id in rows:
        by_course.setdefault(course_id, []).append((scope, department, user_id))
    overlapping = set()
    for course_id, items in by_course.items():
        kinds = {scope for scope, _, _ in items}
        keys = [department if scope == "department" else user_id for scope, department, user_id in items]
        if len(kinds) > 1 or len(keys) != len(set(keys)):
            overlapping.add(course_id)
    return overlapping


def assign(
    actor: User,
    course_id: str,
    scope: str,
    *,
    department: str | None = None,
    email: str | None = None,
    due_date: date | None = None,
    due_days: int | None = None,
) -> Assignment:
    """Assign a course to everyone, a department or a person, due on a date or after N days."""
    _check_due(course_id, due_date, due_days)
    row = Assignment(course_id=course_id, scope=scope, due_date=due_date, due_days=due_days, source="hr",
                     created_by=actor.id, created_at=utcnow())  # fmt: skip
    if scope == "department":
        if not department or not department.strip():
            raise ValidationFailed(N_("Choose a department."))
        row.department = department.strip()
    elif scope == "person":
        user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
        if user is None:
            raise ValidationFailed(f"No person with the email address {email}.")
        row.user_id = user.id
    elif scope != "everyone":
        raise ValidationFailed("Assign to everyone, a department or a person.")
    db.session.add(row)
    db.session.commit()
    return row


def remove(actor: User, assignment_id: int) -> Assignment:
    """End an assignment; the row stays, marked with who removed it and when."""
    row = db.session.get(Assignment, assignment_id)
    if row is None or row.removed_at is not None:
        raise NotFound(N_("No such active assignment."))
    if row.source != "hr":
        raise ValidationFailed(
            N_("A course's default assignment comes from its front matter; change it there.")
        )
    row.removed_at, row.removed_by = utcnow(), actor.id
    db.session.commit()
    return row


def listing(include_removed: bool = False) -> list[Assignment]:
    query = select(Assignment).order_by(Assignment.course_id, Assignment.created_at)
    if not include_removed:
        query = query.where(active())
    return list(db.session.scalars(query))


def assign_many(
    actor: User,
    course_id: str,
    scope: str,
    targets: list[str] | None = None,
    *,
    due_date: date | None = None,
    due_days: int | None = None,
) -> list[Assignment]:
    """Assign a course to everyone, or to each of several departments or people, in one go.

    `targets` are department names or email addresses; every unknown address is reported at once
    and nothing is assigned unless all are known.
    """
    _check_due(course_id, due_date, due_days)
    names = list(dict.fromkeys(t.strip() for t in targets or [] if t.strip()))
    if scope == "everyone":
        keys = [{}]
    elif scope == "department":
        keys = [{"department": name} for name in names]
    elif scope == "person":
        keys = [{"user_id": user_id} for user_id in _people(names)]
    else:
        raise ValidationFailed("Assign to everyone, to departments or to named people.")
    if not keys:
        raise ValidationFailed(
            N_("Choose at least one department.") if scope == "department" else N_("Name a person.")
        )
    rows = [Assignment(course_id=course_id, scope=scope, due_date=due_date, due_days=due_days, source="hr",
                       created_by=actor.id, created_at=utcnow(), **key) for key in keys]  # fmt: skip
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _check_due(course_id: str, due_date: date | None, due_days: int | None) -> None:
    if db.session.get(Course, course_id) is None:
        raise NotFound(f"No course {course_id!r}.")
    if (due_date is None) == (due_days is None):
        raise ValidationFailed("Give either a due date or a number of days, not both.")
    if due_days is not None and not 0 <= due_days <= 3650:
        raise ValidationFailed("The number of days must be between 0 and 3650.")
    if due_date is not None and due_date < utcnow().date():
        raise ValidationFailed(N_("The due date is in the past."))


def _people(emails: list[str]) -> list[int]:
    wanted = [e.lower() for e in emails]
    found = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(wanted))).all())
    unknown = [e for e in wanted if e not in found]
    if unknown:
        raise ValidationFailed(f"No person with the email address {', '.join(unknown)}.", unknown)
    return [found[e] for e in wanted]


def split_emails(text: str) -> list[str]:
    """Split a pasted list of addresses at commas, semicolons and whitespace."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


@dataclass
class AssignmentRow:
    """An assignment with the names a page shows for it."""

    assignment: Assignment
    person_name: str | None
    person_email: str | None
    created_by: str | None
    removed_by: str | None


def described(include_removed: bool = True) -> list[AssignmentRow]:
    """Return assignments, newest first, with the person, author and remover named."""
    person, author, remover = aliased(User), aliased(User), aliased(User)
    query = (
        select(Assignment, person.name, person.email, author.name, remover.name)
        .outerjoin(person, person.id == Assignment.user_id)
        .outerjoin(author, author.id == Assignment.created_by)
        .outerjoin(remover, remover.id == Assignment.removed_by)
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    )
    if not include_removed:
        query = query.where(active())
    return [AssignmentRow(*row) for row in db.session.execute(query)]
