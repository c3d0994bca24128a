"""What publishing a text would change: sections and items, and who would become outdated."""

import difflib
import re
from dataclasses import dataclass, field

import yaml
from flask_babel import gettext
from markupsafe import Markup

from training.content import markdown, versions
from training.content.diff import markdown_diff, section_diff, word_diff
from training.content.files import CourseFile, ItemFile, PolicyFile, text_hash
from training.editor import retraining
from training.editor.drafts import Target, item_titles
from training.models import CourseVersion, ItemVersion, PolicyVersion
from training.status.redo import Redo


@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed" or "unchanged"
    diff_html: Markup
    rendered: bool = False  # the diff shows the markdown as it reads, not the text as written


@dataclass
class Review:
    """The effect of publishing: what changes, and who gets something to redo."""

    target: Target
    title: str
    changes: list[Change]
    # Items whose completions go stale if the change requires retraining.
    stale_items: list[str] = field(default_factory=list)
    # Who would have something (more) to redo after publishing, with and without retraining:
    # the publish is run in a savepoint and `/hr/outdated`'s own query asked before and after.
    affected: list[Redo] = field(default_factory=list)
    affected_without: list[Redo] = field(default_factory=list)
    retrain_matters: bool = False
    needs_approval: bool = False  # four-eyes: a second editor approves before it is published
    typo_only: bool = False  # only whitespace, punctuation or spelling changed: proposes no retraining
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.kind != "unchanged"]


# Fields written in markdown: their diffs show the text rendered, as people read it.
MARKDOWN_FIELDS = {"Introduction", "Description"}


def compare_fields(pairs: list[tuple[str, str, str]]) -> list[Change]:
    """Return a change for each (label, old, new) whose text differs."""
    return [_field_change(label, old, new) for label, old, new in pairs if old != new]


def _field_change(label: str, old: str, new: str) -> Change:
    if label in MARKDOWN_FIELDS:
        return Change(label, "changed", markdown_diff(old, new), rendered=True)
    return Change(label, "changed", word_diff(old, new))


def _sections(policy) -> list[tuple[str, str, str]]:
    return [(getattr(s, "section_id", None) or s.id, s.heading, s.body_md) for s in policy.sections]


def compare_sections(old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]) -> list[Change]:
    """Compare (id, heading, body) sections by id, as people's completions do; the bodies are
    diffed rendered, as the people who acknowledge them see the changes."""
    before = {sid: (heading, body) for sid, heading, body in old}
    changes = []
    for sid, heading, body in new:
        label = f"“{heading}” (#{sid})"
        if sid not in before:
            changes.append(Change(label, "added", markdown_diff("", body), rendered=True))
            continue
        old_heading, old_body = before.pop(sid)
        if text_hash(f"{old_heading}\n{old_body}") == text_hash(f"{heading}\n{body}"):
            changes.append(Change(label, "unchanged", Markup("")))
            continue
        diff = section_diff(old_heading, markdown.render(old_body), heading, markdown.render(body))
        changes.append(Change(label, "changed", diff, rendered=True))
    for sid, (heading, body) in before.items():
        changes.append(Change(f"“{heading}” (#{sid})", "removed", markdown_diff(body, ""), rendered=True))
    return changes


def policy_fields(policy) -> list[tuple[str, str]]:
    extra = yaml.safe_dump(policy.meta, sort_keys=True, allow_unicode=True) if policy.meta else ""
    return [("Title", policy.title), ("Version label", policy.label),
            ("Effective", policy.effective.isoformat()), ("Grace days", str(policy.grace_days)),
            ("Introduction", policy.intro_md.strip()), ("Other settings", extra)]  # fmt: skip


