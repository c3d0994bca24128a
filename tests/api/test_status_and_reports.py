"""Statuses, the completion report, acknowledgements and evidence through the API.

The API reads statuses from the same status query and report as HR's pages, so each test compares
the API's answer with what training/status gives for the same people.
"""

import csv
import io
import json

import pytest

from tests.api.conftest import assert_problem
from tests.hr.test_dashboard import change_policy
from tests.status.test_reports import complete_course
from training.evidence import bundles
from training.learning import acknowledgements
from training.learning import courses as learning
from training.status import report


@pytest.fixture
def three(make_user, library):
    idle = make_user(email="a-idle@example.com", name="Ida Idle", department="Sales")
    busy = make_user(email="b-busy@example.com", name="Bo Busy")
    done = make_user(email="c-done@example.com", name="Di Done")
    learning.complete_lesson(busy, "basics-reading")
    complete_course(done)
    return idle, busy, done


def test_a_persons_statuses_match_the_pages(api, three):
    idle, busy, done = three
    statuses = {p.email: api.get(f"/people/{p.id}/statuses").get_json() for p in three}
    assert [s["status"] for s in statuses[idle.email]["statuses"]] == ["not_started"]
    assert [s["status"] for s in statuses[busy.email]["statuses"]] == ["in_progress"]
    [finished] = statuses[done.email]["statuses"]
    assert finished["status"] == "completed" and finished["completed_at"] and finished["stale_items"] == []
    rows = {r["email"]: r for r in report.completion_rows()}
    for person in three:
        [status] = statuses[person.email]["statuses"]
        assert status["due_date"] == rows[person.email]["due_date"]
        assert statuses[person.email]["person"]["email"] == person.email


def test_stale_items_are_named_after_a_policy_change(api, three, tmp_path):
    _, _, done = three
    change_policy(tmp_path)
    [status] = api.get(f"/people/{done.id}/statuses").get_json()["statuses"]
    expected = next(r for r in report.completion_rows() if r["email"] == done.email)
    assert status["status"] == expected["status"] == "outdated"
    assert status["stale_items"] == expected["stale_items"] and status["stale_items"]


def test_statuses_of_an_unknown_person_are_a_404(api):
    assert_problem(api.get("/people/9999/statuses"), 404)


def ndjson(response) -> list[dict]:
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def test_the_report_streams_as_ndjson_the_same_rows_as_the_page(api, three):
    response = api.get("/reports/completion")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    expected = [{c: r[c] for c in report.COLUMNS} for r in report.completion_rows()]
    assert ndjson(response) == expected and len(expected) == 4  # three people and the admin


def test_the_report_streams_as_csv(api, three):
    response = api.get("/reports/completion?format=csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, named once
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == report.COLUMNS and len(rows) == 4


def test_the_report_is_paged_with_a_link_to_the_next_page(api, three):
    seen, url = [], "/reports/completion?limit=3"
    while url:
        response = api.get(url)
        seen += ndjson(response)
        link = response.headers.get("Link")
        url = link[len("</api/v1") : link.index(">")] if link else None
    assert [r["email"] for r in seen] == [r["email"] for r in report.completion_rows()]


def test_the_report_is_filtered(api, three):
    rows = ndjson(api.get("/reports/completion?department=Sales&status=not_started"))
    assert [r["email"] for r in rows] == ["a-idle@example.com"]


@pytest.mark.parametrize("query", ["format=xml", "status=lost", "limit=0", "cursor=nope", "sort=name"])
def test_a_bad_report_query_is_a_422(api, query):
    assert_problem(api.get(f"/reports/completion?{query}"), 422)


def test_cursors_past_the_largest_id_a_database_holds_are_an_empty_last_page(api, three):
    body = api.get("/acknowledgements?cursor=999999999999999").get_json()
    assert body == {"items": [], "next_cursor": None}
    report = api.get("/reports/completion?limit=5&cursor=999999999999999")
    assert report.status_code == 200 and ndjson(report) == [] and "Link" not in report.headers


def test_acknowledgements_are_listed_in_pages(api, three):
    idle, busy, _ = three
    version = acknowledgements.current("demo")
    for person in (idle, busy):
        acknowledgements.acknowledge(person, "demo", version.id)
    first = api.get("/acknowledgements?limit=1").get_json()
    assert [a["email"] for a in first["items"]] == [idle.email]
    assert first["items"][0]["policy"] == "demo" and first["items"][0]["version"] == version.number
    second = api.get(f"/acknowledgements?limit=1&cursor={first['next_cursor']}").get_json()
    assert [a["email"] for a in second["items"]] == [busy.email] and second["next_cursor"] is None
    assert api.get(f"/acknowledgements?email={busy.email}").get_json()["items"][0]["email"] == busy.email
    assert api.get("/acknowledgements?policy=other").get_json()["items"] == []


def test_a_persons_evidence_bundle_is_the_one_hr_exports(api, three):
    _, _, done = three
    response = api.get(f"/people/{done.id}/evidence")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = ndjson(response)
    expected = [json.loads(line) for line in bundles.bundle_lines(done)]
    assert lines[0]["person"]["email"] == done.email and lines[0]["entries"] == len(lines) - 1 > 0
    assert [line["chain_hash"] for line in lines[1:]] == [line["chain_hash"] for line in expected[1:]]


def test_the_evidence_of_an_unknown_person_is_a_404(api):
    assert_problem(api.get("/people/9999/evidence"), 404)


@pytest.mark.parametrize(
    "path",
    [
        "/reports/completion",
        "/acknowledgements",
        "/people/1/statuses",
        "/people/1/evidence",
        "/courses",
        "/policies",
        "/assignments",
        "/departments",
    ],
)
def test_a_write_only_token_reads_nothing(client, make_token, path):
    from tests.api.conftest import Api

    assert_problem(Api(client, make_token(scopes=("write",))).get(path), 403)
