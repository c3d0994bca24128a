"""Content in the reader's language: a current translation's words, else the source's with a notice.

Only the words change: ids, versions, fingerprints and everything a completion records stay the
source's, so status, evidence and reports are the same in every language. A reader whose
language is the source's (English), or who has no translation, reads the source and costs no query.
"""

from dataclasses import replace

from sqlalchemy import select

from training.content import translations
from training.content.diff import html_diff, section_diff
from training.content.translation_files import SOURCE_LANGUAGE
from training.db import db
from training.models import Translation
from training.status import published


class Shown:
    """A published version as one reader sees it: `title`, `html` and `quiz` in `language`.

    `stale` is true when a translation into the reader's language waits for an update after a
    change to its source, so the source is shown instead. Any other attribute is the version's own.
    """

    def __init__(self, version, language: str, wanted: str, stale: bool, **words):
        self._version, self.language, self.wanted, self.stale = version, language, wanted, stale
        self.title = words.get("title", version.title)
        for name in ("html", "quiz"):
            if name in words or hasattr(version, name):
                setattr(self, name, words.get(name, getattr(version, name, None)))

    def __getattr__(self, name):
        return getattr(self._version, name)

    @property
    def language_name(self) -> str:
        return translations.language_name(self.wanted)

    @property
    def source_language_name(self) -> str:
        return translations.language_name(SOURCE_LANGUAGE)


def item(version, language: str) -> Shown:
    """Return a lesson or quiz version in `language` when a current translation has it."""
    found = _translation("item", version.item_id, language)
    if found is None or not translations.is_current(found, version):
        return Shown(version, SOURCE_LANGUAGE, language, stale=found is not None)
    if version.quiz is not None:
        return Shown(version, language, language, False, title=found.title,
                     quiz=translations.translated_quiz(version.quiz, found))  # fmt: skip
    return Shown(version, language, language, False, title=found.title, html=found.content["html"])


def attempt(view, language: str):
    """Return the attempt as `load` gives it, its quiz and current step in `language` where current."""
    shown = item(view.version, language)
    if shown.language == SOURCE_LANGUAGE:
        return replace(view, version=shown)
    step = view.current_step
    if step is not None:
        step = next(s for s in shown.quiz["steps"] if s["id"] == step["id"])
    return replace(view, version=shown, current_step=step)


def language_read(item_id: str, language: str) -> str:
    """The language a person reading this item in `language` is shown now: for the evidence."""
    version = published.now().items.get(item_id) if language != SOURCE_LANGUAGE else None
    return item(version, language).language if version is not None else SOURCE_LANGUAGE


def policy(version, language: str) -> Shown:
    """Return a policy version in `language`: `sections` {id: (heading, html)} and `intro_html`."""
    found = _translation("policy", version.policy_id, language)
    if found is None or not translations.is_current(found, version):
        return Shown(version, SOURCE_LANGUAGE, language, stale=found is not None)
    shown = Shown(version, language, language, False, title=found.title)
    shown.intro_html = found.content["intro_html"]
    shown.translated_sections = {s["id"]: (s["heading"], s["html"]) for s in found.content["sections"]}
    return shown


def courses(views: list, language: str) -> None:
    """Put the titles, summaries and descriptions of current translations into course views (and
    the titles of their items): what the home, course, lesson and quiz pages list."""
    if language == SOURCE_LANGUAGE or not views:
        return
    course_ids = [v.course_id for v in views]
    item_ids = [i.id for v in views for i in v.items]
    found = _many(language, course_ids, item_ids)
    shown = published.now()
    for view in views:
        state = shown.courses.get(view.course_id)
        mine = found.get(("course", view.course_id))
        if state is not None and mine is not None and translations.is_current(mine, state.version):
            view.title = mine.title
            if hasattr(view, "summary"):
                view.summary = mine.content["summary"] or view.summary
                view.description_html = mine.content["description_html"] or view.description_html
        for entry in view.items:
            theirs = found.get(("item", entry.id))
            source = shown.items.get(entry.id)
            if theirs is not None and source is not None and translations.is_current(theirs, source):
                entry.title = theirs.title


def policy_titles(versions: list, language: str) -> list:
    """Return policy versions whose `title` is a current translation's where there is one (one query)."""
    if language == SOURCE_LANGUAGE or not versions:
        return versions
    query = select(Translation).where(
        Translation.language == language,
        Translation.kind == "policy",
        Translation.source_id.in_([v.policy_id for v in versions]),
    )
    newest = {row.source_id: row for row in db.session.scalars(query.order_by(Translation.number))}
    shown = []
    for version in versions:
        found = newest.get(version.policy_id)
        if found is not None and translations.is_current(found, version):
            shown.append(Shown(version, language, language, False, title=found.title))
        else:
            shown.append(Shown(version, SOURCE_LANGUAGE, language, stale=found is not None))
    return shown


def _translation(kind: str, source_id: str, language: str) -> Translation | None:
    if language == SOURCE_LANGUAGE:
        return None
    return translations.current(kind, source_id, language)


def _many(language: str, course_ids: list[str], item_ids: list[str]) -> dict[tuple[str, str], Translation]:
    """{(kind, source id): newest translation into `language`} of these courses and items, in one query."""
    query = select(Translation).where(
        Translation.language == language,
        ((Translation.kind == "course") & Translation.source_id.in_(course_ids))
        | ((Translation.kind == "item") & Translation.source_id.in_(item_ids or [""])),
    )
    newest: dict[tuple[str, str], Translation] = {}
    for row in db.session.scalars(query.order_by(Translation.number)):
        newest[(row.kind, row.source_id)] = row
    return newest


def policy_changes(view, language: str):
    """Put a current translation's words into a policy's changes page (`acknowledgements.changes`).

    A changed section is diffed between the translation the person could have read when they
    last acknowledged and the current one, so they see what changed in their own language.
    """
    shown = policy(view.current, language)
    view.current = shown
    if shown.language == SOURCE_LANGUAGE:
        return view
    earlier = _made_by(view.current.policy_id, language, view.since.number) if view.since else None
    before = {s["id"]: s for s in earlier.content["sections"]} if earlier else {}
    for section in view.sections:
        old = before.get(section.section_id)
        if section.section_id not in shown.translated_sections:
            if old is not None:  # removed since: its words as they were translated then
                section.heading, section.diff_html = old["heading"], html_diff(old["html"], "")
            continue
        section.heading, section.html = shown.translated_sections[section.section_id]
        if section.kind in ("changed", "added"):
            section.diff_html = (
                section_diff(old["heading"], old["html"], section.heading, section.html)
                if old is not None
                else html_diff("", section.html)
            )
    return view


def policy_language(version, language: str) -> str:
    """The language a person reading this policy version in `language` is shown: for the evidence."""
    return policy(version, language).language if language != SOURCE_LANGUAGE else SOURCE_LANGUAGE


def _made_by(policy_id: str, language: str, number: int) -> Translation | None:
    """The newest translation of a policy made from its version `number` or an earlier one."""
    return db.session.scalar(
        select(Translation)
        .where(Translation.kind == "policy", Translation.source_id == policy_id,
               Translation.language == language, Translation.made_from_version <= number)
        .order_by(Translation.number.desc())
        .limit(1)
    )  # fmt: skip
