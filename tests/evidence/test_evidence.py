"""The evidence ledger: entries for every acknowledgement, completion and attempt, in one hash chain."""

import codecs
import csv
import hashlib
import io
import json
import threading

import pytest
from flask import has_app_context
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError, DBAPIError

from tests.conftest import PASSWORD
from training.db import db
from training.evidence import ledger as evidence
from training.evidence import verify as evidence_check
from training.hr import exports
from training.learning import acknowledgements, attempts
from training.learning import courses as learning
from training.models import EvidenceEntry, User

GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]
GUARDED = ("acknowledgement", "attempt", "attempt_answer", "attempt_result", "completion", "draft_reply",
           "evidence_entry")  # fmt: skip


def pass_quiz(user, token="pass"):
    attempt = attempts.start_attempt(user, "basics-quiz", f"{token}-{user.id}")
    for step_id, choices in GOOD_PATH:
        attempts.answer(user, attempt.id, step_id, choices)
    return attempt


def fail_quiz(user, token="fail"):
    """Pick a wrong choice at every step until the quiz ends."""
    attempt = attempts.start_attempt(user, "basics-quiz", f"{token}-{user.id}")
    while (step := attempts.load(user, attempt.id).current_step) is not None:
        wrong = next(c["id"] for c in step["choices"] if not c["correct"])
        attempts.answer(user, attempt.id, step["id"], [wrong])
    return attempt


def ledger() -> list[EvidenceEntry]:
    return list(db.session.scalars(select(EvidenceEntry).order_by(EvidenceEntry.id)))


@pytest.fixture
def history(library, make_user):
    return record_history(make_user)


def record_history(make_user):
    """Six entries: Ann acknowledges, reads, passes the quiz; Bob reads and fails the quiz."""
    ann = make_user(email="ann@example.com", name="Ann")
    bob = make_user(email="bob@example.com", name="Bob")
    acknowledgements.acknowledge(ann, "demo", acknowledgements.current("demo").id)
    learning.complete_lesson(ann, "basics-reading")
    pass_quiz(ann)
    learning.complete_lesson(bob, "basics-reading")
    fail_quiz(bob)
    return ann, bob


def test_each_acknowledgement_completion_and_attempt_appends_one_entry(history):
    ann, bob = history
    assert [(e.kind, e.record_id, e.user_id) for e in ledger()] == [
        ("acknowledgement", 1, ann.id), ("completion", 1, ann.id), ("attempt", 1, ann.id),
        ("completion", 2, ann.id), ("completion", 3, bob.id), ("attempt", 2, bob.id),
    ]  # fmt: skip


def test_acknowledgement_entry_names_policy_version_sections_and_utc_time(history):
    payload = ledger()[0].payload
    version = acknowledgements.current("demo")
    assert payload["policy"] == "demo" and payload["version"] == version.label
    assert payload["sections"] == {s.section_id: s.text_hash for s in version.sections}
    assert payload["acknowledged_at"].endswith("+00:00")


def test_quiz_completion_entry_carries_fingerprint_score_and_path(history):
    quiz = ledger()[3].payload
    assert quiz["item"] == "basics-quiz" and quiz["score"] == 100 and quiz["attempt_id"] == 1
    assert quiz["fingerprint"] == learning.item_fingerprint("basics-quiz").fingerprint
    assert set(quiz["sections"]) == {"demo#complaints", "demo#speaking"}
    assert [(s["step"], s["choices"], s["correct"]) for s in quiz["path"]] == [
        (step, choices, True) for step, choices in GOOD_PATH
    ]
    assert all(s["at"].endswith("+00:00") for s in quiz["path"])
    lesson = ledger()[1].payload
    assert lesson["item"] == "basics-reading" and lesson["path"] is None and lesson["score"] is None


def test_failed_attempt_is_recorded_without_a_completion(history):
    failed = ledger()[-1].payload
    assert failed["kind"] == "attempt" and failed["passed"] is False and failed["score"] < 75
    assert all(step["correct"] is False for step in failed["path"])