def course_fields(course) -> list[tuple[str, str]]:
    audience = course.audience if isinstance(course.audience, str) else ", ".join(course.audience)
    titles = item_titles(course.items)
    order = "\n".join(f"{n}. {titles[i]} ({i})" for n, i in enumerate(course.items, 1))
    return [("Title", course.title), ("Summary", course.summary), ("Audience", audience),
            ("Due days", str(course.due_days)), ("Description", course.description_md.strip()),
            ("Items, in order", order)]  # fmt: skip


def text_diff(old: str, new: str, context: int = 2) -> Markup:
    """Word-diff only the changed lines and `context` lines around them, each part headed by
    its first line number in the new text, so a long quiz shows just what changed."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    parts = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        (_, i1, _, j1, _), (_, _, i2, _, j2) = group[0], group[-1]
        head = Markup('<span class="hunk">{}</span>').format(gettext("Line %(number)s", number=j1 + 1))
        parts.append(head + word_diff("".join(a[i1:i2]), "".join(b[j1:j2])))
    return Markup("").join(parts)


def compare(kind: str, old, new) -> list[Change]:
    """Changes from `old` to `new`: versions or parsed files of one policy, course or item."""
    if kind == "policy":
        pairs = zip(policy_fields(old), policy_fields(new), strict=True)
        return compare_fields([(a[0], a[1], b[1]) for a, b in pairs]) + compare_sections(
            _sections(old), _sections(new)
        )
    if kind == "course":
        pairs = zip(course_fields(old), course_fields(new), strict=True)
        return compare_fields([(a[0], a[1], b[1]) for a, b in pairs])
    if old.source == new.source:
        return [Change("Text", "unchanged", Markup(""))]
    if old.quiz is None and new.quiz is None:
        return lesson_changes(old.source, new.source)
    return [Change("Text", "changed", text_diff(old.source, new.source))]


_FRONT_MATTER = re.compile(r"---[ \t]*\n.*?\n---[ \t]*(?:\n|$)", re.DOTALL)


def lesson_changes(old: str, new: str) -> list[Change]:
    """Changes of a lesson's file: its front matter as written, its markdown body rendered."""
    (old_front, old_body), (front, body) = _lesson_parts(old), _lesson_parts(new)
    changes = [Change("Settings", "changed", text_diff(old_front, front))] if old_front != front else []
    if old_body.strip() != body.strip():
        changes.append(Change("Text", "changed", markdown_diff(old_body, body), rendered=True))
    return changes or [Change("Text", "unchanged", Markup(""))]


def _lesson_parts(source: str) -> tuple[str, str]:
    """Split a lesson's file after its front matter, `---` lines included: lines count as in the file."""
    match = _FRONT_MATTER.match(source)
    return (source[: match.end()], source[match.end() :]) if match else ("", source)


def policy_review(where: Target, new: PolicyFile, current: PolicyVersion | None) -> Review:
    review = Review(where, new.title, compare("policy", current, new) if current else [])
    if current is None:
        return review
    review.typo_only = retraining.typo_only("policy", current, new)
    material = {s.section_id: s.material_hash for s in current.sections}
    changed = {f"{new.id}#{s.id}" for s in new.sections if s.id in material and s.text_hash != material[s.id]}
    items = {i for i, v in versions.current_all(ItemVersion).items() if changed & set(v.covers)}
    review.stale_items = sorted(item_titles(items).values())
    review.retrain_matters = bool(items)
    return review


def item_review(where: Target, new: ItemFile, current: ItemVersion | None) -> Review:
    if current is None:
        return Review(where, new.title, [Change("Text", "added", word_diff("", new.source))])
    review = Review(where, new.title, compare("item", current, new))
    review.typo_only = retraining.typo_only("item", current, new)
    covers_changed = set(new.covers) != set(current.covers)
    review.retrain_matters = new.source_hash != current.material_hash
    if review.retrain_matters or covers_changed:
        review.stale_items = [new.title]
    return review


def course_review(where: Target, new: CourseFile, current: CourseVersion | None) -> Review:
    return Review(where, new.title, compare("course", current, new) if current else [])
