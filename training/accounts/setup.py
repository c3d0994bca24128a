"""First run: a one-time link that lets the installer create the first admin account.

The token ends with a fingerprint of the database it was issued for, so that a link printed for one
database does not open another, empty one that the same instance/ folder is later pointed at.
"""

import hashlib
import os
import secrets
from pathlib import Path

from training.accounts import users
from training.db import db
from training.models import User

TOKEN_FILE = "setup_token"  # noqa: S105 - a file name, not a secret


def _database_tag() -> str:
    """A short fingerprint of the database in use: its URL, without the password."""
    url = db.engine.url.render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:12]


def current_token(instance_path: str) -> str | None:
    """Return the setup token issued for this database, or None."""
    path = Path(instance_path) / TOKEN_FILE
    token = path.read_text().strip() if path.exists() else ""
    return token if token.endswith(f".{_database_tag()}") else None


def issue_token(instance_path: str) -> str:
    """Return this database's setup token, creating it (readable by the owner only) if needed."""
    path = Path(instance_path) / TOKEN_FILE
    if existing := current_token(instance_path):
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    token = f"{secrets.token_urlsafe(24)}.{_database_tag()}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token)
    return token


def create_first_admin(instance_path: str, name: str, email: str, password: str) -> User:
    """Create the first account with every role and retire the setup link."""
    if users.any_users():
        raise users.ValidationFailed("An account already exists; sign in instead.")
    user = users.create_user(email, name, password, roles="admin hr editor")
    (Path(instance_path) / TOKEN_FILE).unlink(missing_ok=True)
    return user
