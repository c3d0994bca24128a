"""Benchmark: status derived from fingerprints at 50,000 people (issue: policy versions).

Run: .venv/bin/python -m tests.perf.bench_status [--people 50000] [--database-url URL]
Without --database-url it uses a fresh SQLite file; pass a PostgreSQL URL (its public schema
is dropped and recreated) to measure there. Prints:
  (a) publish time of a changed policy at 10,000 and at the full size,
  (b) one person's course statuses, median of 1,000 lookups,
  (c) counts by status per department and course for everyone.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

os.environ.setdefault("SECRET_KEY", "benchmark")

from training import create_app  # noqa: E402
from training.db import db, utcnow  # noqa: E402
from training.editor import library as content
from training.models import Completion, CourseProgress, ItemFingerprint, User  # noqa: E402
from training.status import query as status_query  # noqa: E402

DEPARTMENTS = [f"Department {n:02d}" for n in range(40)]
SECTIONS = ["speak", "personal", "complaints", "confidential", "escalation", "mistakes"]
BATCH = 5000


def write_library(root: Path, complaints_text: str, label: str = "1") -> None:
    """A policy with six sections and three courses of four lessons each."""
    (root / "policies").mkdir(parents=True, exist_ok=True)
    body = "\n".join(f"## {s.title()} {{#{s}}}\nRules about {s}.\n" for s in SECTIONS)
    body = body.replace("Rules about complaints.", complaints_text)
    (root / "policies" / "bench.md").write_text(
        f"---\nid: bench\ntitle: Bench policy\nversion: '{label}'\neffective: 2026-01-01\n"
        "grace_days: 14\n---\n" + body
    )
    for c in range(3):
        course = root / "courses" / f"course-{c}"
        course.mkdir(parents=True, exist_ok=True)
        items = [f"c{c}-lesson-{i}" for i in range(4)]
        front = f"id: course-{c}\ntitle: Course {c}\nitems: [{', '.join(items)}]\naudience: all\ndue_days: 30"
        (course / "course.md").write_text(f"---\n{front}\n---\n")
        for i, item in enumerate(items):
            section = SECTIONS[(c * 4 + i) % len(SECTIONS)] if c else "complaints" if i == 0 else SECTIONS[i]
            (course / f"{item}.md").write_text(
                f"---\nid: {item}\ntitle: {item}\ncovers: [bench#{section}]\n---\nText.\n"
            )


def populate(start: int, stop: int, rng: random.Random) -> None:
    """Insert people start..stop; 80% of them completed every course."""
    states = status_query.course_states()
    item_prints = {f.item_id: f for f in db.session.scalars(select(ItemFingerprint))}
    now = utcnow()
    for low in range(start, stop, BATCH):
        ids = range(low + 1, min(low + BATCH, stop) + 1)
        people = [
            {"id": i, "email": f"p{i}@example.com", "name": f"Person {i}", "roles": "employee",
             "department": rng.choice(DEPARTMENTS), "created_at": now, "active": True}
            for i in ids
        ]  # fmt: skip
        db.session.execute(insert(User), people)
        done = [i for i in ids if rng.random() < 0.8]
        completions, summaries = [], []
        for state in states.values():
            for item_id in state.version.items:
                fp = item_prints[item_id]
                completions += [{"user_id": i, "item_id": item_id, "item_version_id": fp.item_version_id,
                                 "fingerprint": fp.fingerprint, "sections": fp.sections, "completed_at": now}
                                for i in done]  # fmt: skip
            summary = {"course_id": state.id, "started_at": now, "completed_at": now,
                       "fingerprint": state.fingerprint.fingerprint}  # fmt: skip
            summaries += [dict(summary, user_id=i) for i in done]
        db.session.execute(insert(Completion), completions)
        db.session.execute(insert(CourseProgress), summaries)
        db.session.commit()
    # Fresh statistics, as a running database would have, so timings do not include
    # autovacuum catching up with the bulk load.
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def timed_publish(root: Path, first_revision: int, repeats: int = 11) -> float:
    """Publish a changed complaints section `repeats` times; return the median in ms.

    The first publish after bulk loading is not timed: it pays for the database's cold cache
    after the load, not for the number of people.
    """
    samples = []
    write_library(root, f"Rules about complaints, warm-up {first_revision}.", f"warm-up {first_revision}")
    content.import_directory(root)
    for revision in range(first_revision, first_revision + repeats):
        write_library(root, f"Rules about complaints, revision {revision}.", f"revision {revision}")
        started = time.perf_counter()
        result = content.import_directory(root)
        samples.append((time.perf_counter() - started) * 1000)
        assert any("policy bench" in line for line in result.published), result.published
    return statistics.median(samples)


def run(url: str, people: int) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    rng = random.Random(7)
    with app.app_context(), tempfile.TemporaryDirectory() as tmp:
        from flask_migrate import upgrade

        upgrade()
        root = Path(tmp) / "content"
        write_library(root, "Rules about complaints.")
        content.import_directory(root)
        populate(0, min(10_000, people), rng)
        at_10k = timed_publish(root, 2)
        populate(10_000, people, rng)
        at_full = timed_publish(root, 100)
        print(f"database: {db.engine.dialect.name}, people: {people:,}")
        change = (at_full / at_10k - 1) * 100
        print(f"(a) publish a changed policy (median of 11): {at_10k:.1f} ms at 10,000 people, "
              f"{at_full:.1f} ms at {people:,} ({change:+.0f}%)")  # fmt: skip
        samples = []
        for _ in range(1000):
            user_id = rng.randint(1, people)
            started = time.perf_counter()
            status_query.statuses_for(user_id)
            samples.append((time.perf_counter() - started) * 1000)
        print(
            f"(b) one person's course statuses: median {statistics.median(samples):.2f} ms over 1,000 lookups"
        )
        started = time.perf_counter()
        counts = status_query.status_counts()
        elapsed = (time.perf_counter() - started) * 1000
        totals: dict[str, int] = {}
        for _, _, status, n in counts:
            totals[status] = totals.get(status, 0) + n
        print(f"(c) counts by status per department and course: {elapsed:.1f} ms for {len(counts)} groups; "
              f"totals {dict(sorted(totals.items()))}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    if args.database_url:
        engine = create_engine(args.database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        run(args.database_url, args.people)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite", args.people)


if __name__ == "__main__":
    main()
