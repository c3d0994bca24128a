"""What the API and SCIM blueprints share: the request's token, its rate limit and its logging.

Each blueprint decides its own refusals (problem details or SCIM errors) and scopes; the token is
authenticated once per request, the limit is counted per token, and every use is logged by name.
"""

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from training.api import problems, tokens
from training.extensions import limiter


def token():
    """Authenticate the request's token once; None if it has none that works (see `refusal`)."""
    if "api_token" not in g:
        try:
            g.api_token = tokens.authenticate(request.headers.get("Authorization"))
        except tokens.TokenRefused as refused:
            g.api_token, g.api_refusal = None, str(refused)
    return g.api_token


def refusal() -> str:
    """Why the request's token was refused."""
    return g.api_refusal


def _rate_key() -> str:
    """Limit per token; requests without a working token share their client address's count."""
    found = token()
    return f"api-token:{found.id}" if found else f"api-address:{get_remote_address()}"


def guard(bp) -> None:
    """Rate-limit `bp` per token (API_RATE_LIMIT), checked before its own hooks; log every use."""
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_rate_key)(bp)
    limiter.check_blueprint(bp)

    @bp.after_request
    def log_use(response):
        used = g.get("api_token")
        if used is not None:
            problems.log_use(used.name, used.id, response.status_code)
        return response

    @bp.teardown_request
    def forget_token(_error=None):
        # Tests reuse one app context for many requests; a token must never outlive its request.
        g.pop("api_token", None)
        g.pop("api_refusal", None)
