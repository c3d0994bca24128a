"""Daily reminders: people who are overdue, outdated or owe an acknowledgement, their managers, HR.

Who needs what comes from `reminder_queries`; one email per recipient is composed from those
rows. An email is recorded as a SentReminder only after the SMTP server accepted it, so a second
run on the same day skips what went out and retries what failed.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.accounts import mail
from training.db import db, utcnow
from training.hr.reminder_queries import (
    Person,
    digest_recipients,
    escalations,
    people_to_remind,
    status_totals,
)
from training.models import SentReminder

DIGEST_LIST_LIMIT = 200  # overdue rows listed in HR's digest; the dashboard has the rest


@dataclass
class RunResult:
    sent: dict[str, int] = field(default_factory=lambda: {"learner": 0, "manager": 0, "digest": 0})
    already_sent: int = 0
    failures: list[mail.MailError] = field(default_factory=list)


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


def sent_today(kind: str, recipients: set[str], today: date) -> set[tuple[str, str]]:
    """Return (recipient, subject key) of every `kind` email to these recipients accepted today."""
    rows = db.session.execute(
        select(SentReminder.recipient, SentReminder.subject_key).where(
            SentReminder.kind == kind, SentReminder.sent_on == today, SentReminder.recipient.in_(recipients)
        )
    )
    return {tuple(r) for r in rows}


def send_once(kind: str, recipient: str, key: str, message: mail.Message, summary: str, today: date) -> bool:
    """Send one email and record it, unless one of this kind and key went to them today (False).

    Raises mail.MailError when the server refuses it; nothing is recorded then, so it can be retried.
    """
    if (recipient, key) in sent_today(kind, {recipient}, today):
        return False
    db.session.commit()  # end the read transaction: no lock is held while the SMTP server answers
    with mail.Mailer() as mailer:
        mailer.send(message)
    _record(recipient, kind, [key], today, summary)
    return True


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
            team_page=mail.link("/team"),
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
            f"{totals['overdue']} overdue, {totals['outdated']} outdated"
            + (f", {totals['expired']} expired" if totals["expired"] else ""),
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
