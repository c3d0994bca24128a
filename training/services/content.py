"""Check and import the content directory as new published versions."""

from dataclasses import dataclass, field
from pathlib import Path

from training.db import db
from training.errors import ValidationFailed
from training.services import fingerprints, publish
from training.services.content_files import Problem
from training.services.content_reader import read_library


@dataclass
class ImportResult:
    published: list[str] = field(default_factory=list)
    unchanged: int = 0


def check_directory(root: Path) -> list[Problem]:
    """Return every problem found in the content under `root` (empty when valid)."""
    return read_library(Path(root)).problems


def import_directory(root: Path, author: str = "content import") -> ImportResult:
    """Publish every changed file under `root` in one transaction; refuse all if any is invalid."""
    library = read_library(Path(root))
    if library.problems:
        raise ValidationFailed(
            f"{len(library.problems)} problem(s) in {root}; nothing was imported",
            library.problems,
        )
    result = ImportResult()
    try:
        grace = {}
        for policy in library.policies.values():
            version = publish.publish_policy(policy, author)
            _tally(result, version, f"policy {policy.id} version {policy.label}")
            if version is not None and version.retrain:
                grace[policy.id] = policy.grace_days
        for course in library.courses.values():
            version = publish.publish_course(course, author)
            _tally(result, version, f"course {course.id}")
        for item in library.items.values():
            version = publish.publish_item(item, author)
            _tally(result, version, f"{item.kind} {item.id}")
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
