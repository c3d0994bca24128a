"""Benchmark: HR's dashboard, people table and exports at 50,000 people (issue 4).

Run: .venv/bin/python -m tests.perf.bench_hr [--people 50000] [--database-url URL]
Without --database-url it uses a fresh SQLite file; pass a PostgreSQL URL (its public schema
is dropped and recreated) to measure there. 50,000 people in 40 departments, 3 courses assigned
to everyone, published 40 days ago and due 30 days after a person gets them, so that the quarter
of people who joined before then are overdue unless done; a mix of completed, in-progress,
untouched, outdated and overdue people. Prints, with the targets:
  (a) the dashboard's first page: status counts + the first 50 people rows      < 500 ms
  (b) a filtered people page: department + status, 50 rows (+ the row count)   < 300 ms
  (c) the full CSV export through the HTTP route, and its peak memory growth    < 10 s, < 50 MB
  (d) the full XLSX export through the HTTP route                               < 30 s
and then (a) and (b) again once HR also assigns one course, due last week, to ten departments:
people covered twice get the earlier due date, which costs the status query a grouping step.
"""

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text, update

os.environ.setdefault("SECRET_KEY", "benchmark")

from tests.perf.bench_status import DEPARTMENTS, write_library  # noqa: E402
from training import create_app  # noqa: E402
from training.db import db, utcnow  # noqa: E402
from training.models import Assignment, Completion, CourseProgress, ItemFingerprint, User  # noqa: E402
from training.services import content, progress, reports, users  # noqa: E402

BATCH = 5000
PASSWORD = "benchmark passphrase"
TARGETS_MS = {"dashboard": 500, "filtered": 300, "csv": 10_000, "xlsx": 30_000}


def populate(people: int, rng: random.Random) -> None:
    """Insert people with a spread of progress on each course (60% done, 20% started, 20% not)."""
    states = progress.course_states()
    prints = {f.item_id: f for f in db.session.scalars(select(ItemFingerprint))}
    now = utcnow()
    published = now - timedelta(days=40)
    db.session.execute(update(Assignment).values(created_at=published))
    # Ids follow those the database gave out, so its sequence (on PostgreSQL) is never reused.
    start = db.session.scalar(select(func.max(User.id))) or 0
    for low in range(start, start + people, BATCH):
        ids = range(low + 1, min(low + BATCH, start + people) + 1)
        db.session.execute(insert(User), [
            {"id": i, "email": f"p{i:06d}@example.com", "name": f"Person {rng.randrange(10**6)}",
             "roles": "employee", "department": DEPARTMENTS[i % len(DEPARTMENTS)],
             "created_at": published if i % 4 == 0 else now, "active": True}
            for i in ids
        ])  # fmt: skip
        completions, summaries = [], []
        for state in states.values():
            for i in ids:
                share = rng.random()
                done = state.version.items if share < 0.6 else state.version.items[:1] if share < 0.8 else []
                completions += [_completion(i, prints[item_id], now) for item_id in done]
                if done:
                    summaries.append(_summary(i, state, len(done) == len(state.version.items), now))
        db.session.execute(insert(Completion), completions)
        db.session.execute(insert(CourseProgress), summaries)
        db.session.commit()


def _completion(user_id: int, fp: ItemFingerprint, now) -> dict:
    return {"user_id": user_id, "item_id": fp.item_id, "item_version_id": fp.item_version_id,
            "fingerprint": fp.fingerprint, "sections": fp.sections, "completed_at": now}  # fmt: skip


def _summary(user_id: int, state, whole: bool, now) -> dict:
    return {"user_id": user_id, "course_id": state.id, "started_at": now,
            "completed_at": now if whole else None,
            "fingerprint": state.fingerprint.fingerprint if whole else None}  # fmt: skip


def assign_overlapping() -> None:
    """HR assigns course-1, due last week, to ten departments that already have it by default."""
    now = utcnow()
    due = (now - timedelta(days=7)).date()
    db.session.add_all(
        Assignment(course_id="course-1", scope="department", department=d, due_date=due, source="hr",
                   created_at=now)
        for d in DEPARTMENTS[:10]
    )  # fmt: skip
    db.session.commit()


def timed(action, repeats: int = 7) -> tuple[float, float]:
    """Return the median wall and CPU time of `action` in ms, after one warm-up run.

    CPU time is this process's only (on PostgreSQL the server's work is not in it); it shows how
    much of the wall time is waiting on a busy machine.
    """
    action()
    wall, cpu = [], []
    for _ in range(repeats):
        started, used = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def download(client, url: str) -> tuple[int, int]:
    """Stream a download to nowhere; return (bytes, lines)."""
    response = client.get(url, buffered=False)
    assert response.status_code == 200, response.status_code
    size = lines = 0
    for chunk in response.iter_encoded():
        size += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    return size, lines


