"""Store new versions of policies, courses and items; each function only flushes."""

import hashlib
from datetime import timedelta

from sqlalchemy import func, select

from training.db import db, utcnow
from training.models import (
    Course,
    CourseVersion,
    Item,
    ItemVersion,
    Policy,
    PolicySection,
    PolicyVersion,
)
from training.services import markdown
from training.services.content_files import CourseFile, ItemFile, PolicyFile


def latest(model, key_column, key):
    """Return the newest version row of `model` whose `key_column` equals `key`."""
    return db.session.scalar(select(model).where(key_column == key).order_by(model.number.desc()).limit(1))


def publish_policy(policy: PolicyFile, author: str, note: str = "") -> PolicyVersion | None:
    """Add a version of `policy` unless its text is unchanged; return the new version."""
    previous = latest(PolicyVersion, PolicyVersion.policy_id, policy.id)
    if previous and previous.source_hash == policy.source_hash:
        return None
    if previous is None and db.session.get(Policy, policy.id) is None:
        db.session.add(Policy(id=policy.id))
    old_material = {s.section_id: s.material_hash for s in previous.sections} if previous else {}
    version = PolicyVersion(
        policy_id=policy.id, number=previous.number + 1 if previous else 1, label=policy.label,
        title=policy.title, effective=policy.effective, grace_days=policy.grace_days,
        retrain=policy.retrain, intro_md=policy.intro_md,
        intro_html=markdown.render(policy.intro_md), meta=policy.meta, source=policy.source or None,
        source_hash=policy.source_hash, author=author, note=note,
    )  # fmt: skip
    for position, section in enumerate(policy.sections):
        material = section.text_hash
        if not policy.retrain and section.id in old_material:
            material = old_material[section.id]
        version.sections.append(
            PolicySection(
                section_id=section.id,
                position=position,
                heading=section.heading,
                body_md=section.body_md,
                html=markdown.render(section.body_md),
                text_hash=section.text_hash,
                material_hash=material,
            )  # fmt: skip
        )
    db.session.add(version)
    db.session.flush()
    return version


def publish_course(course: CourseFile, author: str, note: str = "") -> CourseVersion | None:
    """Add a version of `course` unless unchanged; return the new version."""
    previous = latest(CourseVersion, CourseVersion.course_id, course.id)
    if previous and previous.source_hash == course.source_hash:
        return None
    if previous is None and db.session.get(Course, course.id) is None:
        db.session.add(Course(id=course.id))
    version = CourseVersion(
        course_id=course.id, number=previous.number + 1 if previous else 1, title=course.title,
        summary=course.summary, description_md=course.description_md,
        description_html=markdown.render(course.description_md), items=course.items,
        audience=course.audience, due_days=course.due_days, source=course.source or None,
        source_hash=course.source_hash, author=author, note=note,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version


def publish_item(item: ItemFile, author: str, note: str = "") -> ItemVersion | None:
    """Add a version of a lesson or quiz unless unchanged; return the new version."""
    previous = latest(ItemVersion, ItemVersion.item_id, item.id)
    if previous and previous.source_hash == item.source_hash:
        return None
    if db.session.get(Item, item.id) is None:
        db.session.add(Item(id=item.id, course_id=item.course_id, kind=item.kind))
        db.session.flush()
    material = item.source_hash
    if previous is not None and not item.retrain:
        material = previous.material_hash
    version = ItemVersion(
        item_id=item.id, number=previous.number + 1 if previous else 1, title=item.title,
        covers=item.covers, source=item.source,
        html=markdown.render(item.body_md) if item.kind == "lesson" else "",
        quiz=render_quiz(item.quiz) if item.quiz else None, retrain=item.retrain,
        source_hash=item.source_hash, material_hash=material, author=author, note=note,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version


def render_quiz(quiz: dict) -> dict:
    """Return the quiz with every markdown field also rendered to sanitised HTML."""
    rendered = dict(quiz, intro_html=markdown.render(quiz.get("intro") or ""))
    rendered["steps"] = [_render_step(step) for step in quiz["steps"]]
    return rendered


def _render_step(step: dict) -> dict:
    rendered = dict(step, prompt_html=markdown.render(step["prompt"]))
    if step.get("kind") == "draft":
        rendered["guidance_html"] = markdown.render(step.get("guidance") or "")
        return rendered
    rendered["choices"] = [
        dict(
            choice,
            text_html=markdown.render_inline(choice["text"]),
            feedback_html=markdown.render(choice["feedback"]),
        )
        for choice in step["choices"]
    ]
    return rendered


def fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stale_due_date(grace_days: int):
    return (utcnow() + timedelta(days=grace_days)).date()


def next_number(model, key_column, key) -> int:
    current = db.session.scalar(select(func.max(model.number)).where(key_column == key))
    return (current or 0) + 1
