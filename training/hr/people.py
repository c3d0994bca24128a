"""One person as HR sees them: courses, items, attempts, acknowledgements; deactivating."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from training.certificates import records as certificate_records
from training.db import db, utcnow
from training.errors import Forbidden, NotFound, ValidationFailed
from training.i18n import N_
from training.learning import acknowledgements as policies
from training.learning import attempts, replies
from training.learning import courses as learning
from training.models import (
    Acknowledgement,
    Attempt,
    AttemptResult,
    Completion,
    ItemVersion,
    PolicyVersion,
    User,
)
from training.status import due_extensions


@dataclass
class PersonCourse:
    view: learning.CourseView
    # {quiz item id: [(attempt, result or None)], newest first}
    attempts: dict[str, list[tuple[Attempt, AttemptResult | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemCompletion:
    """A person's latest completion of an item: when, and against which version of it."""

    completed_at: datetime
    version: int  # the item version's number
    fingerprint: str  # of the item and the policy sections it covered at that moment
    score: int | None


@dataclass
class PersonRecord:
    user: User
    assigned: list[PersonCourse]
    other: list[PersonCourse]  # courses not assigned (any more) on which they did something
    acknowledgements: list[tuple[Acknowledgement, str, date]]  # with the version's title and effective date
    completions: dict[str, ItemCompletion] = field(default_factory=dict)  # by item id
    owed: list[PolicyVersion] = field(default_factory=list)  # current versions still to acknowledge
    extensions: dict[str, list[due_extensions.ExtensionRow]] = field(default_factory=dict)  # by course id
    # {attempt id: {draft step id: how many drafts, and whether the first was safe}}
    drafts: dict[int, dict[str, replies.DraftOutcome]] = field(default_factory=dict)
    certificates: list[certificate_records.CertificateView] = field(default_factory=list)  # newest first


def person_record(user_id: int) -> PersonRecord:
    """Gather what HR needs to see about one person; deactivated people included."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    assigned, others = learning.my_courses(user)
    started = [view for view in others if view.status != "not_started"]
    item_ids = [item.id for view in assigned + started for item in view.items]
    courses = [_with_attempts(user, view) for view in assigned + started]
    attempt_ids = [a.id for course in courses for tries in course.attempts.values() for a, _ in tries]
    return PersonRecord(
        user=user,
        assigned=courses[: len(assigned)],
        other=courses[len(assigned) :],
        acknowledgements=acknowledgements(user.id),
        completions=latest_completions(user.id, item_ids),
        owed=policies.owed(user) if user.active else [],
        extensions=due_extensions.history(user.id),
        drafts=replies.outcomes(attempt_ids),
        certificates=certificate_records.for_person(user.id),
    )


def latest_completions(user_id: int, item_ids: list[str]) -> dict[str, ItemCompletion]:
    """Return the person's latest completion of each of these items, with the item's version."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(Completion.item_id, Completion.completed_at, ItemVersion.number, Completion.fingerprint,
               Completion.score)
        .join(ItemVersion, ItemVersion.id == Completion.item_version_id)
        .where(Completion.user_id == user_id, Completion.item_id.in_(item_ids))
        .order_by(Completion.completed_at, Completion.id)
    )  # fmt: skip
    return {item_id: ItemCompletion(*rest) for item_id, *rest in rows}  # the latest one stays


def _with_attempts(user: User, view: learning.CourseView) -> PersonCourse:
    quizzes = [item.id for item in view.items if item.kind == "quiz"]
    return PersonCourse(view, {item_id: attempts.history(user, item_id) for item_id in quizzes})


def acknowledgements(user_id: int) -> list[tuple[Acknowledgement, str, date]]:
    """Return the person's acknowledgements, newest first, with the version's title and effective date."""
    rows = db.session.execute(
        select(Acknowledgement, PolicyVersion.title, PolicyVersion.effective)
        .join(PolicyVersion, PolicyVersion.id == Acknowledgement.policy_version_id)
        .where(Acknowledgement.user_id == user_id)
        .order_by(Acknowledgement.acknowledged_at.desc(), Acknowledgement.id.desc())
    )
    return [tuple(row) for row in rows]


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivate or reactivate a person; their records are kept either way.

    A deactivated person cannot sign in and is no longer counted in any status; once reactivated,
    their "N days" assignments count from the reactivation. Only an admin may deactivate an admin,
    and nobody can deactivate themselves.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    if not active and user.id == actor.id:
        raise ValidationFailed(N_("You cannot deactivate your own account."))
    if "admin" in user.role_set and "admin" not in actor.role_set:
        raise Forbidden(N_("Only an administrator can change an administrator's account."))
    if user.active != active:
        user.active = active
        user.deactivated_at = None if active else utcnow()
        if active:
            user.reactivated_at = utcnow()  # their "N days" assignments count afresh from now
        db.session.commit()
    return user


def inactive_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.active.is_(False)))


def inactive_people(offset: int = 0, limit: int = 50) -> list[User]:
    """Return deactivated people, most recently deactivated first."""
    query = (
        select(User)
        .where(User.active.is_(False))
        .order_by(User.deactivated_at.desc().nulls_last(), User.email)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))
