"""What every request does is done as Flask and Flask-WTF do it, with work kept across requests (web.py):
session cookies read once per key and per cookie, wtforms' messages read once per language, each hook
asked once whether it is a coroutine function; and with less work where nothing needs it: the CSRF hook
on a GET, the Vary header of an unchanged session, the cookies of a request."""

import time
from unittest import mock

import flask
import flask.app
import pytest
from flask import request
from flask_wtf.csrf import generate_csrf
from flask_wtf.i18n import translations
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import EnvironHeaders
from werkzeug.test import EnvironBuilder

from tests.conftest import as_served
from training import extensions, web
from training.extensions import csrf


@pytest.fixture
def read(app):
    """Open a session from a cookie, as a request sending it would."""

    def open_with(cookie: str) -> dict:
        name = app.config["SESSION_COOKIE_NAME"]
        with app.test_request_context(headers={"Cookie": f"{name}={cookie}"}):
            return app.session_interface.open_session(app, request)

    return open_with


def signed(app, entries: dict) -> str:
    return app.session_interface.get_signing_serializer(app).dumps(entries)


def test_a_cookie_read_again_gives_each_request_its_own_entries(app, read):
    cookie = signed(app, {"_user_id": "1:1", "_seen_at": 3})
    first = read(cookie)
    first["_seen_at"] = 4
    assert dict(read(cookie)) == {"_user_id": "1:1", "_seen_at": 3}
    flashed = signed(app, {"_flashes": [["info", "Saved."]]})
    read(flashed)["_flashes"].append(["info", "Again."])
    assert dict(read(flashed)) == {"_flashes": [["info", "Saved."]]}


def test_a_cookie_read_before_is_refused_once_too_old(app, read, monkeypatch):
    cookie = signed(app, {"_user_id": "1:1"})
    assert dict(read(cookie)) == {"_user_id": "1:1"}
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert dict(read(cookie)) == {}


