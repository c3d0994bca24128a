"""A database that cannot be reached: every page answers 503, /healthz says why, commands say one line.

The database is PostgreSQL on a closed port, so every connection is refused at once: no waiting.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import make_url

from tests.conftest import FIXTURES, PASSWORD
from tests.test_hostile_requests import routes
from training import create_app
from training.accounts import users
from training.db import db

CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/training?connect_timeout=1"
PAGE = "The database cannot be reached; try again in a few minutes."
ROOT = Path(__file__).parent.parent


@pytest.fixture
def down(tmp_path):
    """The site as deployed (schema check on, errors not raised) on a database that refuses connections."""
    config = {"SQLALCHEMY_DATABASE_URI": CLOSED, "TESTING": True, "SCHEMA_CHECK": True,
              "PROPAGATE_EXCEPTIONS": False, "WTF_CSRF_ENABLED": False}  # fmt: skip
    app = create_app(config)
    app.instance_path = str(tmp_path / "instance")
    return app


def test_every_page_answers_503_with_a_clear_page(down):
    client = down.test_client()
    for method, path in routes(down, "1"):
        if path == "/healthz":
            continue  # plain text, below
        response = client.open(path, method=method)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, f"{method} {path}"
        assert PAGE in page and "Traceback" not in page and "psycopg" not in page
        assert response.headers["Retry-After"] == "60"


def test_pages_answer_503_when_the_database_goes_away_after_the_schema_check(down):
    down.config["SCHEMA_CHECK"] = False  # as if the schema was found before the database went away
    client = down.test_client()
    for response in (client.get("/setup/some-token"), client.post("/login", data={"email": "a@example.com"})):
        assert response.status_code == 503 and PAGE in response.get_data(as_text=True)


def test_signed_in_pages_answer_503_when_the_database_goes_away(app_config):
    url = app_config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        pytest.skip("makes the SQLite file unreachable; the closed port above covers PostgreSQL")
    site = create_app(app_config | {"PROPAGATE_EXCEPTIONS": False})  # no app context kept pushed
    with site.app_context():
        users.create_user("lee@example.com", "Lee Learner", PASSWORD)
        db.engine.dispose()
    client = site.test_client()
    client.post("/login", data={"email": "lee@example.com", "password": PASSWORD})
    assert client.get("/").status_code == 200
    with site.app_context():
        db.engine.dispose()  # no connection left open on the file
    path = Path(make_url(url).database)
    path.rename(path.with_suffix(".away"))
    path.mkdir()  # a directory where the file was: SQLite cannot open it
    for page in ("/", "/no-such-page"):
        response = client.get(page)
        assert response.status_code == 503, page
        assert PAGE in response.get_data(as_text=True)


def test_static_files_are_served_without_the_database(down):
    response = down.test_client().get("/static/css/site.css")
    response.close()
    assert response.status_code == 200


def test_healthz_says_the_database_cannot_be_reached(down):
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "unavailable: the database cannot be reached\n"
    assert response.mimetype == "text/plain"


def test_healthz_says_ok_when_pages_can_be_served(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")


def test_healthz_names_the_missing_migration(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.sqlite'}", "TESTING": True})
    app.instance_path = str(tmp_path / "instance")
    response = app.test_client().get("/healthz")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_data(as_text=True) == (
        "unavailable: The database has no schema yet. Run: flask --app app db upgrade\n"
    )


@pytest.mark.parametrize(
    "args",
    [["db", "upgrade"], ["content", "import"], ["users", "set-password", "a@example.com"], ["setup-link"],
     ["send-reminders"], ["report", "completion"], ["evidence", "verify"], ["users", "invite", "--all-new"]],
    ids=" ".join,
)  # fmt: skip
def test_commands_print_one_line_and_exit_1(down, args):
    result = down.test_cli_runner().invoke(args=args, input="a long enough password\n")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: The database cannot be reached (connection failed: ")
    assert line.endswith("). Try again in a few minutes.")


def test_file_only_commands_check_the_files_and_say_the_database_was_not_used(down):
    result = down.test_cli_runner().invoke(args=["content", "check", str(FIXTURES / "content")])
    assert result.exit_code == 0, result.output
    assert "The database cannot be reached" in result.stderr and "Checking the files only." in result.stderr


def test_the_real_command_line_prints_one_line_without_a_traceback(tmp_path):
    env = dict(os.environ, DATABASE_URL=CLOSED)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "report", "completion"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: The database cannot be reached")


def test_a_database_that_comes_back_is_served_again(tmp_path):
    path = tmp_path / "site.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True, "SCHEMA_CHECK": True})
    app.instance_path = str(tmp_path / "instance")
    path.mkdir()  # a directory where the file should be: SQLite cannot open it
    assert app.test_client().get("/login").status_code == 503
    path.rmdir()
    with app.app_context():
        db.engine.dispose()
        upgrade()
    assert app.test_client().get("/login").status_code == 200
    with app.app_context():
        db.engine.dispose()
