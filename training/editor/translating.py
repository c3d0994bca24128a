"""Translations in the browser: the stale ones listed for editors, and a new version saved from a form."""

from dataclasses import dataclass

from training.content import reader, translations, versions
from training.content.translation_files import parse_text
from training.db import db
from training.errors import NotFound, ValidationFailed
from training.models import User

FORMS = {
    "policy": reader.parse_policy_text,
    "course": reader.parse_course_text,
    "item": reader.parse_item_text,
}


@dataclass
class Opened:
    kind: str
    key: str
    language: str
    source: object  # the source's current version
    translation: object | None  # the translation's newest version, if any
    name: str  # the file it is, in the content folder

    @property
    def stale(self) -> bool:
        return self.translation is not None and not translations.is_current(self.translation, self.source)

    @property
    def text(self) -> str:
        return self.translation.source if self.translation is not None else ""


def stale() -> list[translations.StaleTranslation]:
    """Every translation waiting for an update after its source changed (for the editors' page)."""
    return translations.stale()


def source_name(kind: str, key: str, name: str) -> str:
    language = name.split(".")[-3] if name.endswith(".quiz.yaml") else name.split(".")[-2]
    return name.replace(f".{language}.", ".")


def open_translation(kind: str, key: str, language: str) -> Opened:
    """Return what the translation page shows: the source now and the translation's newest version."""
    source = versions.current(translations.MODELS[kind], key)
    other = translations.LANGUAGE_RE.match(language) and language != translations.SOURCE_LANGUAGE
    if source is None or not other:
        raise NotFound("No such content to translate.")
    translation = translations.current(kind, key, language)
    return Opened(kind, key, language, source, translation, translations.file_name(kind, key, language))


def save(user: User, kind: str, key: str, language: str, text: str, note: str = "") -> object | None:
    """Check a translation's text against its source and publish it as a new version (None: unchanged)."""
    opened = open_translation(kind, key, language)
    parsed = FORMS[kind](opened.source.source, source_name(kind, key, opened.name))
    if parsed.value is None:
        raise ValidationFailed("The source cannot be read to compare the translation with.", parsed.problems)
    found, problems = parse_text(text.replace("\r\n", "\n"), opened.name, kind, parsed.value)
    if problems:
        raise ValidationFailed("The translation was not saved.", problems)
    row = translations.publish_translation(found, user.email, note)
    db.session.commit()
    return row
