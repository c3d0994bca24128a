"""The chain per person: one person's bundle shows a removed, reordered or altered entry."""

import json

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from tests.evidence.test_evidence import bypass_guard, export, ledger, record_history, rewrite, verify_bundle
from training.db import db
from training.evidence import verify as evidence_check
from training.learning import courses as learning
from training.models import EvidenceEntry

ZERO = "0" * 64


@pytest.fixture
def history(library, make_user):
    return record_history(make_user)


@pytest.fixture
def attacker(history, app):
    return bypass_guard()


def test_a_persons_entries_form_their_own_chain_from_the_zero_hash(history):
    ann, bob = history
    entries = ledger()
    for person in (ann, bob):
        own = [e for e in entries if e.user_id == person.id]
        assert own[0].person_previous_hash == ZERO
        assert [e.person_previous_hash for e in own[1:]] == [e.person_chain_hash for e in own[:-1]]


# --- `evidence verify` follows both chains. ---

PERSON_TAMPERING = [
    ("UPDATE evidence_entry SET person_chain_hash = 'x' || substr(person_chain_hash, 2) WHERE id = 2",
     "entry 2 (completion 1): person chain hash mismatch"),
    ("UPDATE evidence_entry SET person_previous_hash = "
     "(SELECT person_chain_hash FROM evidence_entry WHERE id = 1) WHERE id = 3",
     "entry 3 (attempt 1): person chain broken: its person previous hash is not the person chain hash "
     "of entry 2, this person's entry before it"),
    (f"UPDATE evidence_entry SET person_previous_hash = '{'1' * 64}' WHERE id = 5",
     "entry 5 (completion 3): person chain broken: its person previous hash is not the zero hash"),
]  # fmt: skip


@pytest.mark.parametrize(("statement", "named"), PERSON_TAMPERING)
def test_verify_names_the_first_entry_whose_person_chain_is_broken(attacker, runner, statement, named):
    attacker(statement)
    result = runner.invoke(args=["evidence", "verify"])
    assert result.exit_code == 1
    assert f"FIRST PROBLEM: {named}" in result.output


def test_verify_with_an_email_prints_the_end_of_the_persons_chain(history, runner):
    result = runner.invoke(args=["evidence", "verify", "--email", "ann@example.com"])
    assert result.exit_code == 0, result.output
    assert f"person ann@example.com: 4 entries, last person chain hash {ledger()[3].person_chain_hash}" in (
        result.output
    )
    unknown = runner.invoke(args=["evidence", "verify", "--email", "nobody@example.com"])
    assert unknown.exit_code == 1 and "No person" in unknown.output


# --- One person's bundle: Ann's entries are 1 to 4, on lines 1 to 4 after the header. ---


@pytest.fixture
def ann_bundle(history, runner, tmp_path):
    path = tmp_path / "ann.jsonl"
    return path, export(runner, path, "--email", "ann@example.com")


def edit_header(lines, **changes):
    header = json.loads(lines[0])
    for key, value in changes.items():
        if key.startswith("person_head_"):
            header["person_head"][key.removeprefix("person_head_")] = value
        else:
            header[key] = value
    return [json.dumps(header) + "\n"] + lines[1:]


def test_persons_bundle_names_the_end_of_their_chain(ann_bundle, runner):
    path, lines = ann_bundle
    header = json.loads(lines[0])
    last = ledger()[3]
    assert header["person_head"] == {"entry_id": 4, "chain_hash": last.person_chain_hash, "entries": 4}
    assert header["entries"] == 4
    result = verify_bundle(runner, path)
    assert result.exit_code == 0, result.output
    assert f"last person chain hash {last.person_chain_hash}" in result.output


