"""One person as HR sees them: courses, items, attempts, acknowledgements; deactivating."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from training.db import db, utcnow
from training.errors import Forbidden, NotFound, ValidationFailed
from training.models import Acknowledgement, Attempt, AttemptResult, PolicyVersion, User
from training.services import attempts, learning


@dataclass
class PersonCourse:
    view: learning.CourseView
    # {quiz item id: [(attempt, result or None)], newest first}
    attempts: dict[str, list[tuple[Attempt, AttemptResult | None]]] = field(default_factory=dict)


@dataclass
class PersonRecord:
    user: User
    assigned: list[PersonCourse]
    other: list[PersonCourse]  # courses not assigned (any more) on which they did something
    acknowledgements: list[tuple[Acknowledgement, str]]  # with the policy version's title


def person_record(user_id: int) -> PersonRecord:
    """Gather what HR needs to see about one person; deactivated people included."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    assigned, others = learning.my_courses(user)
    started = [view for view in others if view.status != "not_started"]
    return PersonRecord(
        user=user,
        assigned=[_with_attempts(user, view) for view in assigned],
        other=[_with_attempts(user, view) for view in started],
        acknowledgements=acknowledgements(user.id),
    )


def _with_attempts(user: User, view: learning.CourseView) -> PersonCourse:
    quizzes = [item.id for item in view.items if item.kind == "quiz"]
    return PersonCourse(view, {item_id: attempts.history(user, item_id) for item_id in quizzes})


def acknowledgements(user_id: int) -> list[tuple[Acknowledgement, str]]:
    """Return the person's acknowledgements, newest first, with the policy version's title."""
    rows = db.session.execute(
        select(Acknowledgement, PolicyVersion.title)
        .join(PolicyVersion, PolicyVersion.id == Acknowledgement.policy_version_id)
        .where(Acknowledgement.user_id == user_id)
        .order_by(Acknowledgement.acknowledged_at.desc(), Acknowledgement.id.desc())
    )
    return [tuple(row) for row in rows]


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivate or reactivate a person; their records are kept either way.

    A deactivated person cannot sign in and is no longer counted in any status. Only an admin
    may deactivate an admin, and nobody can deactivate themselves.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such person.")
    if not active and user.id == actor.id:
        raise ValidationFailed("You cannot deactivate your own account.")
    if "admin" in user.role_set and "admin" not in actor.role_set:
        raise Forbidden("Only an administrator can change an administrator's account.")
    if user.active != active:
        user.active = active
        user.deactivated_at = None if active else utcnow()
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
