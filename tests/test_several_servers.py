"""Two app servers, as deployed: gunicorn (2 workers each) on one PostgreSQL database and one Redis.

Everything goes through plain HTTP with a cookie jar per browser, so what one server knows the
other must learn from the database or Redis: sign-in limits, sessions, publishes and quiz
attempts. PostgreSQL only (SQLite is one file on one machine): the servers get a database of
their own beside TEST_DATABASE_URL's (`<name>_servers`), and Redis database 15, flushed.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from tests.conftest import FIXTURES, PASSWORD, _database_url
from tests.realparts import missing
from tests.servers import ROOT, WAIT, gunicorn, healthz
from training import create_app
from training.accounts import users
from training.db import db
from training.models import Attempt, AttemptAnswer, AttemptResult, Completion, EvidenceEntry

REDIS_URL = "redis://127.0.0.1:6379/15"
SECRET = "several-servers-test-secret"
LEARNERS, ATTEMPTS_EACH = 10, 10  # 100 quiz submissions
QUICK_COURSE = """---
id: quick
title: Quick check
summary: One question.
items: [quick-quiz]
audience: all
due_days: 30
---
One question, asked a hundred times.
"""
QUICK_QUIZ = """id: quick-quiz
title: Quick quiz
covers: [demo#speaking]
pass_mark: 100
steps:
  - id: only
    prompt: Who may speak for the company?
    choices:
      - {id: social, text: The social team, correct: true, feedback: Right.}
      - {id: anyone, text: Anyone, correct: false, feedback: No.}
"""


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as it is, so the test sees where it points


class Browser:
    """One person's browser: a cookie jar, the address the proxy reports, no redirects followed."""

    def __init__(self, address: str = "203.0.113.1"):
        self.jar = CookieJar()
        self.address = address
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects)
        self.csrf = ""

    def request(self, server: str, path: str, form: dict | None = None, cookie: str | None = None):
        """Return (status, body, Location) of a GET, or of a POST when `form` is given."""
        data = (
            urllib.parse.urlencode(form | {"csrf_token": self.csrf}, doseq=True).encode()
            if form is not None
            else None
        )
        headers = {"X-Forwarded-For": self.address}
        request = urllib.request.Request(server + path, data=data, headers=headers)  # noqa: S310 - http only
        opener = self._opener
        if cookie is not None:  # a saved session cookie, sent as it was, outside the jar
            request.add_header("Cookie", cookie)
            opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=WAIT) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        page = body.decode("utf-8", "replace")
        if match := re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', page):
            self.csrf = match[1]
        return status, page, headers.get("Location", "")

    def sign_in(self, server: str, email: str, password: str = PASSWORD) -> int:
        self.request(server, "/login")
        status = self.request(server, "/login", {"email": email, "password": password})[0]
        if status == 302:
            self.request(server, "/")  # the form token of the signed-in session
        return status

    def session_cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar if c.name == "session")


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=WAIT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def database():
    """An empty database of the servers' own beside TEST_DATABASE_URL's; dropped afterwards."""
    url = _database_url()
    if url is None:
        pytest.skip("several app servers share one PostgreSQL database: set TEST_DATABASE_URL to one")
    given = make_url(url)
    url = given.set(database=f"{given.database}_servers").render_as_string(hide_password=False)
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = conn.dialect.identifier_preparer.quote(make_url(url).database)
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    yield url
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="module")
def redis_db():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.flushdb()
    except redis.exceptions.ConnectionError:
        connection.close()
        missing("Redis on 127.0.0.1:6379", "install and start redis-server (apt-get install redis-server)")
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture(scope="module")
def site(database, redis_db, tmp_path_factory):
    """The environment of the servers and the commands: one database, one Redis, one secret key."""
    content = tmp_path_factory.mktemp("servers") / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "courses/quick").mkdir()
    (content / "courses/quick/course.md").write_text(QUICK_COURSE)
    (content / "courses/quick/quick-quiz.quiz.yaml").write_text(QUICK_QUIZ)
    env = dict(os.environ, DATABASE_URL=database, SECRET_KEY=SECRET, RATELIMIT_STORAGE_URI=REDIS_URL,
               TRUSTED_PROXIES="1", CONTENT_DIR=str(content))  # fmt: skip
    env.pop("SESSION_COOKIE_SECURE", None)  # plain HTTP here; production sets 1 behind HTTPS
    return env


@pytest.fixture(scope="module")
def servers(site, tmp_path_factory):
    """Two gunicorn servers of two workers each, as the README's production command starts them.

    They start first and come up while the commands migrate and import: pages answer 503 until
    the schema is there, and need no restart after.
    """
    logs = tmp_path_factory.mktemp("logs")
    with gunicorn(site, logs / "a.log") as (a, first), gunicorn(site, logs / "b.log") as (b, second):
        flask(site, "db", "upgrade")
        flask(site, "content", "import", site["CONTENT_DIR"])
        make_people(site["DATABASE_URL"])
        assert healthz(first, a, logs / "a.log", until=200) == (200, "ok\n")
        assert healthz(second, b, logs / "b.log", until=200) == (200, "ok\n")
        yield a, b


