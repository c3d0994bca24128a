"""The interface in each person's language: Flask-Babel, the locale of a request, and locale formats.

A request's language is, in this order: the signed-in person's own choice (`User.language`, set on
their account page, by `users import` or by the API), the browser's Accept-Language among the
languages the site has, and DEFAULT_LANGUAGE. Catalogues live in `training/translations/`
(`pybabel` with `babel.cfg`, README "Languages"); English is the language of the source, so it
has no catalogue.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations, gettext, refresh
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from training.db import DatabaseUnavailable

# Language code: its own name, shown in the choice on the account page (never translated).
LANGUAGES = {"en": "English", "de": "Deutsch"}
# Where each language's dates and numbers are written as in a country: English keeps the day
# before the month, as the site always wrote it; German as in Germany.
FORMAT_LOCALES = {"en": "en_GB", "de": "de_DE"}
# Times are stored in UTC and shown in UTC, labelled so; English keeps the site's ISO form.
DATETIME_PATTERNS = {"en": "yyyy-MM-dd HH:mm", "de": "dd.MM.yyyy, HH:mm"}
# A day and a short month, as a chart's axis writes them.
DAY_MONTH_PATTERNS = {"en": "d MMM", "de": "d. MMM"}

babel = Babel()


def N_(text: str) -> str:
    """Mark a text for the catalogue where it is defined; it is translated where it is shown."""
    return text


def supported(code: str | None) -> str | None:
    """Return the language code if the site has that language ("de-AT" counts as "de"), else None."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def select_language() -> str:
    """Return the request's language: the person's choice, the browser's, or DEFAULT_LANGUAGE.

    Pages shown without the database (web.py: it is unreachable or not migrated) set
    `g.without_database`, and the person is not looked up for them.
    """
    if has_request_context():
        return language_for(None if g.get("without_database") else _own_language())
    return current_app.config["DEFAULT_LANGUAGE"]


def language_for(choice: str | None) -> str:
    """Return the language a request speaks for someone who chose `choice` ("" or None: none):
    that language if the site has it, else the browser's, else DEFAULT_LANGUAGE."""
    return (
        supported(choice)
        or _browsers(request.headers.get("Accept-Language", ""))
        or current_app.config["DEFAULT_LANGUAGE"]
    )


@lru_cache(maxsize=256)
def _browsers(accepted: str) -> str | None:
    """The language the site has that an Accept-Language header prefers, if any: worked out once per
    header (a browser sends the same one with every page), as werkzeug reads it."""
    return parse_accept_header(accepted, LanguageAccept).best_match(LANGUAGES)


def _request_locale() -> Locale:
    """Flask-Babel's locale selector: the request's language as a Locale, parsed once per language."""
    return _locale(select_language())


def _own_language() -> str | None:
    try:
        return getattr(current_user, "language", None)
    except DatabaseUnavailable:
        return None


def language() -> str:
    """Return the language code in force: the request's, or the one `in_language` set ("en", "de")."""
    locale = get_locale()
    return locale.language if locale is not None else current_app.config["DEFAULT_LANGUAGE"]


def in_language(code: str | None):
    """Speak a person's language inside this block (emails): `code`, else DEFAULT_LANGUAGE."""
    return force_locale(supported(code) or current_app.config["DEFAULT_LANGUAGE"])


def refusal(error: Exception) -> str | Markup:
    """A service's reason for refusing, in the reader's language when the catalogue has it (services
    mark theirs with N_); else as the service said it, in English, marked so for screen readers."""
    return said(str(error))


def said(text: str) -> str | Markup:
    """Words a service or a view wrote in English, translated as `refusal` translates them."""
    local = gettext(text)
    if local != text or language() == "en":
        return local
    return Markup('<span lang="en">{}</span>').format(text)


def _format_locale() -> Locale:
    return _locale(FORMAT_LOCALES.get(language(), "en_GB"))


@cache
def _locale(code: str) -> Locale:
    """Parsed once per locale: a chart of 40 departments formats hundreds of figures on one page."""
    return Locale.parse(code)


def long_date(value: date | datetime | None) -> str:
    """Write a date in full for the request's language: "3 December 2026", "3. Dezember 2026"."""
    if not value:  # None, or a template's undefined value
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return format_date(value, "long", locale=_format_locale())


