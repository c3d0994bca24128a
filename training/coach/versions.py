"""The response coach's rules as imported versions: the newest is in use, compiled once per version.

`content import` stores coach.yaml as a new CoachRulesVersion whenever its text changed (after
checking it here with everything else), so a broken file in CONTENT_DIR never reaches learners.
"""

from pathlib import Path, PurePosixPath

from sqlalchemy import select

from training.coach.rules import PolicyInfo, Rules, load_rules, parse_rules, rules_problems
from training.content import versions as content_versions
from training.content.files import Library, Problem
from training.db import db
from training.models import CoachRulesVersion, PolicySection, PolicyVersion

MAX_CACHED = 8  # compiled rule sets kept; only the newest version is normally asked for
_compiled: dict[tuple, Rules] = {}
_files: dict[str, tuple[float, Rules]] = {}


def library_problems(library: Library, root: Path) -> list[Problem]:
    """Return the problems of the library's coach.yaml, checked against the library's own policies."""
    if library.coach is None:
        return []
    lookup = _library_policy(library, Path(root))
    return [
        Problem(library.coach.path, line, message)
        for line, message in rules_problems(library.coach.source, lookup)
    ]


def _library_policy(library: Library, root: Path):
    """Look the rules' policy up among the valid policies of the library being read."""

    def lookup(name: str):
        path = PurePosixPath(name)
        if path.parent != PurePosixPath("policies") or path.suffix != ".md":
            return f"`policy` must name a policy of this folder, like policies/social-media.md, not {name!r}"
        policy = library.policies.get(path.stem)
        if policy is None:
            found = (root / name).is_file()
            return f"the policy file {name!r} {'has problems' if found else 'does not exist'}"
        return policy.title, {section.id: section.heading for section in policy.sections}

    return lookup


def current_rules(content_dir) -> Rules:
    """Return the rules in use: the newest imported version; before any, CONTENT_DIR/coach.yaml."""
    row = db.session.execute(
        select(CoachRulesVersion.id, CoachRulesVersion.source_hash)
        .order_by(CoachRulesVersion.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return file_rules(Path(content_dir) / "coach.yaml")
    # The messages quote the policy's section headings, so a newly published policy recompiles.
    policy = db.session.execute(
        select(PolicyVersion.id, PolicyVersion.source_hash).order_by(PolicyVersion.id.desc()).limit(1)
    ).first()
    key = (row.id, row.source_hash, tuple(policy) if policy else None)
    rules = _compiled.get(key)
    if rules is None:
        rules = version_rules(db.session.get(CoachRulesVersion, row.id))
        if len(_compiled) >= MAX_CACHED:
            _compiled.clear()
        _compiled[key] = rules
    return rules


def version_rules(version: CoachRulesVersion) -> Rules:
    """Compile the rules of one version against the published policy they name."""
    return parse_rules(version.source, published_policy, f"coach.yaml (version {version.number})")


def published_policy(name: str) -> PolicyInfo | str:
    """Return the title and section headings of the published policy `policies/<id>.md`.

    A section dropped by a later version keeps its last heading, so rules imported against an
    older version of the policy still compile.
    """
    policy_id = PurePosixPath(name).stem
    rows = db.session.execute(
        select(PolicyVersion.title, PolicySection.section_id, PolicySection.heading)
        .join(PolicySection, PolicySection.policy_version_id == PolicyVersion.id)
        .where(PolicyVersion.policy_id == policy_id)
        .order_by(PolicyVersion.number, PolicySection.position)
    ).all()
    if not rows:
        return f"the policy {policy_id!r} has not been published"
    return rows[-1].title, {row.section_id: row.heading for row in rows}


def file_rules(path: Path) -> Rules:
    """Return the rules of a coach.yaml file, read again only when the file changes."""
    mtime = path.stat().st_mtime if path.exists() else None
    cached = _files.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = (mtime, load_rules(path))
        _files[str(path)] = cached
    return cached[1]


def confidential_terms() -> list[str]:
    """Return the confidential terms every current policy lists in its front matter."""
    return _policy_lists("confidential_terms")


def public_names() -> list[str]:
    """Return the real product names containing a confidential term (Google Nest) that policies allow."""
    return _policy_lists("public_names")


def _policy_lists(key: str) -> list[str]:
    values: list[str] = []
    for version in content_versions.current_all(PolicyVersion).values():
        values += [str(v) for v in (version.meta or {}).get(key, []) or []]
    return values