def test_hashes_are_sha256_of_canonical_payload_and_link_to_the_entry_before(history):
    previous, people = "0" * 64, {}
    for entry in ledger():
        text_ = json.dumps(entry.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry.content_hash == hashlib.sha256(text_.encode()).hexdigest()
        assert entry.previous_hash == previous
        assert entry.chain_hash == hashlib.sha256((previous + entry.content_hash).encode()).hexdigest()
        previous = entry.chain_hash
        own = people.get(entry.user_id, "0" * 64)
        assert entry.person_previous_hash == own
        assert entry.person_chain_hash == hashlib.sha256((own + entry.chain_hash).encode()).hexdigest()
        people[entry.user_id] = entry.person_chain_hash


def test_a_repeated_acknowledgement_or_completion_adds_no_entry(history):
    ann, _ = history
    before = len(ledger())
    assert acknowledgements.acknowledge(ann, "demo", acknowledgements.current("demo").id) is False
    assert learning.complete_lesson(ann, "basics-reading") is False
    assert len(ledger()) == before


def test_verify_passes_an_untouched_ledger(history, runner):
    result = runner.invoke(args=["evidence", "verify"])
    assert result.exit_code == 0, result.output
    assert "6 entries" in result.output and "OK" in result.output
    assert ledger()[-1].chain_hash in result.output


def test_verify_of_an_empty_ledger_passes(runner):
    result = runner.invoke(args=["evidence", "verify"])
    assert result.exit_code == 0, result.output


# --- The database refuses changes (both dialects); an attacker who drops the guard is caught. ---


@pytest.mark.parametrize("table", ["completion", "acknowledgement", "evidence_entry", "attempt_result"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET score = score", "DELETE FROM {table}"])
def test_database_refuses_to_update_or_delete_evidence(history, table, statement):
    if "score" in statement and table in ("acknowledgement", "evidence_entry"):
        statement = "UPDATE {table} SET user_id = user_id"
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement.format(table=table)))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EvidenceEntry)) == 6


@pytest.fixture
def attacker(history, app):
    return bypass_guard()


def bypass_guard():
    """Return a runner of SQL past the append-only guard, as someone with direct write access has.

    On SQLite the triggers are dropped from this test's own copy of the database. PostgreSQL's test
    database is shared by the run, so its triggers stay: each tampering transaction runs with
    `session_replication_role = replica`, under which ordinary triggers do not fire.
    Statements are SQL text, or {dialect: SQL text} where the dialects differ.
    """
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        for table in GUARDED:
            for action in ("update", "delete"):
                db.session.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
        db.session.commit()
    elif dialect == "postgresql":
        try:
            db.session.execute(text(BYPASS_TRIGGERS))
        except DBAPIError:
            pytest.skip("the test database's role may not set session_replication_role (needs superuser)")
        finally:
            db.session.rollback()

    def run(*statements):
        if dialect == "postgresql":
            db.session.execute(text(BYPASS_TRIGGERS))  # LOCAL: ends with this transaction
        for statement in statements:
            db.session.execute(text(statement[dialect] if isinstance(statement, dict) else statement))
        db.session.commit()

    return run


BYPASS_TRIGGERS = "SET LOCAL session_replication_role = replica"


def verify_fails(runner) -> str:
    result = runner.invoke(args=["evidence", "verify"])
    assert result.exit_code == 1, result.output
    return result.output.split("FIRST PROBLEM: ", 1)[1]


TAMPERING = [
    ({"sqlite": "UPDATE evidence_entry SET payload = json_set(payload, '$.score', 40) WHERE id = 4",
      "postgresql": "UPDATE evidence_entry SET payload = "
                    "CAST(jsonb_set(CAST(payload AS jsonb), '{score}', '40') AS json) WHERE id = 4"},
     "entry 4 (completion 2): content hash mismatch"),
    ("UPDATE completion SET score = 40 WHERE id = 2",
     "entry 4 (completion 2): the completion record differs from the entry's payload in: score"),
    ("UPDATE acknowledgement SET sections = '{}' WHERE id = 1",
     "entry 1 (acknowledgement 1): the acknowledgement record differs from the entry's payload in: sections"),
    ("UPDATE attempt_answer SET correct = TRUE WHERE attempt_id = 2",
     "entry 6 (attempt 2): the attempt record differs from the entry's payload in: path"),
    ("UPDATE evidence_entry SET chain_hash = 'x' || substr(chain_hash, 2) WHERE id = 2",
     "entry 2 (completion 1): chain hash mismatch"),
    ("DELETE FROM completion WHERE id = 3",
     "entry 5 (completion 3): the completion record is missing"),
    ("UPDATE evidence_entry SET user_id = 2 WHERE id = 4",
     "entry 4 (completion 2): the entry's kind, record or person columns disagree"),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "named"), TAMPERING)
