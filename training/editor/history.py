"""What editors see of the library: everything with its current version and drafts, and history."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from training.content import versions
from training.content.reader import parse_course_text
from training.db import db
from training.editor import drafts as editing
from training.editor import review as editing_review
from training.models import ContentDraft, CourseVersion, Item, ItemVersion, PolicyVersion


@dataclass
class Row:
    """One line of the editor's list: a policy, course or item, published or only drafted."""

    kind: str
    key: str
    title: str
    number: int = 0  # 0 when never published
    label: str = ""
    effective: date | None = None  # a policy's
    author: str = ""
    when: datetime | None = None
    draft: ContentDraft | None = None
    item_kind: str = ""
    items: list["Row"] = field(default_factory=list)


def _row(kind: str, key: str, version, draft: ContentDraft | None, **extra) -> Row:
    title = extra.pop("title", key)
    if version is None:
        return Row(kind, key, title, draft=draft, **extra)
    return Row(kind, key, version.title, version.number, getattr(version, "label", ""),
               getattr(version, "effective", None), version.author, version.created_at, draft,
               **extra)  # fmt: skip


def overview() -> tuple[list[Row], list[Row]]:
    """Return (policies, courses with their items in order), drafts included."""
    drafts = {(d.kind, d.key): d for d in db.session.scalars(select(ContentDraft))}
    policies = [
        _row("policy", key, version, drafts.get(("policy", key)))
        for key, version in sorted(versions.current_all(PolicyVersion).items())
    ]
    items = versions.current_all(ItemVersion)
    kinds = dict(db.session.execute(select(Item.id, Item.kind)).all())
    titles = editing.item_titles([*items, *(key for kind, key in drafts if kind == "item")])
    courses = []
    for key, version, order in _courses(drafts):
        course = _row("course", key, version, drafts.get(("course", key)), title=_draft_title(drafts, key))
        new = [
            d.key for d in drafts.values() if d.kind == "item" and d.course_id == key and d.key not in order
        ]
        for item_id in [*order, *sorted(new)]:
            draft = drafts.get(("item", item_id))
            kind = kinds.get(item_id) or (draft.item_kind if draft else "")
            row = _row(
                "item", item_id, items.get(item_id), draft, item_kind=kind, title=titles.get(item_id, item_id)
            )
            course.items.append(row)
        courses.append(course)
    return policies, courses


def _courses(drafts: dict):
    """Yield (course id, current version or None, item order) for published and new courses."""
    published = versions.current_all(CourseVersion)
    for key, version in sorted(published.items(), key=lambda pair: pair[1].title.lower()):
        yield key, version, list(version.items)
    for (kind, key), draft in sorted(drafts.items()):
        if kind == "course" and key not in published:
            parsed = parse_course_text(draft.text, f"courses/{key}/course.md").value
            yield key, None, list(parsed.items) if parsed else []


def _draft_title(drafts: dict, key: str) -> str:
    draft = drafts.get(("course", key))
    parsed = parse_course_text(draft.text, f"courses/{key}/course.md").value if draft else None
    return parsed.title if parsed else key


def all_versions(kind: str, key: str) -> list:
    """Every published version, newest first."""
    editing.target(kind, key)
    return versions.every(kind, key)


def diff(kind: str, key: str, old_number: int, new_number: int) -> list[editing_review.Change]:
    """Return the changes from one version to another (either may be the older)."""
    old, new = editing.version_of(kind, key, old_number), editing.version_of(kind, key, new_number)
    return editing_review.compare(kind, old, new)
