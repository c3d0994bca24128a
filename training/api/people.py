"""People through the API: a filtered, paged list, and create-or-update by email address."""

from sqlalchemy import func, select

from training.accounts import sync
from training.api import schemas
from training.db import db, utcnow
from training.errors import Conflict
from training.models import User

FIELDS = ("name", "department", "manager_email")


def page(department: str | None, active: bool | None, email: str | None, after: int, limit: int):
    """Return people with an id above `after`, in id order, at most `limit`, and whether more follow."""
    query = select(User).where(User.id > after).order_by(User.id).limit(limit + 1)
    if department is not None:
        query = query.where(User.department == department)
    if active is not None:
        query = query.where(User.active.is_(active))
    if email is not None:
        query = query.where(User.email == email)
    rows = list(db.session.scalars(query))
    return rows[:limit], len(rows) > limit


def upsert(data: schemas.PersonIn) -> tuple[User, bool]:
    """Create the person, or update their name, department, manager and language; return (person, created).

    Sending the same person again changes nothing. Roles and passwords are never set here:
    people get the employee role and choose a password from an invitation.
    """
    manager = data.manager_email
    if (
        manager
        and manager != data.email
        and not db.session.scalar(select(User.id).where(User.email == manager))
    ):
        raise Conflict(f"manager_email {data.manager_email} is nobody's: no person has that address.")
    user = db.session.scalar(select(User).where(User.email == data.email))
    now = utcnow()
    values = {name: getattr(data, name) for name in FIELDS}
    if data.language is not None:  # not sent: the person's own choice stays
        values["language"] = data.language
    if user is None:
        user = User(email=data.email, roles="employee", created_at=now, department_since=now, **values)
        db.session.add(user)
        db.session.commit()
        return user, True
    if user.department != data.department:
        user.department_since = now  # a department's "N days" count from the move
    for name, value in values.items():
        setattr(user, name, value)
    db.session.commit()
    return user, False


def departments() -> list[tuple[str, int]]:
    """Return (department, active people) for every department that has someone in it."""
    query = (
        select(User.department, func.count(User.id).filter(User.active.is_(True)))
        .where(User.department != "")
        .group_by(User.department)
        .order_by(User.department)
    )
    return [tuple(row) for row in db.session.execute(query)]


def as_schema(user: User) -> schemas.Person:
    return schemas.Person(
        id=user.id,
        email=user.email,
        name=user.name,
        department=user.department,
        manager_email=user.manager_email,
        language=user.language or None,
        roles=sorted(user.role_set),
        active=user.active,
        created_at=user.created_at,
        deactivated_at=user.deactivated_at,
    )


def sync_schema(result: sync.SyncResult) -> schemas.SyncResult:
    updated = [
        schemas.PersonChange(
            email=u.email,
            changes={k: schemas.FieldChange(before=old, after=new) for k, (old, new) in u.changes.items()},
        )
        for u in result.updated
    ]
    return schemas.SyncResult(
        created=result.created,
        updated=updated,
        reactivated=result.reactivated,
        deactivated=result.deactivated,
        kept=[schemas.KeptActive(email=e, reason=why) for e, why in result.kept],
        unchanged=result.unchanged,
        dry_run=result.dry_run,
    )
