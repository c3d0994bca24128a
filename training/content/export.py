"""Write the current published content back out as files in the format of content/."""

import os
import tempfile
from pathlib import Path

import yaml
from sqlalchemy import select

from training.content import material as material_file
from training.content import periods, translations, versions
from training.content.files import CourseFile, PolicyFile
from training.db import db
from training.models import CourseVersion, Item, ItemVersion, PolicyVersion


class _Dumper(yaml.SafeDumper):
    """Block style, except lists of plain values, which read best inline: `items: [a, b]`."""


def _represent_list(dumper: yaml.SafeDumper, data: list):
    flow = all(not isinstance(value, dict | list) for value in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_yaml(fields: dict) -> str:
    """Return `fields` as YAML, keys in the given order."""
    return yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def front_matter(fields: dict) -> str:
    """Return `fields` as a `---` block of YAML front matter."""
    return f"---\n{dump_yaml(fields)}---\n"


def policy_text(policy: PolicyVersion | PolicyFile) -> str:
    """Return a policy version (or a parsed policy file) as the text of `policies/<id>.md`."""
    is_version = isinstance(policy, PolicyVersion)
    fields = {
        "id": policy.policy_id if is_version else policy.id,
        "title": policy.title,
        "version": policy.label,
        "effective": policy.effective,
        "grace_days": policy.grace_days,
        **{k: v for k, v in (policy.meta or {}).items() if k != "retrain"},
    }
    parts = [policy.intro_md.strip() + "\n"] if policy.intro_md.strip() else []
    for section in policy.sections:
        section_id = section.section_id if is_version else section.id
        parts.append(f"## {section.heading} {{#{section_id}}}\n{section.body_md}")
    return front_matter(fields) + "\n".join(parts)


def course_text(course: CourseVersion | CourseFile, items: list[str] | None = None) -> str:
    """Return a course version (or parsed course file) as `course.md`, optionally with other items."""
    fields = {
        "id": course.course_id if isinstance(course, CourseVersion) else course.id,
        "title": course.title,
    }
    if course.summary:
        fields["summary"] = course.summary
    fields |= {
        "items": list(course.items if items is None else items),
        "audience": course.audience,
        "due_days": course.due_days,
    }
    recertify = (
        course.recertify
        if isinstance(course, CourseFile)
        else periods.of(course.recertify_months, course.recertify_days)
    )
    if recertify is not None:
        fields["recertify_every"] = recertify.text
    description = course.description_md.strip()
    return front_matter(fields) + (description + "\n" if description else "")


def published_text(version: PolicyVersion | CourseVersion | ItemVersion) -> str:
    """Return a version's file as it was written, or rebuilt where the text was not kept."""
    if version.source:
        return version.source
    return policy_text(version) if isinstance(version, PolicyVersion) else course_text(version)


def item_file_name(item_id: str, kind: str) -> str:
    return f"{item_id}.quiz.yaml" if kind == "quiz" else f"{item_id}.md"


def export_directory(root: Path) -> list[str]:
    """Write every policy, course and item at its current version, the newest version of each
    translation, and the coach's rules, under `root`.

    Files of the same name are replaced; other files are left alone. Returns the paths written,
    relative to `root`.
    """
    root = Path(root)
    files: dict[str, str] = {}
    for policy_id, version in sorted(versions.current_all(PolicyVersion).items()):
        files[f"policies/{policy_id}.md"] = published_text(version)
    for course_id, version in sorted(versions.current_all(CourseVersion).items()):
        files[f"courses/{course_id}/course.md"] = published_text(version)
    items = {item.id: item for item in db.session.scalars(select(Item))}
    for item_id, version in sorted(versions.current_all(ItemVersion).items()):
        item = items[item_id]
        files[f"courses/{item.course_id}/{item_file_name(item_id, item.kind)}"] = published_text(version)
    for translation in translations.newest_all():  # as written, so a re-import finds it unchanged
        files[translations.file_name(translation.kind, translation.source_id, translation.language)] = (
            translation.source
        )
    coach_rules = versions.newest_coach_rules()
    if coach_rules is not None:
        files["coach.yaml"] = coach_rules.source
    carried = material_file.text(*_carried_hashes())
    if carried is not None:
        files[material_file.FILE_NAME] = carried
    else:
        (root / material_file.FILE_NAME).unlink(missing_ok=True)  # an earlier export's is wrong now
    for relative, text in files.items():
        _write(root / relative, text)
    return list(files)


def _carried_hashes() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Return the material hashes that differ from their current text's hash."""
    policies: dict[str, dict[str, str]] = {}
    for policy_id, version in versions.current_all(PolicyVersion).items():
        for section in version.sections:
            if section.material_hash != section.text_hash:
                policies.setdefault(policy_id, {})[section.section_id] = section.material_hash
    items = {
        item_id: version.material_hash
        for item_id, version in versions.current_all(ItemVersion).items()
        if version.material_hash != (version.text_hash or version.material_hash)
    }
    return policies, items


def _write(path: Path, text: str) -> None:
    """Replace `path` in one step, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temporary, 0o644)  # mkstemp makes files private; these are for review in git
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
