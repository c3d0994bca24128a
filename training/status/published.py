"""What is published now, for the pages people wait for: read once, then again only after a publish.

Versions and fingerprints are append-only, so what is current changes only when rows are added.
Each read asks the database for one small row, the count and the newest id of each such table (and
the status token, which the status pages ask next), and reads the content again only when that row
changed. Counting too notices a row that committed after one with a larger id (PostgreSQL hands ids
out before commit).

Only read-only requests (GET, HEAD) keep what they read: they see committed rows alone, whereas a
write may read its own rows before a rollback (SQLite would then give the next row the same id). A
write reads the database afresh, but may use what a read kept. The cache lives on the app, so each
app (each test's) starts empty; rows kept are detached from the session and never changed.
"""

from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, request
from sqlalchemy import func, select

from training.content import versions
from training.db import db, read
from training.models import CourseFingerprint, CourseVersion, Item, ItemVersion, PolicyVersion
from training.status import stamp
from training.status.query import CourseState, course_states
from training.status.stamp import keeps

STAMPED = (ItemVersion, CourseVersion, CourseFingerprint, PolicyVersion)
REQUEST_PUBLISHED = "training.published"  # what a read-only request found, for its later asks
VERSIONS_KEPT = 512  # item versions kept by id: the current ones and those of attempts in progress


@dataclass(frozen=True)
class Published:
    """The courses with their current versions and fingerprints, every item's current version, and
    every policy's current version with what it asks of those who acknowledged an older one."""

    stamp: tuple
    courses: dict[str, CourseState]
    items: dict[str, ItemVersion]  # current version of each item
    kinds: dict[str, str]  # item id: "lesson" or "quiz"
    course_of: dict[str, str]  # item id: course id
    policies: dict[str, PolicyVersion]  # current version of each policy, its sections loaded
    retrain: dict[str, int]  # policy id: its newest version number that everyone must acknowledge


@lru_cache(maxsize=1)
def stamp_columns() -> tuple:
    """The count and newest id of each stamped table, then the status token: what changes when what
    is published or anyone's status does (kept learner pages read them with the person)."""
    return (*(column for model in STAMPED for column in count_and_newest(model)), stamp.column())


def count_and_newest(model, *where) -> tuple:
    """The count and the newest id of a table's rows (those matching `where`), as two columns: what
    changes when a row is added to a table whose rows are never changed or deleted."""
    return (select(func.count()).select_from(model).where(*where).scalar_subquery(),
            select(func.max(model.id)).where(*where).scalar_subquery())  # fmt: skip


@lru_cache(maxsize=1)
def _stamp_statement():
    """The stamp columns in one round trip."""
    return select(*stamp_columns())


def _cache() -> dict:
    return current_app.extensions.setdefault("published", {"now": None, "versions": {}})


def now() -> Published:
    """Return what is published now; one small query when nothing was published since the last read
    (and none at all the second time a read-only request asks). The query reads the status token too."""
    if keeps() and (asked := request.environ.get(REQUEST_PUBLISHED)) is not None:
        return asked
    *counts, token = read(_stamp_statement()).one()
    stamp.read_along(token)
    found = _current(tuple(counts))
    if keeps():
        request.environ[REQUEST_PUBLISHED] = found
    return found


def _current(counts: tuple) -> Published:
    cache = _cache()
    kept = cache["now"]
    if kept is not None and kept.stamp == counts:
        return kept
    found = _read(counts)
    if keeps():
        for version in found.items.values():
            db.session.expunge(version)
            cache["versions"][version.id] = version
        for state in found.courses.values():
            db.session.expunge(state.version)
            if state.fingerprint is not None:
                db.session.expunge(state.fingerprint)
        for version in found.policies.values():
            db.session.expunge(version)  # and its sections, which go with it
        cache["now"] = found
    return found


def _read(counts: tuple) -> Published:
    items = versions.current_all(ItemVersion)
    rows = db.session.execute(select(Item.id, Item.kind, Item.course_id)).all()
    retrain = select(PolicyVersion.policy_id, func.max(PolicyVersion.number)).where(
        PolicyVersion.retrain.is_(True)
    )
    return Published(
        stamp=counts,
        courses=course_states(),
        items=items,
        kinds={item_id: kind for item_id, kind, _ in rows},
        course_of={item_id: course_id for item_id, _, course_id in rows},
        policies=versions.current_all(PolicyVersion),
        retrain=dict(db.session.execute(retrain.group_by(PolicyVersion.policy_id)).all()),
    )


def item_version(version_id: int) -> ItemVersion | None:
    """Return one item version by id (a version is never changed once published)."""
    kept = _cache()["versions"]
    version = kept.get(version_id)
    if version is not None:
        return version
    version = db.session.get(ItemVersion, version_id)
    if version is not None and keeps():
        if len(kept) >= VERSIONS_KEPT:
            kept.clear()
        db.session.expunge(version)
        kept[version_id] = version
    return version
