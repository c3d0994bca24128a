"""Daily reminders: people who are overdue, outdated or owe an acknowledgement, their managers, HR.

Who needs what is found with set-based queries over the status query (one for courses, one for
acknowledgements); one email per recipient is composed from those rows. An email is recorded as
a SentReminder only after the SMTP server accepted it, so a run on the same day skips what went
out and retries what failed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from training.db import db, utcnow
from training.models import Acknowledgement, ItemVersion, PolicyVersion, SentReminder, User
from training.services import mail, progress
from training.services.fingerprints import current_versions

DIGEST_LIST_LIMIT = 200  # overdue rows listed in HR's digest; the dashboard has the rest


@dataclass
class CourseDue:
    course_id: str
    title: str
    status: str  # "overdue" or "outdated"
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


@dataclass
class RunResult:
    sent: dict[str, int] = field(default_factory=lambda: {"learner": 0, "manager": 0, "digest": 0})
    already_sent: int = 0
    failures: list[mail.MailError] = field(default_factory=list)


def _person(people: dict[int, Person], row) -> Person:
    if row.user_id not in people:
        people[row.user_id] = Person(row.user_id, row.email, row.name, row.department, row.manager_email)
    return people[row.user_id]


def courses_due(today: date):
    """One query: every active person's overdue and outdated courses, with their manager."""
    rows = progress.status_query(today)
    return db.session.execute(
        select(
            rows.c.user_id,
            rows.c.email,
            rows.c.name,
            rows.c.department,
            User.manager_email,
            rows.c.course_id,
            rows.c.status,
            rows.c.due_date,
        )
        .join(User, User.id == rows.c.user_id)
        .where(rows.c.status.in_(("overdue", "outdated")), User.active.is_(True))
        .order_by(rows.c.email, rows.c.due_date, rows.c.course_id)
    ).all()


def courses_by_policy(states: dict[str, progress.CourseState]) -> dict[str, set[str]]:
    """Return {policy_id: ids of the courses whose current items cover a section of it}."""
    items = current_versions(ItemVersion, ItemVersion.item_id)
    result: dict[str, set[str]] = defaultdict(set)
    for course_id, state in states.items():
        for item_id in state.version.items:
            for covered in items[item_id].covers if item_id in items else []:
                result[covered.split("#")[0]].add(course_id)
    return result


def acknowledgements_owed(today: date, states: dict[str, progress.CourseState]):
    """One query: (person, policy) for everyone assigned a course covering a policy whose newest
    version that asked for retraining they have not acknowledged (what policies.owed says per person).
    """
    mapping = courses_by_policy(states)
    if not mapping:
        return []
    rows = progress.status_query(today)
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
    states = progress.course_states()
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
    policies = current_versions(PolicyVersion, PolicyVersion.policy_id) if owed else {}
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
        late = [c for c in person.courses if c.status == "overdue" and c.days_late >= days]
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
    rows = progress.status_query(today)
    counts = dict(db.session.execute(select(rows.c.status, func.count()).group_by(rows.c.status)).all())
    return {status: counts.get(status, 0) for status in progress.STATUSES}


def already_sent(today: date) -> set[tuple[str, str, str]]:
    rows = db.session.execute(
        select(SentReminder.recipient, SentReminder.kind, SentReminder.subject_key).where(
            SentReminder.sent_on == today
        )
    )
    return {tuple(r) for r in rows}


def _record(recipient: str, kind: str, keys: list[str], today: date, summary: str) -> None:
    """Remember that the server accepted this email; a concurrent run may have recorded it first."""
    for key in keys:
        try:
            with db.session.begin_nested():
                db.session.add(
                    SentReminder(
                        recipient=recipient,
                        kind=kind,
                        subject_key=key,
                        sent_on=today,
                        summary=summary,
                        sent_at=utcnow(),
                    )
                )
        except IntegrityError:
            pass
    db.session.commit()


@dataclass
class _Run:
    mailer: mail.Mailer
    today: date
    done: set[tuple[str, str, str]]
    result: RunResult

    def deliver(self, kind: str, recipient: str, keys: list[str], compose) -> None:
        """Send `compose(keys not yet sent today)` unless every key went out already today."""
        fresh = [k for k in keys if (recipient, kind, k) not in self.done]
        if not fresh:
            self.result.already_sent += 1
            return
        message, summary = compose(fresh)
        try:
            self.mailer.send(message)
        except mail.MailError as exc:
            self.result.failures.append(exc)
            return
        _record(recipient, kind, fresh, self.today, summary)
        self.result.sent[kind] += 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _learner(person: Person, today: date):
    def compose(_keys):
        things = len(person.courses) + len(person.policies)
        message = mail.compose(
            person.email,
            f"Training reminder: {_plural(things, 'thing')} to do",
            "reminder",
            person=person,
            today=today,
        )
        summary = "; ".join(
            [f"{c.course_id} {c.status}, due {c.due_date.isoformat()}" for c in person.courses]
            + [f"acknowledge {p.policy_id} {p.label} by {p.due_by.isoformat()}" for p in person.policies]
        )
        return message, summary

    return compose


def _manager(manager: str, team: list[tuple[Person, list]], days: int):
    def compose(keys):
        fresh = [(p, late) for p, late in team if str(p.user_id) in keys]
        message = mail.compose(
            manager,
            f"Overdue training in your team: {len(fresh)} {'person' if len(fresh) == 1 else 'people'}",
            "escalation",
            team=fresh,
            days=days,
        )
        return message, "escalated " + ", ".join(p.email for p, _ in fresh)

    return compose


def _digest(recipient: str, today: date, totals: dict, people: dict[int, Person]):
    overdue = sorted(
        ((p, c) for p in people.values() for c in p.courses if c.status == "overdue"),
        key=lambda pc: (-pc[1].days_late, pc[0].email, pc[1].course_id),
    )
    owing = sum(1 for p in people.values() if p.policies)

    def compose(_keys):
        message = mail.compose(
            recipient,
            f"Training digest for {today.isoformat()}: "
            f"{totals['overdue']} overdue, {totals['outdated']} outdated",
            "digest",
            today=today,
            totals=totals,
            overdue=overdue[:DIGEST_LIST_LIMIT],
            more=max(0, len(overdue) - DIGEST_LIST_LIMIT),
            owing=owing,
            dashboard=mail.link("/hr/"),
        )
        return message, ", ".join(f"{s} {n}" for s, n in totals.items())

    return compose


def send_reminders(today: date | None = None) -> RunResult:
    """Email every reminder due today that has not gone out yet; a refused email does not stop the rest."""
    today = today or utcnow().date()
    days = int(current_app.config["REMINDER_ESCALATE_DAYS"])
    people = people_to_remind(today)
    teams = escalations(people, today, days)
    totals = status_totals(today)
    done, digest_to = already_sent(today), digest_recipients()
    db.session.commit()  # end the read transaction: no lock is held while the SMTP server answers
    with mail.Mailer() as mailer:
        run = _Run(mailer, today, done, RunResult())
        for person in people.values():
            run.deliver("learner", person.email, [""], _learner(person, today))
        for manager, team in teams.items():
            run.deliver("manager", manager, [str(p.user_id) for p, _ in team], _manager(manager, team, days))
        for recipient in digest_to:
            run.deliver("digest", recipient, [""], _digest(recipient, today, totals, people))
    return run.result
