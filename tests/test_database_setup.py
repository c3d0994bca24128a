"""The database as the app finds it: migrated to the newest revision, SQLite's pragmas, cached HTML."""

import pytest
from flask import Response, stream_with_context
from flask_migrate import upgrade
from sqlalchemy import text

from tests.conftest import FIXTURES, as_served
from training import create_app, schema
from training.content import markdown
from training.db import db

UPGRADE = "flask --app app db upgrade"


def site(tmp_path, revision: str | None):
    """An app on its own SQLite file, migrated to `revision` (None: left empty), checking the schema."""
    url = f"sqlite:///{tmp_path / 'site.sqlite'}"
    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SCHEMA_CHECK": True,
              "CONTENT_DIR": str(FIXTURES / "content")}  # fmt: skip
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    if revision is not None:
        with app.app_context():
            upgrade(revision=revision)
            db.engine.dispose()
    return app


@pytest.fixture
def dispose():
    apps = []
    yield apps.append
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("revision", [None, "0004"], ids=["empty", "older-migration"])
def test_pages_answer_503_until_the_database_is_migrated(tmp_path, dispose, revision):
    app = site(tmp_path, revision)
    dispose(app)
    response = app.test_client().get("/login")
    assert response.status_code == 503
    assert UPGRADE in response.get_data(as_text=True)


@pytest.mark.parametrize("revision", [None, "0004"], ids=["empty", "older-migration"])
def test_commands_stop_with_the_upgrade_command_until_migrated(tmp_path, dispose, revision):
    app = site(tmp_path, revision)
    dispose(app)
    result = app.test_cli_runner().invoke(args=["content", "import", str(FIXTURES / "content")])
    assert result.exit_code == 1
    assert UPGRADE in result.output
    assert "Traceback" not in result.output


def test_a_database_at_the_newest_migration_is_served(tmp_path, dispose):
    head, _ = schema.revisions()
    app = site(tmp_path, head)
    dispose(app)
    assert app.test_client().get("/login").status_code == 200
    result = app.test_cli_runner().invoke(args=["content", "import", str(FIXTURES / "content")])
    assert result.exit_code == 0, result.output


def test_upgrading_an_older_database_lets_the_site_serve_it(tmp_path, dispose):
    app = site(tmp_path, "0004")
    dispose(app)
    assert app.test_client().get("/login").status_code == 503
    with app.app_context():
        upgrade()
    assert app.test_client().get("/login").status_code == 200


def test_a_revision_the_code_does_not_know_is_named(tmp_path, dispose):
    app = site(tmp_path, None)
    dispose(app)
    with app.app_context():
        upgrade()
        db.session.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["content", "import", str(FIXTURES / "content")])
    assert result.exit_code == 1 and "migration ffff" in result.output


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_markdown_is_rendered_at_publish_not_per_request(client, make_user, auth, monkeypatch):
    calls = []
    real = markdown.render

    def counting(source):
        calls.append(source)
        return real(source)

    monkeypatch.setattr(markdown, "render", counting)
    from training.editor import library

    library.import_directory(FIXTURES / "content")
    published = len(calls)
    assert published > 0
    auth.login(make_user(email="reader@example.com").email)
    for _ in range(2):
        page = client.get("/lessons/basics-secrets")
        assert page.status_code == 200 and "order number" in page.get_data(as_text=True)
    assert len(calls) == published


def test_the_suite_never_takes_its_database_from_database_url(monkeypatch):
    from tests.conftest import _database_url

    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://app@db.internal/production")
    assert _database_url() is None
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql://tester@127.0.0.1/test")
    assert _database_url() == "postgresql+psycopg://tester@127.0.0.1/test"


def test_requests_that_only_read_keep_postgresqls_prepared_statements(client, make_user, auth, library):
    """psycopg prepares a statement a connection has run five times, and forgets them all on
    ROLLBACK: a request whose transaction only read ends with COMMIT instead (training/db.py)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's: set TEST_DATABASE_URL to a PostgreSQL database")
    auth.login(make_user(email="reader@example.com").email)
    db.session.commit()
    db.engine.dispose()  # one connection, the requests' own

    def serve():
        # Each request in its own app context, so the session ends after every page.
        pages = [client.get("/lessons/basics-secrets").status_code for _ in range(8)]
        with client.application.app_context():
            statements = text("SELECT statement FROM pg_prepared_statements")
            return pages, db.session.execute(statements).scalars().all()

    pages, prepared = as_served(serve)
    assert pages == [200] * 8
    assert any("FROM completion" in statement for statement in prepared), prepared


@pytest.mark.parametrize("how", ["core", "orm"])
def test_a_request_that_wrote_without_committing_keeps_nothing(app, client, make_user, how):
    """Only a transaction that read nothing but SELECTs ends with COMMIT: a write left uncommitted,
    through the ORM (flushed, so the session holds nothing pending) or a statement, is rolled back."""
    person = make_user(email="kept@example.com", name="Kept Name")
    name = text("SELECT name FROM user_account WHERE id = :id")

    def write():
        if how == "core":
            change = text("UPDATE user_account SET name = 'Changed' WHERE id = :id")
            db.session.execute(change, {"id": person.id})
        else:
            db.session.get(type(person), person.id).name = "Changed"
            db.session.flush()
        return "written"

    app.add_url_rule("/test-write", "test_write", write)
    db.session.commit()
    assert client.get("/test-write").get_data(as_text=True) == "written"
    db.session.rollback()
    db.session.expire_all()
    assert db.session.scalar(name, {"id": person.id}) == "Kept Name"


def test_a_streamed_response_still_reads_what_the_request_loaded(app, client, make_user):
    """A response streamed after the request's teardown (an evidence bundle) reads the objects the
    view loaded: ending a transaction that only read leaves them as they were."""
    person = make_user(email="streamed@example.com", name="Streamed Name")
    db.session.commit()

    def stream():
        loaded = db.session.get(type(person), person.id)

        def lines():
            yield "name: "
            yield loaded.name

        return Response(stream_with_context(lines()))

    app.add_url_rule("/test-stream", "test_stream", stream)
    body = as_served(lambda: client.get("/test-stream").get_data(as_text=True))
    assert body == "name: Streamed Name"


def test_a_read_of_plain_columns_sees_what_the_session_has_not_written_yet(app):
    from sqlalchemy import func, select

    from training.db import read
    from training.models import User

    count = select(func.count()).select_from(User)
    before = read(count).scalar()
    db.session.add(User(email="not-yet-written@example.com", name="Pending"))
    assert read(count).scalar() == before + 1  # flushed first, as the session's own execute does
    with db.session.no_autoflush:
        db.session.add(User(email="held-back@example.com", name="Held back"))
        assert read(count).scalar() == before + 1
    db.session.rollback()
