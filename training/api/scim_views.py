"""SCIM 2.0 at /scim/v2/: Users, and the three discovery documents; API tokens only.

Access is decided once, here, for every route: a request carries an API token (`Authorization:
Bearer <token>`) as the HR-system API checks them (tokens.authenticate); reading needs the `read`
scope, every other method `write`. Session cookies never authenticate, so there is no CSRF here.
Each use is logged with the token's name and rate-limited per token, as the API is. Every answer
is `application/scim+json`; errors use the SCIM error schema (scim_errors.py).
"""

import re

from flask import Blueprint, g, request, url_for

from training.api import access, scim, scim_docs, scim_errors, scim_patch, tokens
from training.db import db
from training.extensions import csrf
from training.models import User

bp = Blueprint("scim", __name__, url_prefix="/scim/v2")
csrf.exempt(bp)
scim_errors.register(bp)
DEFAULT_COUNT = 100


access.guard(bp)  # the rate limit is checked before require_token


@bp.before_request
def require_token():
    token = access.token()
    if token is None:
        raise scim.ScimError(401, access.refusal())
    scope = "read" if request.method in ("GET", "HEAD") else "write"
    if scope not in token.scope_set:
        raise scim.ScimError(403, f"This API token lacks the {scope!r} scope.")
    tokens.note_use(token)


def _actor() -> User:
    """The admin who made the token: SCIM acts, and is recorded, as them."""
    return db.session.get(User, g.api_token.created_by)


def _user(user: User, status: int = 200):
    location = url_for("scim.get_user", user_id=user.id, _external=True)
    headers = {"Location": location} if status == 201 else {}
    return scim_errors.scim_json(scim.as_resource(user, location), status, headers)


def _number(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not value:
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", value):
        raise scim.ScimError(400, f"{name} must be a whole number.", "invalidValue")
    return int(value)


@bp.get("/Users")
def list_users():
    start = max(1, _number("startIndex", 1))
    count = min(max(0, _number("count", DEFAULT_COUNT)), scim.MAX_COUNT)
    total, rows = scim.page(request.args.get("filter"), start, count)
    resources = [scim.as_resource(u, url_for("scim.get_user", user_id=u.id, _external=True)) for u in rows]
    body = {"schemas": [scim.LIST], "totalResults": total, "startIndex": start}
    return scim_errors.scim_json(body | {"itemsPerPage": len(resources), "Resources": resources})


@bp.get("/Users/<user_id>")
def get_user(user_id: str):
    return _user(scim.find(user_id))


@bp.post("/Users")
def create_user():
    return _user(scim.create(scim.read_user(scim_errors.body())), 201)


@bp.put("/Users/<user_id>")
def replace_user(user_id: str):
    user = scim.find(user_id)
    return _user(scim.replace(_actor(), user, scim.read_user(scim_errors.body())))


@bp.patch("/Users/<user_id>")
def patch_user(user_id: str):
    user = scim.find(user_id)
    return _user(scim_patch.patch(_actor(), user, scim_errors.body()))


@bp.delete("/Users/<user_id>")
def delete_user(user_id: str):
    scim.deactivate(_actor(), scim.find(user_id))
    return "", 204


@bp.get("/ServiceProviderConfig")
def service_provider_config():
    return scim_errors.scim_json(scim_docs.service_provider_config())


@bp.get("/ResourceTypes")
def resource_types():
    return scim_errors.scim_json(scim_docs.listing([scim_docs.resource_type()]))


@bp.get("/Schemas")
def schemas():
    return scim_errors.scim_json(scim_docs.listing(scim_docs.schemas()))
