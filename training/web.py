"""What every request shares: checks on what arrives, headers on what leaves, error pages, /healthz.

- `<int:...>` in a route matches only ids a row can have; larger numbers are a 404.
- A NUL character in the path, query string or form is refused with 400 before any view (PostgreSQL
  cannot store one), but in the fields a view marks `checks_nul_itself` (the editor's text, whose
  check names the line). Reading the form here also applies MAX_CONTENT_LENGTH before any view runs.
- Pages answer 503 until the schema is at the newest migration, and while the database cannot be
  reached; /healthz says which, for load balancers and monitoring.
- Every response carries the security headers (Page), and every one but a static file
  `Cache-Control: no-store`: pages show personal records.
- An unhandled exception is logged with an incident id that the 500 page shows.
- What each request would redo the same way is kept per process: the session cookie's signer and
  the cookies it has checked (SessionCookies), wtforms' messages per language (Request), and which
  hooks and views are plain functions (App).
"""

import time
from functools import cache

import flask
from babel import support
from flask import Flask, Response, current_app, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFError
from itsdangerous import BadSignature
from markupsafe import Markup
from werkzeug.datastructures import ResponseCacheControl
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.http import parse_cache_control_header, parse_cookie
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property
from wtforms.i18n import messages_path as wtforms_messages

from training import errors, logs, schema
from training.db import MAX_ID, DatabaseUnavailable, db
from training.i18n import N_, said


class Request(flask.Request):
    """Flask's request, with two things it works out more cheaply.

    It lends Flask-WTF wtforms' messages in the request's language from a catalogue read once per
    language: Flask-WTF reads and parses the file again for each request that builds a form, unless
    the request already has them under this name. And it reads its cookies from the environ's one
    Cookie entry, where werkzeug walks every entry of the environ to gather the Cookie headers (a
    WSGI environ holds each header once, under HTTP_COOKIE).
    """

    @cached_property
    def wtforms_translations(self):
        return _wtforms_catalogue(str(get_locale()))

    @cached_property
    def cookies(self):
        return parse_cookie(self.environ.get("HTTP_COOKIE", ""), cls=self.dict_storage_class)


@cache
def _wtforms_catalogue(locale: str) -> support.Translations:
    return support.Translations.load(wtforms_messages(), [locale], domain="wtforms")


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


SECURITY_ITEMS = tuple((name.lower(), (name, value)) for name, value in SECURITY_HEADERS.items())
STATIC_PATH = "/static/"  # static files keep send_file's validation-based caching


class Page(flask.Response):
    """Flask's response, which leaves with the headers every response carries: SECURITY_HEADERS and
    `Cache-Control: no-store` (merged into a view's own Cache-Control; static files are left theirs).

    They are added to the list handed to the server, once the response is final: an after_request
    hook would write them through Headers, which checks each value, and werkzeug would copy and check
    them again on the way out. A view's own value of one of them stays.
    """

    def get_wsgi_response(self, environ):
        app_iter, status, headers = super().get_wsgi_response(environ)
        present = {name.lower() for name, _ in headers}
        headers.extend(item for name, item in SECURITY_ITEMS if name not in present)
        if not environ.get("PATH_INFO", "").startswith(STATIC_PATH):
            if "cache-control" in present:
                _forbid_storing(headers)
            else:
                headers.append(("Cache-Control", "no-store"))
        return app_iter, status, headers


def _forbid_storing(headers: list) -> None:
    """Add no-store to the first Cache-Control header, as `response.cache_control.no_store = True` does."""
    for index, (name, value) in enumerate(headers):
        if name.lower() == "cache-control":
            control = parse_cache_control_header(value, cls=ResponseCacheControl)
            control.no_store = True
            headers[index] = (name, control.to_header())
            return


