"""People: accounts, departments and roles, and the one-time links that set a password."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, event, func, select, text
from sqlalchemy.orm import Mapped, aliased, column_property, mapped_column
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE

from training.db import UTCDateTime, db, utcnow

ROLES = ("employee", "hr", "editor", "admin")


class Person(UserMixin):
    """What Flask-Login and the role checks ask of a person, as a row (User) or signed in (SignedIn)."""

    def get_id(self) -> str:
        """Return what the session keeps (Flask-Login): the person's id and session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def role_set(self) -> set[str]:
        return set(self.roles.split())

    def has_role(self, *roles: str) -> bool:
        """Return True if the person holds any of `roles`; admin holds them all."""
        held = self.role_set
        return "admin" in held or bool(held.intersection(roles))

    @property
    def is_active(self) -> bool:
        return self.active


class User(Person, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100), default="", index=True)
    manager_email: Mapped[str] = mapped_column(String(254), default="")
    # Space-separated role names from ROLES; every person is at least an employee.
    roles: Mapped[str] = mapped_column(String(100), default="employee")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Set when HR deactivates the person; their evidence stays. Cleared if they are reactivated.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When HR last reactivated the person; None if never deactivated and reactivated. Together with
    # `created_at` it says since when the account is active: "N days" assignments count from then.
    reactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person joined their current department: department assignments count from then.
    department_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The interface's language ("en", "de"); "" when the person chose none (training/i18n.py).
    language: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # Part of every session cookie (get_id): raising it ends all of the person's sessions.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    # A manager's reports are found by this address ignoring case (training/hr/team.py), on every
    # page the site menu draws; the index lets that lookup skip everyone else. It holds only people
    # who have a manager: where few or none do, an index of everyone's one empty address looked to
    # the planners like no help, and each page read every person (14 ms at 50,000 on SQLite).
    # A lookup uses it only when it also asks for manager_email <> ''.
    __table_args__ = (
        Index(
            "ix_user_account_manager_email_lower",
            func.lower(manager_email),
            sqlite_where=text("manager_email <> ''"),
            postgresql_where=text("manager_email <> ''"),
        ),
    )


def _end_sessions(target: User, value, oldvalue, _initiator) -> None:
    """A changed password, changed roles, deactivation or reactivation ends every session.

    Kept beside the columns so that every way of changing them (CLI, links, HR's pages, the CSV
    import, and any added later) ends the person's sessions without having to remember to.
    """
    if oldvalue not in (NO_VALUE, NEVER_SET) and value != oldvalue:
        target.session_version = (target.session_version or 0) + 1


for _column in (User.password_hash, User.roles, User.active):
    event.listen(_column, "set", _end_sessions, active_history=True)


def reports_of(people, manager_email):
    """The active `people` (User or an alias) who name `manager_email` as their manager, ignoring
    case (`manager_email` lower-cased already: a value or an SQL expression). manager_email <> ''
    adds nothing but lets the lookup use the index, which holds only people with a manager."""
    return (
        people.active.is_(True)
        & (people.manager_email != "")
        & (func.lower(people.manager_email) == manager_email)
    )


_report = aliased(User)
# Whether any active person names this person as their manager (compared ignoring case). Loaded
# only when asked for, or with the signed-in person (training/accounts/sessions.py), whose site
# menu draws the team link on every page: one statement fewer per page than asking apart.
User.manages_anyone = column_property(
    select(_report.id).where(reports_of(_report, func.lower(User.email))).exists(),
    deferred=True,
)


class PasswordToken(db.Model):
    """A single-use, expiring link to set a password (invitation or "forgot password").

    Only a hash of the token is stored, so a database leak does not leak working links.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(10))  # "invite" or "reset"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SignedIn(Person):
    """The signed-in person as their session loaded them (training/accounts/sessions.py): the values
    of their row but the password hash, and whether they manage anyone; read-only.

    Loaded as plain columns, not as a User: in a page that cost a fifth of what the whole load of a
    User did, on every signed-in request. Code that changes the person changes their row, got with
    `db.session.get(User, person.id)`; setting a value here raises AttributeError.
    """

    __slots__ = ("_values",)

    def __init__(self, values) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"the signed-in person is read-only: change their row, not {name!r}")

    def __repr__(self) -> str:
        return f"<SignedIn {self.id}>"

    def values(self) -> tuple:
        """The row's values, in column order: a key for what is drawn for this person as they are."""
        return tuple(self._values.values())


# Every column of a person's row that SignedIn carries: all but the password hash.
SIGNED_IN_COLUMNS = tuple(c for c in User.__table__.columns if c.key != "password_hash")
