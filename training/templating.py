"""Template filters and globals; the locale's date and number filters are in i18n.py."""

import secrets
from functools import lru_cache

import flask
from flask import Flask, has_request_context, request
from flask_babel import gettext

from training.i18n import N_

# In English, as exports write them; pages show them translated (status_label).
STATUS_LABELS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "completed": N_("Completed"),
    "outdated": N_("Outdated"),
    "overdue": N_("Overdue"),
    "expired": N_("Expired"),
}


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["status_label"] = lambda s: gettext(STATUS_LABELS[s]) if s in STATUS_LABELS else s
    app.jinja_env.filters["prepend"] = lambda value, prefix: f"{prefix}{value}"
    app.jinja_env.globals["retake_token"] = lambda: secrets.token_urlsafe(16)
    app.jinja_env.globals["url_for"] = Links(app).url_for


class Links:
    """url_for for templates, which keeps the links it built: a page draws a dozen or more, mostly
    the same ones on every page, and werkzeug builds each anew (a tenth of a lesson page's template).

    A link within the site depends only on the endpoint, the values and the path the app is mounted
    at, as long as no url_defaults callback adds values: those (none today) turn keeping off. Links
    to another host (`_external`), with an anchor or a scheme, relative endpoints (".name") and
    unhashable values are built each time, as are those drawn outside a request (emails).
    """

    KEPT = 4096  # links per app, the least recently drawn forgotten first

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._built = lru_cache(maxsize=self.KEPT)(self._build)

    @staticmethod
    def _build(_script_root: str, endpoint: str, values: tuple) -> str:
        return flask.url_for(endpoint, **dict(values))

    def url_for(self, endpoint: str, **values) -> str:
        if (
            self.app.url_default_functions
            or endpoint.startswith(".")
            or any(name.startswith("_") for name in values)
            or not has_request_context()
        ):
            return flask.url_for(endpoint, **values)
        try:
            return self._built(request.script_root, endpoint, tuple(values.items()))
        except TypeError:  # an unhashable value
            return flask.url_for(endpoint, **values)
