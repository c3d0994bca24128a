"""Why someone has something to redo: written in English when a publish is recorded (the CSV
reports and the CLI give it as it is stored), and put into the reader's language where a page
shows it.

Every reason is made from one of the templates below, marked for the catalogue. `shown` reads a
stored reason back against them and writes it with the reader's templates and dates; a reason no
template makes (one stored before they existed) stays in English, marked so for screen readers.
"""

import re
from datetime import date

from flask_babel import gettext
from markupsafe import Markup, escape

from training.i18n import N_, language, long_date

FIRST_PUBLISHED = N_("first published")
ITEMS_CHANGED = N_("course items changed")
SECTIONS_CHANGED = N_("%(policy)s version %(label)s: %(sections)s changed (published %(date)s)")
# The same, where the policy is no longer found: it is named by its id.
SECTIONS_CHANGED_OF = N_("%(policy)s: %(sections)s changed (published %(date)s)")
ITEM_CHANGED = N_("“%(title)s” changed (version %(number)s, published %(date)s)")
ITEM_COVERS_MORE = N_("“%(title)s” now also covers %(sections)s (published %(date)s)")
ITEM_ADDED = N_("“%(title)s” added to the course (published %(date)s)")
SECTION_REMOVED = N_("“%(section)s” (removed)")

# Tried in this order: a policy named with its version before one named by its id alone.
_TEMPLATES = (FIRST_PUBLISHED, ITEMS_CHANGED, SECTIONS_CHANGED, SECTIONS_CHANGED_OF, ITEM_CHANGED,
              ITEM_COVERS_MORE, ITEM_ADDED)  # fmt: skip
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_DATE = r"\d{4}-\d\d-\d\d"
_REMOVED = re.compile(r"“([^”]*)” \(removed\)")


def _pattern(template: str) -> re.Pattern:
    """The template's text as it stands, each placeholder a group: a date in ISO form, else any text."""
    parts = _PLACEHOLDER.split(template)  # text, name, text, name, ..., text
    return re.compile("".join(
        re.escape(part) if n % 2 == 0 else rf"(?P<{part}>{_DATE if part == 'date' else '.+?'})"
        for n, part in enumerate(parts)
    ))  # fmt: skip


_PATTERNS = [(template, _pattern(template)) for template in _TEMPLATES]


def shown(reason: str | None) -> str | Markup:
    """A stored reason (changes joined by "; ") in the reader's language, its dates written out."""
    if not reason or language() == "en":
        return reason or ""
    return Markup("; ").join(_one(part) for part in reason.split("; "))


def _one(reason: str) -> Markup:
    for template, pattern in _PATTERNS:
        if found := pattern.fullmatch(reason):
            values = found.groupdict()
            if "date" in values:
                values["date"] = long_date(date.fromisoformat(values["date"]))
            if "sections" in values:
                values["sections"] = _REMOVED.sub(
                    lambda m: gettext(SECTION_REMOVED, section=m.group(1)), values["sections"]
                )
            return escape(gettext(template, **values))
    return Markup('<span lang="en">{}</span>').format(reason)
