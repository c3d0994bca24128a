"""`flask xapi send`: every statement reaches a real HTTP LRS once, even when the LRS is down for a while."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tests.evidence.test_evidence import record_history
from tests.xapi import lrs as fake_lrs
from training.db import db, utcnow
from training.models import XapiLease, XapiOutbox
from training.xapi import outbox

ROOT = Path(__file__).parent.parent.parent


def send(runner, *args):
    return runner.invoke(args=["xapi", "send", *args])


def exported(runner) -> list[dict]:
    result = runner.invoke(args=["xapi", "export"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def rows() -> list[XapiOutbox]:
    db.session.expire_all()
    return list(db.session.scalars(select(XapiOutbox)))


def wait_out_backoff():
    """Stand for the time passing: every failed statement is due again."""
    db.session.execute(update(XapiOutbox).values(next_try_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_send_delivers_every_statement_once_and_each_passes_the_lrs_checks(runner, library, make_user, lrs):
    record_history(make_user)
    result = send(runner)
    assert result.exit_code == 0, result.output
    statements = exported(runner)
    assert len(statements) > 6 and lrs.rejected == []
    assert set(lrs.stored) == {s["id"] for s in statements}
    assert set(lrs.accepted.values()) == {1}
    assert f"sent {len(statements)} statement(s), 0 failed" in result.output
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows())


def test_send_again_sends_nothing(runner, library, make_user, lrs):
    record_history(make_user)
    send(runner)
    posts = lrs.posts
    result = send(runner)
    assert result.exit_code == 0 and "sent 0 statement(s)" in result.output
    assert lrs.posts == posts


def test_new_evidence_is_sent_on_the_next_run_alone(runner, library, make_user, lrs):
    ann, _ = record_history(make_user)
    send(runner)
    before = set(lrs.stored)
    from training.learning import courses as learning

    learning.complete_lesson(ann, "basics-secrets")
    assert send(runner).exit_code == 0
    assert len(set(lrs.stored) - before) == 1 and set(lrs.accepted.values()) == {1}


def test_lrs_down_loses_nothing_and_records_the_backoff(runner, library, make_user, lrs):
    record_history(make_user)
    lrs.down = True
    result = send(runner)
    assert result.exit_code == 1
    assert "LRS answered 503" in result.output and "retried later" in result.output
    assert lrs.stored == {} and lrs.posts == 1  # one refused batch ends the run
    first = rows()
    assert first and all(r.sent_at is None and r.attempts == 1 for r in first)
    assert all(r.next_try_at > utcnow() + timedelta(seconds=30) and "503" in r.last_error for r in first)

    lrs.down = False
    result = send(runner)  # recovered, but the backoff has not passed yet
    assert result.exit_code == 0 and "sent 0 statement(s)" in result.output and lrs.stored == {}

    wait_out_backoff()
    assert send(runner).exit_code == 0
    assert set(lrs.stored) == {s["id"] for s in exported(runner)}
    assert set(lrs.accepted.values()) == {1} and lrs.rejected == []
    assert all(r.sent_at is not None and r.attempts == 2 and r.last_error == "" for r in rows())

    posts = lrs.posts
    assert send(runner).exit_code == 0 and lrs.posts == posts


def test_each_failure_doubles_the_wait(runner, library, make_user, lrs):
    record_history(make_user)
    lrs.down = True
    waits = []
    for _ in range(3):
        wait_out_backoff()
        before = utcnow()
        send(runner)
        waits.append(min(r.next_try_at for r in rows()) - before)
    assert [w // timedelta(minutes=1) for w in waits] == [1, 2, 4]
    assert outbox.backoff(50) == outbox.LONGEST_DELAY


def test_unreachable_lrs_is_a_failed_try_too(runner, library, make_user, lrs, app):
    record_history(make_user)
    app.config["XAPI_ENDPOINT"] = lrs.endpoint
    lrs.server.shutdown()
    lrs.server.server_close()
    result = send(runner)
    assert result.exit_code == 1 and "LRS unreachable" in result.output
    assert all(r.sent_at is None and r.next_try_at is not None for r in rows())


def test_a_statement_the_lrs_holds_already_counts_as_sent(runner, library, make_user, lrs):
    record_history(make_user)
    send(runner)
    stored = dict(lrs.stored)
    db.session.execute(XapiOutbox.__table__.delete())  # the bookkeeping was lost after the LRS stored them
    db.session.commit()
    result = send(runner)
    assert result.exit_code == 0, result.output
    assert lrs.stored == stored and set(lrs.accepted.values()) == {1}
    assert all(r.sent_at is not None for r in rows()) and len(rows()) == len(stored)


def test_small_batches_deliver_everything(runner, library, make_user, lrs):
    record_history(make_user)
    assert send(runner, "--batch", "1").exit_code == 0
    assert lrs.posts == 6  # one request per evidence entry
    assert set(lrs.stored) == {s["id"] for s in exported(runner)}


def test_a_statement_the_lrs_refuses_waits_alone_while_the_rest_is_sent(runner, library, make_user, lrs):
    record_history(make_user)
    everything = {s["id"] for s in exported(runner)}
    bad = sorted(everything)[0]
    lrs.refuse = {bad}
    result = send(runner)
    assert result.exit_code == 1 and "LRS answered 400" in result.output
    assert set(lrs.stored) == everything - {bad}
    waiting = [r for r in rows() if r.sent_at is None]
    assert [r.statement_id for r in waiting] == [bad] and "refused by the test" in waiting[0].last_error
    lrs.refuse = set()
    wait_out_backoff()
    assert send(runner).exit_code == 0
    assert set(lrs.stored) == everything and set(lrs.accepted.values()) == {1}


def test_activity_ids_that_are_no_iris_are_refused_and_kept(runner, library, make_user, lrs, app):
    record_history(make_user)
    app.config["BASE_URL"] = "not an address"
    result = send(runner)
    assert result.exit_code == 1 and "must be an IRI" in result.output
    assert lrs.stored == {} and all(r.sent_at is None and r.attempts == 1 for r in rows())


def test_no_transaction_is_held_open_while_the_lrs_answers(runner, library, make_user, lrs, database_url):
    """A learner's answer must not wait for the LRS: no write lock or open transaction is held."""
    record_history(make_user)
    engine = create_engine(database_url, poolclass=NullPool)
    seen = []

    def check():
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA busy_timeout = 0")  # locked: an error at once, no wait
                try:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    connection.exec_driver_sql("ROLLBACK")
                    seen.append("free")
                except OperationalError:
                    seen.append("locked")
            else:
                idle = connection.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%'"
                ))  # fmt: skip
                seen.append("free" if idle == 0 else "locked")

    lrs.on_post = check
    assert send(runner, "--batch", "2").exit_code == 0
    engine.dispose()
    assert seen and set(seen) == {"free"}