def test_export_prints_the_persons_chain_end_to_record(history, runner, tmp_path):
    result = runner.invoke(args=["evidence", "export", "--email", "ann@example.com", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert f"last person chain hash {ledger()[3].person_chain_hash}" in result.output


def remove_second_entry(lines):
    """The audit's case: one entry taken out and both counts in the header lowered to match."""
    return edit_header(lines[:2] + lines[3:], entries=3, person_head_entries=3)


BUNDLE_TAMPERING = [
    (remove_second_entry, "entry 3 (attempt 1): person chain broken: its person previous hash is not the "
                          "person chain hash of entry 1"),
    (lambda lines: edit_header(lines[:1] + lines[2:], entries=3, person_head_entries=3),
     "entry 2 (completion 1): person chain broken: its person previous hash is not the zero hash"),
    (lambda lines: [lines[0], lines[1], lines[3], lines[2], lines[4]],
     "entry 3 (attempt 1): person chain broken"),
    (lambda lines: edit_header(lines[:-1], entries=3, person_head_entries=3),
     "the bundle: the last entry is not the end of the person's chain named in the header"),
    (lambda lines: edit_header(lines, entries=5), "the bundle: the header announces 5 entries"),
    (lambda lines: edit_header(lines, person={"user_id": [1]}),
     "entry 1 (acknowledgement 1): this entry belongs to someone other than the bundle's person"),
    (lambda lines: edit_header(lines, person_head_entries=5),
     "the bundle: the header's person_head counts 5 entries but the bundle holds 4"),
]  # fmt: skip


@pytest.mark.parametrize(("tamper", "named"), BUNDLE_TAMPERING)
def test_persons_bundle_with_an_entry_removed_reordered_or_a_count_edited_fails(
    ann_bundle, runner, tamper, named
):
    path, lines = ann_bundle
    rewrite(path, tamper(lines))
    result = verify_bundle(runner, path)
    assert result.exit_code == 1
    assert f"FIRST PROBLEM: {named}" in result.output


def test_swapped_entries_with_renumbered_ids_fail(ann_bundle, runner):
    path, lines = ann_bundle
    second, third = json.loads(lines[2]), json.loads(lines[3])
    second["id"], third["id"] = third["id"], second["id"]
    rewrite(path, [lines[0], lines[1], json.dumps(third) + "\n", json.dumps(second) + "\n", lines[4]])
    assert "FIRST PROBLEM: entry 2 (attempt 1): person chain broken" in verify_bundle(runner, path).output


def test_entries_cut_off_the_end_show_only_against_the_anchor(ann_bundle, runner):
    """A shorter chain is still whole: the bundle verifies, but its end differs from the ledger's."""
    path, lines = ann_bundle
    rewrite(path, edit_header(lines[:-1], entries=3, person_head_entries=3,
                              person_head_chain_hash=json.loads(lines[3])["person_chain_hash"]))  # fmt: skip
    bundle = verify_bundle(runner, path)
    assert bundle.exit_code == 0, bundle.output
    server = runner.invoke(args=["evidence", "verify", "--email", "ann@example.com"]).output
    anchor = server.split("last person chain hash ")[1].split()[0]
    assert anchor == ledger()[3].person_chain_hash and anchor not in bundle.output


def test_everyones_bundle_follows_every_persons_chain_and_its_count(history, runner, tmp_path):
    path = tmp_path / "all.jsonl"
    lines = export(runner, path)
    entry = json.loads(lines[5])
    entry["person_chain_hash"] = "1" * 64
    rewrite(path, lines[:5] + [json.dumps(entry) + "\n"] + lines[6:])
    assert (
        "FIRST PROBLEM: entry 5 (completion 3): person chain hash mismatch"
        in verify_bundle(runner, path).output
    )
    header = json.loads(lines[0])
    header["ledger_head"]["entries"] = 7
    rewrite(path, [json.dumps(header) + "\n"] + lines[1:])
    assert "ledger_head counts 7 entries but the bundle holds 6" in verify_bundle(runner, path).output


def test_a_bundle_of_another_format_is_refused(history, runner, tmp_path):
    path = tmp_path / "old.jsonl"
    rewrite(path, edit_header(export(runner, path), format=1))
    result = verify_bundle(runner, path)
    assert result.exit_code == 1 and "format 1 is not format 2" in result.output


def test_a_line_with_a_wrongly_typed_field_is_not_an_entry(ann_bundle, runner):
    path, lines = ann_bundle
    entry = json.loads(lines[1])
    entry["user_id"] = [entry["user_id"]]
    rewrite(path, [lines[0], json.dumps(entry) + "\n"] + lines[2:])
    assert "FIRST PROBLEM: the bundle: line 2 is not a complete entry" in verify_bundle(runner, path).output


# --- Migration 0006 computes the person chains of existing entries. ---


def test_migration_back_fills_person_chains_of_existing_entries(app, history):
    ann, _ = history
    learning.complete_lesson(ann, "basics-secrets")  # Ann's chain continues after Bob's entries
    before = [(e.id, e.person_previous_hash, e.person_chain_hash) for e in ledger()]
    db.session.remove()
    # Only 0006 runs: stamped as if the database stood at 0006, it steps down to 0005 and back up.
    stamp(revision="0006")
    try:
        downgrade(revision="0005")
        upgrade(revision="0006")
    finally:
        stamp(revision="head")  # leave a shared PostgreSQL test database at the head
    assert [(e.id, e.person_previous_hash, e.person_chain_hash) for e in ledger()] == before
    report = evidence_check.verify_ledger()
    assert report.ok, [str(p) for p in report.problems]
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text("UPDATE evidence_entry SET person_chain_hash = person_chain_hash"))
        db.session.flush()
    db.session.rollback()
    # 7: with that lesson Ann completed the course, so her certificate is an entry too
    assert db.session.scalar(select(func.count()).select_from(EvidenceEntry)) == 7 + 1