def test_verify_names_the_first_altered_record(attacker, runner, statement, named):
    attacker(statement)
    assert verify_fails(runner).startswith(named)


def test_verify_names_the_entry_after_a_removed_one_and_the_record_left_without_evidence(attacker, runner):
    attacker("DELETE FROM evidence_entry WHERE id = 3")
    output = verify_fails(runner)
    assert output.startswith(
        "entry 4 (completion 2): chain broken: its previous hash is not the chain hash of entry 2; "
        "an entry between them was removed"
    )
    assert "no entry (attempt 1): this record is not in the ledger" in output


def test_verify_names_reordered_entries(attacker, runner):
    attacker(
        "UPDATE evidence_entry SET id = 100 WHERE id = 2",
        "UPDATE evidence_entry SET id = 2 WHERE id = 3",
        "UPDATE evidence_entry SET id = 3 WHERE id = 100",
    )
    output = verify_fails(runner)
    assert output.startswith("entry 2 (attempt 1): chain broken")
    assert "entry 3 (completion 1): chain broken" in output


def test_verify_names_a_completion_inserted_without_evidence(attacker, runner, history):
    ann, _ = history
    attacker(
        "INSERT INTO completion (user_id, item_id, item_version_id, fingerprint, sections, completed_at) "
        f"SELECT {ann.id}, item_id, item_version_id, 'forged', '{{}}', completed_at "
        "FROM completion WHERE id = 3"
    )
    assert verify_fails(runner).startswith("no entry (completion 4): this record is not in the ledger")


# --- Bundles: exported by the CLI, verified without the database. ---


def export(runner, path, *options):
    result = runner.invoke(args=["evidence", "export", *options, str(path)])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def verify_bundle(runner, path):
    return runner.invoke(args=["evidence", "verify-bundle", str(path)])


def test_everyones_bundle_has_a_header_and_every_entry(history, runner, tmp_path):
    lines = export(runner, tmp_path / "all.jsonl")
    header = json.loads(lines[0])
    assert header["scope"] == "everyone" and header["entries"] == 6
    assert header["ledger_head"]["chain_hash"] == ledger()[-1].chain_hash
    assert any("verify-bundle" in line for line in header["how_to_verify"])
    entries = [json.loads(line) for line in lines[1:]]
    assert [e["id"] for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0]["email"] == "ann@example.com" and entries[0]["previous_hash"] == "0" * 64
    result = verify_bundle(runner, tmp_path / "all.jsonl")
    assert result.exit_code == 0, result.output


def test_one_persons_bundle_holds_only_their_entries_and_verifies(history, runner, tmp_path):
    lines = export(runner, tmp_path / "bob.jsonl", "--email", "BOB@example.com")
    header = json.loads(lines[0])
    assert header["scope"] == "person" and header["person"]["email"] == "bob@example.com"
    how = " ".join(header["how_to_verify"])
    assert "person_previous_hash" in how and "evidence verify --email" in how
    assert [json.loads(line)["id"] for line in lines[1:]] == [5, 6]
    result = verify_bundle(runner, tmp_path / "bob.jsonl")
    assert result.exit_code == 0, result.output


def test_export_of_an_unknown_person_fails(history, runner, tmp_path):
    result = runner.invoke(args=["evidence", "export", "--email", "nobody@example.com", str(tmp_path / "x")])
    assert result.exit_code == 1 and "No person" in result.output


def rewrite(path, lines):
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("scope", ["everyone", "person"])
def test_bundle_with_an_altered_entry_fails_and_names_it(history, runner, tmp_path, scope):
    path = tmp_path / "bundle.jsonl"
    lines = export(runner, path, *(["--email", "ann@example.com"] if scope == "person" else []))
    entry = json.loads(lines[4])
    entry["payload"]["score"] = 40
    rewrite(path, lines[:4] + [json.dumps(entry) + "\n"] + lines[5:])
    result = verify_bundle(runner, path)
    assert result.exit_code == 1
    assert "FIRST PROBLEM: entry 4 (completion 2): content hash mismatch" in result.output


