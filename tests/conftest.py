"""Fixtures in the style of flaskr: app, client, runner, auth, and factories.

Each test gets its own database: on SQLite a copy of a migrated template file; on PostgreSQL
(TEST_DATABASE_URL set to a postgresql URL) a schema dropped, migrated once per run and emptied
before every test. DATABASE_URL is never used: it may name a real deployment's database.

Under pytest-xdist (`pytest -n 2`) every worker has its own: its own template file on SQLite, and
on PostgreSQL its own database beside TEST_DATABASE_URL's (`test_gw0`, `test_gw1`, ...), created
when missing. Passwords are hashed with argon2's cheapest parameters (FAST_PASSWORD_HASHES).
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.pop("DATABASE_URL", None)  # so nothing under test can reach a deployment's database

from training import create_app  # noqa: E402
from training.accounts import users as user_service  # noqa: E402
from training.db import db  # noqa: E402
from training.editor import library as content_service  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED_CONTENT = Path(__file__).parent.parent / "content"
PASSWORD = "correct horse battery staple"


def _database_url() -> str | None:
    """Return TEST_DATABASE_URL when it names PostgreSQL; the suite then erases that database."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url if url and url.startswith("postgresql") else None


def _worker_database_url(url: str) -> str:
    """Return the database of this xdist worker (`test` -> `test_gw0`), creating it if missing.

    Without xdist the suite uses TEST_DATABASE_URL's database itself, as it always has.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        # One worker at a time looks for and creates its database (released when the session closes).
        conn.execute(text("SELECT pg_advisory_lock(hashtext('training test databases'))"))
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f"CREATE DATABASE {conn.dialect.identifier_preparer.quote(name)}"))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate once per run (per xdist worker): a template SQLite file, or a PostgreSQL database."""
    pg_url = _database_url()
    if pg_url:
        pg_url = _worker_database_url(pg_url)
        engine = create_engine(pg_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        _migrate(pg_url)
        return pg_url
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    _migrate(f"sqlite:///{path}")
    return path


def empty_database(database_template, path: Path) -> str:
    """Return the URL of a migrated, empty database: the PostgreSQL one emptied, or on SQLite a copy
    of the template at `path` (replacing any file there; close its connections first)."""
    if isinstance(database_template, str):
        engine = create_engine(database_template)
        with engine.begin() as conn:
            tables = [t.name for t in db.metadata.sorted_tables]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return database_template
    for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        journal.unlink(missing_ok=True)  # a stale write-ahead log would be replayed into the copy
    shutil.copy(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def database_url(database_template, tmp_path):
    return empty_database(database_template, tmp_path / "test.sqlite")


@pytest.fixture
def app_config(database_url, tmp_path):
    """Settings for the app under test; a test may change them before using `app`."""
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "CONTENT_DIR": str(FIXTURES / "content"),
        "FAST_PASSWORD_HASHES": True,
        # The dashboard counts every past week it shows, however busy the machine; the time limit
        # that leaves weeks for later views has tests of its own, which set it.
        "TREND_COUNT_SECONDS": 600,
    }


@pytest.fixture
def app(app_config, tmp_path):
    application = create_app(app_config)
    application.instance_path = str(tmp_path / "instance")
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def as_served(work, *args):
    """Run `work(*args)` in a thread of its own and return what it returns (or raise what it raised).

    The test holds an app context for its whole run, which the test client's requests share: the
    signed-in person is kept from one request to the next and the session never ends. From a thread
    with no app context each request pushes and pops its own, as on a server.
    """
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(work, *args).result()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a person with PASSWORD: make_user(email="a@example.com", roles="hr")."""
    counter = iter(range(1, 100000))

    def make(email=None, name="Test Person", roles="employee", department="Customer Care"):
        email = email or f"person{next(counter)}@example.com"
        return user_service.create_user(email, name, PASSWORD, roles=roles, department=department)

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email, password=PASSWORD):
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def library(app):
    """Import the small test library (tests/fixtures/content)."""
    return content_service.import_directory(FIXTURES / "content")


@pytest.fixture
def employee(make_user, auth, library):
    """A signed-in employee with the test library imported."""
    user = make_user(email="learner@example.com", name="Lee Learner")
    auth.login(user.email)
    return user
