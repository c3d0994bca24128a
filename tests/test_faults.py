"""Faults: a process killed mid-write, a database unreachable at start, exports taken while others write.

On both databases. A quiz attempt's last answer writes the answer, the result, the ledger entries,
the completion and the course progress in one transaction: killed anywhere before its commit, the
attempt is as it was (and can be finished); killed after, it is whole; the ledger verifies either way.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from flask import request_finished
from sqlalchemy import event, func
from sqlalchemy import select as query

from tests.accounts.browsers import fresh_client  # noqa: F401 - each request loads its person afresh
from tests.conftest import FIXTURES, PASSWORD
from tests.servers import ROOT, WAIT, gunicorn, healthz
from tests.test_database_unavailable import CLOSED, PAGE
from training.db import db
from training.editor import library as content_service
from training.learning import attempts
from training.learning import courses as learning
from training.models import (
    AttemptAnswer,
    AttemptResult,
    Completion,
    CourseProgress,
    EvidenceEntry,
    ItemVersion,
    User,
)

GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]

# Run in a child process: answer the last step, stopping for good at a hook point until killed.
ANSWER_UNTIL_KILLED = """
import importlib, json, sys, time
from training import create_app
from training.db import db
from training.editor import library as content_service
from training.learning import attempts
from training.models import User

url, user_id, attempt_id, step, choices, hook, when = json.loads(sys.argv[1])
where, name = hook.rsplit(".", 1)
target = db.session if where == "db.session" else importlib.import_module(where)
original = getattr(target, name)

def stop():
    db.session.flush()
    print("stopped", flush=True)
    time.sleep(600)

def hooked(*args, **kwargs):
    if when == "before":
        stop()
    result = original(*args, **kwargs)
    stop()

setattr(target, name, hooked)
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
with app.app_context():
    attempts.answer(db.session.get(User, user_id), attempt_id, step, choices)
