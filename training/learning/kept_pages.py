"""Learner pages drawn once and kept: a lesson, course or home page is read again and again, the
same each time, and drawing it from its template is most of what it costs (issue 17).

The view still reads everything the page shows (the queries are cheap: the status and content
stamps keep the heavy ones); only the drawing is kept. A page is kept on the app under what its
template reads: the context's values (`parts`, made hashable by `frozen`), the template, the path,
the signed-in person's values, the language and the day. A change to any of them draws the page
afresh, so a kept page is always the page the template would draw. The person's form token is put
in afresh on every request; requests that write, and any with a flashed message waiting, neither
keep nor use a page.
"""

from datetime import date, datetime
from decimal import Decimal

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from training.db import utcnow
from training.i18n import language
from training.models.people import SignedIn
from training.status.stamp import keeps

KEPT_PAGES = 1024  # pages per app; all are forgotten when it is full
STORE = "kept_pages"
PLAIN = (str, int, float, bool, date, datetime, Decimal)  # and their subclasses (Markup is a str)


def render(template: str, parts, **context) -> str:
    """`render_template(template, **context)`, or the same page kept from an earlier request.

    `parts` is everything the context holds that the template reads, as `frozen` takes it: the
    caller lists it next to the context it builds, so the two are read side by side.
    """
    if not keeps() or session.get("_flashes") or not isinstance(current_user._get_current_object(), SignedIn):
        return render_template(template, **context)
    key = (
        template, request.script_root, request.path, current_user.values(), language(), utcnow().date(),
        frozen(parts),
    )  # fmt: skip
    store = current_app.extensions.setdefault(STORE, {})
    pieces = store.get(key)
    if pieces is None:
        page = render_template(template, **context)
        pieces = tuple(page.split(generate_csrf()))  # around the token it was drawn with (the request's)
        if len(store) >= KEPT_PAGES:
            store.clear()
        store[key] = pieces
        return page
    return generate_csrf().join(pieces)


def frozen(value):
    """`value` as a hashable key: dataclasses, lists, tuples, dicts and sets taken apart, all the
    way down, with each dataclass's type. Anything else must be a plain value (text, a number, a
    date, None): an object that compares by identity could be another one at the same address."""
    kind = type(value)
    if value is None or kind in PLAIN:
        return value
    if kind is list or kind is tuple:
        return tuple(map(frozen, value))
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is not None:
        return (kind, *(frozen(getattr(value, name)) for name in fields))
    if isinstance(value, dict):
        return tuple(sorted((k, frozen(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return frozenset(map(frozen, value))
    if isinstance(value, PLAIN):
        return value
    raise TypeError(f"a kept page's part must be a plain value, not {kind.__name__}")
