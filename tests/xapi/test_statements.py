"""The statements built from the ledger: what each kind of evidence says in xAPI 1.0.3, and export."""

import json

import pytest
from sqlalchemy import select

from tests.evidence.test_evidence import record_history
from tests.xapi.lrs import problems
from training.db import db
from training.models import EvidenceEntry
from training.xapi import statements

BASE = "https://training.example.com/xapi"
VERSION = BASE + "/extensions/content-version"


@pytest.fixture
def history(library, make_user):
    return record_history(make_user)


def exported(runner, *args) -> list[dict]:
    result = runner.invoke(args=["xapi", "export", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def of(found, verb, person=None) -> list[dict]:
    """Return the statements with this verb, of this person if named."""
    return [
        s for s in found if s["verb"]["display"]["en-US"] == verb and person in (None, s["actor"]["name"])
    ]


def test_export_writes_json_lines_that_keep_the_xapi_rules(runner, history):
    found = exported(runner)
    assert found and all(problems(s) == [] for s in found)
    assert len({s["id"] for s in found}) == len(found)
    assert sorted({s["verb"]["display"]["en-US"] for s in found}) == [
        "acknowledged", "answered", "completed", "failed", "passed",
    ]  # fmt: skip


def test_export_to_a_file(runner, history, tmp_path):
    target = tmp_path / "statements.jsonl"
    result = runner.invoke(args=["xapi", "export", "--output", str(target)])
    lines = target.read_text(encoding="utf-8").splitlines()
    assert f"wrote {len(lines)} statement(s)" in result.output
    assert [json.loads(line) for line in lines] == exported(runner)


def test_statement_ids_are_the_same_on_every_build(runner, history):
    assert [s["id"] for s in exported(runner)] == [s["id"] for s in exported(runner)]


def test_actor_is_the_person_by_mailbox_and_name(runner, history):
    ann, _ = history
    acknowledged = of(exported(runner), "acknowledged")[0]
    assert acknowledged["actor"] == {"objectType": "Agent", "mbox": "mailto:ann@example.com", "name": "Ann"}


def test_lesson_completion_names_the_item_version_and_its_fingerprint(runner, history):
    completed = of(exported(runner), "completed", "Bob")[0]
    assert completed["object"]["id"] == BASE + "/items/basics-reading/versions/1"
    assert completed["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/lesson"
    assert completed["result"] == {"completion": True}
    version = completed["context"]["extensions"][VERSION]
    assert (version["item"], version["version"], len(version["fingerprint"])) == ("basics-reading", 1, 64)
    assert completed["timestamp"].endswith("+00:00")


def test_quiz_result_carries_score_and_pass_or_fail(runner, history):
    found = exported(runner)
    passed, failed = of(found, "passed", "Ann")[0], of(found, "failed", "Bob")[0]
    assert passed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert passed["result"]["score"] == {"scaled": 1.0, "raw": 100, "min": 0, "max": 100}
    assert passed["result"]["success"] is True and failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] < 0.5
    assert passed["object"]["id"] == BASE + "/items/basics-quiz/versions/1"


def test_every_quiz_step_answer_is_a_statement_with_its_choices_and_correctness(runner, history):
    answers = of(exported(runner), "answered", "Ann")
    assert [a["object"]["id"].rsplit("/", 1)[1] for a in answers] == ["first", "third", "last"]
    assert [a["result"]["response"] for a in answers] == ["kind", "name[,]dm", "social"]
    assert all(a["result"]["success"] is True for a in answers)
    assert answers[0]["object"]["id"] == BASE + "/items/basics-quiz/versions/1/steps/first"
    assert answers[0]["object"]["definition"]["interactionType"] == "choice"
    parent = answers[0]["context"]["contextActivities"]["parent"][0]["id"]
    assert parent == BASE + "/items/basics-quiz/versions/1"
    assert any(a["result"]["success"] is False for a in of(exported(runner), "answered", "Bob"))


def test_acknowledgement_names_the_policy_version(runner, history):
    acknowledged = of(exported(runner), "acknowledged")[0]
    entry = db.session.scalar(select(EvidenceEntry).where(EvidenceEntry.kind == "acknowledgement"))
    version_id = entry.payload["policy_version_id"]
    assert acknowledged["object"]["id"] == f"{BASE}/policies/demo/versions/{version_id}"
    assert acknowledged["context"]["extensions"][VERSION]["version"] == entry.payload["version"]


def test_draft_replies_carry_the_coach_verdict():
    payload = {
        "kind": "attempt", "item": "frontline", "item_version": 3, "item_version_id": 9, "score": 50,
        "passed": True, "finished_at": "2026-12-03T08:00:00+00:00",
        "path": [{"step": "write", "choices": [], "correct": False, "at": "2026-12-03T07:59:00+00:00"}],
        "drafts": [
            {"step": "write", "revision": 1, "text": "KH-1", "passed": False, "at": "2026-12-03T07:58Z"},
            {"step": "write", "revision": 2, "text": "DM us", "passed": True, "at": "2026-12-03T07:59Z"},
        ],
    }  # fmt: skip
    entry = EvidenceEntry(kind="attempt", chain_hash="a" * 64, payload=payload)
    actor = {"objectType": "Agent", "mbox": "mailto:dee@example.com", "name": "Dee"}
    built = statements.build(entry, actor, "https://training.example.com/")
    drafts = of(built, "responded")
    assert [(d["result"]["response"], d["result"]["success"]) for d in drafts] == [
        ("KH-1", False), ("DM us", True),
    ]  # fmt: skip
    assert drafts[0]["object"]["id"] == BASE + "/items/frontline/versions/3/steps/write"
    assert drafts[0]["object"]["definition"]["interactionType"] == "long-fill-in"
    assert all(problems(s) == [] for s in built) and len({s["id"] for s in built}) == len(built)
    assert [s["id"] for s in built] == [
        s["id"] for s in statements.build(entry, actor, "https://training.example.com")
    ]


@pytest.mark.parametrize("kind", ["completion", "attempt", "acknowledgement"])
def test_a_statement_says_which_language_was_read(kind):
    common = {"item": "tone", "item_version": 2, "item_version_id": 7, "attempt_id": 4, "score": 80,
              "passed": True, "finished_at": "2026-12-03T08:00:00+00:00", "completed_at": "2026-12-03T08:00Z",
              "policy": "social-media", "version": "2026.2", "policy_version_id": 5,
              "acknowledged_at": "2026-12-03T08:00Z",
              "path": [{"step": "s1", "choices": ["a"], "correct": True,
                        "at": "2026-12-03T07:59Z"}]}  # fmt: skip
    actor = {"objectType": "Agent", "mbox": "mailto:dee@example.com", "name": "Dee"}
    entry = EvidenceEntry(kind=kind, chain_hash="c" * 64, payload=common | {"language": "de"})
    german = statements.build(entry, actor, "https://training.example.com")
    assert german and all(s["context"]["language"] == "de" for s in german)
    assert all(problems(s) == [] for s in german)
    before = statements.build(EvidenceEntry(kind=kind, chain_hash="c" * 64, payload=common), actor, BASE)
    assert all("language" not in s["context"] for s in before)


def test_evidence_xapi_does_not_carry_gives_no_statement():
    entry = EvidenceEntry(kind="approval", chain_hash="b" * 64, payload={})
    assert statements.build(entry, {}, "https://training.example.com") == []