def test_everyones_bundle_with_a_removed_or_reordered_entry_fails(history, runner, tmp_path):
    path = tmp_path / "all.jsonl"
    lines = export(runner, path)
    rewrite(path, lines[:3] + lines[4:])
    assert "FIRST PROBLEM: entry 4 (completion 2): chain broken" in verify_bundle(runner, path).output
    rewrite(path, lines[:2] + [lines[3], lines[2]] + lines[4:])
    assert "FIRST PROBLEM: entry 3 (attempt 1): chain broken" in verify_bundle(runner, path).output


def test_persons_bundle_cut_short_fails(history, runner, tmp_path):
    path = tmp_path / "ann.jsonl"
    lines = export(runner, path, "--email", "ann@example.com")
    rewrite(path, lines[:-1])
    result = verify_bundle(runner, path)
    assert result.exit_code == 1 and "announces 4 entries but the bundle holds 3" in result.output


def test_bundle_is_verified_without_an_application_or_database(history, runner, tmp_path):
    path = tmp_path / "all.jsonl"
    export(runner, path)
    outcome = {}

    def check():  # a new thread has no application context, hence no database
        outcome["context"] = has_app_context()
        with path.open(encoding="utf-8") as lines:
            outcome["report"] = evidence_check.verify_bundle(lines)

    thread = threading.Thread(target=check)
    thread.start()
    thread.join()
    assert outcome["context"] is False
    assert outcome["report"].ok and outcome["report"].entries == 6


