"""SCIM answers: `application/scim+json`, and every error in the SCIM error schema (RFC 7644 3.12)."""

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from training import errors, logs
from training.api import problems, scim
from training.db import db

MEDIA_TYPE = "application/scim+json"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
PREFIX = "/scim/"


def scim_json(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body), status, mimetype=MEDIA_TYPE)
    response.headers.update(headers or {})
    return response


def error(status: int, detail: str, scim_type: str | None = None) -> Response:
    body = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    headers = {"WWW-Authenticate": 'Bearer realm="scim"'} if status == 401 else {}
    return scim_json(body, status, headers)


def body():
    """The request's JSON, sent as application/scim+json or application/json."""
    data = request.get_json(force=True, silent=True)
    if data is None:
        raise scim.ScimError(400, "The body is not JSON.", "invalidSyntax")
    return data


def from_domain(exc: errors.DomainError) -> Response:
    db.session.rollback()
    status = {errors.NotFound: 404, errors.Forbidden: 403, errors.Conflict: 409}.get(type(exc), 400)
    return error(status, str(exc))


def from_scim(exc: scim.ScimError) -> Response:
    db.session.rollback()
    return error(exc.status, exc.detail, exc.scim_type)


def from_http(exc: HTTPException) -> Response:
    code = exc.code or 500
    return error(code, problems.DETAILS.get(code) or exc.description or "")


def from_exception(_exc: InternalServerError) -> Response:
    db.session.rollback()
    incident = g.pop("incident", None) or logs.new_incident()
    return error(500, f"Something went wrong; the error was logged as incident {incident}.")


def register(bp) -> None:
    """Answer every error of the blueprint, and 404/405 under /scim/, in the SCIM error schema."""
    bp.register_error_handler(scim.ScimError, from_scim)
    bp.register_error_handler(errors.DomainError, from_domain)
    bp.register_error_handler(InternalServerError, from_exception)
    for code in default_exceptions:
        if code != 500:
            bp.register_error_handler(code, from_http)
    bp.record_once(lambda state: _route_errors(state.app))


def _route_errors(app: Flask) -> None:
    """Addresses under /scim/ that match no route or method: keep whatever answered them before."""
    for code in (404, 405):
        before = app.error_handler_spec[None].get(code, {}).get(default_exceptions[code])

        def handle(exc, before=before):
            if request.path.startswith(PREFIX):
                return from_http(exc)
            return before(exc) if before else exc

        app.register_error_handler(code, handle)