class App(Flask):
    """The Flask app, whose log of an unhandled exception carries the incident id the 500 page shows."""

    request_class = Request
    response_class = Page
    SYNC_KEPT = 4096  # callables known to be plain functions, per app

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plain_functions: set = set()

    def ensure_sync(self, func):
        """Flask's, asking each hook and view once whether it is a coroutine function, not per request.

        Flask asks on every call (inspect's test costs about 2 µs, and a page runs eight hooks); a
        plain function is returned as it is, so the answer is kept for each callable seen.
        """
        try:
            if func in self._plain_functions:
                return func
        except TypeError:  # unhashable: ask every time, as Flask does
            return super().ensure_sync(func)
        made = super().ensure_sync(func)
        if made is func:
            if len(self._plain_functions) >= self.SYNC_KEPT:
                self._plain_functions.clear()
            self._plain_functions.add(func)
        return made

    def log_exception(self, exc_info) -> None:
        g.incident = logs.new_incident()
        self.logger.error(
            "incident %s: %s %s failed", g.incident, request.method, request.path, exc_info=exc_info
        )


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: at most ten ASCII digits and at most MAX_ID, else no route matches."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookies, read with less work on each request.

    Flask builds the signer (and serializes an empty dict to test it) on every request: here it is
    built once per key. A cookie whose signature was checked is kept, decoded, for the requests
    that send it again while it is younger than PERMANENT_SESSION_LIFETIME, as the check demands;
    only cookies whose values are all plain (text, numbers, booleans, None) are kept, since each
    request gets its own copy of the entries and a list (flashed messages) would be shared. A
    session left unchanged is saved as Flask saves it, with less work (see save_session).
    """

    READ_KEPT = 1024  # cookies kept decoded, per process
    PLAIN = (str, int, float, bool, type(None))
    _signer: tuple | None = None  # (the keys, their serializer, {cookie: (signed at, entries)})

    def _signing(self, app: Flask) -> tuple:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        signer = self._signer
        if signer is None or signer[0] != keys:
            signer = self._signer = (keys, super().get_signing_serializer(app), {})
        return signer

    def get_signing_serializer(self, app: Flask):
        return self._signing(app)[1]

    def open_session(self, app: Flask, request):
        _, serializer, read = self._signing(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = read.get(cookie)
        if kept is not None and int(time.time()) - kept[0] <= max_age:  # itsdangerous's own test of age
            return self.session_class(kept[1])
        try:
            entries, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(entries, dict) and all(type(v) in self.PLAIN for v in entries.values()):
            if len(read) >= self.READ_KEPT:
                read.clear()
            read[cookie] = (int(signed_at.timestamp()), entries)
        return self.session_class(entries)

    def save_session(self, app: Flask, session, response: Response) -> None:
        # A session read and left as it was (most requests) only adds "Vary: Cookie". Flask parses
        # the Vary header into a set to add it; a response without one (most) gets it written.
        if session and not self.should_set_cookie(app, session):
            if session.accessed:
                if response.headers.get("Vary") is None:
                    response.headers.add("Vary", "Cookie")
                else:
                    response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def register(app: Flask) -> None:
    """Install the converter, request hooks, error pages and /healthz; before the blueprints."""
    app.url_map.converters["int"] = IdConverter
    app.session_interface = SessionCookies()
    if app.static_url_path + "/" != STATIC_PATH:  # Page tells static files by this path
        raise RuntimeError(f"static files are served under {STATIC_PATH}, not {app.static_url_path}/")
    logs.install(app)
    app.before_request(_refuse_nul_characters)
    app.before_request(_require_schema)
    app.add_url_rule("/healthz", "healthz", healthz)
    _register_errors(app)


def checks_nul_itself(*fields: str):
    """Mark a view that refuses NUL characters in these form fields itself, with a better message."""

    def mark(view):
        view.nul_checked_fields = frozenset(fields)
        return view

    return mark


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _refuse_nul_characters() -> None:
    """Refuse a NUL character anywhere a view or a query could meet it."""
    asked = request._get_current_object()  # one look through the proxy, for what follows
    # Without a query string there are no arguments to decode (most pages).
    fields = list(asked.args.items(multi=True)) if asked.query_string else []
    # Without a body nor a form's content type the form is empty: skip parsing it (most GETs). The
    # headers are looked at first: most GETs have neither.
    environ = asked.environ
    if (environ.get("CONTENT_LENGTH") or environ.get("CONTENT_TYPE")) and (
        asked.content_length or (asked.content_type and asked.mimetype in FORM_TYPES)
    ):
        own = getattr(current_app.view_functions.get(asked.endpoint), "nul_checked_fields", ())
        fields += [(key, "" if key in own else value) for key, value in asked.form.items(multi=True)]
    if "\x00" in asked.path or any("\x00" in key or "\x00" in value for key, value in fields):
        raise BadRequest(N_("The address or the form contained a NUL character, which no page accepts."))


_schema_ready = set()


def _require_schema():
    """Refuse to serve pages until `flask db upgrade` has brought the schema to the newest migration.

    Tests skip the check (their databases are migrated by conftest) unless SCHEMA_CHECK is set.
    Static files need no database, and /healthz reports the problem itself.
    """
    settings = current_app.config
    key = settings["SQLALCHEMY_DATABASE_URI"]
    if key in _schema_ready:  # checked once per process (the schema changes only with a deploy)
        return None
    wanted = settings.get("SCHEMA_CHECK", not settings.get("TESTING"))
    if not wanted or request.endpoint in ("static", "healthz"):
        return None
    problem = schema.problem(db.session.connection())
    if problem is None:
        _schema_ready.add(key)
        return None
    current_app.logger.warning(problem)
    db.session.rollback()
    return _page_without_database("errors/not_migrated.html", problem=problem), 503


def healthz() -> Response:
    """Say whether pages can be served: 200 "ok", or 503 and why, as plain text."""
    try:
        problem = schema.problem(db.session.connection())
    except DatabaseUnavailable:
        problem = "the database cannot be reached"
    if problem is not None:
        return Response(f"unavailable: {problem}\n", 503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")


ERROR_PAGES = {
    400: (
        N_("Bad request"),
        N_("This page cannot use what was sent. Go back, reload the page and try again."),
    ),
    403: (N_("Not allowed"), N_("Your account does not have access to this page.")),
    404: (N_("Page not found"), N_("There is nothing at this address.")),
    405: (
        N_("Not possible here"),
        N_("This address cannot be opened that way. Go back and use the page's links and buttons."),
    ),
    413: (N_("Too much at once"), N_("What was sent is larger than this site accepts. Nothing was saved.")),
    429: (N_("Too many attempts"), N_("Too many attempts. Wait a minute and try again.")),
    500: (N_("Something went wrong"), N_("The error was logged. Nothing was saved.")),
}


def _error_page(code: int, message: str | None = None, title: str | None = None, incident: str | None = None):
    default_title, default = ERROR_PAGES.get(code, (N_("That did not work"), ""))
    default_title, default = gettext(default_title), gettext(default) if default else ""
    try:
        page = render_template(
            "errors/error.html", code=code, title=title or default_title, message=message or default,
            incident=incident,
        )  # fmt: skip
    except DatabaseUnavailable:  # base.html's menu asked the database who is signed in
        return _unavailable_page()
    return page, code


def _unavailable_page():
    return _page_without_database("errors/unavailable.html"), 503, {"Retry-After": "60"}


def _page_without_database(name: str, **context) -> str:
    """Render a page without the context processors: Flask-Login's asks the database who is signed in."""
    g.without_database = True  # nor does the language selector ask it (i18n.py)
    return current_app.jinja_env.get_template(name).render(**context)


