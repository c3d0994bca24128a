"""Schemathesis against the live API: generated requests for every operation of the OpenAPI document,
sent over HTTP to a real gunicorn server.

The server is started as the README's production command (tests/servers.py), on 127.0.0.1 and a
free port, on this run's database (the SQLite file or TEST_DATABASE_URL's PostgreSQL database),
once for the module: before it starts the database holds the test library, an admin, a few people,
an assignment and a read-and-write API token, so requests meet real rows as well as missing ones.
Each operation is one test: schemathesis sends requests built from the document (valid ones and,
for the checks that call for it, invalid ones) and runs all of its checks: no 5xx, every status
code, header and body as the document declares, invalid requests refused. A fixed number of
examples per operation, derandomized, so a run is quick on both databases and never flaky (the
whole file runs in one process, in order, also under `make test`). A failure carries the server's
log, where a 500's traceback is.
"""

import json
import os
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import FIXTURES, empty_database
from tests.realparts import missing
from tests.servers import ROOT, gunicorn, healthz
from training import create_app
from training.accounts import users
from training.api import openapi, tokens, views  # noqa: F401 - views registers the operations
from training.db import db
from training.editor import library
from training.status import assignments

SECRET = "schemathesis-live-test-secret"
TIMEOUT = 10  # seconds: the longest one generated request may take
PRINTED = {}  # how much of each server log a failure has printed

# The document is built from the registered operations; the fixture checks the server serves it.
# (Schemathesis's `from_fixture` does not run under pytest 9, and the server starts after collection.)
schema = schemathesis.openapi.from_dict(openapi.document())


@schema.auth(refresh_interval=None)
class LiveToken:
    """The live server's token on each request, but for those that test what leaving it out does
    (schemathesis leaves these alone; a token in `headers=` would be sent on them too)."""

    token = None  # set by the `live` fixture

    def get(self, case, context):
        return LiveToken.token

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def seed(url: str) -> str:
    """Put the rows of the generated requests in the database; return a read-and-write token."""
    config = {"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "FAST_PASSWORD_HASHES": True}
    app = create_app(config | {"CONTENT_DIR": str(FIXTURES / "content")})
    with app.app_context():
        library.import_directory(FIXTURES / "content")
        admin = users.create_user("admin@example.com", "Ada Admin", "admin password 1", roles="admin")
        for n in range(1, 4):
            users.create_user(f"p{n}@example.com", f"P {n}", "person password 1", department="Sales")
        assignments.assign(admin, "basics", "everyone", due_days=30)
        token = tokens.create(admin, "HR system", ["read", "write"], 90).token
        db.session.remove()
        db.engine.dispose()
    return token


@pytest.fixture(scope="module")
def live(database_template, tmp_path_factory):
    """The API's address and the server's log: gunicorn on this run's database, with a token for
    LiveToken; stopped after the module, also when a test failed."""
    if not (ROOT / ".venv/bin/gunicorn").exists():
        missing("gunicorn", "make install")
    folder = tmp_path_factory.mktemp("schemathesis")
    url = empty_database(database_template, folder / "live.sqlite")
    token = seed(url)
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, CONTENT_DIR=str(FIXTURES / "content"),
               API_RATE_LIMIT="100000 per minute")  # fmt: skip
    env.pop("SESSION_COOKIE_SECURE", None)  # plain HTTP here
    log = folder / "gunicorn.log"
    with gunicorn(env, log, workers=1) as (address, process):
        assert healthz(process, address, log, until=200) == (200, "ok\n")
        with urllib.request.urlopen(address + "/api/v1/openapi.json", timeout=TIMEOUT) as served:  # noqa: S310
            assert json.load(served) == schema.raw_schema, "the server serves another document"
        LiveToken.token = token
        try:
            yield address + "/api/v1", log
        finally:
            LiveToken.token = None


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_the_document_says(case, live):
    base_url, log = live
    try:
        case.call_and_validate(base_url=base_url, timeout=TIMEOUT)
    except BaseException:  # schemathesis's failures are a BaseExceptionGroup
        print_new_lines(log)  # pytest shows them with the failure: a 500's traceback is there
        raise


def print_new_lines(log) -> None:
    """Print what the server logged since the last failure (hypothesis replays one several times)."""
    text = log.read_text()
    print(text[PRINTED.get(log, 0) :][-20000:])
    PRINTED[log] = len(text)
