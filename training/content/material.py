"""`material.yaml`: the material hashes an export carries, so that importing it changes nothing.

A text published as "no retraining needed" keeps the material hash of the text people completed
against. Its file alone cannot say so: imported into an empty database, it would hash its own
text and every fingerprint would differ. `content export` therefore writes, for each such
section or item, the material hash it carries; `content import` uses them for content that is
new to the database only (anything already published follows the usual retraining rules).
"""

import re
from pathlib import Path

from training.content import yamlfile
from training.content.files import Library, Problem, _Report, read_text

FILE_NAME = "material.yaml"
HASH_RE = re.compile(r"^[0-9a-f]{64}$")
HEADER = (
    "# Written by `flask --app app content export`; not for editing. Texts published without\n"
    "# retraining keep the hash of the text people completed, so that importing this export\n"
    "# into an empty database gives the same fingerprints.\n"
)


def text(policies: dict[str, dict[str, str]], items: dict[str, str]) -> str | None:
    """Return the file's text for these carried hashes, or None when there are none."""
    if not policies and not items:
        return None
    lines = [HEADER.rstrip("\n")]
    if policies:
        lines.append("policies:")
        for policy_id, sections in sorted(policies.items()):
            lines.append(f"  {policy_id}:")
            lines += [f"    {section_id}: {value}" for section_id, value in sorted(sections.items())]
    if items:
        lines.append("items:")
        lines += [f"  {item_id}: {value}" for item_id, value in sorted(items.items())]
    return "\n".join(lines) + "\n"


def read(library: Library, root: Path, relative: str) -> None:
    """Read `material.yaml` under `root` into `library.material`, reporting every problem."""
    path = root / FILE_NAME
    if not path.exists():
        return
    text = read_text(path, root, _Report(library, relative))
    if text is None:
        return
    try:
        data = yamlfile.load(text)
    except yamlfile.YamlError as exc:
        library.problems.append(Problem(relative, exc.line, str(exc)))
        return
    found = _checked(data, library, relative)
    if found is not None:
        library.material = found


def _checked(data, library: Library, relative: str) -> dict | None:
    problems: list[Problem] = []

    def report(line, message):
        problems.append(Problem(relative, line, message))

    if not isinstance(data, dict) or set(data) - {"policies", "items", yamlfile.LINE}:
        report(1, "expected a mapping with `policies` and `items` only")
        return None
    policies = _mapping(data.get("policies"), "policies", report)
    items = _mapping(data.get("items"), "items", report)
    found: dict = {"policies": {}, "items": {}}
    for policy_id, sections in policies.items():
        known = library.policies.get(policy_id)
        line = yamlfile.line_of(sections if isinstance(sections, dict) else data["policies"])
        if known is None:
            report(line, f"unknown policy {policy_id!r}")
            continue
        section_ids = {s.id for s in known.sections}
        for section_id, value in _mapping(sections, policy_id, report).items():
            if section_id not in section_ids:
                report(yamlfile.line_of(sections), f"policy {policy_id!r} has no section {section_id!r}")
            elif _hash(value, f"{policy_id}#{section_id}", yamlfile.line_of(sections), report):
                found["policies"].setdefault(policy_id, {})[section_id] = value
    for item_id, value in items.items():
        line = yamlfile.line_of(data["items"])
        if item_id not in library.items:
            report(line, f"unknown lesson or quiz {item_id!r}")
        elif _hash(value, item_id, line, report):
            found["items"][item_id] = value
    library.problems += sorted(problems, key=lambda p: p.line or 0)
    return None if problems else found


def _mapping(value, name: str, report) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        report(None, f"`{name}` must be a mapping")
        return {}
    return {str(k): v for k, v in value.items() if k != yamlfile.LINE}


def _hash(value, name: str, line, report) -> bool:
    if isinstance(value, str) and HASH_RE.match(value):
        return True
    report(line, f"the material hash of {name} must be 64 lowercase hex digits")
    return False
