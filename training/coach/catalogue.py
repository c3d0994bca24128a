"""The coach's messages in the reader's language.

A finding keeps its message in English, as the coach wrote it: it is evidence, and `coach check`
and the API answer with it. Pages show it translated: `extract` lets `pybabel` put every rule's
`message` of `coach.yaml` into the interface's catalogue (babel.cfg), and `translated` finds a
stored message's translation, with the values the coach put into its placeholders ({detail},
{name}, ...) carried over (the phrases of {missing} quoted and joined in the reader's words), and
the policy and section it names kept. A message whose rule has no translation (a rule written
since, in the editor) is shown as it is.
"""

import re
from functools import cache

import yaml
from flask_babel import get_translations, gettext

from training.coach import situation
from training.i18n import language

# The end the coach gives every message: " (<policy title>, '<section heading>')."
CITED = re.compile(r"^(?P<text>.+) \((?P<policy>[^()]*), '(?P<section>[^']*)'\)\.$", re.DOTALL)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def extract(fileobj, keywords, comment_tags, options):
    """Yield each rule's message of a coach.yaml for pybabel (a Babel extraction method)."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    rules = next((value for key, value in root.value if key.value == "rules"), None) if root else None
    for rule in rules.value if rules is not None else []:
        fields = {key.value: value for key, value in rule.value}
        message = fields.get("message")
        if message is not None and isinstance(message.value, str) and message.value.strip():
            rule_id = fields["id"].value if "id" in fields else "?"
            text = message.value.strip().rstrip(".")
            yield message.start_mark.line + 1, None, text, [f"coach rule {rule_id}"]


def translated(message: str) -> str:
    """Return a stored finding's message in the reader's language, or as it is when none has it."""
    cited = CITED.match(message)
    text = cited["text"] if cited else message.rstrip(".")
    local = translation(text)
    if local is None:
        return message
    if cited is None:
        return f"{local}."
    return gettext("%(message)s (%(policy)s, '%(section)s').", message=local,
                   policy=cited["policy"], section=cited["section"])  # fmt: skip


def translation(text: str) -> str | None:
    """Return a finished English text in the reader's language, or None when the catalogue lacks it.

    The text may have values filled into a message's `{placeholders}` (the editor's domain errors
    too): they are carried over into the translation as they are.
    """
    direct = gettext(text)
    if direct != text:
        return direct
    for pattern, translation in _templates(language()):
        if found := pattern.fullmatch(text):
            return PLACEHOLDER.sub(lambda m: _carried(m[1], found[m[1]]), translation)
    return None


def _carried(name: str, value: str) -> str:
    """Return a value the coach filled in, as the reader reads it: what a reply must say, in their words."""
    phrases = situation.described(value) if name == "missing" else None
    if phrases is None:
        return value
    return situation.describe(
        phrases,
        # Translators: one phrase a reply must contain, in quotation marks.
        quote=lambda phrase: gettext('"%(phrase)s"', phrase=phrase),
        # Translators: the last of the phrases a reply may use instead of each other.
        either=lambda first, last: gettext("%(phrases)s or %(last)s", phrases=first, last=last),
    )


@cache
def _templates(code: str) -> list[tuple[re.Pattern, str]]:
    """The catalogue's messages with placeholders, as patterns that read a finished message."""
    catalogue = getattr(get_translations(), "_catalog", {})  # GNUTranslations keeps its entries there
    templates = []
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, str) and msgstr and PLACEHOLDER.search(msgid):
            parts = PLACEHOLDER.split(msgid)  # text, name, text, name, ..., text
            names = parts[1::2]
            if len(set(names)) != len(names) or "%(" in msgid:
                continue
            regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
            templates.append((re.compile(regex, re.DOTALL), msgstr))
    return templates
