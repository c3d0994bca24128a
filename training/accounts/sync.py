"""Provisioning: make the people table equal to the HR system's full list of people.

Joiners are created, movers and renamed people updated, people in the list but deactivated are
reactivated, and with `deactivate_missing` everyone active who is not in the list is deactivated;
their evidence stays. The whole list is checked before anything changes, and it is applied in one
transaction (or, for a dry run, worked out and rolled back). Two people are never deactivated, and
the result says why: the person running the sync, and the last active administrators.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from training.accounts import users
from training.db import db, utcnow
from training.errors import Conflict, ValidationFailed
from training.models import User

FIELDS = ("name", "department", "manager_email", "roles", "language")
SELF = "you are running this sync, and nobody can deactivate their own account"
LAST_ADMIN = "no active administrator would be left"


@dataclass
class Update:
    email: str
    changes: dict[str, tuple[str, str]]  # field: (before, after)


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (email, why it stays active)
    missing: list[str] = field(default_factory=list)  # active, not listed, left alone
    unchanged: int = 0
    dry_run: bool = False


def sync_csv(data: bytes, *, deactivate_missing: bool, dry_run: bool = False, actor: User | None = None):
    """Sync people to the HR CSV (the columns of `users import`); all rows or none."""
    try:
        rows, lines = users.read_csv_lines(data)
    except ValidationFailed as exc:  # the import's checks, said as a sync says it
        said = str(exc).replace("nothing was imported", "nothing was changed")
        raise ValidationFailed(said, exc.problems) from None
    where = {email: f"line {line}" for email, line in lines.items()}
    return sync(rows, where, deactivate_missing=deactivate_missing, dry_run=dry_run, actor=actor)


def sync(
    rows: list[dict],
    where: dict[str, str],
    *,
    deactivate_missing: bool,
    dry_run: bool = False,
    actor: User | None = None,
) -> SyncResult:
    """Apply the checked rows (email, name, department, manager_email, and roles if known).

    `where` names each row's place (a line, an index) for messages. Roles are changed only by rows
    that carry them; new people without them are employees.
    """
    _check_unique(rows, where)
    people = {user.email: user for user in db.session.scalars(select(User))}
    _check_managers(rows, where, people)
    admins = {email for email, user in people.items() if _is_admin(user)}
    result = SyncResult(dry_run=dry_run)
    now = utcnow()
    for row in rows:
        _apply_row(row, people.get(row["email"]), result, now)
    listed = {row["email"] for row in rows}
    _check_admin_left(rows, where, people, admins)
    missing = sorted(e for e, u in people.items() if u.active and e not in listed)
    if deactivate_missing:
        _deactivate(missing, people, listed, actor, result, now)
    else:
        result.missing = missing
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return result


def _check_unique(rows: list[dict], where: dict[str, str]) -> None:
    seen: dict[str, int] = {}
    problems = []
    for n, row in enumerate(rows):
        if row["email"] in seen:
            problems.append(f"{where[row['email']]}: duplicate email {row['email']}")
        seen.setdefault(row["email"], n)
    if problems:  # each row is well formed; together they conflict, as an unknown manager does
        raise Conflict(f"{len(problems)} bad row(s); nothing was changed", problems)


def _check_managers(rows: list[dict], where: dict[str, str], people: dict[str, User]) -> None:
    """Refuse a manager who is neither in the list nor a person here, naming the row."""
    listed = {row["email"] for row in rows}
    problems = [
        f"{where[row['email']]}: manager_email {row['manager_email']} is nobody's "
        "(no person with that address exists or is in the list)"
        for row in rows
        if row["manager_email"] and row["manager_email"] not in listed | people.keys()
    ]
    if problems:
        raise Conflict(f"{len(problems)} bad row(s); nothing was changed", problems)


def _apply_row(row: dict, user: User | None, result: SyncResult, now) -> None:
    values = {name: row[name] for name in FIELDS if row.get(name) is not None}
    if user is None:
        values = {"roles": "employee"} | values
        db.session.add(User(email=row["email"], active=True, created_at=now, department_since=now, **values))
        result.created.append(row["email"])
        return
    changes = {
        name: (getattr(user, name), value) for name, value in values.items() if getattr(user, name) != value
    }
    if "department" in changes:
        user.department_since = now  # a department's "N days" count from the move
    for name, (_, value) in changes.items():
        setattr(user, name, value)
    if not user.active:
        user.active, user.deactivated_at, user.reactivated_at = True, None, now
        result.reactivated.append(user.email)
    if changes:
        result.updated.append(Update(user.email, changes))
    elif user.email not in result.reactivated:
        result.unchanged += 1


def _check_admin_left(rows: list[dict], where: dict[str, str], people: dict[str, User], admins: set) -> None:
    """Refuse rows that take the admin role away from every active administrator (`admins`, before)."""
    demoted = [r for r in rows if r["email"] in admins and "admin" not in r.get("roles", "admin").split()]
    if not demoted:
        return
    if any(_is_admin(u) for u in people.values()) or any("admin" in r.get("roles", "").split() for r in rows):
        return  # someone stays or becomes an administrator (checked against the values just set)
    problems = [
        f"{where[r['email']]}: {r['email']} would lose the admin role, and {LAST_ADMIN}" for r in demoted
    ]
    raise ValidationFailed(f"{len(problems)} bad row(s); nothing was changed", problems)


def _deactivate(missing, people, listed, actor, result: SyncResult, now) -> None:
    staying = [people[e] for e in listed if e in people] + [u for u in db.session.new if isinstance(u, User)]
    admins_left = any(_is_admin(user) for user in staying + [actor])  # the actor always stays
    for email in missing:
        user = people[email]
        if actor is not None and user.id == actor.id:
            result.kept.append((email, SELF))
        elif _is_admin(user) and not admins_left:
            result.kept.append((email, LAST_ADMIN))
        else:
            user.active, user.deactivated_at = False, now
            result.deactivated.append(email)


def _is_admin(user: User | None) -> bool:
    return user is not None and user.active and "admin" in user.roles.split()


def describe(result: SyncResult) -> list[str]:
    """Return the lines that tell what the sync changed (or, for a dry run, would change)."""
    lines = [f"created {email}" for email in result.created]
    for update in result.updated:
        said = "; ".join(
            f"{name} {before!r} -> {after!r}" for name, (before, after) in update.changes.items()
        )
        lines.append(f"updated {update.email}: {said}")
    lines += [f"reactivated {email}" for email in result.reactivated]
    lines += [f"deactivated {email}" for email in result.deactivated]
    lines += [f"not deactivated {email}: {why}" for email, why in result.kept]
    if result.missing:
        lines.append(f"{len(result.missing)} active people are not in the list and were left active "
                     "(--deactivate-missing deactivates them)")  # fmt: skip
    counts = [(len(result.created), "created"), (len(result.updated), "updated"),
              (len(result.reactivated), "reactivated"), (len(result.deactivated), "deactivated"),
              (len(result.kept), "kept"), (result.unchanged, "unchanged")]  # fmt: skip
    lines.append(", ".join(f"{n} {what}" for n, what in counts))
    if result.dry_run:
        lines.append("dry run: nothing was changed")
    return lines
