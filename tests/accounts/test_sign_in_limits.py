"""Failed sign-ins: limited per account and per address, in shared storage, and recorded."""

import os
import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tests.accounts.browsers import (
    FreshClient,
    fresh_client,  # noqa: F401 - each request loads its person afresh
)
from tests.conftest import PASSWORD
from tests.realparts import missing
from training import create_app
from training.db import db
from training.models import SignInFailure

WRONG = "not the right password"


@pytest.fixture
def limits(app_config):
    """Three failures per account and six per address, as an app in production counts them."""
    app_config.update(
        RATELIMIT_ENABLED=True, LOGIN_ACCOUNT_LIMIT="3 per 15 minutes", LOGIN_ADDRESS_LIMIT="6 per 15 minutes"
    )
    return app_config


def sign_in(client, email, password=PASSWORD, **headers):
    return client.post("/login", data={"email": email, "password": password}, headers=headers).status_code


def signed_in(client) -> bool:
    ok = client.get("/").status_code == 200
    client.post("/logout")
    return ok


def failures() -> list[tuple[str, str, str]]:
    rows = db.session.scalars(select(SignInFailure).order_by(SignInFailure.id))
    return [(row.email, row.address, row.reason) for row in rows]


def test_an_account_is_refused_after_its_failures_even_with_the_right_password(limits, client, make_user):
    make_user(email="ann@example.com")
    assert [sign_in(client, "ann@example.com", WRONG) for _ in range(3)] == [200, 200, 200]
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts to sign in." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_another_account_signs_in_from_the_same_address_while_one_is_limited(limits, client, make_user):
    make_user(email="ann@example.com")
    make_user(email="bob@example.com")
    for _ in range(4):
        sign_in(client, "ann@example.com", WRONG)
    assert sign_in(client, "bob@example.com") == 302 and signed_in(client)


def test_the_account_count_ignores_case_and_spaces(limits, client, make_user):
    make_user(email="ann@example.com")
    for typed in ("ann@example.com", " Ann@Example.com", "ANN@EXAMPLE.COM "):
        sign_in(client, typed, WRONG)
    assert sign_in(client, "ann@example.com") == 429


def test_signing_in_clears_the_account_count(limits, client, make_user):
    make_user(email="ann@example.com")
    for _ in range(2):
        sign_in(client, "ann@example.com", WRONG)
    assert sign_in(client, "ann@example.com") == 302 and signed_in(client)
    assert [sign_in(client, "ann@example.com", WRONG) for _ in range(3)] == [200, 200, 200]


def test_an_address_is_refused_after_failures_on_many_accounts(limits, client, make_user):
    make_user(email="ann@example.com")
    assert [sign_in(client, f"guess{n}@example.com", WRONG) for n in range(6)] == [200] * 6
    assert sign_in(client, "ann@example.com") == 429


def test_successful_sign_ins_do_not_count_against_the_address(limits, client, make_user):
    for n in range(8):  # an office signing in one after another through one address
        make_user(email=f"colleague{n}@example.com")
        assert sign_in(client, f"colleague{n}@example.com") == 302 and signed_in(client)
    assert sign_in(client, "colleague0@example.com", WRONG) == 200


def test_x_forwarded_for_is_ignored_without_trusted_proxies(limits, client, make_user):
    make_user(email="ann@example.com")
    for n in range(6):
        sign_in(client, f"guess{n}@example.com", WRONG, **{"X-Forwarded-For": f"203.0.113.{n}"})
    assert sign_in(client, "ann@example.com", **{"X-Forwarded-For": "198.51.100.7"}) == 429
    assert {address for _, address, _ in failures()} == {"127.0.0.1"}


@pytest.fixture
def behind_one_proxy(limits):
    limits["TRUSTED_PROXIES"] = 1
    return limits