def test_wrong_credentials_are_a_failed_try_that_loses_nothing(runner, library, make_user, lrs, app):
    record_history(make_user)
    app.config["XAPI_PASSWORD"] = "wrong"
    result = send(runner)
    assert result.exit_code == 1 and "LRS answered 401" in result.output
    assert lrs.stored == {} and rows() and all(r.sent_at is None and r.attempts == 1 for r in rows())


def test_send_without_an_endpoint_says_so(runner, app):
    app.config["XAPI_ENDPOINT"] = ""
    result = send(runner)
    assert result.exit_code == 1 and "XAPI_ENDPOINT is not set" in result.output


def test_an_endpoint_that_is_no_http_address_is_refused(runner, app):
    app.config["XAPI_ENDPOINT"] = "ftp://lrs.example.com"
    result = send(runner)
    assert result.exit_code == 1 and "must be an http or https address" in result.output


def send_in_another_process(database_url: str, lrs) -> subprocess.CompletedProcess:
    """Run `flask --app app xapi send` as cron would, beside the test's own run."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        XAPI_ENDPOINT=lrs.endpoint,
        XAPI_USERNAME=fake_lrs.USERNAME,
        XAPI_PASSWORD=fake_lrs.PASSWORD,
        BASE_URL="https://training.example.com",
    )
    command = [sys.executable, "-m", "flask", "--app", "app", "xapi", "send"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_two_overlapping_runs_post_each_statement_once(runner, library, make_user, lrs, database_url):
    """A second cron run that starts while the first waits for the LRS leaves the sending to the first."""
    record_history(make_user)
    second = []

    def run_the_second_while_the_first_waits():
        if not second:  # the first request only: the second run's own requests come here too
            second.append(None)
            second[0] = send_in_another_process(database_url, lrs)

    lrs.on_post = run_the_second_while_the_first_waits
    first = send(runner, "--batch", "2")
    assert first.exit_code == 0, first.output
    everything = {s["id"] for s in exported(runner)}
    assert set(lrs.posted) == everything and set(lrs.posted.values()) == {1}  # each came in one POST only
    assert second[0].returncode == 0, second[0].stderr
    assert "another run is sending" in second[0].stdout and "this one sent nothing" in second[0].stdout
    assert all(r.sent_at is not None and r.attempts == 1 for r in rows())
    assert db.session.get(XapiLease, outbox.LEASE_NAME).expires_at is None  # given back when done
    lrs.on_post = None
    result = send(runner)
    assert result.exit_code == 0 and "sent 0 statement(s)" in result.output


def hold_lease(until):
    db.session.add(XapiLease(name=outbox.LEASE_NAME, holder="a run that crashed", expires_at=until))
    db.session.commit()


def test_a_run_holding_the_lease_keeps_others_from_sending(runner, library, make_user, lrs):
    record_history(make_user)
    hold_lease(utcnow() + timedelta(minutes=5))
    result = send(runner)
    assert result.exit_code == 0 and "another run is sending" in result.output
    assert lrs.posts == 0 and rows() == []


def test_a_crashed_runs_lease_runs_out_and_loses_nothing(runner, library, make_user, lrs):
    record_history(make_user)
    hold_lease(utcnow() - timedelta(seconds=1))
    result = send(runner)
    assert result.exit_code == 0, result.output
    assert set(lrs.posted) == {s["id"] for s in exported(runner)} and set(lrs.posted.values()) == {1}


def test_a_run_whose_lease_was_taken_over_stops_and_waits(runner, library, make_user, lrs, database_url):
    """After a stall longer than the lease another run may take it over: this one posts nothing more."""
    record_history(make_user)
    everything = [s["id"] for s in exported(runner)]
    lrs.refuse = {everything[-1]}  # the first request is refused, so the batch is split in two

    def another_run_takes_over():
        engine = create_engine(database_url, poolclass=NullPool)
        taken = update(XapiLease).values(holder="another run", expires_at=utcnow() + outbox.LEASE)
        with engine.begin() as connection:
            connection.execute(taken)
        engine.dispose()

    lrs.on_post = another_run_takes_over
    result = send(runner)
    assert result.exit_code == 1 and "another run took over" in result.output
    assert lrs.posts == 2 and set(lrs.posted.values()) == {1, 2}  # the whole batch, then its first half
    waiting = [r for r in rows() if r.sent_at is None]
    assert waiting and all(r.next_try_at is not None and "lease ran out" in r.last_error for r in waiting)
    assert len(rows()) == len(everything) and len(waiting) == len(everything) - len(lrs.stored)
    assert db.session.get(XapiLease, outbox.LEASE_NAME).holder == "another run"  # not given back: not its own
