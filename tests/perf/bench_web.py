"""Benchmark: the pages people wait for, on gunicorn, beside a bare Flask hello (issue 17).

Run: .venv/bin/python -m tests.perf.bench_web [--people 50000] [--database sqlite|postgresql]
     [--workers 2] [--threads 1] [--clients 10] [--seconds 5] [--rounds 3]
     [--heavy-clients 2] [--heavy-seconds S] [--quiz-seconds 3×S]

Starts the app with the README's production settings (`gunicorn -w N`, SESSION_COOKIE_SECURE=1,
TRUSTED_PROXIES=1, the rate limits in Redis) as `tests.perf.web_app:app`, which adds a hello
route for this benchmark only, and the bare Flask app `tests.perf.hello_app:app` on the same
settings. The data is bench_hr's (people in 40 departments with three courses of four lessons,
a mix of statuses) plus the bundled course "Speaking for the company" and its policy, assigned to
the benchmark's learners only (one per client), whose lesson, course, home and quiz pages are
measured. Then, interleaved in each round, every path for `--seconds` (the quiz flow six times
as long, since a whole attempt is about 30 requests; HR's pages `--heavy-seconds`, for at 50,000
people one CSV takes longer than 5 s):
  bare hello, the app's hello, a lesson page, a course page, the home page (wrk, signed in),
  the HR dashboard and the completion CSV export (wrk, signed in as HR, `--heavy-clients`),
  the whole quiz flow (Python clients: open, start, answer each step with its CSRF token and read
  the page it leads to, its feedback above the next step, until the result page), counted as
  answer POSTs and as whole attempts.
It prints each round's figures, then per path the median over the rounds of req/s, p50 and p99
(ms), the errors of all rounds, and the ratio to the bare hello of the same round (quiz answers
also to the app's hello); and the load average at start and end. Load goes to 127.0.0.1 only.
"""

import argparse
import contextlib
import math
import os
import secrets
import shutil
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

os.environ.setdefault("SECRET_KEY", "benchmark")

from tests.perf import bench_hr, web_load, web_servers  # noqa: E402
from tests.perf.web_app import HELLO_PATH  # noqa: E402
from training import create_app  # noqa: E402
from training.accounts import users  # noqa: E402
from training.db import db  # noqa: E402
from training.editor import library as content  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = ROOT / "content"
COURSE, LESSON, QUIZ = "speaking-for-the-company", "speaking-personal-accounts", "speaking-quiz"
LEARNERS = "Bench learners"  # the department the bundled course is assigned to
POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_web"
GETS = {  # path name: (URL, who asks)
    "bare hello": ("/hello", None),
    "app hello": (HELLO_PATH, "learner"),
    "lesson page": (f"/lessons/{LESSON}", "learner"),
    "course page": (f"/courses/{COURSE}", "learner"),
    "home page": ("/", "learner"),
    "HR dashboard": ("/hr/", "hr"),
    "completion CSV": ("/hr/people/export.csv", "hr"),
}
HEAVY = {"HR dashboard", "completion CSV"}
PEEK = 64 * 1024  # bytes of each page read before the load, to see it is the page
QUIZ_ROWS = ("quiz answer POST", "quiz attempt (whole)")
ROWS = [*list(GETS)[:5], *QUIZ_ROWS, "HR dashboard", "completion CSV"]


