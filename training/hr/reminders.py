"""The reminders: people about what is due, their managers about what is late, HR's daily digest.

Who is reminded about what comes from `reminder_queries`, on the days of the reminders' calendar
(`cadence`); one email per recipient lists the things of the day. Each thing is recorded as a
SentReminder only after the SMTP server accepted the email, so a second run on the same day skips
what went out and retries what failed.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.accounts import mail
from training.db import db, utcnow
from training.hr import digest as digests
from training.hr.reminder_queries import CourseDue, Person, reminders_due
from training.i18n import in_language, long_date
from training.models import SentReminder, User

TEAM = "team"  # a manager's reminder from the team page: it counts as today's reminder about the course


@dataclass
class RunResult:
    sent: dict[str, int] = field(default_factory=lambda: {"learner": 0, "manager": 0, "digest": 0})
    already_sent: int = 0
    failures: list[mail.MailError] = field(default_factory=list)


def thing(key: str) -> str:
    """What a key is about whatever its due date: "course:basics@2027-01-02" is about "course:basics"."""
    return key.rsplit("@", 1)[0]


def already_sent(today: date, recipient: str | None = None) -> set[tuple[str, str, str]]:
    """Return (recipient, kind, thing) of every reminder accepted today.

    Never two about one thing on one day, even when its due date changed in between; a manager's
    reminder from the team page counts as the person's reminder about that course.
    """
    query = select(SentReminder.recipient, SentReminder.kind, SentReminder.subject_key).where(
        SentReminder.sent_on == today
    )
    if recipient is not None:
        query = query.where(SentReminder.recipient == recipient)
    return {
        (to, "learner", f"course:{key}") if kind == TEAM else (to, kind, thing(key))
        for to, kind, key in db.session.execute(query)
    }


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
    if kind == TEAM and (recipient, "learner", f"course:{key}") in already_sent(today, recipient):
        return False  # send-reminders reminded them about this course today
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
        fresh = [k for k in keys if (recipient, kind, thing(k)) not in self.done]
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


def _learner(person: Person, today: date, language: str):
    def compose(keys):
        courses = [c for c in person.courses if c.key in keys]
        policies = [p for p in person.policies if p.key in keys]
        shown = Person(**{**person.__dict__, "courses": courses, "policies": policies})
        things = len(courses) + len(policies)
        with in_language(language):  # the person's own, else DEFAULT_LANGUAGE
            message = mail.compose(
                person.email,
                ngettext(
                    "Training reminder: %(num)d thing to do",
                    "Training reminder: %(num)d things to do",
                    things,
                ),
                "reminder",
                person=shown,
                today=today,
            )
        summary = "; ".join(
            [f"{c.course_id} {c.status}, due {c.due_date.isoformat()}" for c in courses]
            + [f"acknowledge {p.policy_id} {p.label} by {p.due_by.isoformat()}" for p in policies]
        )
        return message, summary

    return compose


def _manager(manager: str, team: list[tuple[Person, list[CourseDue]]], days: int, language: str):
    def compose(keys):
        fresh = [(p, [c for c in late if c.key in keys]) for p, late in team]
        fresh = [(p, late) for p, late in fresh if late]
        with in_language(language):  # the manager's own, else DEFAULT_LANGUAGE
            message = mail.compose(
                manager,
                ngettext(
                    "Overdue training in your team: %(num)d person",
                    "Overdue training in your team: %(num)d people",
                    len(fresh),
                ),
                "escalation",
                team=fresh,
                days=days,
                team_page=mail.link("/team"),
            )
        return message, "escalated " + "; ".join(
            f"{p.email} {c.course_id}" for p, late in fresh for c in late
        )

    return compose


def _digest(recipient: str, today: date, figures: digests.Digest, language: str):
    totals = figures.totals

    def compose(_keys):
        with in_language(language):  # the recipient's own, else DEFAULT_LANGUAGE
            subject = gettext(
                "Training digest for %(date)s: %(overdue)s overdue, %(outdated)s outdated",
                date=long_date(today), overdue=totals["overdue"].people, outdated=totals["outdated"].people,
            )  # fmt: skip
            if totals["expired"].people:
                subject += gettext(", %(expired)s expired", expired=totals["expired"].people)
            message = mail.compose(
                recipient,
                subject,
                "digest",
                today=today,
                totals=totals,
                overdue=figures.overdue,
                more=figures.more,
                owing=figures.owing,
                dashboard=mail.link("/hr/"),
            )
        return message, ", ".join(f"{s} {n.people} people, {n.courses} courses" for s, n in totals.items())

    return compose


def _languages() -> dict[str, str]:
    """Return the interface language of everyone who chose one, by email address."""
    return dict(db.session.execute(select(User.email, User.language).where(User.language != "")).all())


def send_reminders(today: date | None = None) -> RunResult:
    """Email every reminder of today's calendar not sent yet; a refused email does not stop the rest."""
    today = today or utcnow().date()
    days = int(current_app.config["REMINDER_ESCALATE_DAYS"])
    due = reminders_due(today, days)
    done, digest_to = already_sent(today), digests.recipients()
    figures = digests.gather(today) if digest_to else None
    languages = _languages()
    db.session.commit()  # end the read transaction: no lock is held while the SMTP server answers
    with mail.Mailer() as mailer:
        run = _Run(mailer, today, done, RunResult())
        for person in due.people.values():
            keys = [c.key for c in person.courses] + [p.key for p in person.policies]
            run.deliver(
                "learner", person.email, keys, _learner(person, today, languages.get(person.email, ""))
            )
        for manager, team in due.teams.items():
            keys = [c.key for _, late in team for c in late]
            run.deliver("manager", manager, keys, _manager(manager, team, days, languages.get(manager, "")))
        for recipient in digest_to:
            run.deliver(
                "digest", recipient, [""], _digest(recipient, today, figures, languages.get(recipient, ""))
            )
    return run.result
