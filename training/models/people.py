"""People: accounts, departments and roles."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from training.db import UTCDateTime, db, utcnow

ROLES = ("employee", "hr", "editor", "admin")


class User(UserMixin, db.Model):
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

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