def test_x_forwarded_for_is_honoured_with_one_trusted_proxy(behind_one_proxy, client, make_user):
    make_user(email="ann@example.com")
    for n in range(6):
        sign_in(client, f"guess{n}@example.com", WRONG, **{"X-Forwarded-For": "203.0.113.9"})
    assert sign_in(client, "ann@example.com", **{"X-Forwarded-For": "203.0.113.9"}) == 429
    # The proxy appends the address it saw; an entry the client forged before it is not believed.
    assert sign_in(client, "ann@example.com", **{"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}) == 302
    assert {address for _, address, _ in failures()} == {"203.0.113.9"}


def test_every_refused_sign_in_is_recorded_with_its_reason(limits, client, make_user):
    ann = make_user(email="ann@example.com")
    gone = make_user(email="gone@example.com")
    gone.active = False
    new = make_user(email="new@example.com")
    new.password_hash = None
    db.session.commit()
    sign_in(client, "Ann@Example.com", WRONG)
    sign_in(client, "nobody@example.com")
    sign_in(client, "gone@example.com")
    sign_in(client, "new@example.com", WRONG)
    sign_in(client, "ann@example.com", WRONG)
    sign_in(client, "ann@example.com", WRONG)
    sign_in(client, "ann@example.com")
    assert failures() == [
        ("ann@example.com", "127.0.0.1", "wrong_password"),
        ("nobody@example.com", "127.0.0.1", "unknown_account"),
        ("gone@example.com", "127.0.0.1", "deactivated"),
        ("new@example.com", "127.0.0.1", "no_password"),
        ("ann@example.com", "127.0.0.1", "wrong_password"),
        ("ann@example.com", "127.0.0.1", "wrong_password"),
        ("ann@example.com", "127.0.0.1", "limited"),
    ]
    rows = db.session.scalars(select(SignInFailure)).all()
    assert {row.user_id for row in rows if row.email == "ann@example.com"} == {ann.id}
    assert {row.user_id for row in rows if row.email == "nobody@example.com"} == {None}
    assert all(row.attempted_at is not None for row in rows)


def test_failures_are_recorded_when_limits_are_off(client, make_user):
    make_user(email="ann@example.com")
    sign_in(client, "ann@example.com", WRONG)
    assert failures() == [("ann@example.com", "127.0.0.1", "wrong_password")]


@pytest.mark.parametrize(
    "statement", ["UPDATE sign_in_failure SET reason = 'x'", "DELETE FROM sign_in_failure"]
)
def test_the_database_refuses_to_change_recorded_failures(client, make_user, statement):
    sign_in(client, "nobody@example.com")
    with pytest.raises(DBAPIError):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SignInFailure)) == 1


def test_the_command_lists_recent_failures(client, runner, make_user):
    make_user(email="ann@example.com")
    sign_in(client, "ann@example.com", WRONG)
    sign_in(client, "nobody@example.com")
    result = runner.invoke(args=["users", "sign-in-failures"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["attempted_at", "address", "reason", "email"]
    assert lines[1].endswith("\t127.0.0.1\tunknown_account\tnobody@example.com")
    assert lines[2].endswith("\t127.0.0.1\twrong_password\tann@example.com")
    only_ann = runner.invoke(args=["users", "sign-in-failures", "--email", "ANN@example.com"]).output
    assert "nobody@example.com" not in only_ann and "ann@example.com" in only_ann


def test_the_command_shows_control_characters_typed_as_codes(client, runner):
    sign_in(client, "\x1b[2Jevil\t@example.com")
    output = runner.invoke(args=["users", "sign-in-failures"]).output
    assert "\x1b" not in output
    assert "\\x1b[2jevil\\x09@example.com" in output  # lower-cased, as every typed address is


def second_instance(config: dict):
    """Another app on the same database, as a second gunicorn worker or server runs it."""
    other = create_app(dict(config))
    other.test_client_class = FreshClient
    return other


def test_workers_with_memory_storage_each_count_their_own_failures(limits, app, client, make_user):
    make_user(email="ann@example.com")
    other = second_instance(limits)
    try:
        codes = [sign_in(c, "ann@example.com", WRONG) for c in (client, other.test_client()) * 3]
        assert codes == [200] * 6  # six tries where three were allowed: why production needs Redis
    finally:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def redis_storage(limits):
    """A Redis database for this xdist worker, with keys of this test only; removed afterwards."""
    redis = pytest.importorskip("redis")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    url = f"redis://127.0.0.1:6379/{1 + int(worker.removeprefix('gw') or 0) % 15}"
    connection = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        connection.close()
        missing("Redis on 127.0.0.1:6379", "install and start redis-server (apt-get install redis-server)")
    prefix = f"training-test-{uuid.uuid4().hex}"
    limits.update(RATELIMIT_STORAGE_URI=url, RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix})
    yield connection, prefix
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)
    connection.close()


def test_app_instances_share_the_limit_in_redis(redis_storage, app, client, make_user):
    connection, prefix = redis_storage
    make_user(email="ann@example.com")
    other = second_instance(app.config)
    try:
        codes = [sign_in(c, "ann@example.com", WRONG) for c in (client, other.test_client()) * 2]
        assert codes == [200, 200, 200, 429]
        assert sign_in(other.test_client(), "ann@example.com") == 429
        assert any(connection.scan_iter(f"{prefix}:*"))
    finally:
        for instance in (app, other):
            instance.extensions["sign_in_limits"].storage.reset()
        with other.app_context():
            db.engine.dispose()
