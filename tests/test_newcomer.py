"""A newcomer's first steps: the README stands alone, `make run PORT=X`, and a fresh clone's upgrade."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from training import config

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")


def test_readmes_never_link_outside_the_repository():
    for readme in (ROOT / "README.md", ROOT / "content" / "README.md"):
        text = readme.read_text()
        assert "../shared" not in text, readme
        assert not re.search(r"\]\(\.\./", text), f"{readme} links outside the repository"


def test_pages_load_and_link_nothing_from_the_internet():
    """Templates, CSS and scripts point only at the site itself: nothing is fetched from outside."""
    files = [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "static").rglob("*.css"),
        *(ROOT / "static").rglob("*.js"),
    ]
    outside = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in files
        for match in re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", path.read_text())
        if not re.match(r"(?:https?:)?//[\w.-]*example\.", match)
    ]
    assert outside == []


def test_readme_says_how_to_change_the_port():
    assert "make run PORT=8000" in (ROOT / "README.md").read_text()


@pytest.fixture
def fake_flask(tmp_path):
    """A stand-in for `flask` that records each command it is given with the BASE_URL it sees."""
    log = tmp_path / "calls.log"
    script = tmp_path / "flask.py"
    script.write_text(
        "import os, sys\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        "    log.write(' '.join(sys.argv[1:]) + ' | ' + os.environ.get('BASE_URL', '-') + '\\n')\n"
    )
    return f"{sys.executable} {script}", log


def _make_run(fake_flask, *args, env=None):
    if MAKE is None:
        pytest.fail("make is not installed")
    command, log = fake_flask
    environ = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "PORT", "HOST")} | (env or {})
    # -o install: the virtual environment is ready; only the commands of `run` are under test.
    subprocess.run([MAKE, "-s", "-o", "install", "run", f"FLASK={command}", *args],
                   cwd=ROOT, env=environ, check=True, capture_output=True, timeout=60)  # fmt: skip
    return [line.split(" | ") for line in log.read_text().splitlines()]


def test_make_run_port_reaches_every_command_that_builds_links(fake_flask):
    calls = _make_run(fake_flask, "PORT=8000")
    assert [args for args, _ in calls] == [
        "db upgrade", "content import", "setup-link", "run --host 127.0.0.1 --port 8000"]  # fmt: skip
    # The web server too: invitations and password links are emailed from its pages.
    assert {base for _, base in calls} == {"http://127.0.0.1:8000"}


def test_a_base_url_from_the_environment_wins_over_the_port(fake_flask):
    calls = _make_run(fake_flask, "PORT=8000", env={"BASE_URL": "https://training.example.com"})
    assert {base for _, base in calls} == {"https://training.example.com"}


def test_the_sqlite_folder_is_created_before_connecting(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "set, so nothing else writes to instance/")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    settings = config.from_environment(instance)
    assert instance.is_dir()
    assert not (instance / "secret_key").exists()
    assert settings["SQLALCHEMY_DATABASE_URI"].endswith(str(instance / "training.sqlite"))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'deep' / 'er' / 'site.sqlite'}")
    config.from_environment(instance)
    assert (tmp_path / "deep" / "er").is_dir()


def test_db_upgrade_works_on_a_fresh_clone_with_secret_key_set(tmp_path):
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in ("app.py", "training", "templates", "static", "content"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, clone / name)
    assert not (clone / "instance").exists()
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BASE_URL")}
    environ["SECRET_KEY"] = "a production key, set as the README says"
    flask = Path(sys.executable).parent / "flask"
    result = subprocess.run([str(flask), "--app", "app", "db", "upgrade"],
                            cwd=clone, env=environ, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (clone / "instance" / "training.sqlite").stat().st_size > 0
    assert not (clone / "instance" / "secret_key").exists()