def test_a_changed_cookie_or_another_key_reads_as_no_session(app, read):
    cookie = signed(app, {"_user_id": "1:1"})
    assert dict(read(cookie)) == {"_user_id": "1:1"}
    assert dict(read(cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"))) == {}
    app.secret_key = "another key"
    assert dict(read(cookie)) == {}


def test_wtforms_messages_are_read_once_per_language(app):
    web._wtforms_catalogue.cache_clear()
    said = {}
    for language in ("de", "de", "en", "de"):
        with app.test_request_context(headers={"Accept-Language": language}):
            app.preprocess_request()  # the language is chosen afresh for each request
            said[language] = translations.gettext("This field is required.")
    assert said == {"de": "Dieses Feld wird benötigt.", "en": "This field is required."}
    assert web._wtforms_catalogue.cache_info().misses == 2


def test_each_hook_and_view_is_asked_once_whether_it_is_a_coroutine_function(app, client):
    app.add_url_rule("/request-work/plain", "plain", lambda: "plain")
    with mock.patch.object(flask.app, "iscoroutinefunction", wraps=flask.app.iscoroutinefunction) as asked:
        assert client.get("/request-work/plain").data == b"plain"
        first = asked.call_count
        assert client.get("/request-work/plain").data == b"plain"
    assert first >= 5  # the view and the app's hooks
    assert asked.call_count == first


def test_a_coroutine_function_is_handed_to_flask_each_time(app):
    async def answer():
        return "awaited"

    with mock.patch.object(app, "async_to_sync", return_value=lambda: "ran") as wrapped:
        assert app.ensure_sync(answer)() == "ran"
        assert app.ensure_sync(answer)() == "ran"
    assert wrapped.call_count == 2


def test_the_csrf_hook_looks_no_further_on_a_get_and_checks_every_post(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    app.add_url_rule("/request-work/form", "form", lambda: "seen", methods=["GET", "POST"])
    with mock.patch.object(csrf, "_is_exempt", wraps=csrf._is_exempt) as exempt:
        assert client.get("/request-work/form").status_code == 200
        assert exempt.call_count == 0
        assert client.post("/request-work/form", data={"a": "1"}).status_code == 400  # no token
        assert exempt.call_count == 1


def test_a_sessions_signed_form_token_is_given_again_for_a_minute_and_works(app, client, monkeypatch):
    """Signing a form token costs more than the rest of a kept page: a session's pages within
    TOKEN_REUSE seconds get the one signed first, which the POST accepts; later ones a new one."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.add_url_rule("/request-work/token", "token", generate_csrf)
    app.add_url_rule("/request-work/post", "post", lambda: "posted", methods=["POST"])
    clock = [1000.0]
    monkeypatch.setattr(extensions, "monotonic", lambda: clock[0])

    def token(browser=client) -> str:  # each request in its own app context, as on a server
        return as_served(lambda: browser.get("/request-work/token").get_data(as_text=True))

    def post(signed: str) -> int:
        return as_served(lambda: client.post("/request-work/post", data={"csrf_token": signed}).status_code)

    first = token()
    dumps = URLSafeTimedSerializer.dumps
    with mock.patch.object(URLSafeTimedSerializer, "dumps", autospec=True, side_effect=dumps) as signed:
        clock[0] += extensions.TOKEN_REUSE - 1
        assert token() == first and signed.call_count == 0
        assert post(first) == 200
        assert token(app.test_client()) != first  # another session never gets this one's token
        clock[0] += 1
        time.sleep(1)  # the token's own clock (itsdangerous) counts in whole seconds
        renewed = token()
    assert renewed != first
    assert post(renewed) == 200 and post(first) == 200  # a page open a minute still sends its form


def test_an_unchanged_session_adds_vary_cookie_once_and_sets_no_cookie(app, client, make_user, auth, library):
    app.add_url_rule("/request-work/varies", "varies", lambda: ("ok", {"Vary": "Accept-Language"}))
    auth.login(make_user().email)
    page = client.get("/request-work/varies")
    assert page.headers.getlist("Vary") == ["Accept-Language, Cookie"]
    assert "Set-Cookie" not in page.headers
    client.get("/")  # the first page with a form puts its CSRF token in the session
    home = client.get("/")
    assert home.status_code == 200
    assert home.headers.getlist("Vary") == ["Cookie"]
    assert "Set-Cookie" not in home.headers


def test_a_changed_session_is_still_saved_as_flask_saves_it(app, client):
    def remember():
        flask.session["seen"] = 1
        return "kept"

    app.add_url_rule("/request-work/remember", "remember", remember)
    answer = client.get("/request-work/remember")
    assert "Set-Cookie" in answer.headers and answer.headers["Vary"] == "Cookie"


def test_cookies_are_read_from_the_environ_entry_without_walking_the_headers(app):
    sent = EnvironBuilder(headers={"Cookie": "session=abc; theme=dark; theme=light"}).get_environ()
    asked = app.request_class(sent)
    with mock.patch.object(EnvironHeaders, "__iter__", side_effect=AssertionError("walked")):
        assert asked.cookies.getlist("theme") == ["dark", "light"]
        assert asked.cookies["session"] == "abc"
    assert app.request_class(EnvironBuilder().get_environ()).cookies == {}


def test_the_security_headers_are_added_once_as_the_response_leaves(app, client):
    cached = ("own", {"Cache-Control": "max-age=60", "Content-Security-Policy": "default-src 'none'"})
    app.add_url_rule("/request-work/cached", "cached", lambda: cached)
    with app.test_request_context("/request-work/cached"):
        inside = app.full_dispatch_request()  # what the hooks leave: no security headers written yet
    assert "X-Content-Type-Options" not in inside.headers
    answer = client.get("/request-work/cached")
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'"  # the view's own stays
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "same-origin"
    assert answer.headers.getlist("Cache-Control") == ["max-age=60, no-store"]
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"
    assert missing.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_keep_each_link_and_build_it_as_flask_does(app):
    from training.templating import Links

    links = Links(app)
    with mock.patch.object(flask, "url_for", wraps=flask.url_for) as built:
        with app.test_request_context("/"):
            first = [links.url_for("learn.lesson", item_id="a b"), links.url_for("static", filename="x.css")]
            assert first == ["/lessons/a%20b", flask.url_for("static", filename="x.css")]
        calls = built.call_count
        with app.test_request_context("/"):
            assert links.url_for("learn.lesson", item_id="a b") == first[0]
            assert links.url_for("static", filename="x.css") == first[1]
        assert built.call_count == calls  # kept: werkzeug was not asked again
        with app.test_request_context("/", base_url="http://example.test/training"):  # mounted elsewhere
            assert links.url_for("learn.lesson", item_id="a b") == "/training/lessons/a%20b"
            assert links.url_for("learn.home", _anchor="top") == "/training/#top"
            assert links.url_for("learn.home", _external=True) == "http://example.test/training/"
            assert links.url_for("learn.course", course_id="c", tags=["x"]) == "/training/courses/c?tags=x"


def test_templates_build_every_link_afresh_once_a_url_defaults_callback_adds_values(app):
    from training.templating import Links

    links = Links(app)
    with app.test_request_context("/"):
        assert links.url_for("learn.course", course_id="c") == "/courses/c"
    app.url_default_functions[None] = [lambda endpoint, values: values.setdefault("ref", "menu")]
    with app.test_request_context("/"):
        assert links.url_for("learn.course", course_id="c") == "/courses/c?ref=menu"
