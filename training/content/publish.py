"""Store new versions of policies, courses and items; each function only flushes."""

import datetime as dt
import hashlib
import re

from training.content import markdown, reader, versions
from training.content.files import CoachRulesFile, CourseFile, ItemFile, PolicyFile, Problem, text_hash
from training.db import db
from training.errors import ValidationFailed
from training.models import (
    CoachRulesVersion,
    Course,
    CourseVersion,
    Item,
    ItemVersion,
    Policy,
    PolicySection,
    PolicyVersion,
)


def publish_policy(
    policy: PolicyFile, author: str, note: str = "", carried: dict[str, str] | None = None
) -> PolicyVersion | None:
    """Add a version of `policy` unless its text is unchanged; return the new version.

    `carried` gives material hashes (by section id) for a policy new to the database, from an
    export's material.yaml.
    """
    previous = versions.current(PolicyVersion, policy.id)
    if previous and previous.source_hash == policy.source_hash:
        return None
    kept = label_problem(previous, policy)
    if kept:
        raise ValidationFailed(f"Policy {policy.id!r} changed but kept its version label.", [kept])
    if previous is None and db.session.get(Policy, policy.id) is None:
        db.session.add(Policy(id=policy.id))
    before = {s.section_id: s for s in previous.sections} if previous else {}
    version = PolicyVersion(
        policy_id=policy.id, number=previous.number + 1 if previous else 1, label=policy.label,
        title=policy.title, effective=policy.effective, grace_days=policy.grace_days,
        retrain=policy.retrain, intro_md=policy.intro_md,
        intro_html=markdown.render(policy.intro_md), meta=policy.meta, source=policy.source or None,
        source_hash=policy.source_hash, author=author, note=note,
    )  # fmt: skip
    version.sections = _sections(policy, before, carried if previous is None else None)
    # A publish that changes nothing material (a flag, a date, a typo) asks nobody to retrain.
    version.retrain = policy.retrain and (
        not before
        or {s.section_id: s.material_hash for s in version.sections}
        != {k: s.material_hash for k, s in before.items()}
    )
    db.session.add(version)
    db.session.flush()
    return version


def _sections(policy: PolicyFile, before: dict, carried: dict[str, str] | None) -> list[PolicySection]:
    sections = []
    for position, section in enumerate(policy.sections):
        old = before.get(section.id)
        material = carried_material(old and (old.text_hash, old.material_hash), section.text_hash,
                                    policy.retrain)  # fmt: skip
        sections.append(PolicySection(
            section_id=section.id, position=position, heading=section.heading,
            body_md=section.body_md, html=markdown.render(section.body_md),
            text_hash=section.text_hash, material_hash=(carried or {}).get(section.id, material),
        ))  # fmt: skip
    return sections


def _wording_changed(previous: PolicyVersion, policy: PolicyFile) -> bool:
    """Return True if the policy's words changed, not just its whitespace or front matter flags."""
    before = [(previous.title, text_hash(previous.intro_md))]
    before += [(s.section_id, s.text_hash) for s in previous.sections]
    after = [(policy.title, text_hash(policy.intro_md))] + [(s.id, s.text_hash) for s in policy.sections]
    return before != after


def label_problem(previous: PolicyVersion | None, policy: PolicyFile) -> Problem | None:
    """Return the problem of a policy whose words changed but whose label is still `previous`'s.

    People acknowledge "version <label>", so one label names one text. The problem points at the
    `version:` line; None when there is no previous version, or the label or words are the same.
    """
    if previous is None or previous.label != policy.label or not _wording_changed(previous, policy):
        return None
    lines = policy.source.splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith("version:")), None)
    return Problem(
        f"policies/{policy.id}.md", line,
        f"the text changed but `version` is still {policy.label!r}, the label of the published "
        "version; give the new version its own label (people see it when they acknowledge)",
    )  # fmt: skip


EFFECTIVE_LINE = re.compile(r"^effective:[ \t]*[^#\r\n]*?(?P<rest>[ \t]+#.*?)?(?P<end>\r?)$")


def with_effective(policy: PolicyFile, effective: dt.date) -> PolicyFile:
    """Return the policy taking effect on `effective`, its text's `effective:` line saying so too.

    Only that line of the front matter changes, its comment kept, so the kept text, an export and
    the history all say the date the version carries.
    """
    lines = policy.source.split("\n")
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), 0)
    found = next((n for n in range(1, end) if EFFECTIVE_LINE.match(lines[n])), None)
    if found is None:
        raise ValidationFailed("The policy's front matter has no `effective:` line to give the date.")
    match = EFFECTIVE_LINE.match(lines[found])
    lines[found] = f"effective: {effective.isoformat()}{match['rest'] or ''}{match['end']}"
    parsed = reader.parse_policy_text("\n".join(lines), f"policies/{policy.id}.md")
    if parsed.problems:
        raise ValidationFailed("That effective date cannot be written in the policy file.", parsed.problems)
    return parsed.value


def publish_course(course: CourseFile, author: str, note: str = "") -> CourseVersion | None:
    """Add a version of `course` unless unchanged; return the new version."""
    previous = versions.current(CourseVersion, course.id)
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
        recertify_months=course.recertify.months if course.recertify else None,
        recertify_days=course.recertify.days if course.recertify else None,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version


def publish_item(
    item: ItemFile, author: str, note: str = "", carried: str | None = None
) -> ItemVersion | None:
    """Add a version of a lesson or quiz unless unchanged; return the new version.

    `carried` is the material hash of an item new to the database, from an export's material.yaml.
    """
    previous = versions.current(ItemVersion, item.id)
    if previous and previous.source_hash == item.source_hash:
        return None
    if db.session.get(Item, item.id) is None:
        db.session.add(Item(id=item.id, course_id=item.course_id, kind=item.kind))
        db.session.flush()
    material = carried_material(
        previous and (previous.text_hash, previous.material_hash), item.text_hash, item.retrain
    )
    if previous is None and carried:
        material = carried
    version = ItemVersion(
        item_id=item.id, number=previous.number + 1 if previous else 1, title=item.title,
        covers=item.covers, source=item.source,
        html=markdown.render(item.body_md) if item.kind == "lesson" else "",
        quiz=render_quiz(item.quiz) if item.quiz else None, retrain=item.retrain,
        source_hash=item.source_hash, text_hash=item.text_hash, material_hash=material,
        author=author, note=note,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version


def carried_material(previous: tuple[str | None, str] | None, text: str, retrain: bool) -> str:
    """Return the material hash of a new text, given the previous (text hash, material hash).

    The material hash moves only when the text itself changed in a publish that requires
    retraining; an earlier "no retraining" edit is never counted again by a later publish.
    """
    if not previous:
        return text
    old_text, old_material = previous
    if text == old_text or not retrain:
        return old_material
    return text


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


def publish_coach_rules(rules: CoachRulesFile, author: str, note: str = "") -> CoachRulesVersion | None:
    """Add a version of the coach's rules unless their text is that of the newest; only flushes."""
    previous = versions.newest_coach_rules()
    if previous and previous.source_hash == rules.source_hash:
        return None
    version = CoachRulesVersion(
        number=previous.number + 1 if previous else 1, source=rules.source,
        source_hash=rules.source_hash, author=author, note=note,
    )  # fmt: skip
    db.session.add(version)
    db.session.flush()
    return version
