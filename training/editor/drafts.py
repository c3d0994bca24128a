"""Editors' drafts: open, check, preview, save and discard, with conflict detection and no locks.

Every form carries the state it was opened on: the draft's revision ("" when there was no draft)
and the number of the published version (0 when never published). A save or publish whose state
is no longer current raises Conflict, so nobody overwrites a colleague's work unseen.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from training.coach import versions as coach_versions
from training.coach.rules import rules_problems
from training.content import export, files, markdown, publish, versions
from training.content.files import CoachRulesFile, Problem
from training.content.reader import Parsed, parse_course_text, parse_item_text, parse_policy_text
from training.db import db, utcnow
from training.errors import Conflict, NotFound, ValidationFailed
from training.i18n import N_
from training.models import (
    DRAFT_KINDS,
    CoachRulesVersion,
    ContentDraft,
    CourseVersion,
    Item,
    ItemVersion,
    PolicyVersion,
    User,
)

COACH_KEY = "rules"  # the coach has one set of rules: ContentDraft("coach", "rules")


@dataclass(frozen=True)
class Target:
    """One thing editors work on: a policy, a course, a lesson or quiz of a course, or the coach's rules."""

    kind: str  # "policy", "course" or "item"
    key: str
    item_kind: str = ""  # "lesson" or "quiz"
    course_id: str = ""

    @property
    def file_name(self) -> str:
        """The file's path inside content/, which validation messages name."""
        if self.kind == "policy":
            return f"policies/{self.key}.md"
        if self.kind == "coach":
            return "coach.yaml"
        if self.kind == "course":
            return f"courses/{self.key}/course.md"
        return f"courses/{self.course_id}/{export.item_file_name(self.key, self.item_kind)}"


@dataclass
class Opened:
    """What an edit form starts from: the text, and the state to compare on save."""

    target: Target
    text: str
    revision: str
    number: int
    draft: ContentDraft | None
    current: PolicyVersion | CourseVersion | ItemVersion | CoachRulesVersion | None


def current_version(kind: str, key: str):
    """Return the published version in force of anything editors work on, or None."""
    return versions.newest_coach_rules() if kind == "coach" else versions.current(kind, key)


def version_of(kind: str, key: str, number: int):
    """Return version `number` of a policy, course, item or the coach's rules."""
    version = coach_version(number) if kind == "coach" else versions.numbered(kind, key, number)
    if version is None:
        raise NotFound(f"No version {number} of {key!r}.")
    return version


def coach_version(number: int) -> CoachRulesVersion | None:
    return db.session.scalar(select(CoachRulesVersion).where(CoachRulesVersion.number == number))


def find_draft(kind: str, key: str) -> ContentDraft | None:
    return db.session.scalar(select(ContentDraft).where(ContentDraft.kind == kind, ContentDraft.key == key))


def target(kind: str, key: str) -> Target:
    """Return what `kind`/`key` names, published or only drafted; raise NotFound otherwise."""
    if kind not in DRAFT_KINDS:
        raise NotFound(f"Nothing of kind {kind!r} can be edited.")
    draft = find_draft(kind, key)
    if kind == "coach":
        if key == COACH_KEY:
            return Target(kind, key)
    elif kind == "item":
        item = db.session.get(Item, key)
        if item is not None:
            return Target(kind, key, item.kind, item.course_id)
        if draft is not None:
            return Target(kind, key, draft.item_kind, draft.course_id)
    elif draft is not None or versions.current(kind, key) is not None:
        return Target(kind, key)
    raise NotFound(f"No {kind} {key!r}.")


def open_text(kind: str, key: str) -> Opened:
    """Return the draft if there is one, else the current published text."""
    where = target(kind, key)
    draft = find_draft(kind, key)
    current = current_version(kind, key)
    text = draft.text if draft is not None else export.published_text(current) if current else ""
    return Opened(
        where, text, draft.revision if draft else "", current.number if current else 0, draft, current
    )


def normalise(text: str) -> str:
    """Browsers send CRLF line ends from a textarea; read it as `content check` reads a file."""
    return files.normalise(text)


def check(where: Target, text: str) -> Parsed:
    """Validate `text` as the file of `where`, with the checks `content check` makes across files."""
    if where.kind == "policy":
        parsed = parse_policy_text(text, where.file_name)
        if parsed.value is not None:
            parsed.problems.extend(_removed_sections_in_use(where, parsed.value))
    elif where.kind == "course":
        parsed = parse_course_text(text, where.file_name)
        if parsed.value is not None:
            parsed.problems.extend(_course_item_problems(where, parsed.value.items))
    elif where.kind == "coach":
        found = rules_problems(text, coach_versions.published_policy)
        problems = [Problem(where.file_name, line, message) for line, message in found]
        parsed = Parsed(CoachRulesFile(text, files.source_hash(text)), problems)
    else:
        parsed = parse_item_text(text, where.file_name, set(versions.current_sections()))
    if parsed.problems:
        parsed.value = None
    return parsed


def _removed_sections_in_use(where: Target, policy) -> list[Problem]:
    kept = {f"{where.key}#{s.id}" for s in policy.sections}
    problems = []
    for item_id, version in sorted(versions.current_all(ItemVersion).items()):
        for cover in version.covers:
            if cover.startswith(f"{where.key}#") and cover not in kept:
                message = f"section {cover!r} is covered by {item_id!r}: keep its {{#id}} or change that item"
                problems.append(Problem(where.file_name, None, message))
    return problems


