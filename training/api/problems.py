"""Every API error in one JSON shape: RFC 9457 problem details (type, title, status, detail)."""

from flask import Flask, Response, current_app, g, json, request
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from training import errors, logs
from training.db import db

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api/"


class Problem(Exception):
    """An API answer that is an error: raised anywhere below a view, answered by `problem()`."""

    def __init__(self, status: int, detail: str, invalid: list | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.invalid, self.headers = status, detail, invalid, headers or {}


def problem(status: int, detail: str, invalid: list | None = None, headers: dict | None = None) -> Response:
    """Return a problem-details response; `invalid` lists each invalid field (member `errors`)."""
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if invalid:
        body["errors"] = invalid
    response = Response(json.dumps(body), status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


DETAILS = {
    404: "There is nothing at this address of the API.",
    405: "This address does not accept that method.",
    413: "The request body is larger than the API accepts.",
    429: "Too many requests with this token. Wait and try again.",
}


def from_http(error: HTTPException) -> Response:
    code = error.code or 500
    headers = {}
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if code == 429:
        headers["Retry-After"] = "60"
    detail = DETAILS.get(code) or error.description or ""
    if code == 400 and error.description:
        detail = error.description
    return problem(code, detail, headers=headers)


def from_domain(error: errors.DomainError) -> Response:
    db.session.rollback()
    code = {errors.NotFound: 404, errors.Forbidden: 403, errors.Conflict: 409}.get(type(error), 422)
    problems = getattr(error, "problems", None) or None
    return problem(code, str(error), [{"detail": str(p)} for p in problems] if problems else None)


def from_exception(error: InternalServerError) -> Response:
    db.session.rollback()
    incident = g.pop("incident", None) or logs.new_incident()
    return problem(500, f"Something went wrong; the error was logged as incident {incident}.")


def register(bp) -> None:
    """Answer every error of the blueprint's views, and 404/405 under /api/, as problem details."""
    bp.register_error_handler(Problem, lambda e: problem(e.status, e.detail, e.invalid, e.headers))
    bp.register_error_handler(errors.DomainError, from_domain)
    bp.register_error_handler(InternalServerError, from_exception)
    # By code, each one: the app's handlers by code (the pages' 403, 413, 429) come before any by class.
    for code in default_exceptions:
        if code != 500:
            bp.register_error_handler(code, from_http)
    bp.record_once(lambda state: _route_errors(state.app))


def _route_errors(app: Flask) -> None:
    """Addresses under /api/ that match no route (404) or not with this method (405): no blueprint
    owns the request then, so the app's handler decides by the path and keeps the pages' own."""
    for code in (404, 405):
        pages = app.error_handler_spec[None].get(code, {}).get(default_exceptions[code])

        def handle(error, pages=pages):
            if request.path.startswith(API_PREFIX):
                return from_http(error)
            return pages(error) if pages else error

        app.register_error_handler(code, handle)


def log_use(token_name: str, token_id: int, status: int) -> None:
    """One log line per API request, naming the token that made it."""
    current_app.logger.info(
        "api token %r (id %s): %s %s answered %s",
        token_name,
        token_id,
        request.method,
        request.full_path.rstrip("?"),
        status,
    )
