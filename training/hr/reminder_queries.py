"""Who is reminded today, and about what: set-based queries over the status query.

The status query says what is due (not started, in progress, overdue, outdated, expired, or
completed and due again); the reminders' calendar (`cadence`) says, in the same statement, whether
today is a reminder day for the person or their manager. One query does the courses, one the policy
versions people owe an acknowledgement; the number of queries does not grow with people.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Date, String, and_, case, cast, func, literal, or_, select

from training.accounts import mail
from training.content import versions
from training.db import db
from training.hr import cadence
from training.models import Acknowledgement, ItemVersion, PolicyVersion, User
from training.status import query as status_query
from training.status.sqldates import date_text


@dataclass
class CourseDue:
    course_id: str
    title: str
    status: str  # a status of the status query, or "due_again" (completed, to recertify soon)
    due_date: date
    days_late: int  # negative: days left
    url: str
    key: str = ""  # what the reminder is about, in the record (SentReminder.subject_key)


@dataclass
class PolicyDue:
    policy_id: str
    title: str
    label: str
    due_by: date
    url: str
    key: str = ""


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


DUE = ("not_started", "in_progress", "overdue", "outdated", "expired")  # and completed, due again
LATE = ("overdue", "expired")  # what a manager is told about


def course_reminders(today: date, escalate_days: int):
    """One query: every active person's courses that today is a reminder day about, for them or
    for their manager (`remind`, `escalate`), from the status query and the reminders' calendar."""
    rows = status_query.status_query(today)
    day = literal(today, Date)
    again = and_(rows.c.status == "completed", rows.c.renew_from <= day)
    key = literal("course:") + rows.c.course_id + literal("@") + date_text(rows.c.due_date)
    boss_key = (
        cast(rows.c.user_id, String)
        + literal(":")
        + rows.c.course_id
        + literal("@")
        + date_text(rows.c.due_date)
    )
    due = (
        select(
            rows.c.user_id,
            rows.c.email,
            rows.c.name,
            rows.c.department,
            User.manager_email,
            rows.c.course_id,
            case((again, literal("due_again")), else_=rows.c.status).label("status"),
            rows.c.due_date,
            key.label("key"),
            boss_key.label("boss_key"),
        )
        .join(User, User.id == rows.c.user_id)
        .where(or_(rows.c.status.in_(DUE), again))
        .cte("due")
        .prefix_with("MATERIALIZED")
    )
    last = cadence.last_before(day, "learner", due.c.email, due.c.key)
    told = cadence.last_before(day, "manager", due.c.manager_email, due.c.boss_key)
    learner = select(due, last.label("last"), told.label("told")).subquery()
    last = cadence.with_team_reminder(day, learner.c.last, learner.c.email, learner.c.course_id)
    history = select(*(c for c in learner.c if c.name != "last"), last.label("last")).subquery()
    remind = cadence.reminder_day(day, history.c.due_date, history.c.last, cadence.learner_day, True)
    boss = and_(history.c.status.in_(LATE), history.c.manager_email != "")
    escalate = and_(
        boss,
        cadence.reminder_day(
            day,
            history.c.due_date,
            history.c.told,
            lambda late: cadence.manager_day(late, escalate_days),
            False,
        ),
    )
    flags = (
        case((remind, True), else_=False).label("remind"),
        case((escalate, True), else_=False).label("escalate"),
    )
    return db.session.execute(
        select(history, *flags)
        .where(or_(remind, escalate))
        .order_by(history.c.email, history.c.due_date, history.c.course_id)
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
    owed = owed_statement(today, states)
    return [] if owed is None else db.session.execute(owed).all()


def owed_statement(today: date, states: dict[str, status_query.CourseState]):
    """The statement of `acknowledgements_owed` (None when no course covers a policy)."""
    mapping = courses_by_policy(states)
    if not mapping:
        return None
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
    return (
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
    )


def acknowledge_by(version: PolicyVersion) -> date:
    """The date by which people should acknowledge a version: its grace days after it applies."""
    return max(version.effective, version.created_at.date()) + timedelta(days=version.grace_days)


def policy_reminders(today: date, owed, policies: dict[str, PolicyVersion]):
    """One query: the policy versions owed (`owed_statement`) that today is a reminder day about."""
    owing = owed.subquery()
    due_by = {pid: acknowledge_by(v) for pid, v in policies.items()}
    by = case(*((owing.c.policy_id == pid, literal(d, Date)) for pid, d in due_by.items()))
    key = case(
        *((owing.c.policy_id == pid, literal(f"policy:{pid}@{d.isoformat()}")) for pid, d in due_by.items())
    )
    day = literal(today, Date)
    history = select(
        owing,
        by.label("due_date"),
        key.label("key"),
        cadence.last_before(day, "learner", owing.c.email, key).label("last"),
    ).subquery()
    remind = cadence.reminder_day(day, history.c.due_date, history.c.last, cadence.learner_day, True)
    return db.session.execute(
        select(history).where(remind).order_by(history.c.email, history.c.policy_id)
    ).all()


@dataclass
class Due:
    """Today's reminders: {user id: person and what to remind them of}, {manager: [(report, courses)]}."""

    people: dict[int, Person]
    teams: dict[str, list[tuple[Person, list[CourseDue]]]]


def reminders_due(today: date, escalate_days: int) -> Due:
    """Return everyone whom today is a reminder day for, with what about, and the managers to tell."""
    states = status_query.course_states()
    people: dict[int, Person] = {}
    late: dict[int, list[CourseDue]] = defaultdict(list)
    for row in course_reminders(today, escalate_days):
        title = states[row.course_id].version.title if row.course_id in states else row.course_id
        url = mail.link(f"/courses/{row.course_id}")
        due = CourseDue(
            row.course_id, title, row.status, row.due_date, (today - row.due_date).days, url, row.key
        )
        person = _person(people, row)
        if row.remind:
            person.courses.append(due)
        if row.escalate:
            late[row.user_id].append(CourseDue(**{**due.__dict__, "key": row.boss_key}))
    owed = owed_statement(today, states)
    if owed is not None:
        policies = versions.current_all(PolicyVersion)
        for row in policy_reminders(today, owed, policies):
            version = policies[row.policy_id]
            url = mail.link(f"/policies/{row.policy_id}")
            _person(people, row).policies.append(
                PolicyDue(row.policy_id, version.title, version.label, row.due_date, url, row.key)
            )
    teams = escalations({uid: (people[uid], courses) for uid, courses in late.items()})
    return Due({uid: p for uid, p in people.items() if p.courses or p.policies}, teams)


def people_to_remind(today: date, escalate_days: int = 7) -> dict[int, Person]:
    """Return everyone whom today is a reminder day for, with what about."""
    return reminders_due(today, escalate_days).people


def escalations(late: dict[int, tuple[Person, list[CourseDue]]]) -> dict[str, list[tuple[Person, list]]]:
    """Return {manager email: [(person, their late courses)]}, leaving out deactivated managers."""
    teams: dict[str, list[tuple[Person, list]]] = defaultdict(list)
    for person, courses in late.values():
        teams[person.manager_email].append((person, courses))
    inactive = set(
        db.session.scalars(select(User.email).where(User.active.is_(False), User.email.in_(list(teams))))
    )
    return {manager: team for manager, team in sorted(teams.items()) if manager not in inactive}