def course_items(course_id: str) -> tuple[set[str], set[str]]:
    """Return (published item ids, drafted new item ids) of a course."""
    published = set(db.session.scalars(select(Item.id).where(Item.course_id == course_id)))
    drafted = db.session.scalars(
        select(ContentDraft.key).where(ContentDraft.kind == "item", ContentDraft.course_id == course_id)
    )
    return published, set(drafted) - published


def _course_item_problems(where: Target, items: list[str]) -> list[Problem]:
    published, drafted = course_items(where.key)
    problems = [
        Problem(where.file_name, None, f"item {i!r} is not a lesson or quiz of this course")
        for i in items
        if i not in published | drafted
    ]
    problems += [
        Problem(where.file_name, None, f"item {i!r} belongs to this course and must stay listed")
        for i in sorted(published - set(items))
    ]
    return problems


def preview(where: Target, parsed: Parsed) -> dict:
    """Render valid text with the same functions the learner's pages are published with."""
    value = parsed.value
    if value is None:
        return {}
    shown = {"title": value.title, "kind": where.item_kind or where.kind}
    if where.kind == "policy":
        shown["intro_html"] = markdown.render(value.intro_md)
        shown["sections"] = [
            {"id": s.id, "heading": s.heading, "html": markdown.render(s.body_md)} for s in value.sections
        ]
    elif where.kind == "course":
        titles = item_titles(value.items)
        shown["description_html"] = markdown.render(value.description_md)
        shown["course_items"] = [(i, titles.get(i, i)) for i in value.items]
    elif value.kind == "quiz":
        shown["quiz"] = publish.render_quiz(value.quiz)
    else:
        shown["html"] = markdown.render(value.body_md)
    return shown


def item_titles(item_ids) -> dict[str, str]:
    """Return {item id: title} from the current versions, or from drafts of new items."""
    titles = {i: v.title for i, v in versions.current_all(ItemVersion).items()}
    for draft in db.session.scalars(select(ContentDraft).where(ContentDraft.kind == "item")):
        if draft.key not in titles:
            parsed = parse_item_text(
                draft.text, Target("item", draft.key, draft.item_kind, draft.course_id).file_name
            )
            titles[draft.key] = parsed.value.title if parsed.value else draft.key
    return {i: titles.get(i, i) for i in item_ids}


def expect_state(where: Target, revision: str, number: int) -> None:
    """Raise Conflict unless the draft and the published version are as the form saw them."""
    draft = find_draft(where.kind, where.key)
    current = current_version(where.kind, where.key)
    now = (draft.revision if draft else "", current.number if current else 0)
    if now == (revision, number):
        return
    if current is not None and current.number != number:
        when = f"{current.created_at:%Y-%m-%d %H:%M} UTC"
        who = current.author or "Someone"
        raise Conflict(
            N_("{name} published version {number} at {when}, after you opened this.").format(
                name=who, number=current.number, when=when
            )
        )
    if draft is not None:
        when = f"{draft.updated_at:%Y-%m-%d %H:%M} UTC"
        raise Conflict(
            N_("{name} saved the draft at {when}, after you opened this.").format(
                name=draft.updated_by, when=when
            )
        )
    raise Conflict(N_("The draft was discarded after you opened this."))


def save_draft(user: User, kind: str, key: str, text: str, revision: str, number: int) -> ContentDraft:
    """Validate `text` and keep it as the draft; nothing is stored if it has any problem."""
    where = target(kind, key)
    text = normalise(text)
    expect_state(where, revision, number)
    parsed = check(where, text)
    if parsed.problems:
        raise ValidationFailed(f"{len(parsed.problems)} problem(s): nothing was saved.", parsed.problems)
    draft = store(user, where, text, revision, number)
    db.session.commit()
    return draft


def store(user: User, where: Target, text: str, revision: str, number: int) -> ContentDraft:
    """Write the draft if it is still at `revision`; flush only."""
    new_revision = secrets.token_hex(16)
    draft = find_draft(where.kind, where.key)
    if draft is None:
        draft = ContentDraft(
            kind=where.kind, key=where.key, item_kind=where.item_kind, course_id=where.course_id,
            text=text, base_number=number, revision=new_revision, created_by=user.email,
            updated_by=user.email,
        )  # fmt: skip
        try:
            with db.session.begin_nested():
                db.session.add(draft)
        except IntegrityError:
            raise Conflict(N_("Someone else started a draft of this at the same moment.")) from None
        return draft
    changed = db.session.execute(
        update(ContentDraft)
        .where(ContentDraft.id == draft.id, ContentDraft.revision == revision)
        .values(text=text, revision=new_revision, updated_by=user.email, updated_at=utcnow())
    )
    if changed.rowcount != 1:
        raise Conflict(N_("Someone else saved this draft at the same moment."))
    db.session.refresh(draft)
    return draft


def try_text(kind: str, key: str, text: str) -> tuple[list[Problem], dict]:
    """Return the problems of `text` and, when it has none, its preview; nothing is stored."""
    where = target(kind, key)
    parsed = check(where, normalise(text))
    return parsed.problems, preview(where, parsed)


def section_choices() -> list[tuple[str, str]]:
    """Every current policy section as ("policy#section", "Policy title: heading")."""
    titles = {k: v.title for k, v in versions.current_all(PolicyVersion).items()}
    return [
        (key, f"{titles[key.split('#')[0]]}: {s.heading}") for key, s in versions.current_sections().items()
    ]
