"""People: CSV import from the HR system, passwords and sign-in."""

import contextlib
import csv
import io
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_app_context
from sqlalchemy import select, update

from training.db import db, utcnow
from training.errors import ValidationFailed
from training.i18n import LANGUAGES
from training.models import ROLES, Person, User

CSV_COLUMNS = ["email", "name", "department", "manager_email", "role"]
# Columns a file may have besides: `language` sets a person's interface language (empty: unchanged).
OPTIONAL_COLUMNS = ["language"]
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


class _PasswordHasher:
    """argon2id with the library's current recommended parameters, as `PasswordHasher()` has them.

    An app with both TESTING and FAST_PASSWORD_HASHES set (the test suite's) gets argon2's
    cheapest parameters instead, so creating and signing in people does not dominate the tests'
    time. Neither setting is read from the environment: a deployment always hashes at full cost.
    """

    def __init__(self):
        full, fast = PasswordHasher(), PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        # Each with a dummy hash of its own cost: an unknown address takes as long as a known one.
        dummy = "a password nobody has, to even out timing"
        self._full = (full, full.hash(dummy))
        self._fast = (fast, fast.hash(dummy))

    def _current(self) -> tuple[PasswordHasher, str]:
        config = current_app.config if has_app_context() else {}
        return self._fast if config.get("TESTING") and config.get("FAST_PASSWORD_HASHES") else self._full

    def hash(self, password: str) -> str:
        return self._current()[0].hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        return self._current()[0].verify(password_hash, password)

    def check_needs_rehash(self, password_hash: str) -> bool:
        return self._current()[0].check_needs_rehash(password_hash)

    def verify_dummy(self, password: str) -> None:
        """Spend as long as verifying a real hash would; the answer is always no."""
        hasher, dummy = self._current()
        with contextlib.suppress(VerificationError):
            hasher.verify(dummy, password)


_hasher = _PasswordHasher()


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def normalise_email(value: str) -> str:
    """Return the address in canonical form or raise ValueError with the reason."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None


def parse_roles(value: str) -> str:
    """Turn "hr; editor" into "employee editor hr"; raise ValueError for unknown roles."""
    roles = {r.strip().lower() for r in value.replace(";", " ").replace(",", " ").split()}
    unknown = roles - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role {', '.join(sorted(unknown))!r} (allowed: {', '.join(ROLES)})")
    return " ".join(sorted(roles | {"employee"}))


DELIMITERS = {",": "','", ";": "';'", "\t": "tabs"}


def read_csv(data: bytes) -> list[dict]:
    """Parse and validate the CSV; raise ValidationFailed listing every bad row by line."""
    return _read_csv(data)[0]


def read_csv_lines(data: bytes) -> tuple[list[dict], dict[str, int]]:
    """Parse and validate the CSV as `read_csv` does; return the rows and each address's line."""
    return _read_csv(data)


def _read_csv(data: bytes) -> tuple[list[dict], dict[str, int]]:
    """Return the cleaned rows and the line of each email address."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationFailed("the file is not UTF-8", [f"line {line}: not valid UTF-8"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        problem = f"line 1: missing column(s) {', '.join(missing)}"
        first_line = text.partition("\n")[0]
        if hint := next((name for d, name in DELIMITERS.items() if d != "," and d in first_line), None):
            problem += (f"; this file seems to use {hint} between columns, which is fine, "
                        f"but its first line must name every column: {', '.join(CSV_COLUMNS)}")  # fmt: skip
        raise ValidationFailed("bad header", [problem])
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        # DictReader would keep only the last of them, silently.
        problem = f"line 1: column(s) {', '.join(repeated)} appear more than once; keep one of each"
        raise ValidationFailed("bad header", [problem])
    reader.fieldnames = header
    rows, problems, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        try:
            rows.append(_clean_row(row, line, seen))
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise ValidationFailed(f"{len(problems)} bad row(s); nothing was imported", problems)
    return rows, seen


def _delimiter(text: str) -> str:
    """Return the delimiter whose split of the first line names every column (Excel may use ';')."""
    first_line = text.partition("\n")[0]
    for delimiter in DELIMITERS:
        names = {name.strip().strip('"').lower() for name in first_line.split(delimiter)}
        if names >= set(CSV_COLUMNS):
            return delimiter
    return ","


def _clean_row(row: dict, line: int, seen: dict[str, int]) -> dict:
    if None in row:
        raise ValueError("too many fields")
    values = {c: (row.get(c) or "").strip() for c in CSV_COLUMNS + OPTIONAL_COLUMNS}
    email = _email_in(values, "email") if values["email"] else None
    if not email:
        raise ValueError("email is empty")
    if email in seen:
        raise ValueError(f"duplicate email {email} (first on line {seen[email]})")
    seen[email] = line
    if not values["name"]:
        raise ValueError("name is empty")
    manager = _email_in(values, "manager_email") if values["manager_email"] else ""
    if manager == email:
        raise ValueError(f"{email} is named as their own manager")
    cleaned = {
        "email": email, "name": values["name"][:200], "department": values["department"][:100],
        "manager_email": manager, "roles": parse_roles(values["role"]),
    }  # fmt: skip
    if values["language"]:
        cleaned["language"] = parse_language(values["language"])
    return cleaned


def parse_language(value: str) -> str:
    """Turn "de" or "DE" into "de"; raise ValueError for a language the interface does not have."""
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {value!r} (allowed: {', '.join(LANGUAGES)})")
    return code


def _email_in(values: dict, column: str) -> str:
    """Normalise the address in `column`; a bad one is reported with the column's name."""
    try:
        return normalise_email(values[column])
    except ValueError as exc:
        raise ValueError(f"{column} {values[column]!r}: {exc}") from None


