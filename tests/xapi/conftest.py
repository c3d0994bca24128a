import pytest

from tests.xapi import lrs as fake_lrs


@pytest.fixture
def lrs():
    with fake_lrs.running() as server:
        yield server


@pytest.fixture
def app_config(app_config, lrs):
    """Point the app at the test's LRS, with its credentials."""
    return dict(
        app_config,
        XAPI_ENDPOINT=lrs.endpoint,
        XAPI_USERNAME=fake_lrs.USERNAME,
        XAPI_PASSWORD=fake_lrs.PASSWORD,
        BASE_URL="https://training.example.com",
    )
