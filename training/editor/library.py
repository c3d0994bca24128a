"""Check and import the content directory as new published versions."""

from dataclasses import dataclass, field
from pathlib import Path

from training.coach import versions as coach_versions
from training.content import judgement, publish, translations, versions
from training.content.files import Problem
from training.content.reader import read_library
from training.db import db
from training.errors import ValidationFailed
from training.models import PolicyVersion
from training.status import fingerprints


@dataclass
class ImportResult:
    published: list[str] = field(default_factory=list)
    unchanged: int = 0


def check_directory(root: Path, against_database: bool = False) -> list[Problem]:
    """Return every problem found in the content under `root` (empty when valid).

    With `against_database`, also what only the published versions can tell (a policy whose
    wording changed but kept its version label).
    """
    library = read_library(Path(root))
    problems = library.problems + coach_versions.library_problems(library, Path(root))
    return problems + (database_problems(library) if against_database else [])


def directory_warnings(root: Path) -> list[Problem]:
    """Return the notes and warnings about the content under `root`: advice that never blocks an import."""
    content = read_library(Path(root))
    return content.notes + judgement.library_warnings(content, Path(root))


def database_problems(library) -> list[Problem]:
    """Return the problems of files that differ from their published version in a way not allowed."""
    problems = [
        publish.label_problem(versions.current(PolicyVersion, policy.id), policy)
        for policy in library.policies.values()
    ]
    return [problem for problem in problems if problem]


def import_directory(root: Path, author: str = "content import") -> ImportResult:
    """Publish every changed file under `root` in one transaction; refuse all if any is invalid."""
    library = read_library(Path(root))
    problems = library.problems + coach_versions.library_problems(library, Path(root))
    problems = problems or database_problems(library)
    if problems:
        raise ValidationFailed(f"{len(problems)} problem(s) in {root}; nothing was imported", problems)
    result = ImportResult()
    try:
        grace = {}
        for policy in library.policies.values():
            version = publish.publish_policy(
                policy, author, carried=library.material["policies"].get(policy.id)
            )
            _tally(result, version, f"policy {policy.id} version {policy.label}")
            if version is not None and version.retrain:
                grace[policy.id] = policy.grace_days
        for course in library.courses.values():
            version = publish.publish_course(course, author)
            _tally(result, version, f"course {course.id}")
        for item in library.items.values():
            version = publish.publish_item(item, author, carried=library.material["items"].get(item.id))
            _tally(result, version, f"{item.kind} {item.id}")
        if library.coach is not None:
            _tally(result, publish.publish_coach_rules(library.coach, author), "coach rules")
        # After their sources: a translation changed in this import was made from the new source.
        for found in library.translations.values():
            version = translations.publish_translation(found, author)
            _tally(result, version, f"{found.language} translation of {found.kind} {found.source_id}")
        fingerprints.refresh(grace)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _tally(result: ImportResult, version, label: str) -> None:
    if version is None:
        result.unchanged += 1
    else:
        result.published.append(f"{label} (v{version.number})")
