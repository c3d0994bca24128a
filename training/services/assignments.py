"""Who must take which course, by when: HR's assignments and each course's default one."""

from datetime import date

from sqlalchemy import and_, func, select, union_all

from training.db import db, utcnow
from training.errors import NotFound, ValidationFailed
from training.models import Assignment, Course, CourseVersion, User
from training.services.sqldates import add_days, later_of


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


def due_rows():
    """SELECT (user_id, course_id, due_date): every active person's assigned courses.

    A person covered by several assignments of one course gets the earliest due date. A
    department or everyone assignment reaches people imported later: their due date counts from
    when their account was created.
    """
    due = func.coalesce(
        Assignment.due_date, add_days(later_of(User.created_at, Assignment.created_at), Assignment.due_days)
    )
    base = select(User.id.label("user_id"), Assignment.course_id.label("course_id"), due.label("due_date"))
    people = User.active.is_(True)
    everyone = base.join(Assignment, and_(Assignment.scope == "everyone", active())).where(people)
    department = base.join(
        Assignment, and_(Assignment.scope == "department", Assignment.department == User.department, active())
    ).where(people)
    person = base.join(
        Assignment, and_(Assignment.scope == "person", Assignment.user_id == User.id, active())
    ).where(people)
    rows = union_all(everyone, department, person).subquery()
    return (
        select(rows.c.user_id, rows.c.course_id, func.min(rows.c.due_date).label("due_date"))
        .group_by(rows.c.user_id, rows.c.course_id)
        .subquery()
    )


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
    if db.session.get(Course, course_id) is None:
        raise NotFound(f"No course {course_id!r}.")
    if (due_date is None) == (due_days is None):
        raise ValidationFailed("Give either a due date or a number of days, not both.")
    if due_days is not None and not 0 <= due_days <= 3650:
        raise ValidationFailed("The number of days must be between 0 and 3650.")
    if due_date is not None and due_date < utcnow().date():
        raise ValidationFailed("The due date is in the past.")
    row = Assignment(course_id=course_id, scope=scope, due_date=due_date, due_days=due_days, source="hr",
                     created_by=actor.id, created_at=utcnow())  # fmt: skip
    if scope == "department":
        if not department or not department.strip():
            raise ValidationFailed("Choose a department.")
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
        raise NotFound("No such active assignment.")
    row.removed_at, row.removed_by = utcnow(), actor.id
    db.session.commit()
    return row


def listing(include_removed: bool = False) -> list[Assignment]:
    query = select(Assignment).order_by(Assignment.course_id, Assignment.created_at)
    if not include_removed:
        query = query.where(active())
    return list(db.session.scalars(query))
