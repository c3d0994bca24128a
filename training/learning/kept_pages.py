"""Learner pages drawn once and kept: a lesson, course or home page is read again and again, the
same each time, and reading and drawing it is most of what it costs (issue 17).

A kept page is found before its view runs, by stamps read in the same statement as the signed-in
person: the count and newest id of every table the pages read that only ever grows (what is
published, translations, and the person's own completions, acknowledgements and certificates),
and the status token, which changes with anything the status query reads. So a page read again
costs that one statement. It is kept under those stamps, the path, the person's values, the
language and the day: a change to any of them draws it afresh, whatever wrote the change (a page,
a command, SQL by hand). The stamps are read before the view reads what it draws, so a page is
never kept under stamps newer than itself.

The person's form token is put in afresh on every request. Requests that write, and any with a
flashed message waiting, neither keep nor use a page.
"""

from functools import cache, wraps

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Integer, bindparam

from training.accounts import sessions
from training.db import utcnow
from training.i18n import language
from training.models import Acknowledgement, Certificate, Completion, SignedIn, Translation
from training.status import published
from training.status.stamp import keeps

KEPT_PAGES = 1024  # pages per app; all are forgotten when it is full
STORE = "kept_pages"
MINE = (Completion, Acknowledgement, Certificate)  # the person's own rows the pages show
GROWING = (Translation,)  # and tables of everyone's, besides what is published


@cache
def stamps() -> tuple:
    """The columns read with the person for a kept page; `:person` is their id. Built once, so that
    the person's statement with them is built once too (sessions.load)."""
    person = bindparam("person", type_=Integer)
    columns = list(published.stamp_columns())
    for model in GROWING:
        columns += published.count_and_newest(model)
    for model in MINE:
        columns += published.count_and_newest(model, model.user_id == person)
    return tuple(column.label(f"kept_page_stamp_{n}") for n, column in enumerate(columns))


def kept(template: str):
    """Decorate a learner's page whose view returns its template's context: the page is drawn from
    it, or found kept from an earlier request without running the view."""

    def decorate(view):
        @wraps(view)
        def page(*args, **kwargs):
            key = _key(template)
            store = current_app.extensions.setdefault(STORE, {})
            pieces = store.get(key) if key is not None else None
            if pieces is not None:
                return generate_csrf().join(pieces)
            drawn = render_template(template, **view(*args, **kwargs))
            if key is not None:
                if len(store) >= KEPT_PAGES:
                    store.clear()
                store[key] = tuple(drawn.split(generate_csrf()))  # around the request's token
            return drawn

        page.kept_page = True
        return page

    return decorate


def read_with_person() -> None:
    """Before the person is loaded: ask for the stamps with them when this request can use a page."""
    view = current_app.view_functions.get(request.endpoint)
    if keeps() and getattr(view, "kept_page", False):
        sessions.read_along(stamps())


def _key(template: str) -> tuple | None:
    """What the page is kept under, or None when this request neither keeps nor uses one."""
    found = sessions.read_along_values()
    if found is None or not keeps() or session.get("_flashes"):
        return None
    if not isinstance(current_user._get_current_object(), SignedIn):
        return None
    return (
        template, request.script_root, request.path, current_user.values(), found, language(), utcnow().date()
    )  # fmt: skip