def prepare(url: str, root: Path, people: int, learners: int) -> None:
    """Load bench_hr's people, then add the bundled course for the benchmark's learners."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        bench_hr.prepare(root, people)
        shutil.copytree(BUNDLED / "courses" / COURSE, root / "courses" / COURSE)
        shutil.copy(BUNDLED / "policies" / "social-media.md", root / "policies")
        shutil.copy(BUNDLED / "coach.yaml", root)
        course = root / "courses" / COURSE / "course.md"
        course.write_text(course.read_text().replace("audience: all", f"audience: [{LEARNERS}]"))
        content.import_directory(root)
        if db.engine.dialect.name == "postgresql":  # bench_hr gave people ids itself: move the sequence on
            db.session.execute(text("SELECT setval(pg_get_serial_sequence('user_account', 'id'), "
                                    "(SELECT max(id) FROM user_account))"))  # fmt: skip
        for n in range(learners):
            users.create_user(learner_email(n), f"Learner {n}", bench_hr.PASSWORD, department=LEARNERS)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.engine.dispose()


def learner_email(n: int) -> str:
    return f"learner{n:03d}@example.com"


def server_env(url: str, root: Path, redis: str) -> dict:
    """The README's production settings, on this benchmark's database and content."""
    return dict(
        os.environ, DATABASE_URL=url, SECRET_KEY=secrets.token_hex(32), SESSION_COOKIE_SECURE="1",
        TRUSTED_PROXIES="1", RATELIMIT_STORAGE_URI=redis, CONTENT_DIR=str(root),
    )  # fmt: skip


@contextlib.contextmanager
def servers(env: dict, workers: int, threads: int, logs: Path):
    """Start the app and the bare hello app on the same gunicorn settings; stop both after."""
    settings = (env, workers, threads)
    with (
        web_servers.gunicorn("tests.perf.web_app:app", logs / "app.log", "/healthz", *settings) as app_at,
        web_servers.gunicorn("tests.perf.hello_app:app", logs / "hello.log", "/hello", *settings) as hello_at,
    ):
        yield app_at, hello_at


def signed_in(address: str, email: str) -> web_load.Browser:
    browser = web_load.Browser(address)
    browser.sign_in(email, bench_hr.PASSWORD)
    return browser


def check_paths(app_at: str, hello_at: str, cookies: dict, learner: web_load.Browser) -> None:
    """Before any load: every measured GET answers 200 with its page (not a sign-in page), and
    one whole quiz attempt goes from start to result."""
    for name, (path, who) in GETS.items():
        browser = web_load.Browser(hello_at if who is None else app_at)
        if who:
            browser.cookies = dict(c.split("=", 1) for c in cookies[who].split("; "))
        status, _, body = browser.request("GET", path, limit=PEEK)  # a CSV of 50,000 people is long
        browser.close()
        if status != 200 or 'name="password"' in body:
            raise RuntimeError(f"{name} ({path}) answered {status} before the load")
    load = web_load.QuizLoad()
    web_load.take_quiz(learner, QUIZ, load, deadline=float("inf"))
    if load.errors or not load.attempts:
        raise RuntimeError(f"a whole quiz attempt failed before the load ({load.requests} requests)")
    print(f"a whole quiz attempt before the load: {load.attempt_requests} requests, "
          f"{len(load.answers)} of them answers", flush=True)  # fmt: skip


def one_round(app_at, hello_at, cookies, browsers, args, workdir) -> dict:
    """Measure every path once, one after another; return each path's Figures."""
    figures = {}
    for name, (path, who) in GETS.items():
        if name == "HR dashboard":  # the quiz flow runs between the learner's pages and HR's
            load, elapsed = web_load.run_quiz_clients(browsers, QUIZ, args.quiz_seconds)
            figures[QUIZ_ROWS[0]] = web_load.summary(load.answers, elapsed, load.errors)
            figures[QUIZ_ROWS[1]] = web_load.summary(load.attempts, elapsed, load.errors)
            figures["quiz requests"] = load.attempt_requests
        base = hello_at if who is None else app_at
        heavy = name in HEAVY
        clients, seconds = (args.heavy_clients, args.heavy_seconds) if heavy else (args.clients, args.seconds)
        figures[name] = web_load.run_wrk(base + path, seconds, clients, cookies.get(who), workdir)
        if heavy:  # gunicorn may have killed a worker for a long CSV: the next path waits for its new one
            web_servers.wait_until_ready(app_at + "/healthz")
    return figures


def print_round(number: int, figures: dict) -> None:
    shown = ", ".join(f"{name} {figures[name].rate:.1f}/s ({figures[name].errors} err)" for name in ROWS)
    print(f"round {number}: {shown}", flush=True)


def finite_median(values) -> float:
    """The median of the rounds that measured something (a round with no answer gives nan)."""
    found = [v for v in values if not math.isnan(v)]
    return statistics.median(found) if found else float("nan")


def ratio(figures: dict, name: str, base: str) -> float:
    return figures[name].rate / figures[base].rate if figures[base].rate else float("nan")


