"""Who needs a reminder today, and for what: set-based queries over the status query.

One query finds every active person's overdue, outdated and expired courses and those due again
(a course with `recertify_every`, from `due_days` before it expires), one finds the policy
versions people still have to acknowledge; the number of queries does not grow with people.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, case, func, literal, or_, select

from training.accounts import mail
from training.content import versions
from training.db import db
from training.models import Acknowledgement, ItemVersion, PolicyVersion, User
from training.status import query as status_query


@dataclass
class CourseDue:
    course_id: str
    title: str
    status: str  # "overdue", "outdated", "expired" or "due_again" (completed, to recertify soon)
    due_date: date
    days_late: int
    url: str


@dataclass
class PolicyDue:
    policy_id: str
    title: str
    label: str
    due_by: date
    url: str


@dataclass
class Person:
    user_id: int
    email: str
    name: str
    department: str
    manager_email: str
    courses: list[CourseDue] = field(default_factory=list)
    policies: list[PolicyDue] = field(default_factory=list)


def _person(people: dict[int, Person], row) -> Person:
    if row.user_id not in people:
        people[row.user_id] = Person(row.user_id, row.email, row.name, row.department, row.manager_email)
    return people[row.user_id]


def courses_due(today: date):
    """One query: every active person's overdue, outdated, expired and due-again courses, and manager."""
    rows = status_query.status_query(today)
    again = and_(rows.c.status == "completed", rows.c.renew_from <= today)
    return db.session.execute(
        select(
            rows.c.user_id,
            rows.c.email,
            rows.c.name,
            rows.c.department,
            User.manager_email,
            rows.c.course_id,
            case((again, literal("due_again")), else_=rows.c.status).label("status"),
            rows.c.due_date,
        )
        .join(User, User.id == rows.c.user_id)
        .where(or_(rows.c.status.in_(("overdue", "outdated", "expired")), again), User.active.is_(True))
        .order_by(rows.c.email, rows.c.due_date, rows.c.course_id)
    ).all()


def courses_by_policy(states: dict[str, status_query.CourseState]) -> dict[str, set[str]]:
    """Return {policy_id: ids of the courses whose current items cover a section of it}."""
    items = versions.current_all(ItemVersion)
    result: dict[str, set[str]] = defaultdict(set)
    for course_id, state in states.items():
        for item_id in state.version.items:
            for covered in items[item_id].covers if item_id in items else []:
                result[covered.split("#")[0]].add(course_id)
    return result


def acknowledgements_owed(today: date, states: dict[str, status_query.CourseState]):
    """One query: (person, policy) for everyone assigned a course covering a policy whose newest
    version that asked for retraining they have not acknowledged (what policies.owed says per person).
    """
    mapping = courses_by_policy(states)
    if not mapping:
        return []
    rows = status_query.status_query(today)
    required = (
        select(PolicyVersion.policy_id, func.max(PolicyVersion.number).label("number"))
        .where(PolicyVersion.retrain.is_(True))
        .group_by(PolicyVersion.policy_id)
        .subquery()
    )
    acked = (
        select(
            Acknowledgement.user_id, Acknowledgement.policy_id, func.max(PolicyVersion.number).label("number")
        )
        .join(PolicyVersion, PolicyVersion.id == Acknowledgement.policy_version_id)
        .group_by(Acknowledgement.user_id, Acknowledgement.policy_id)
        .subquery()
    )
    covers = or_(
        *(
            and_(required.c.policy_id == policy_id, rows.c.course_id.in_(sorted(course_ids)))
            for policy_id, course_ids in sorted(mapping.items())
        )
    )
    return db.session.execute(
        select(
            rows.c.user_id,
            rows.c.email,
            rows.c.name,
            rows.c.department,
            User.manager_email,
            required.c.policy_id,
        )
        .distinct()
        .select_from(rows)
        .join(User, User.id == rows.c.user_id)
        .join(required, covers)
        .outerjoin(acked, and_(acked.c.user_id == rows.c.user_id, acked.c.policy_id == required.c.policy_id))
        .where(or_(acked.c.number.is_(None), acked.c.number < required.c.number), User.active.is_(True))
        .order_by(rows.c.email, required.c.policy_id)
    ).all()


def acknowledge_by(version: PolicyVersion) -> date:
    """The date by which people should acknowledge a version: its grace days after it applies."""
    return max(version.effective, version.created_at.date()) + timedelta(days=version.grace_days)


def people_to_remind(today: date) -> dict[int, Person]:
    """Return everyone who needs a reminder today, with what they owe."""
    states = status_query.course_states()
    people: dict[int, Person] = {}
    for row in courses_due(today):
        title = states[row.course_id].version.title if row.course_id in states else row.course_id
        _person(people, row).courses.append(
            CourseDue(
                row.course_id,
                title,
                row.status,
                row.due_date,
                (today - row.due_date).days,
                mail.link(f"/courses/{row.course_id}"),
            )
        )
    owed = acknowledgements_owed(today, states)
    policies = versions.current_all(PolicyVersion) if owed else {}
    for row in owed:
        version = policies[row.policy_id]
        _person(people, row).policies.append(
            PolicyDue(
                row.policy_id,
                version.title,
                version.label,
                acknowledge_by(version),
                mail.link(f"/policies/{row.policy_id}"),
            )
        )
    return people


def escalations(people: dict[int, Person], today: date, days: int) -> dict[str, list[tuple[Person, list]]]:
    """Return {manager email: [(person, their courses overdue by `days` or more)]}."""
    teams: dict[str, list[tuple[Person, list]]] = defaultdict(list)
    for person in people.values():
        late = [c for c in person.courses if c.status in ("overdue", "expired") and c.days_late >= days]
        if late and person.manager_email:
            teams[person.manager_email].append((person, late))
    inactive = set(
        db.session.scalars(select(User.email).where(User.active.is_(False), User.email.in_(list(teams))))
    )
    return {manager: team for manager, team in sorted(teams.items()) if manager not in inactive}


def digest_recipients() -> list[str]:
    """HR_DIGEST_TO (comma-separated), or every active person with the hr role."""
    configured = current_app.config.get("HR_DIGEST_TO", "")
    if configured.strip():
        return list(dict.fromkeys(a.strip() for a in configured.replace(";", ",").split(",") if a.strip()))
    padded = literal(" ") + User.roles + literal(" ")
    return list(
        db.session.scalars(
            select(User.email).where(User.active.is_(True), padded.like("% hr %")).order_by(User.email)
        )
    )


def status_totals(today: date) -> dict[str, int]:
    rows = status_query.status_query(today)
    counts = dict(db.session.execute(select(rows.c.status, func.count()).group_by(rows.c.status)).all())
    return {status: counts.get(status, 0) for status in status_query.STATUSES}