"""
HOOKS = {
    "answer written": ("training.learning.attempts.finish", "before"),
    "result written": ("training.evidence.ledger.append", "before"),
    "attempt in the ledger": ("training.evidence.ledger.append", "after"),
    "completion in the ledger": ("training.learning.courses.update_course_progress", "before"),
    "everything but the commit": ("training.learning.attempts.finish", "after"),
    "after the commit": ("db.session.commit", "after"),
}


def count(model, *where) -> int:
    return db.session.scalar(query(func.count()).select_from(model).where(*where))


def answer_until_killed(url: str, user_id: int, attempt_id: int, hook: tuple[str, str]) -> None:
    """Answer the last step in a child process and SIGKILL it once it reaches `hook`."""
    step, choices = GOOD_PATH[-1]
    arguments = json.dumps([url, user_id, attempt_id, step, choices, *hook])
    child = subprocess.Popen([sys.executable, "-c", ANSWER_UNTIL_KILLED, arguments], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        ready, _, _ = select.select([child.stdout], [], [], WAIT)
        line = child.stdout.readline() if ready else ""
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=WAIT)
    with child.stdout, child.stderr:
        assert line == "stopped\n", f"the child did not reach {hook} within {WAIT} s:\n{child.stderr.read()}"
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("hook", HOOKS.values(), ids=HOOKS.keys())
def test_a_process_killed_while_finishing_an_attempt_leaves_it_whole_or_as_it_was(
    app, library, make_user, runner, hook
):
    user = make_user(email="lee@example.com")
    for lesson in ("basics-reading", "basics-secrets"):
        learning.complete_lesson(user, lesson)
    attempt = attempts.start_attempt(user, "basics-quiz", "killed")
    for step, choices in GOOD_PATH[:-1]:
        attempts.answer(user, attempt.id, step, choices)
    entries, user_id, attempt_id = count(EvidenceEntry), user.id, attempt.id
    db.session.remove()  # no connection of this test's holds a lock the child needs

    answer_until_killed(app.config["SQLALCHEMY_DATABASE_URI"], user_id, attempt_id, hook)

    finished = hook == HOOKS["after the commit"]
    assert count(AttemptAnswer, AttemptAnswer.attempt_id == attempt_id) == len(GOOD_PATH) - (not finished)
    assert count(AttemptResult, AttemptResult.attempt_id == attempt_id) == int(finished)
    assert count(Completion, Completion.attempt_id == attempt_id) == int(finished)
    assert (count(EvidenceEntry) > entries) is finished  # the attempt's, the completion's, ...
    assert (db.session.get(CourseProgress, (user_id, "basics")).completed_at is not None) is finished
    verified = runner.invoke(args=["evidence", "verify"])
    assert verified.exit_code == 0, verified.output

    user = db.session.get(User, user_id)
    whole = count(EvidenceEntry)
    attempts.answer(user, attempt_id, *GOOD_PATH[-1])  # the learner submits again: recorded once
    assert attempts.load(user, attempt_id).result.passed
    assert (count(EvidenceEntry) == whole) is finished
    assert runner.invoke(args=["evidence", "verify"]).exit_code == 0


def test_a_server_started_while_the_database_is_unreachable_answers_503(tmp_path):
    env = dict(os.environ, DATABASE_URL=CLOSED)
    with gunicorn(env, tmp_path / "gunicorn.log", workers=1) as (address, process):
        status = healthz(process, address, tmp_path / "gunicorn.log")
        assert status == (503, "unavailable: the database cannot be reached\n")
        for path in ("/", "/login", "/hr/people/export.csv"):
            try:
                with urllib_open(address + path) as response:
                    pytest.fail(f"{path} answered {response.status}")
            except HTTPError as error:
                assert error.code == 503, path
                assert PAGE in error.read().decode(), path


def test_the_first_command_of_a_deployment_says_one_line_when_the_database_is_unreachable():
    env = dict(os.environ, DATABASE_URL=CLOSED)
    command = [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=WAIT, check=False
    )
    assert (result.returncode, result.stdout) == (1, "")
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: The database cannot be reached (") and line.endswith("in a few minutes.")


# --- Exports taken while others write: one snapshot each. ---


@contextmanager
def write_during(marker: str, write, after_view: bool = False):
    """Run `write` to its commit, in another thread, right after this thread's first query naming
    `marker` (with `after_view`, the first once the view has returned its streamed response)."""
    reader, armed, done, failures = threading.get_ident(), [not after_view], [], []

    def after(conn, cursor, statement, parameters, context, executemany):
        if done or not armed[0] or threading.get_ident() != reader or marker not in statement:
            return
        done.append(statement)
        thread = threading.Thread(target=lambda: _run(write, failures))
        thread.start()
        thread.join(WAIT)

    def view_returned(sender, response, **extra):
        armed[0] = True

    event.listen(db.engine, "after_cursor_execute", after)
    request_finished.connect(view_returned)
    try:
        yield
    finally:
        request_finished.disconnect(view_returned)
        event.remove(db.engine, "after_cursor_execute", after)
    assert failures == []
    assert done, f"no query named {marker}: the write never happened during the export"


def _run(write, failures: list) -> None:
    try:
        write()
    except BaseException as exc:  # reported by the reading thread
        failures.append(exc)


@pytest.fixture
def busy(app, library, make_user, auth, client):
    """HR signed in; Lee has read both lessons and has one step of the quiz left: `finish()` answers it."""
    make_user(email="hr@example.com", name="Harriet", roles="hr")
    lee = make_user(email="lee@example.com", name="Lee")
    for lesson in ("basics-reading", "basics-secrets"):
        learning.complete_lesson(lee, lesson)
    attempt_id = attempts.start_attempt(lee, "basics-quiz", "busy").id
    for step, choices in GOOD_PATH[:-1]:
        attempts.answer(lee, attempt_id, step, choices)
    db.session.remove()  # commit nothing more here: on SQLite even a read here would take the write lock
    learner = app.test_client()
    learner.post("/login", data={"email": "lee@example.com", "password": PASSWORD})
    auth.login("hr@example.com")

    def finish():
        step, choices = GOOD_PATH[-1]
        response = learner.post(f"/attempts/{attempt_id}", data={"step_id": step, "choice": choices})
        assert response.status_code == 303

    return finish


def download(client, path: str, marker: str | None = None, write=None) -> str:
    """The body of a download; with `write`, committed just after the export's first query naming `marker`."""
    if write is None:
        return client.get(path).get_data(as_text=True)
    with write_during(marker, write, after_view=True):
        return client.get(path).get_data(as_text=True)