def print_table(rounds: list[dict]) -> None:
    """Per path: medians over rounds of req/s, p50, p99, all errors, ratios of the same round."""
    header = ("path", "req/s", "p50 ms", "p99 ms", "errors", "/bare hello", "/app hello")
    print("{:<22} {:>9} {:>9} {:>9} {:>7} {:>12} {:>11}".format(*header))
    for name in ROWS:
        values = [r[name] for r in rounds]
        rate, p50, p99 = (finite_median(getattr(v, f) for v in values) for f in ("rate", "p50", "p99"))
        to_bare = finite_median(ratio(r, name, "bare hello") for r in rounds)
        to_app = finite_median(ratio(r, name, "app hello") for r in rounds)
        app_column = f"{to_app:>11.3f}" if name == QUIZ_ROWS[0] else f"{'':>11}"
        errors = sum(v.errors for v in values)
        print(f"{name:<22} {rate:>9.1f} {p50:>9.1f} {p99:>9.1f} {errors:>7} {to_bare:>12.3f}{app_column}")
    attempts = sum(r[QUIZ_ROWS[1]].count for r in rounds)
    if attempts:
        per_attempt = sum(r["quiz requests"] for r in rounds) / attempts
        print(f"(a whole quiz attempt is {per_attempt:.0f} requests)")
    else:
        print("(no whole quiz attempt finished in time: give the quiz flow more --quiz-seconds)")


def run(url: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        prepare(url, tmp / "content", args.people, args.clients)
        env = server_env(url, tmp / "content", args.redis)
        load_at_start = os.getloadavg()
        with servers(env, args.workers, args.threads, tmp) as (app_at, hello_at):
            browsers = [signed_in(app_at, learner_email(n)) for n in range(args.clients)]
            hr = signed_in(app_at, "hr@example.com")
            cookies = {"learner": browsers[0].cookie_header(), "hr": hr.cookie_header()}
            check_paths(app_at, hello_at, cookies, browsers[0])
            print(f"gunicorn: {args.workers} workers, {args.threads} thread(s) each; {args.clients} "
                  f"clients ({args.heavy_clients} for HR's pages); per path per round {args.seconds:g} s, "
                  f"quiz flow {args.quiz_seconds:g} s, HR's pages {args.heavy_seconds:g} s",
                  flush=True)  # fmt: skip
            rounds = []
            for number in range(1, args.rounds + 1):
                rounds.append(one_round(app_at, hello_at, cookies, browsers, args, tmp))
                print_round(number, rounds[-1])
            for browser in browsers:
                browser.close()
        load_at_end = os.getloadavg()
        print_table(rounds)
        if killed := (tmp / "app.log").read_text().count("WORKER TIMEOUT"):
            print(f"gunicorn killed {killed} app worker(s) whose request ran past its timeout (default 30 s)")
        print(f"load average (1, 5, 15 min): at start {fmt_load(load_at_start)}, "
              f"at end {fmt_load(load_at_end)}")  # fmt: skip


def fmt_load(load: tuple[float, float, float]) -> str:
    return " ".join(f"{n:.2f}" for n in load)


def fresh_postgresql(url: str) -> None:
    """Create the benchmark's database if missing, and empty its public schema."""
    given = make_url(url)
    admin = create_engine(given.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": given.database}) is None:
            conn.execute(text(f"CREATE DATABASE {conn.dialect.identifier_preparer.quote(given.database)}"))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200, help="people in bench_hr's data (full set: 50000)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", help=f"PostgreSQL database to empty (default {POSTGRESQL_URL})")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (>1: gthread)")
    parser.add_argument("--clients", type=int, default=10, help="connections for pages, and quiz clients")
    parser.add_argument("--heavy-clients", type=int, default=2, help="connections for the dashboard and CSV")
    parser.add_argument("--seconds", type=float, default=5, help="load time per path per round")
    parser.add_argument("--heavy-seconds", type=float, help="the same for HR's pages (default: --seconds)")
    parser.add_argument("--quiz-seconds", type=float, help="the same for the quiz (default: 6 × --seconds)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="RATELIMIT_STORAGE_URI")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    args.heavy_seconds = args.heavy_seconds or args.seconds
    args.quiz_seconds = args.quiz_seconds or 6 * args.seconds  # whole attempts take ~30 requests each
    if not web_load.wrk_available():
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    if args.database == "postgresql":
        url = args.database_url or POSTGRESQL_URL
        fresh_postgresql(url)
        run(url, args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite", args)


if __name__ == "__main__":
    main()
