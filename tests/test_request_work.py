"""What every request does is done as Flask and Flask-WTF do it, with work kept across requests (web.py):
session cookies read once per key and per cookie, wtforms' messages read once per language."""

import time

import pytest
from flask import request
from flask_wtf.i18n import translations

from training import web


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
