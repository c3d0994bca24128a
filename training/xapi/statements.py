"""Build xAPI 1.0.3 statements from evidence ledger entries.

The ledger's payloads are snapshots that never change, so a statement built from an entry is the
same every time; its id is a UUID derived from the entry's chain hash and the statement's part,
fixed when the entry was written. Activity ids are IRIs under BASE_URL: one per item version, one
per step of it, one per policy version. A draft reply's statement also carries the coach's whole
verdict (passed and findings), its findings read from the reply's row, which the app never changes.
"""

import uuid
from collections.abc import Iterator
from functools import partial
from urllib.parse import quote

from sqlalchemy import select

from training.db import db
from training.models import DraftReply, EvidenceEntry, User

KINDS = ("completion", "attempt", "acknowledgement")
# Any constant serves; it must never change, or every statement id would.
NAMESPACE = uuid.UUID("d776ad28-6c7b-4b6d-bfdd-3c94ddf85081")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "completed": ADL + "completed",
    "passed": ADL + "passed",
    "failed": ADL + "failed",
    "answered": ADL + "answered",
    "responded": ADL + "responded",
    "acknowledged": "http://activitystrea.ms/schema/1.0/accept",
}


def statement_id(entry: EvidenceEntry, part: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{entry.chain_hash}/{part}"))


def for_entries(entries: list[EvidenceEntry], base_url: str) -> Iterator[tuple[EvidenceEntry, dict]]:
    """Yield (entry, statement) for every statement of the given entries, in order."""
    people = _people({e.user_id for e in entries})
    verdicts = _verdicts({e.payload["record_id"] for e in entries if e.kind == "attempt"})
    for entry in entries:
        for statement in build(entry, people[entry.user_id], base_url, verdicts):
            yield entry, statement


def build(entry: EvidenceEntry, actor: dict, base_url: str, verdicts: dict | None = None) -> list[dict]:
    """Return the statements of one ledger entry (none for kinds xAPI does not carry).

    `verdicts` maps (attempt id, step, revision) to the coach's findings on that draft reply.
    """
    attempt = partial(_attempt, verdicts=verdicts or {})
    builders = {"completion": _completion, "attempt": attempt, "acknowledgement": _acknowledgement}
    if entry.kind not in builders:
        return []
    iri = Iris(base_url.rstrip("/"))
    return [
        {"id": statement_id(entry, part), "actor": actor, **body}
        for part, body in builders[entry.kind](entry.payload, iri)
    ]


class Iris:
    """The activity and extension IRIs of one deployment."""

    def __init__(self, base: str):
        self.base = base + "/xapi"
        self.content_version = self.base + "/extensions/content-version"
        self.coach_verdict = self.base + "/extensions/coach-verdict"

    def item(self, payload: dict) -> str:
        return f"{self.base}/items/{quote(payload['item'], safe='')}/versions/{payload['item_version']}"

    def step(self, payload: dict, step: str) -> str:
        return f"{self.item(payload)}/steps/{quote(step, safe='')}"

    def policy(self, payload: dict) -> str:
        policy = quote(payload["policy"], safe="")
        return f"{self.base}/policies/{policy}/versions/{payload['policy_version_id']}"


def _verb(name: str) -> dict:
    return {"id": VERBS[name], "display": {"en-US": name}}


def _activity(iri: str, kind: str) -> dict:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": f"http://adlnet.gov/expapi/activities/{kind}"},
    }


def _item_context(payload: dict, iri: Iris, parent: bool = False) -> dict:
    version = {
        "item": payload["item"],
        "version": payload["item_version"],
        "version_id": payload["item_version_id"],
    }
    if payload.get("fingerprint"):
        version["fingerprint"] = payload["fingerprint"]
    context = {"extensions": {iri.content_version: version}, **_language(payload)}
    if parent:
        context["contextActivities"] = {"parent": [{"objectType": "Activity", "id": iri.item(payload)}]}
    return context


