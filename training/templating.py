"""Template filters and globals; the locale's date and number filters are in i18n.py."""

import secrets

from flask import Flask
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
