"""Downloads of the people table as CSV and XLSX: same rows as the CLI, safe cells, flat memory."""

import csv
import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from training.db import db, utcnow
from training.hr import exports
from training.learning import courses as learning
from training.models import User
from training.status import report as reports

FORMULAS = ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture
def people(library, make_user):
    """Four people in two departments: two have read a lesson, the others have not started."""
    ann = make_user(email="ann@example.com", name="Ann", department="Care")
    bob = make_user(email="bob@example.com", name="Bob", department="Care")
    make_user(email="cat@example.com", name="Cat", department="Sales")
    make_user(email="dan@example.com", name="Dan", department="Sales")
    learning.complete_lesson(ann, "basics-reading")
    learning.complete_lesson(bob, "basics-reading")


@pytest.fixture
def hr(make_user, auth):
    make_user(email="hr@example.com", name="Harriet", roles="hr", department="People")
    auth.login("hr@example.com")


def cli_csv(runner) -> str:
    result = runner.invoke(args=["report", "completion"])
    assert result.exit_code == 0, result.output
    return result.output


def sheet_rows(data: bytes) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    width = len(reports.COLUMNS)  # a read-only sheet drops empty cells at the end of a row
    rows = [(["" if v is None else v for v in row] + [""] * width)[:width]
            for sheet in workbook.worksheets for row in sheet.values]  # fmt: skip
    workbook.close()
    return rows


def test_csv_export_is_exactly_what_the_cli_prints(people, hr, client, runner):
    response = client.get("/hr/people/export.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="people-{utcnow().date().isoformat()}.csv"'
    )
    assert response.get_data(as_text=True) == cli_csv(runner)
    assert len(cli_csv(runner).splitlines()) == 1 + 5  # the hr person is an employee too


def test_xlsx_export_has_the_same_rows_as_the_csv(people, hr, client):
    response = client.get("/hr/people/export.xlsx")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == exports_mimetype()
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    from_csv = list(csv.reader(io.StringIO(client.get("/hr/people/export.csv").get_data(as_text=True))))
    assert sheet_rows(response.get_data()) == from_csv


def exports_mimetype() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("route", "content_type"),
    [
        ("/hr/people/export.csv", "text/csv; charset=utf-8"),
        ("/hr/people/export.xlsx", exports_mimetype()),
        ("/hr/evidence/everyone.csv", "text/csv; charset=utf-8"),
        ("/hr/evidence/everyone.jsonl", "application/x-ndjson; charset=utf-8"),
    ],
)
def test_downloads_name_their_type_and_charset_once(people, hr, client, route, content_type):
    response = client.get(route)
    response.close()
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("query", "emails"),
    [
        ({"department": "Care"}, ["ann@example.com", "bob@example.com"]),
        ({"department": "Sales", "status": "not_started"}, ["cat@example.com", "dan@example.com"]),
        ({"status": "in_progress"}, ["ann@example.com", "bob@example.com"]),
        ({"search": "CAT"}, ["cat@example.com"]),
        ({"course": "basics", "sort": "name", "desc": "1"}, [
            "hr@example.com", "dan@example.com", "cat@example.com", "bob@example.com", "ann@example.com"]),
        ({"status": "not-a-status", "sort": "nonsense"}, [
            "ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com", "hr@example.com"]),
    ],
)  # fmt: skip
def test_exports_apply_the_people_tables_filters(people, hr, client, query, emails):
    rows = list(csv.DictReader(io.StringIO(client.get("/hr/people/export.csv", query_string=query).text)))
    assert [r["email"] for r in rows] == emails
    xlsx = sheet_rows(client.get("/hr/people/export.xlsx", query_string=query).get_data())
    assert [r[0] for r in xlsx[1:]] == emails


@pytest.mark.parametrize(
    "query",
    [{"department": "Nowhere"}, {"course": "no-such-course"}, {"status": "bogus"}, {"desc": "true"}],
    ids=["unknown-department", "unknown-course", "unknown-status", "odd-desc"],
)
def test_exports_read_the_filters_exactly_as_the_people_table_does(people, hr, client, query):
    page = client.get("/hr/people", query_string=query).text
    rows = list(csv.DictReader(io.StringIO(client.get("/hr/people/export.csv", query_string=query).text)))
    on_page = list(dict.fromkeys(re.findall(r"[\w.+-]+@example\.com", page)))
    exported = [r["email"] for r in rows]
    assert len(exported) == 5 and exported == [email for email in on_page if email in exported]