def _language(payload: dict) -> dict:
    """The language the evidence was read in, as xAPI's context language (records from before
    languages were kept have none, and their statements none either)."""
    return {"language": payload["language"]} if payload.get("language") else {}


def _completion(payload: dict, iri: Iris) -> Iterator[tuple[str, dict]]:
    kind = "lesson" if payload.get("attempt_id") is None else "assessment"
    yield "completed", {
        "verb": _verb("completed"), "object": _activity(iri.item(payload), kind),
        "result": {"completion": True}, "context": _item_context(payload, iri),
        "timestamp": payload["completed_at"],
    }  # fmt: skip


def _attempt(payload: dict, iri: Iris, verdicts: dict) -> Iterator[tuple[str, dict]]:
    result = {"completion": True, "success": bool(payload["passed"])}
    if payload.get("score") is not None:
        result["score"] = {"scaled": payload["score"] / 100, "raw": payload["score"], "min": 0, "max": 100}
    yield "result", {
        "verb": _verb("passed" if payload["passed"] else "failed"),
        "object": _activity(iri.item(payload), "assessment"), "result": result,
        "context": _item_context(payload, iri), "timestamp": payload["finished_at"],
    }  # fmt: skip
    for position, answer in enumerate(payload.get("path") or []):
        step = _activity(iri.step(payload, answer["step"]), "cmi.interaction")
        step["definition"]["interactionType"] = "choice"
        outcome = {"response": "[,]".join(answer.get("choices") or [])}
        if answer.get("correct") is not None:
            outcome["success"] = bool(answer["correct"])
        yield f"answer/{position}", {
            "verb": _verb("answered"), "object": step, "result": outcome,
            "context": _item_context(payload, iri, parent=True), "timestamp": answer["at"],
        }  # fmt: skip
    for draft in payload.get("drafts") or []:
        step = _activity(iri.step(payload, draft["step"]), "cmi.interaction")
        step["definition"]["interactionType"] = "long-fill-in"
        findings = verdicts.get((payload.get("record_id"), draft["step"], draft["revision"]), [])
        verdict = {"passed": bool(draft["passed"]), "findings": findings}
        yield f"draft/{draft['step']}/{draft['revision']}", {
            "verb": _verb("responded"), "object": step,
            "result": {"response": draft["text"], "success": bool(draft["passed"]),
                       "extensions": {iri.coach_verdict: verdict}},
            "context": _item_context(payload, iri, parent=True), "timestamp": draft["at"],
        }  # fmt: skip


def _acknowledgement(payload: dict, iri: Iris) -> Iterator[tuple[str, dict]]:
    version = {
        "policy": payload["policy"],
        "version": payload["version"],
        "version_id": payload["policy_version_id"],
    }
    yield "acknowledged", {
        "verb": _verb("acknowledged"), "object": _activity(iri.policy(payload), "media"),
        "context": {"extensions": {iri.content_version: version}, **_language(payload)},
        "timestamp": payload["acknowledged_at"],
    }  # fmt: skip


def _verdicts(attempt_ids: set[int]) -> dict[tuple[int, str, int], list[dict]]:
    """The coach's findings on each draft reply of these attempts, by (attempt, step, revision)."""
    if not attempt_ids:
        return {}
    rows = db.session.execute(
        select(DraftReply.attempt_id, DraftReply.step_id, DraftReply.revision, DraftReply.findings).where(
            DraftReply.attempt_id.in_(attempt_ids)
        )
    )
    return {(r.attempt_id, r.step_id, r.revision): list(r.findings or []) for r in rows}


def _people(user_ids: set[int]) -> dict[int, dict]:
    rows = db.session.execute(select(User.id, User.email, User.name).where(User.id.in_(user_ids)))
    return {r.id: {"objectType": "Agent", "mbox": f"mailto:{r.email}", "name": r.name} for r in rows}
