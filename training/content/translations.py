"""Translations of published content: publishing a version, the current one, and whether it is stale.

A translation is made from a version of its source and records that source's material then
(`Translation.made_from`). It is current while its source's material is unchanged, so a publish
without retraining keeps it current and one that requires retraining makes it stale, until a new
version of the translation is published (which records the source as it is then).
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from training.content import markdown, publish, reader, versions
from training.content.files import text_hash
from training.content.translation_files import LANGUAGE_RE, SOURCE_LANGUAGE, TranslationFile
from training.db import db
from training.errors import NotFound
from training.models import CourseVersion, Item, ItemVersion, PolicyVersion, Translation

MODELS = {"policy": PolicyVersion, "course": CourseVersion, "item": ItemVersion}
# What people see a language called on the pages that name one (in that language, as a choice would).
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}


def material_of(kind: str, version) -> str:
    """What a translation of this source version translates: it goes stale when this changes.

    A lesson or quiz: its material hash (moved only by a publish that requires retraining). A
    policy: its sections' material hashes, by id. A course: its title, summary and description.
    """
    if kind == "item":
        return version.material_hash
    if kind == "policy":
        return publish.fingerprint(*(f"{s.section_id}={s.material_hash}" for s in version.sections))
    return text_hash(f"{version.title}\n{version.summary}\n{version.description_md}")


def current(kind: str, source_id: str, language: str) -> Translation | None:
    """Return the newest version of one translation, or None if there is none."""
    return db.session.scalar(
        select(Translation)
        .where(Translation.kind == kind, Translation.source_id == source_id, Translation.language == language)
        .order_by(Translation.number.desc())
        .limit(1)
    )


def file_name(kind: str, source_id: str, language: str) -> str:
    """The translation's path in the content folder, as `content check` reads it."""
    if kind == "policy":
        return f"policies/{source_id}.{language}.md"
    if kind == "course":
        return f"courses/{source_id}/course.{language}.md"
    item = db.session.get(Item, source_id)
    if item is None:
        raise NotFound(f"No lesson or quiz {source_id!r}.")
    ending = ".quiz.yaml" if item.kind == "quiz" else ".md"
    return f"courses/{item.course_id}/{source_id}.{language}{ending}"


def newest_all() -> list[Translation]:
    """Return the newest version of every translation."""
    key = (Translation.kind, Translation.source_id, Translation.language)
    newest = select(func.max(Translation.id)).group_by(*key)
    return list(db.session.scalars(select(Translation).where(Translation.id.in_(newest)).order_by(*key)))


def is_current(translation: Translation, source) -> bool:
    """Whether the translation still translates `source` (the source's current version)."""
    if translation.made_from != material_of(translation.kind, source):
        return False
    if translation.kind == "item" and source.quiz is not None:
        return same_shape(source.quiz, translation.content)
    return True


def same_shape(quiz: dict, content: dict) -> bool:
    """Whether a quiz translation has exactly the steps and choices of the quiz (by id, in order)."""
    steps = content.get("steps") or {}
    if list(steps) != [s["id"] for s in quiz["steps"]]:
        return False
    return all(
        list(steps[s["id"]].get("choices") or {}) == [str(c["id"]) for c in s.get("choices") or []]
        for s in quiz["steps"]
    )


def publish_translation(found: TranslationFile, author: str, note: str = "") -> Translation | None:
    """Add a version of a translation unless its text is unchanged; only flushes.

    It records the source's current version as the one it was made from.
    """
    source = versions.current(MODELS[found.kind], found.source_id)
    if source is None:
        raise NotFound(f"No published {found.kind} {found.source_id!r} to translate.")
    previous = current(found.kind, found.source_id, found.language)
    if previous is not None and previous.source_hash == found.source_hash:
        return None
    row = Translation(
        kind=found.kind, source_id=found.source_id, language=found.language,
        number=previous.number + 1 if previous else 1, title=found.title, source=found.source,
        source_hash=found.source_hash, content=render(found), made_from=material_of(found.kind, source),
        made_from_version=source.number, author=author, note=note,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    return row


def render(found: TranslationFile) -> dict:
    """Return the translation's words rendered once, as the pages show them."""
    if found.kind == "policy":
        sections = [{"id": i, "heading": h, "html": markdown.render(b)} for i, h, b, _ in found.sections]
        return {"intro_html": markdown.render(found.body_md), "sections": sections}
    if found.kind == "course":
        return {"summary": found.summary, "description_html": markdown.render(found.body_md)}
    if found.form == "lesson":
        return {"html": markdown.render(reader.lesson_body(found.body_md))}
    return {"intro_html": markdown.render(found.quiz.get("intro") or ""), "steps": _steps(found.quiz)}


def _steps(quiz: dict) -> dict:
    steps = {}
    for step in quiz["steps"]:
        steps[step["id"]] = {
            "prompt_html": markdown.render(step["prompt"]),
            "guidance_html": markdown.render(step.get("guidance") or ""),
            "choices": {
                str(c["id"]): {
                    "text_html": markdown.render_inline(c["text"]),
                    "feedback_html": markdown.render(c["feedback"]),
                }
                for c in step.get("choices") or []
            },
        }
    return steps


def translated_quiz(quiz: dict, translation: Translation) -> dict:
    """Return the quiz (rendered, as published) with the translation's words in place of its own.

    Everything but the words stays the source's: step and choice ids, correct answers, branches,
    the pass mark. So attempts, insight and reports compare across languages.
    """
    content = translation.content
    steps = []
    for step in quiz["steps"]:
        words = content["steps"].get(step["id"], {})
        shown = dict(step, prompt_html=words.get("prompt_html", step["prompt_html"]))
        if "guidance_html" in step and words.get("guidance_html"):
            shown["guidance_html"] = words["guidance_html"]
        if step.get("choices"):
            said = words.get("choices", {})
            shown["choices"] = [dict(c, **said.get(str(c["id"]), {})) for c in step["choices"]]
        steps.append(shown)
    return dict(quiz, title=translation.title, intro_html=content.get("intro_html", ""), steps=steps)


@dataclass
class StaleTranslation:
    translation: Translation
    source_title: str
    source_number: int  # the source's current version


def stale() -> list[StaleTranslation]:
    """Every translation whose source changed in a way that requires retraining since it was made."""
    found = []
    for translation in newest_all():
        source = versions.current(MODELS[translation.kind], translation.source_id)
        if source is not None and not is_current(translation, source):
            found.append(StaleTranslation(translation, source.title, source.number))
    return found


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


__all__ = ["LANGUAGE_RE", "SOURCE_LANGUAGE", "current", "is_current", "publish_translation", "stale"]