def without_time(bundle: str) -> str:
    header, _, entries = bundle.partition("\n")
    return json.dumps(dict(json.loads(header), generated_at=None)) + "\n" + entries


def test_the_evidence_bundle_is_one_moment_while_an_attempt_is_written(busy, client, runner, tmp_path):
    before = download(client, "/hr/evidence/everyone.jsonl")
    during = download(client, "/hr/evidence/everyone.jsonl", "evidence_entry", busy)
    assert without_time(during) == without_time(before)
    header = json.loads(during.splitlines()[0])
    assert header["entries"] == len(during.splitlines()) - 1
    (tmp_path / "during.jsonl").write_text(during)
    assert runner.invoke(args=["evidence", "verify-bundle", str(tmp_path / "during.jsonl")]).exit_code == 0
    after = download(client, "/hr/evidence/everyone.jsonl")
    assert json.loads(after.splitlines()[0])["entries"] > header["entries"]  # the write did land


def test_the_people_export_is_one_moment_while_a_course_is_completed(busy, client):
    before = download(client, "/hr/people/export.csv")
    assert download(client, "/hr/people/export.csv", "course", busy) == before
    assert download(client, "/hr/people/export.csv") != before


@pytest.mark.parametrize(
    ("args", "marker"),
    [(["report", "completion"], "course"), (["evidence", "export", "{file}"], "evidence_entry")],
    ids=["report completion", "evidence export"],
)
def test_commands_export_one_moment_while_others_write(busy, runner, tmp_path, args, marker):
    def export(name: str) -> str:
        file = tmp_path / name
        result = runner.invoke(args=[a.format(file=file) for a in args])
        assert result.exit_code == 0, result.output
        return without_time(file.read_text()) if file.exists() else result.output

    before = export("before")
    with write_during(marker, busy):
        during = export("during")
    assert during == before
    assert export("after") != before


def urllib_open(url: str):
    return urlopen(url, timeout=WAIT)  # noqa: S310 - http only


# --- A quiz republished while someone is taking it. ---


@pytest.fixture
def learner(library, make_user, client):
    make_user(email="lee@example.com", name="Lee")
    db.session.remove()  # this test's session takes no lock the signed-in requests need
    client.post("/login", data={"email": "lee@example.com", "password": PASSWORD})
    return client


def test_an_attempt_is_graded_against_the_version_it_started_on_and_says_so(learner, tmp_path):
    client = learner
    tree = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", tree)
    started = client.post("/quizzes/basics-quiz/start", data={"token": "mid"}).headers["Location"]
    for step, choices in GOOD_PATH[:-1]:
        client.post(started, data={"step_id": step, "choice": choices})
    quiz = tree / "courses/basics/basics-quiz.quiz.yaml"
    text = quiz.read_text()
    for choice, now in (("The social team", "false"), ("Anyone", "true")):  # the last step's answer flips
        text = text.replace(f"{choice}\n        correct: {'true' if now == 'false' else 'false'}",
                            f"{choice}\n        correct: {now}")  # fmt: skip
    quiz.write_text(text)
    assert content_service.import_directory(tree).published == ["quiz basics-quiz (v2)"]

    step, choices = GOOD_PATH[-1]  # right in version 1, wrong in version 2
    assert client.post(started, data={"step_id": step, "choice": choices}).status_code == 303
    page = client.get(started).get_data(as_text=True)
    assert "Passed: 100%" in page
    assert (
        "Graded against version 1 of this quiz, the one you started; it has since been updated to version 2."
        in page
    )
    attempt_id = int(started.rsplit("/", 1)[1])
    completion = db.session.scalar(query(Completion).where(Completion.attempt_id == attempt_id))
    assert db.session.get(ItemVersion, completion.item_version_id).number == 1


def test_an_attempt_on_the_current_version_names_no_other(learner):
    client = learner
    started = client.post("/quizzes/basics-quiz/start", data={"token": "calm"}).headers["Location"]
    for step, choices in GOOD_PATH:
        client.post(started, data={"step_id": step, "choice": choices})
    page = client.get(started).get_data(as_text=True)
    assert "Passed: 100%" in page and "Graded against version" not in page
