import pytest

from tests.status.histories import Clock, History


@pytest.fixture
def history(app, database_template, tmp_path, monkeypatch):
    """A history to drive through the services with the model beside it (tests/status/histories.py)."""
    return History(app, database_template, tmp_path / "content", Clock(monkeypatch))