def _own_description(error: HTTPException) -> str | Markup | None:
    """What the code that refused said (`abort(409, ...)`), as i18n.said writes it; None where it
    is werkzeug's own English description, which the page's words stand in for."""
    if not error.description or error.description == type(error).description:
        return None
    return said(error.description)


def _register_errors(app: Flask) -> None:
    for code in (403, 404, 405, 413, 429):
        app.register_error_handler(code, lambda error, code=code: _error_page(code))

    @app.errorhandler(BadRequest)
    def bad_request(error: HTTPException):
        return _error_page(400, _own_description(error))

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        """Any other refusal (409, 415, ...): a page in the reader's language, not werkzeug's."""
        return _error_page(error.code or 500, _own_description(error))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = gettext("The form was too old or incomplete. Go back, reload the page and try again.")
        return _error_page(400, message, title=gettext("Form expired"))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        incident = g.pop("incident", None)
        if incident is None:  # a 500 raised on purpose: no traceback was logged
            incident = logs.new_incident()
            current_app.logger.error(
                "incident %s: %s %s answered 500", incident, request.method, request.path
            )
        return _error_page(500, incident=incident)

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error: DatabaseUnavailable):
        current_app.logger.warning("%s %s: %s", request.method, request.path, error.message)
        return _unavailable_page()

    @app.errorhandler(errors.DomainError)
    def domain_error(error):
        db.session.rollback()
        code = {errors.NotFound: 404, errors.Forbidden: 403, errors.Conflict: 409}.get(type(error), 400)
        return _error_page(code, str(error))
