"""In-process figures for one request's overhead: bare hello, the app's hello, a lesson page (issue 17).

Run: .venv/bin/python -m tests.perf.profile_web [--people 200] [--requests 2000] [--rounds 3]
     [--profile lesson|hello|quiz]

No server and no network: Flask's test client calls each app directly, so the figures measure
the Python work per request alone and hold on a busy machine far better than bench_web's (which
also counts gunicorn and the sockets). The data is bench_web's (bench_hr's people and the bundled
course for one learner), on SQLite with the README's production settings (secure cookies, one
trusted proxy, TESTING off, so the schema check and every hook run). Each round times, interleaved,
`--requests` requests to each path and prints CPU ms per request (this process's CPU time, which
is all the work: client, app and SQLite run in it) and the ratio to the bare hello;
`--profile` then runs pyinstrument (requirements-dev.txt) over that path's requests. The whole quiz
attempt (bench_web's flow: open, start, answer every step and read the page it leads to) is timed
too, as CPU ms per attempt and per request of it; `--profile quiz` profiles attempts.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark")

from werkzeug.datastructures import MultiDict  # noqa: E402

from tests.perf import bench_hr, bench_web  # noqa: E402
from tests.perf.hello_app import app as bare_app  # noqa: E402
from tests.perf.web_app import HELLO_PATH, bench_hello  # noqa: E402
from tests.perf.web_load import Forms, QuizLoad, take_quiz  # noqa: E402
from training import create_app  # noqa: E402

BASE = "https://localhost"  # secure cookies are sent over https only


def app_client(url: str, root: Path):
    settings = {"SQLALCHEMY_DATABASE_URI": url, "CONTENT_DIR": str(root), "SESSION_COOKIE_SECURE": True}
    os.environ["TRUSTED_PROXIES"] = "1"
    app = create_app(settings)
    app.add_url_rule(HELLO_PATH, "bench_hello", bench_hello)
    client = app.test_client()
    page = client.get("/login", base_url=BASE).get_data(as_text=True)
    csrf = dict((n, v) for n, _, v in Forms(page).forms[0]["inputs"])["csrf_token"]
    form = {"csrf_token": csrf, "email": bench_web.learner_email(0), "password": bench_hr.PASSWORD}
    answer = client.post("/login", data=form, base_url=BASE, headers={"Referer": f"{BASE}/login"})
    assert answer.status_code == 302, answer.status_code
    return client


def paths(client) -> dict:
    bare = bare_app.test_client()
    return {
        "bare hello": (bare, "/hello"),
        "app hello": (client, HELLO_PATH),
        "lesson page": (client, f"/lessons/{bench_web.LESSON}"),
    }


class TestBrowser:
    """web_load's Browser on Flask's test client: the same quiz flow, with no socket."""

    def __init__(self, client):
        self.client = client

    def request(self, method: str, path: str, form: dict | list | None = None, limit=None):
        data = MultiDict(form) if form is not None else None
        headers = {"Referer": f"{BASE}{path}"}  # over https, CSRFProtect asks for a same-site referrer
        response = self.client.open(path, method=method, data=data, base_url=BASE, headers=headers)
        location = response.headers.get("Location", "").removeprefix(BASE)
        return response.status_code, location, response.get_data(as_text=True)


def timed_attempts(client, n: int) -> tuple[float, float]:
    """Return CPU ms per whole quiz attempt and per request of it, over n attempts."""
    browser, load = TestBrowser(client), QuizLoad()
    start = time.process_time()
    for _ in range(n):
        take_quiz(browser, bench_web.QUIZ, load, deadline=time.monotonic() + 60)
    spent = (time.process_time() - start) * 1000
    if load.errors or len(load.attempts) != n:
        raise RuntimeError(f"{load.errors} of {n} attempts failed")
    return spent / n, spent / load.attempt_requests


def timed(client, path: str, n: int) -> float:
    """Return CPU ms per request over n GETs of path, each answered 200 (CPU time: other processes
    on the machine slow the requests down but hardly change what they cost)."""
    start = time.process_time()
    for _ in range(n):
        response = client.get(path, base_url=BASE)
        response.get_data()
        if response.status_code != 200 or b'name="password"' in response.data:
            raise RuntimeError(f"{path} answered {response.status_code}")
    return (time.process_time() - start) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--attempts", type=int, default=100, help="whole quiz attempts per round")
    parser.add_argument("--profile", choices=("lesson", "hello", "quiz"))
    parser.add_argument("--all", action="store_true", help="show library frames in the profile too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, root = f"sqlite:///{tmp}/bench.sqlite", Path(tmp) / "content"
        bench_web.prepare(url, root, args.people, learners=1)
        measured = paths(app_client(url, root))
        client = measured["app hello"][0]
        for warm_client, path in measured.values():
            timed(warm_client, path, 50)  # warm caches and templates
        timed_attempts(client, 3)
        rounds, quiz = [], []
        for number in range(1, args.rounds + 1):
            rounds.append(
                {name: timed(client, path, args.requests) for name, (client, path) in measured.items()}
            )
            quiz.append(timed_attempts(client, args.attempts))
            print(f"round {number}: " + ", ".join(f"{n} {ms:.3f} ms" for n, ms in rounds[-1].items())
                  + f", quiz attempt {quiz[-1][0]:.1f} ms ({quiz[-1][1]:.3f} ms per request)")  # fmt: skip
        print(f"{'path':<12} {'CPU ms/req':>10} {'req/s':>8} {'/bare hello':>12}")
        for name in measured:
            ms = statistics.median(r[name] for r in rounds)
            ratio = statistics.median(r["bare hello"] / r[name] for r in rounds)
            print(f"{name:<12} {ms:>10.3f} {1000 / ms:>8.0f} {ratio:>12.3f}")
        per_attempt, per_request = (statistics.median(q[i] for q in quiz) for i in (0, 1))
        print(f"quiz attempt: {per_attempt:.1f} CPU ms ({1000 / per_attempt:.0f} attempts/s on one core), "
              f"{per_request:.3f} ms per request of it")  # fmt: skip
        if args.profile:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as profiler:
                if args.profile == "quiz":
                    timed_attempts(client, args.attempts)
                else:
                    profiled = measured["lesson page" if args.profile == "lesson" else "app hello"]
                    timed(*profiled, args.requests)
            print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