@pytest.mark.parametrize("name", FORMULAS)
def test_both_exports_neutralise_formula_like_cells(library, make_user, hr, client, name):
    user = make_user(email="f@example.com")
    user.name = user.department = name  # as an HR system's import might deliver them
    db.session.commit()
    row = next(r for r in csv.DictReader(io.StringIO(client.get("/hr/people/export.csv").text))
               if r["email"] == "f@example.com")  # fmt: skip
    assert row["name"] == row["department"] == "'" + name
    data = client.get("/hr/people/export.xlsx").get_data()
    cells = next(r for r in sheet_rows(data) if r[0] == "f@example.com")
    assert cells[1] == cells[2] == "'" + name.replace("\r", "\n")  # XML reads a lone CR as LF
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="inlineStr"' in sheet


def test_xlsx_drops_characters_a_workbook_cannot_hold(library, make_user, hr, client):
    make_user(email="ctl@example.com", name="Bell\x07 =ring", department="Care")
    cells = next(
        r for r in sheet_rows(client.get("/hr/people/export.xlsx").get_data()) if r[0] == "ctl@example.com"
    )
    assert cells[1] == "Bell =ring"
    assert exports.xlsx_cell("\x01=1+1") == "'=1+1"


def test_an_empty_table_exports_just_the_header(hr, client):
    assert client.get("/hr/people/export.csv").text == ",".join(reports.COLUMNS) + "\n"
    assert sheet_rows(client.get("/hr/people/export.xlsx").get_data()) == [reports.COLUMNS]


def test_a_full_sheet_continues_on_the_next_one(monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "MAX_SHEET_ROWS", 3)
    rows = [dict.fromkeys(reports.COLUMNS, f"v{n}") | {"stale_items": []} for n in range(5)]
    exports.write_xlsx(iter(rows), tmp_path / "big.xlsx")
    workbook = load_workbook(tmp_path / "big.xlsx", read_only=True)
    assert workbook.sheetnames == ["People", "People 2", "People 3"]
    assert [len(list(s.values)) for s in workbook.worksheets] == [3, 3, 2]
    workbook.close()


@pytest.mark.parametrize("route", ["/hr/people/export.csv", "/hr/people/export.xlsx"])
@pytest.mark.parametrize("roles", ["employee", "editor"])
def test_only_hr_and_admin_may_export(make_user, auth, client, route, roles):
    make_user(email="someone@example.com", roles=roles)
    auth.login("someone@example.com")
    assert client.get(route).status_code == 403


@pytest.mark.parametrize("route", ["/hr/people/export.csv", "/hr/people/export.xlsx"])
def test_exports_need_signing_in(client, route):
    response = client.get(route)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def add_people(start: int, stop: int) -> None:
    now = utcnow()
    db.session.execute(insert(User), [
        {"email": f"bulk{i:06d}@example.com", "name": f"Bulk {i}", "roles": "employee",
         "department": f"Department {i % 7}", "created_at": now, "active": True}
        for i in range(start, stop)
    ])  # fmt: skip
    db.session.commit()


def peak_while_streaming(client, route: str) -> tuple[int, int]:
    """Return (bytes downloaded, peak traced memory) while consuming the response in chunks."""
    tracemalloc.start()
    try:
        response = client.get(route, buffered=False)
        size = sum(len(chunk) for chunk in response.iter_encoded())
        response.close()
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("route", ["/hr/people/export.csv", "/hr/people/export.xlsx"])
def test_memory_does_not_grow_with_the_number_of_rows(library, hr, client, route):
    add_people(0, 3000)
    small_size, small_peak = peak_while_streaming(client, route)
    add_people(3000, 15000)
    large_size, large_peak = peak_while_streaming(client, route)
    assert large_size > 4 * small_size
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
