"""SCIM 2.0 users (RFC 7643/7644), the subset Entra ID and Okta use: people as SCIM User resources.

userName is the person's email address; name.givenName and name.familyName are the two halves of
the one `name` we keep (split at the first space), displayName is that whole name, and the
enterprise extension's department is the department. Deleting a user deactivates them through
HR's own service, so their evidence stays and nobody deactivates themselves (the token's admin,
who is always an active admin, so the last admin is never deactivated either).
"""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from training.accounts.users import normalise_email
from training.db import db, utcnow
from training.hr import people as hr_people
from training.models import User

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
MAX_COUNT = 200
MAX_NAME = 200
MAX_DEPARTMENT = 100
FILTER = re.compile(r'^\s*userName\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


class ScimError(Exception):
    """A SCIM error answer: status, detail and, where RFC 7644 names one, its scimType."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


@dataclass
class Fields:
    """What a SCIM body says about a person; None where it says nothing."""

    email: str | None = None
    given: str | None = None
    family: str | None = None
    display: str | None = None
    department: str | None = None
    active: bool | None = None


def split_name(name: str) -> tuple[str, str]:
    given, _, family = name.strip().partition(" ")
    return given, family.strip()


def as_resource(user: User, location: str) -> dict:
    given, family = split_name(user.name)
    return {
        "schemas": [USER, ENTERPRISE],
        "id": str(user.id),
        "userName": user.email,
        "name": {"formatted": user.name, "givenName": given, "familyName": family},
        "displayName": user.name,
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "active": user.active,
        ENTERPRISE: {"department": user.department},
        "meta": {
            "resourceType": "User",
            "created": user.created_at.isoformat(),
            "location": location,
        },
    }


def find(user_id: str) -> User:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 12 else None
    if user is None:
        raise ScimError(404, f"No user with id {user_id!r}.")
    return user


def page(filter_text: str | None, start_index: int, count: int) -> tuple[int, list[User]]:
    """Return (how many match, the page of people from 1-based `start_index`), in id order."""
    query = select(User)
    if filter_text:
        match = FILTER.match(filter_text)
        if not match:
            raise ScimError(400, 'Only the filter userName eq "address" is supported.', "invalidFilter")
        query = query.where(User.email == match.group(1).replace('\\"', '"').strip().lower())
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(User.id).offset(start_index - 1).limit(count))
    return total, list(rows)


def boolean(value, where: str) -> bool:
    """Accept true/false, and the strings "True"/"False" that Entra ID sends."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ScimError(400, f"{where} must be true or false, not {value!r}.", "invalidValue")


def text(value, where: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value.strip()) > limit:
        raise ScimError(400, f"{where} must be a string of at most {limit} characters.", "invalidValue")
    return value.strip()


def email(value, where: str = "userName") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScimError(400, f"{where} is required: the person's email address.", "invalidValue")
    try:
        return normalise_email(value)
    except ValueError as exc:
        raise ScimError(400, f"{where} is not an email address: {exc}", "invalidValue") from None


def read_user(body) -> Fields:
    """Read a full User resource (POST, PUT); raise ScimError naming the first bad attribute."""
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object: a SCIM User resource.", "invalidSyntax")
    name = body.get("name") or {}
    extension = body.get(ENTERPRISE) or {}
    if not isinstance(name, dict) or not isinstance(extension, dict):
        raise ScimError(400, "name and the enterprise extension must be objects.", "invalidSyntax")
    active = body.get("active")
    return Fields(
        email=email(body.get("userName")),
        given=text(name.get("givenName"), "name.givenName", MAX_NAME),
        family=text(name.get("familyName"), "name.familyName", MAX_NAME),
        display=text(body.get("displayName"), "displayName", MAX_NAME) or None,
        department=text(extension.get("department"), f"{ENTERPRISE}:department", MAX_DEPARTMENT),
        active=None if active is None else boolean(active, "active"),
    )


def full_name(fields: Fields, fallback: str) -> str:
    name = fields.display or " ".join(p for p in (fields.given, fields.family) if p) or fallback
    if len(name) > MAX_NAME:
        raise ScimError(400, f"The name must be at most {MAX_NAME} characters.", "invalidValue")
    return name


def _check_unique(address: str, user: User | None) -> None:
    other = db.session.scalar(select(User.id).where(User.email == address))
    if other is not None and (user is None or other != user.id):
        raise ScimError(409, f"userName {address} is already taken by another user.", "uniqueness")


def create(fields: Fields) -> User:
    """Create the person as an employee (roles and passwords are never set through SCIM)."""
    _check_unique(fields.email, None)
    now = utcnow()
    user = User(
        email=fields.email,
        name=full_name(fields, fields.email.partition("@")[0]),
        department=fields.department or "",
        roles="employee",
        active=fields.active is not False,
        deactivated_at=now if fields.active is False else None,
        created_at=now,
        department_since=now,
    )
    db.session.add(user)
    db.session.commit()
    return user


def apply(actor: User, user: User, fields: Fields, name: str | None) -> User:
    """Set what `fields` says on the person in one transaction; `active` through HR's service."""
    if fields.email is not None and fields.email != user.email:
        _check_unique(fields.email, user)
        user.email = fields.email
    if name is not None:
        user.name = name
    if fields.department is not None and fields.department != user.department:
        user.department, user.department_since = fields.department, utcnow()
    if fields.active is not None:
        hr_people.set_active(actor, user.id, fields.active)  # commits the changes above with it
    db.session.commit()
    return user


def replace(actor: User, user: User, fields: Fields) -> User:
    """PUT: the resource replaces the person's userName, name and department; active if sent."""
    return apply(actor, user, fields, full_name(fields, user.name))


def deactivate(actor: User, user: User) -> User:
    return hr_people.set_active(actor, user.id, False)