def traced_peak(action) -> tuple[float, float]:
    """Run `action` under tracemalloc; return (peak growth in MB, max RSS growth in MB)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        action()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return peak / 2**20, rss / 1024


def verdict(name: str, value: float) -> str:
    return "ok" if value < TARGETS_MS[name] else f"MISSED (target {TARGETS_MS[name]:,} ms)"


def measure_pages(label: str = "") -> None:
    first = reports.PeopleFilter()
    filtered = reports.PeopleFilter(department=DEPARTMENTS[3], status="in_progress")

    def dashboard():
        progress.status_counts()
        assert len(list(reports.completion_rows(first, limit=50))) == 50

    def people_page():
        rows = list(reports.completion_rows(filtered, limit=50))
        reports.count(filtered)
        return rows

    rows = people_page()
    (at_a, cpu_a), (at_b, cpu_b) = timed(dashboard), timed(people_page)
    print(f"(a{label}) dashboard first page (status counts + first 50 rows): {at_a:.1f} ms "
          f"(CPU {cpu_a:.1f} ms) {verdict('dashboard', at_a)}")  # fmt: skip
    print(f"(b{label}) filtered people page ({filtered.department}, in progress: {len(rows)} rows + count "
          f"{reports.count(filtered):,}): {at_b:.1f} ms (CPU {cpu_b:.1f} ms) "
          f"{verdict('filtered', at_b)}")  # fmt: skip


def measure_routes(app, client) -> None:
    """The same pages through HTTP, as far as they exist, for comparison."""
    pages = [("hr.dashboard", "/hr/"), ("hr.people", "/hr/people"),
             ("hr.people", f"/hr/people?department={DEPARTMENTS[3]}&status=in_progress")]  # fmt: skip
    for endpoint, url in pages:
        if endpoint in app.view_functions:
            at, cpu = timed(lambda url=url: client.get(url).close(), repeats=5)
            print(f"    page {url}: {at:.1f} ms (CPU {cpu:.1f} ms) through HTTP, rendered")


def measure_exports(client, people: int) -> None:
    started = time.perf_counter()
    size, lines = download(client, "/hr/people/export.csv")
    at_c = (time.perf_counter() - started) * 1000
    peak, rss = traced_peak(lambda: download(client, "/hr/people/export.csv"))
    print(f"(c) CSV export: {lines - 1:,} rows, {size / 2**20:.1f} MB in {at_c / 1000:.2f} s "
          f"{verdict('csv', at_c)}; peak memory growth {peak:.1f} MB (tracemalloc) "
          f"{'ok' if peak < 50 else 'MISSED (target 50 MB)'}, max RSS growth {rss:.1f} MB")  # fmt: skip
    started = time.perf_counter()
    size, _ = download(client, "/hr/people/export.xlsx")
    at_d = (time.perf_counter() - started) * 1000
    peak, rss = traced_peak(lambda: download(client, "/hr/people/export.xlsx"))
    print(f"(d) XLSX export: {size / 2**20:.1f} MB in {at_d / 1000:.2f} s {verdict('xlsx', at_d)}; "
          f"peak memory growth {peak:.1f} MB (tracemalloc), max RSS growth {rss:.1f} MB")  # fmt: skip


def run(url: str, people: int) -> None:
    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
              "RATELIMIT_ENABLED": False}  # fmt: skip
    app = create_app(config)
    rng = random.Random(11)
    with app.app_context(), tempfile.TemporaryDirectory() as tmp:
        from flask_migrate import upgrade

        upgrade()
        root = Path(tmp) / "content"
        write_library(root, "Rules about complaints.")
        content.import_directory(root)
        users.create_user("hr@example.com", "HR", PASSWORD, roles="hr", department="People")
        populate(people, rng)
        write_library(root, "Rules about complaints, changed.")  # course-0's first lesson goes stale
        content.import_directory(root)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        totals: dict[str, int] = {}
        for _, _, status, n in progress.status_counts():
            totals[status] = totals.get(status, 0) + n
        print(f"database: {db.engine.dialect.name}, people: {people:,}, rows: {sum(totals.values()):,} "
              f"{dict(sorted(totals.items()))}")  # fmt: skip
        measure_pages()
        client = app.test_client()
        client.post("/login", data={"email": "hr@example.com", "password": PASSWORD})
        measure_routes(app, client)
        measure_exports(client, people)
        assign_overlapping()
        measure_pages("'")
        measure_routes(app, client)


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