def make_people(url: str) -> None:
    """The people of these tests, with argon2's cheapest hashes (the servers rehash them at full cost)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "FAST_PASSWORD_HASHES": True})
    with app.app_context():
        for n in range(LEARNERS):
            users.create_user(f"learner{n}@example.com", f"Learner {n}", PASSWORD)
        users.create_user("ann@example.com", "Ann", PASSWORD)
        users.create_user("sam@example.com", "Sam", PASSWORD)
        users.create_user("ed@example.com", "Ed Editor", PASSWORD, roles="editor")
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def local(site):
    """The servers' database, as the test reads it."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": site["DATABASE_URL"], "TESTING": True})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_failed_sign_ins_on_one_server_count_on_the_other(servers):
    a, b = servers
    browser = Browser("203.0.113.10")
    wrong = [
        browser.sign_in(server, "ann@example.com", "not the right password") for server in (a, b, a, b, a)
    ]
    assert wrong == [200] * 5  # refused, the form shown again; LOGIN_ACCOUNT_LIMIT is 5 per 15 minutes
    assert browser.sign_in(b, "ann@example.com") == 429
    assert Browser("198.51.100.7").sign_in(a, "ann@example.com") == 429  # from anywhere


def test_a_session_from_one_server_works_on_the_other_until_signed_out_on_either(servers):
    a, b = servers
    browser = Browser("203.0.113.20")
    assert browser.sign_in(a, "sam@example.com") == 302
    status, page, _ = browser.request(b, "/")
    assert status == 200 and "Sam" in page
    saved = browser.session_cookie()
    assert browser.request(a, "/logout", {})[0] == 302
    for server in (b, a):
        status, _, location = browser.request(server, "/", cookie=saved)
        assert (status, urllib.parse.urlsplit(location).path) == (302, "/login"), server


def test_a_publish_on_one_server_is_seen_at_once_on_the_other(servers):
    a, b = servers
    editor = Browser("203.0.113.30")
    assert editor.sign_in(a, "ed@example.com") == 302
    assert "Never post an order number." in editor.request(b, "/lessons/basics-secrets")[1]
    status, page, _ = editor.request(a, "/editor/items/basics-secrets/edit")
    changed = html.unescape(re.search(r"<textarea[^>]*>\r?\n?(.*?)</textarea>", page, re.S)[1]).replace(
        "Never post an order number.", "Never post an order or phone number."
    )
    assert (
        editor.request(a, "/editor/items/basics-secrets/edit", {**state(page), "text": changed, "save": "1"})[
            0
        ]
        == 302
    )
    page = editor.request(a, "/editor/items/basics-secrets/publish")[1]
    assert (
        editor.request(a, "/editor/items/basics-secrets/publish", {**state(page), "retrain": "no"})[0] == 302
    )
    assert "Never post an order or phone number." in editor.request(b, "/lessons/basics-secrets")[1]


def state(page: str) -> dict:
    return dict(re.findall(r'name="(revision|number)" type="hidden" value="([^"]*)"', page))


def test_a_hundred_quiz_submissions_over_both_servers_are_all_stored(servers, site, local):
    statuses: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(LEARNERS, timeout=WAIT * 3)  # signing in rehashes at full cost: slow

    def learner(n: int) -> None:
        try:
            browser = Browser(f"10.0.0.{n + 1}")
            both = servers if n % 2 else servers[::-1]
            assert browser.sign_in(both[0], f"learner{n}@example.com") == 302
            barrier.wait()
            for attempt in range(ATTEMPTS_EACH):
                statuses.extend(
                    submit(browser, both[attempt % 2], both[(attempt + 1) % 2], f"t{n}-{attempt}")
                )
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(LEARNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WAIT * 5)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert statuses == [302, 303] * (LEARNERS * ATTEMPTS_EACH)  # started, answered: no 5xx, nor anything else
    submissions = LEARNERS * ATTEMPTS_EACH
    assert (count(Attempt), count(AttemptAnswer), count(AttemptResult)) == (submissions,) * 3
    assert count(Completion) == LEARNERS  # once per person and version of what the quiz covers
    assert count(EvidenceEntry, EvidenceEntry.kind == "attempt") == submissions
    assert count(EvidenceEntry, EvidenceEntry.kind == "completion") == LEARNERS
    assert "OK: every entry is unaltered and in place" in flask(site, "evidence", "verify")


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def submit(browser: Browser, starts: str, answers: str, token: str) -> list[int]:
    """Start the quick quiz on one server and answer it on the other; return both statuses."""
    started, _, location = browser.request(starts, "/quizzes/quick-quiz/start", {"token": token})
    path = urllib.parse.urlsplit(location).path
    assert started == 302 and path.startswith("/attempts/"), (started, location)
    answered, page, _ = browser.request(answers, path, {"step_id": "only", "choice": "social"})
    assert answered == 303, page[:500]  # on to the result, with the answer's feedback
    return [started, answered]