def test_a_file_that_is_not_a_bundle_is_refused(runner, tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text('{"hello": 1}\n')
    result = verify_bundle(runner, path)
    assert result.exit_code == 1 and "not an evidence bundle header" in result.output


# --- Concurrent appends (both dialects): one unbroken chain. ---

THREADS = 12


def test_concurrent_learners_produce_one_unbroken_chain(app, library, make_user):
    ids = [make_user(email=f"c{n}@example.com").id for n in range(THREADS)]
    version_id = acknowledgements.current("demo").id
    db.session.remove()  # release this thread's connection before the crowd arrives
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def learner(user_id: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                user = db.session.get(User, user_id)
                learning.complete_lesson(user, "basics-reading")
                acknowledgements.acknowledge(user, "demo", version_id)
                learning.complete_lesson(user, "basics-secrets")
                db.session.remove()
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=learner, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = evidence_check.verify_ledger()
    assert report.ok, [str(p) for p in report.problems]
    assert report.entries == 3 * THREADS


def test_append_uses_the_same_payload_that_verify_recomputes(history):
    for entry in ledger():
        assert evidence.payloads(entry.kind, [entry.record_id])[entry.record_id] == entry.payload


# --- HR pages: downloads for everyone and per person; nobody else gets them. ---


@pytest.fixture
def hr(history, make_user, auth):
    make_user(email="hr@example.com", name="Harriet", roles="hr")
    auth.login("hr@example.com")


def test_evidence_page_finds_a_person_and_links_their_downloads(hr, client, history):
    _, bob = history
    page = client.get("/hr/evidence").get_data(as_text=True)
    assert ledger()[-1].chain_hash in page and "/hr/evidence/everyone.jsonl" in page
    found = client.get("/hr/evidence", query_string={"email": "bob@example.com"}).get_data(as_text=True)
    assert f"/hr/people/{bob.id}/evidence.jsonl" in found and "2 entries" in found
    missing = client.get("/hr/evidence", query_string={"email": "nobody@example.com"})
    assert "No person has this email address." in missing.get_data(as_text=True)


def test_everyones_bundle_downloads_and_verifies(hr, client, tmp_path):
    response = client.get("/hr/evidence/everyone.jsonl")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Disposition"].startswith('attachment; filename="evidence-everyone-')
    lines = response.get_data(as_text=True).splitlines(keepends=True)
    report = evidence_check.verify_bundle(lines)
    assert report.ok and report.entries == 6


def test_persons_bundle_downloads_and_verifies(hr, client, history):
    ann, _ = history
    response = client.get(f"/hr/people/{ann.id}/evidence.jsonl")
    lines = response.get_data(as_text=True).splitlines(keepends=True)
    assert json.loads(lines[0])["person"]["email"] == "ann@example.com"
    report = evidence_check.verify_bundle(lines)
    assert report.ok and report.entries == 4


def spreadsheet_rows(client, route: str) -> list[dict]:
    """The CSV's rows; it starts with a UTF-8 BOM, so that Excel reads names like "María" right."""
    data = client.get(route).get_data()
    assert data.startswith(codecs.BOM_UTF8) and not data[3:].startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_evidence_csv_has_one_row_per_entry_with_its_hashes(hr, client, history):
    ann, _ = history
    rows = spreadsheet_rows(client, "/hr/evidence/everyone.csv")
    assert [r["Record"] for r in rows] == [exports.KIND_LABELS[e.kind] for e in ledger()]
    assert [int(r["Entry"]) for r in rows] == [e.id for e in ledger()]  # the first column, after the BOM
    first = rows[0]
    assert first["Email"] == "ann@example.com" and first["Policy"] == "Demo policy"
    assert hashlib.sha256(first["Recorded data (JSON)"].encode()).hexdigest() == first["Content hash"]
    assert len(spreadsheet_rows(client, f"/hr/people/{ann.id}/evidence.csv")) == 4


def test_evidence_csv_has_labels_not_codes(hr, client, history):
    """Headings, kinds, course and item titles and passed are words a reader knows, not codes."""
    _, bob = history
    rows = spreadsheet_rows(client, f"/hr/people/{bob.id}/evidence.csv")
    assert list(rows[0]) == [heading for _, heading in exports.EVIDENCE_COLUMNS]
    assert "entry_id" not in rows[0] and "kind" not in rows[0]
    assert [(r["Record"], r["Item"], r["Passed"]) for r in rows] == [
        ("Completion", "Reading complaints", "Yes"), ("Quiz attempt", "Basics quiz", "No"),
    ]  # fmt: skip
    assert json.loads(rows[1]["Recorded data (JSON)"])["item"] == "basics-quiz"  # the record keeps its codes


def test_a_formula_in_a_name_is_neutralised_in_the_evidence_csv(hr, client, library, make_user):
    eve = make_user(email="eve@example.com", name='=HYPERLINK("http://x")')
    learning.complete_lesson(eve, "basics-reading")
    (row,) = spreadsheet_rows(client, f"/hr/people/{eve.id}/evidence.csv")
    assert row["Name"] == '\'=HYPERLINK("http://x")'


def test_deactivated_persons_evidence_is_still_exported(hr, client, history):
    _, bob = history
    bob.active = False
    db.session.commit()
    lines = client.get(f"/hr/people/{bob.id}/evidence.jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == 3


def test_unknown_person_has_no_evidence_page(hr, client):
    assert client.get("/hr/people/999/evidence.jsonl").status_code == 404


ROUTES = ["/hr/evidence", "/hr/evidence/everyone.jsonl", "/hr/evidence/everyone.csv",
          "/hr/people/{ann}/evidence.jsonl", "/hr/people/{ann}/evidence.csv"]  # fmt: skip


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("roles", ["employee", "editor"])
def test_only_hr_and_admin_reach_evidence(history, make_user, auth, client, route, roles):
    ann, bob = history
    make_user(email="other@example.com", roles=roles)
    auth.login("other@example.com")
    assert client.get(route.format(ann=ann.id)).status_code == 403


@pytest.mark.parametrize("route", ROUTES)
def test_an_employee_cannot_get_even_their_own_evidence_here(history, auth, client, route):
    ann, _ = history
    auth.login("ann@example.com", PASSWORD)
    assert client.get(route.format(ann=ann.id)).status_code == 403


@pytest.mark.parametrize("route", ROUTES)
def test_evidence_needs_signing_in(history, client, route):
    response = client.get(route.format(ann=history[0].id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_reaches_evidence(history, make_user, auth, client):
    make_user(email="admin@example.com", roles="admin")
    auth.login("admin@example.com")
    assert client.get("/hr/evidence/everyone.csv").status_code == 200
