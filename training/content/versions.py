"""The current version: the one place that says which published version of anything is in force.

A version is never updated; the current one is the row with the highest number for its key.
"""

from sqlalchemy import func, select, tuple_

from training.db import db
from training.models import CoachRulesVersion, CourseVersion, ItemVersion, PolicySection, PolicyVersion

# The versioned kinds of content, by the name the editor uses, with the column that names each.
MODELS = {"policy": PolicyVersion, "course": CourseVersion, "item": ItemVersion}
KEYS = {
    PolicyVersion: PolicyVersion.policy_id,
    CourseVersion: CourseVersion.course_id,
    ItemVersion: ItemVersion.item_id,
}


def current(kind, key: str):
    """Return the newest version of one policy, course or item, or None if it was never published.

    `kind` is a version model or its name in MODELS ("policy", "course", "item").
    """
    model = MODELS.get(kind, kind)
    return db.session.scalar(select(model).where(KEYS[model] == key).order_by(model.number.desc()).limit(1))


def current_all(model) -> dict:
    """Return {key: newest version} for every policy, course or item."""
    column = KEYS[model]
    newest = select(column, func.max(model.number).label("number")).group_by(column).subquery()
    rows = db.session.scalars(
        select(model).join(newest, (column == newest.c[0]) & (model.number == newest.c.number))
    )
    return {getattr(row, column.key): row for row in rows}


def every(kind, key: str) -> list:
    """Return every version of one policy, course or item, newest first."""
    model = MODELS.get(kind, kind)
    return list(db.session.scalars(select(model).where(KEYS[model] == key).order_by(model.number.desc())))


def numbered(kind, key: str, number: int):
    """Return version `number` of one policy, course or item, or None."""
    model = MODELS.get(kind, kind)
    return db.session.scalar(select(model).where(KEYS[model] == key, model.number == number))


def current_sections() -> dict[str, PolicySection]:
    """Return {"policy#section": section} for the newest version of every policy."""
    sections = {}
    for policy_id, version in current_all(PolicyVersion).items():
        for section in version.sections:
            sections[f"{policy_id}#{section.section_id}"] = section
    return sections


def current_of(model, keys):
    """A condition that holds for the current version of each of `keys`, to join a version model on
    without loading whole rows: `select(ItemVersion.title).where(versions.current_of(ItemVersion, ids))`."""
    column = KEYS[model]
    newest = select(column, func.max(model.number)).where(column.in_(keys)).group_by(column)
    return tuple_(column, model.number).in_(newest)


def newest_rows(model, key_column) -> dict:
    """Return {key: the row with the highest id} of an append-only table, such as fingerprints."""
    newest = select(func.max(model.id)).group_by(key_column)
    return {
        getattr(r, key_column.key): r for r in db.session.scalars(select(model).where(model.id.in_(newest)))
    }


def newest_coach_rules() -> CoachRulesVersion | None:
    """Return the newest imported version of the coach's rules, or None before the first import."""
    return db.session.scalar(select(CoachRulesVersion).order_by(CoachRulesVersion.number.desc()).limit(1))