def import_csv(data: bytes) -> ImportSummary:
    """Create or update people from the HR CSV in one transaction; all rows or none.

    Moving someone to another department records when (`department_since`).
    """
    rows, lines = _read_csv(data)
    _check_managers(rows, lines)
    summary = ImportSummary()
    existing = {
        u.email: u for u in db.session.scalars(select(User).where(User.email.in_([r["email"] for r in rows])))
    }
    now = utcnow()
    for row in rows:
        user = existing.get(row["email"])
        if user is None:
            db.session.add(User(**row, created_at=now, department_since=now))
            summary.created.append(row["email"])
        elif any(getattr(user, k) != v for k, v in row.items()):
            if user.department != row["department"]:
                user.department_since = now  # a department's "N days" count from the move
            for key, value in row.items():
                setattr(user, key, value)
            summary.updated.append(row["email"])
        else:
            summary.unchanged += 1
    db.session.commit()
    return summary


def _check_managers(rows: list[dict], lines: dict[str, int]) -> None:
    """Refuse a manager_email that is nobody's: neither a person already here nor one in the file."""
    named = {row["manager_email"] for row in rows if row["manager_email"]} - lines.keys()
    known = set(db.session.scalars(select(User.email).where(User.email.in_(named)))) if named else set()
    problems = [
        f"line {lines[row['email']]}: manager_email {row['manager_email']} is nobody's "
        "(no person with that address exists or is in this file)"
        for row in rows
        if row["manager_email"] in named - known
    ]
    if problems:
        raise ValidationFailed(f"{len(problems)} bad row(s); nothing was imported", problems)


def set_language(user: Person, language: str) -> None:
    """Keep the person's interface language ("" for none: their browser's, else the default)."""
    if language and language not in LANGUAGES:
        raise ValidationFailed(f"unknown language {language!r} (the site has {', '.join(LANGUAGES)})")
    db.session.get(User, user.id).language = language
    db.session.commit()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters long.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(f"Passwords must be at most {MAX_PASSWORD_LENGTH} characters long.")


def set_password(email: str, password: str) -> User:
    """Set a person's password (argon2id); raise ValidationFailed if too short or unknown."""
    check_password_rules(password)
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise ValidationFailed(f"No person with the email address {email}.")
    user.password_hash = _hasher.hash(password)
    db.session.commit()
    return user


def create_user(email: str, name: str, password: str, roles: str = "employee", department: str = "") -> User:
    """Create one account with a password (first-run admin, tests, demo data)."""
    check_password_rules(password)
    now = utcnow()
    user = User(email=normalise_email(email), name=name.strip(), roles=parse_roles(roles),
                department=department, password_hash=_hasher.hash(password), created_at=now,
                department_since=now)  # fmt: skip
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active person with these credentials, or None; timing does not reveal which."""
    user, reason = check_credentials(email, password)
    return user if reason is None else None


def check_credentials(email: str, password: str) -> tuple[User | None, str | None]:
    """Return (the person with this address or None, why the sign-in fails or None if it works).

    The reasons are those of `FAILURE_REASONS` except "limited"; timing does not reveal which.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    reason = "unknown_account" if user is None else "no_password" if not user.password_hash else None
    if reason is None and not user.active:
        reason = "deactivated"
    if reason is not None:
        _hasher.verify_dummy(password)
        return user, reason
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return user, "wrong_password"
    if _hasher.check_needs_rehash(user.password_hash):
        # The same password at today's cost: an UPDATE past the ORM, which would end the
        # person's sessions for a changed password_hash (models/people.py).
        new_hash = _hasher.hash(password)
        db.session.execute(update(User).where(User.id == user.id).values(password_hash=new_hash))
        db.session.commit()
    return user, None


def any_users() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None
