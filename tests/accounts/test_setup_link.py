"""The first-run setup link belongs to the database it was printed for."""

from pathlib import Path

import pytest
from flask_migrate import upgrade

from training import create_app
from training.db import db


@pytest.fixture
def second_site(app, tmp_path):
    """Another app on a second, empty, migrated database, sharing the first app's instance/ folder."""
    other = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'second.sqlite'}", "TESTING": True}
    )
    other.instance_path = app.instance_path
    with other.app_context():
        upgrade()
    yield other
    with other.app_context():
        db.engine.dispose()


def setup_link(site) -> str:
    with site.app_context():  # commands use the app context in force: the `app` fixture's otherwise
        result = site.test_cli_runner().invoke(args=["setup-link"])
    assert result.exit_code == 0, result.output
    return result.output.strip().rsplit("/setup/", 1)[1]


def test_a_setup_link_does_not_open_a_second_empty_database(app, second_site):
    token = setup_link(app)
    assert app.test_client().get(f"/setup/{token}").status_code == 200
    assert second_site.test_client().get(f"/setup/{token}").status_code == 404


def test_the_second_database_gets_a_link_of_its_own(app, second_site):
    first = setup_link(app)
    second = setup_link(second_site)
    assert second != first
    assert second_site.test_client().get(f"/setup/{second}").status_code == 200
    assert (Path(app.instance_path) / "setup_token").read_text() == second


def test_the_link_is_stable_for_its_own_database(app):
    assert setup_link(app) == setup_link(app)
