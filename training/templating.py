"""Template filters and globals."""

import secrets

from flask import Flask

STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "completed": "Completed",
    "outdated": "Outdated",
    "overdue": "Overdue",
    "expired": "Expired",
}


def register(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["longdate"] = lambda d: f"{d.day} {d:%B %Y}" if d else ""
    app.jinja_env.filters["datetime"] = lambda d: f"{d:%Y-%m-%d %H:%M} UTC" if d else ""
    app.jinja_env.globals["status_label"] = lambda s: STATUS_LABELS.get(s, s)
    app.jinja_env.filters["prepend"] = lambda value, prefix: f"{prefix}{value}"
    app.jinja_env.globals["retake_token"] = lambda: secrets.token_urlsafe(16)
