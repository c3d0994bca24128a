"""The HR-system API at /api/v1/: JSON, authenticated by API tokens only.

Access is decided once, here, for every route of this blueprint: a request must carry an API
token (`Authorization: Bearer <token>`) that is known, not revoked, not expired, and made by a
person who is still an admin; each operation then checks the token's scope (spec.py). Session
cookies never authenticate an API call, so the blueprint is exempt from CSRF (no browser's
cookie can act here). Only the OpenAPI document and its reference page are open to anyone.
Requests are rate-limited per token (API_RATE_LIMIT); every use is logged with the token's name.
"""

from flask import Blueprint, g, render_template, request

from training.api import access, openapi, problems, tokens
from training.db import db
from training.extensions import csrf
from training.models import User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
problems.register(bp)
OPEN = {"api.openapi_document", "api.reference"}


access.guard(bp)  # the rate limit is checked before require_token


@bp.before_request
def require_token():
    if request.endpoint in OPEN:
        return None
    token = access.token()
    if token is None:
        return problems.problem(401, access.refusal(), headers={"WWW-Authenticate": 'Bearer realm="api"'})
    tokens.note_use(token)
    return None


def acting_admin() -> User:
    """The admin who made the request's token: the API acts, and is recorded, as them."""
    return db.session.get(User, g.api_token.created_by)


@bp.get("/openapi.json")
def openapi_document():
    return openapi.document()


@bp.get("/")
def reference():
    return render_template("api/reference.html", spec=openapi.document())


from training.api import people_views, read_views, report_views  # noqa: E402,F401 - routes register on bp
