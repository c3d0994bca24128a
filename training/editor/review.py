"""What publishing a text would change: sections and items, and who would become outdated."""

import difflib
import re
from dataclasses import dataclass, field

import yaml
from markupsafe import Markup
from sqlalchemy import and_, func, select

from training.content import markdown, versions
from training.content.diff import markdown_diff, section_diff, word_diff
from training.content.files import CourseFile, ItemFile, PolicyFile, text_hash
from training.db import db
from training.editor.drafts import Target, item_titles
from training.models import CourseFingerprint, CourseProgress, CourseVersion, ItemVersion, PolicyVersion, User


@dataclass
class Change:
    label: str
    kind: str  # "changed", "added", "removed" or "unchanged"
    diff_html: Markup
    rendered: bool = False  # the diff shows the markdown as it reads, not the text as written


@dataclass
class Review:
    """The effect of publishing; the counts are of people shown `completed` today."""

    target: Target
    title: str
    changes: list[Change]
    # Items whose completions go stale if the change requires retraining, and the people who
    # would then be outdated, in total and per course title.
    stale_items: list[str] = field(default_factory=list)
    outdated_retrain: int = 0
    outdated_without: int = 0
    courses: list[tuple[str, int]] = field(default_factory=list)
    retrain_matters: bool = False
    retrain_default: bool = True
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
        head = Markup('<span class="hunk">Line {}</span>').format(j1 + 1)
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


def people_outdated(course_ids: set[str]) -> tuple[int, dict[str, int]]:
    """Count active people whose course progress carries the current fingerprint of these courses.

    They completed the course as it is now, so they become `outdated` when its fingerprint
    changes. Counted in the database (distinct people, and people per course), however many.
    """
    if not course_ids:
        return 0, {}
    newest = select(func.max(CourseFingerprint.id)).where(CourseFingerprint.course_id.in_(course_ids))
    prints = select(CourseFingerprint).where(
        CourseFingerprint.id.in_(newest.group_by(CourseFingerprint.course_id))
    )
    prints = prints.subquery()
    rows = (
        select(CourseProgress.course_id, CourseProgress.user_id)
        .join(User, and_(User.id == CourseProgress.user_id, User.active.is_(True)))
        .join(prints, and_(prints.c.course_id == CourseProgress.course_id,
                           prints.c.fingerprint == CourseProgress.fingerprint))
    ).subquery()  # fmt: skip
    total = db.session.scalar(select(func.count(func.distinct(rows.c.user_id))))
    per_course = db.session.execute(select(rows.c.course_id, func.count()).group_by(rows.c.course_id)).all()
    return total, {course_id: n for course_id, n in per_course}


def _courses_with(item_ids: set[str]) -> set[str]:
    courses = versions.current_all(CourseVersion)
    return {cid for cid, v in courses.items() if item_ids.intersection(v.items)}


def _count(review: Review, retrain_courses: set[str], always_courses: set[str]) -> None:
    review.outdated_retrain, per_course = people_outdated(retrain_courses | always_courses)
    review.outdated_without = people_outdated(always_courses)[0] if always_courses else 0
    titles = {cid: v.title for cid, v in versions.current_all(CourseVersion).items()}
    courses = sorted((retrain_courses | always_courses) & set(titles))  # a new course has no one yet
    review.courses = [(titles[cid], per_course.get(cid, 0)) for cid in courses]


def policy_review(where: Target, new: PolicyFile, current: PolicyVersion | None) -> Review:
    review = Review(
        where, new.title, compare("policy", current, new) if current else [], retrain_default=new.retrain
    )
    if current is None:
        return review
    material = {s.section_id: s.material_hash for s in current.sections}
    changed = {f"{new.id}#{s.id}" for s in new.sections if s.id in material and s.text_hash != material[s.id]}
    items = {i for i, v in versions.current_all(ItemVersion).items() if changed & set(v.covers)}
    review.stale_items = sorted(item_titles(items).values())
    review.retrain_matters = bool(items)
    _count(review, _courses_with(items), set())
    return review


def item_review(where: Target, new: ItemFile, current: ItemVersion | None) -> Review:
    if current is None:
        review = Review(where, new.title, [Change("Text", "added", word_diff("", new.source))])
        _count(review, set(), {where.course_id})
        return review
    review = Review(where, new.title, compare("item", current, new), retrain_default=new.retrain)
    covers_changed = set(new.covers) != set(current.covers)
    review.retrain_matters = new.source_hash != current.material_hash
    courses = _courses_with({where.key})
    _count(review, courses if review.retrain_matters else set(), courses if covers_changed else set())
    if review.retrain_matters or covers_changed:
        review.stale_items = [new.title]
    return review


def course_review(where: Target, new: CourseFile, current: CourseVersion | None) -> Review:
    review = Review(where, new.title, compare("course", current, new) if current else [])
    if current is not None and set(new.items) != set(current.items):  # the order changes no fingerprint
        _count(review, set(), {where.key})
    return review
