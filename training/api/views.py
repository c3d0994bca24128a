"""The HR-system API at /api/v1/: JSON, authenticated by API tokens only.

Access is decided once, here, for every route of this blueprint: a request must carry an API
token (`Authorization: Bearer <token>`) that is known, not revoked, not expired, and made by a
person who is still an admin; each operation then checks the token's scope (spec.py). Session
cookies never authenticate an API call, so the blueprint is exempt from CSRF (no browser's
cookie can act here). Only the OpenAPI document and its reference page are open to anyone.
Requests are rate-limited per token (API_RATE_LIMIT); every use is logged with the token's name.
"""

from flask import Blueprint, current_app, g, render_template, request
from flask_limiter.util import get_remote_address

from training.api import openapi, problems, tokens
from training.db import db
from training.extensions import csrf, limiter
from training.models import User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
problems.register(bp)
OPEN = {"api.openapi_document", "api.reference"}


def _token():
    """Authenticate the request's token once; None if it has none that works."""
    if "api_token" not in g:
        try:
            g.api_token = tokens.authenticate(request.headers.get("Authorization"))
        except tokens.TokenRefused as refused:
            g.api_token, g.api_refusal = None, str(refused)
    return g.api_token


def _rate_key() -> str:
    """Limit per token; requests without a working token share their client address's count."""
    token = _token()
    return f"api-token:{token.id}" if token else f"api-address:{get_remote_address()}"


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_rate_key)(bp)
limiter.check_blueprint(bp)  # before require_token, as the app-wide check ran before it


@bp.before_request
def require_token():
    if request.endpoint in OPEN:
        return None
    token = _token()
    if token is None:
        return problems.problem(401, g.api_refusal, headers={"WWW-Authenticate": 'Bearer realm="api"'})
    tokens.note_use(token)
    return None


def acting_admin() -> User:
    """The admin who made the request's token: the API acts, and is recorded, as them."""
    return db.session.get(User, g.api_token.created_by)


@bp.after_request
def log_use(response):
    token = g.get("api_token")
    if token is not None:
        problems.log_use(token.name, token.id, response.status_code)
    return response


@bp.teardown_request
def forget_token(_error=None):
    # Tests reuse one app context for many requests; a token must never outlive its request.
    g.pop("api_token", None)
    g.pop("api_refusal", None)


@bp.get("/openapi.json")
def openapi_document():
    return openapi.document()


@bp.get("/")
def reference():
    return render_template("api/reference.html", spec=openapi.document())


from training.api import people_views, read_views, report_views  # noqa: E402,F401 - routes register on bp