def dated(value: date | datetime | str | None) -> Markup:
    """Write a date in full for the request's language inside a <time> element that keeps the ISO
    date for scripts and tests. Takes a date, a datetime (its UTC day) or ISO text, as a report
    row carries it ("2026-12-03", "2026-12-03T09:30:00+00:00")."""
    if not value:  # None, "", or a template's undefined value
        return Markup("")
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    elif isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), long_date(value))


def day_month(value: date | None) -> str:
    """Write a day and a short month for the request's language, for a chart's axis: "3 Dec", "3. Dez."."""
    if not value:  # None, or a template's undefined value
        return ""
    pattern = DAY_MONTH_PATTERNS.get(language(), DAY_MONTH_PATTERNS["en"])
    return format_date(value, pattern, locale=_format_locale())


def date_time(value: datetime | None) -> str:
    """Write a UTC time with its date for the request's language, labelled UTC."""
    if not value:  # None, or a template's undefined value
        return ""
    pattern = DATETIME_PATTERNS.get(language(), DATETIME_PATTERNS["en"])
    return f"{format_datetime(value, pattern, tzinfo=UTC, locale=_format_locale())} UTC"


def number(value: float | int | None) -> str:
    """Write a number for the request's language: 1,234.5 or 1.234,5; anything else as it is."""
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return "" if value is None else str(value)  # None, or a template's undefined value: ""
    return format_decimal(value, locale=_format_locale())


def percent(value: float | int | None) -> str:
    """Write a percentage given from 0 to 100 for the request's language: "80%", "80 %"."""
    if not isinstance(value, int | float | Decimal) or isinstance(value, bool):
        return "" if value is None else str(value)
    return format_percent(value / 100, locale=_format_locale())


def _choose_anew() -> None:
    """Choose each request's language afresh, even where requests share an app context (tests)."""
    g.pop("without_database", None)
    if "_flask_babel" in g:  # Flask-Babel's per-context choices; a new context has none to forget
        refresh()


# {locale's parts: its catalogue}. Flask-Babel finds a catalogue by writing out the locale's name on
# every call (12 µs, most of a template's text); its parts find the same catalogue at once. Shared as
# Flask-Babel's own catalogue cache is (one Babel for every app), one entry per language.
_catalogues: dict[tuple, object] = {}


def _catalogue():
    locale = get_locale()
    key = (locale.language, locale.territory, locale.script, locale.variant) if locale else None
    found = _catalogues.get(key)
    if found is None:
        found = _catalogues[key] = get_translations()
    return found


RENDER_CATALOGUE = "_catalogue_in_force"  # the catalogue a template is drawn with, in its context


def _render_catalogue() -> dict:
    """Find the catalogue once per template drawn, not once per text: a page has a dozen or more."""
    return {RENDER_CATALOGUE: _catalogue()}


def _catalogue_of(context):
    """The catalogue the template was drawn with; a macro imported without context looks it up."""
    return context.get(RENDER_CATALOGUE) or _catalogue()


@pass_context
def _template_gettext(context, text: str, **variables) -> str:
    """Jinja's own newstyle gettext over the request's catalogue: marked safe where the template
    escapes, and always a format string, with or without variables."""
    found = _catalogue_of(context).ugettext(text)
    return _formatted(context, found, variables)


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    found = _catalogue_of(context).ungettext(singular, plural, num)
    return _formatted(context, found, variables)


def _formatted(context, found: str, variables: dict) -> str:
    # Our own catalogue's text is markup, as Jinja's gettext takes it; the values are escaped below.
    found = Markup(found) if context.eval_ctx.autoescape else found  # noqa: S704
    # Formatting a text without "%" changes nothing; Markup's formatting costs more than the lookup.
    return found % variables if variables or "%" in found else found


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with the language selector, and the formatting filters for templates."""
    babel.init_app(app, locale_selector=_request_locale, default_translation_directories="translations")
    app.before_request(_choose_anew)
    app.jinja_env.filters.update(
        longdate=long_date,
        dated=dated,
        daymonth=day_month,
        datetime=date_time,
        number=number,
        percent=percent,
    )
    app.jinja_env.globals.update(language=language, LANGUAGES=LANGUAGES)
    # In place of the callables Flask-Babel installed (newstyle, as it set them) and Jinja's `_`.
    app.jinja_env.globals.update(gettext=_template_gettext, _=_template_gettext, ngettext=_template_ngettext)
    app.context_processor(_render_catalogue)
