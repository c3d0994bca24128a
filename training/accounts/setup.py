"""First run: a one-time link that lets the installer create the first admin account."""

import os
import secrets
from pathlib import Path

from training.accounts import users
from training.models import User

TOKEN_FILE = "setup_token"  # noqa: S105 - a file name, not a secret


def current_token(instance_path: str) -> str | None:
    path = Path(instance_path) / TOKEN_FILE
    return path.read_text().strip() if path.exists() else None


def issue_token(instance_path: str) -> str:
    """Return the setup token, creating it (readable by the owner only) if needed."""
    path = Path(instance_path) / TOKEN_FILE
    if existing := current_token(instance_path):
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
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
