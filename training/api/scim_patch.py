"""SCIM PATCH of a user: the operations Entra ID and Okta send, checked whole before any is applied.

Supported: `replace` (and `add`, which means the same for single values) of active, userName,
displayName, name.givenName, name.familyName and the enterprise department, with a path or as a
value object without one; `remove` of the department. Anything else is refused, nothing changed.
"""

from training.api import scim
from training.models import User

PATHS = {
    "active",
    "username",
    "displayname",
    "name.givenname",
    "name.familyname",
    "name.formatted",
    f"{scim.ENTERPRISE.lower()}:department",
}


def _flatten(value) -> list[tuple[str, object]]:
    """Turn a path-less value object into (path, value) pairs: {"name": {"givenName": x}} too."""
    if not isinstance(value, dict):
        raise scim.ScimError(400, "An operation without a path needs an object as its value.", "invalidValue")
    pairs = []
    for key, item in value.items():
        if isinstance(item, dict) and key.lower() in ("name", scim.ENTERPRISE.lower()):
            joiner = "." if key.lower() == "name" else ":"
            pairs += [(f"{key}{joiner}{sub}", inner) for sub, inner in item.items()]
        else:
            pairs.append((key, item))
    return pairs


def _changes(body) -> list[tuple[str, object]]:
    """Read the operations into (lower-case path, value) pairs; removing gives the value None."""
    if not isinstance(body, dict) or scim.PATCH not in (body.get("schemas") or []):
        raise scim.ScimError(400, f"A PATCH body must name the schema {scim.PATCH}.", "invalidSyntax")
    operations = body.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise scim.ScimError(400, "A PATCH body needs a list of Operations.", "invalidSyntax")
    changes = []
    for n, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise scim.ScimError(400, f"Operations[{n}] must be an object.", "invalidSyntax")
        op, path = str(operation.get("op", "")).lower(), operation.get("path")
        if op not in ("add", "replace", "remove"):
            raise scim.ScimError(400, f"Operations[{n}]: op must be add, replace or remove.", "invalidSyntax")
        if op == "remove":
            pairs = [(path, None)]
        else:
            pairs = [(path, operation.get("value"))] if path else _flatten(operation.get("value"))
        for where, value in pairs:
            where = str(where or "").lower()
            if where not in PATHS or (op == "remove" and not where.endswith(":department")):
                raise scim.ScimError(
                    400, f"Operations[{n}]: cannot {op} {where or 'nothing'}.", "invalidPath"
                )
            changes.append((where, value))
    return changes


def patch(actor: User, user: User, body) -> User:
    """Apply the operations to the person in one transaction, or none of them."""
    fields = scim.Fields()
    given, family = scim.split_name(user.name)
    name = None
    for path, value in _changes(body):
        if path == "active":
            fields.active = scim.boolean(value, "active")
        elif path == "username":
            fields.email = scim.email(value)
        elif path in ("displayname", "name.formatted"):
            name = scim.text(value, path, scim.MAX_NAME) or user.name
        elif path == "name.givenname":
            given = scim.text(value, "name.givenName", scim.MAX_NAME)
        elif path == "name.familyname":
            family = scim.text(value, "name.familyName", scim.MAX_NAME)
        else:
            fields.department = scim.text(value, "department", scim.MAX_DEPARTMENT)
    if name is None and (given, family) != scim.split_name(user.name):
        name = scim.full_name(scim.Fields(given=given, family=family), user.name)
    return scim.apply(actor, user, fields, name)
