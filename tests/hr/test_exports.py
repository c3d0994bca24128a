"""Downloads of the people table as CSV and XLSX: same rows as the CLI, safe cells, flat memory."""

import codecs
import csv
import io
import re
import tracemalloc
import zipfile
from datetime import date, datetime

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


def sheet_rows(data: bytes) -> list[list]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    width = len(exports.COLUMNS)  # a read-only sheet drops empty cells at the end of a row
    rows = [(["" if v is None else v for v in row] + [""] * width)[:width]
            for sheet in workbook.worksheets for row in sheet.values]  # fmt: skip
    workbook.close()
    return rows


def csv_rows(client, query=None) -> list[dict]:
    """The HR download's rows by heading, read as Excel does: UTF-8 after the byte order mark."""
    data = client.get("/hr/people/export.csv", query_string=query).get_data()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_export_has_the_clis_rows_with_labels_for_people(people, hr, client, runner):
    response = client.get("/hr/people/export.csv")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="people-{utcnow().date().isoformat()}.csv"'
    )
    assert response.get_data().startswith(b"\xef\xbb\xbf" + b"Email,Name,Department,Course,Status,Due date,")
    cli = list(csv.DictReader(io.StringIO(cli_csv(runner))))
    labelled = csv_rows(client)
    assert len(cli) == len(labelled) == 5  # the hr person is an employee too
    for code, label in zip(cli, labelled, strict=True):
        assert (label["Email"], label["Name"], label["Due date"]) == (
            code["email"],
            code["name"],
            code["due_date"],
        )
        assert label["Course"] == "Basics" and code["course"] == "basics"
    assert {(r["Email"], r["Status"]) for r in labelled} >= {
        ("ann@example.com", "In progress"), ("cat@example.com", "Not started")}  # fmt: skip


def test_the_cli_report_keeps_its_codes(people, runner):
    rows = list(csv.reader(io.StringIO(cli_csv(runner))))
    assert rows[0] == reports.COLUMNS
    found = {(r[0], r[3], r[4]) for r in rows[1:]}
    assert ("ann@example.com", "basics", "in_progress") in found
    assert ("cat@example.com", "basics", "not_started") in found


def test_csv_export_is_read_as_utf8_by_excel(library, make_user, hr, client):
    make_user(email="maria@example.com", name="María López", department="Ventas")
    data = client.get("/hr/people/export.csv").get_data()
    assert data.startswith(codecs.BOM_UTF8)
    assert "María López" in data.decode("utf-8-sig")


def test_xlsx_export_has_the_same_rows_as_the_csv(people, hr, client):
    response = client.get("/hr/people/export.xlsx")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == exports_mimetype()
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    header, *rows = sheet_rows(response.get_data())
    from_csv = csv_rows(client)
    assert header == list(from_csv[0])
    as_text = [{h: v.date().isoformat() if isinstance(v, datetime) else v
                for h, v in zip(header, row, strict=True)} for row in rows]  # fmt: skip
    assert as_text == from_csv


def test_xlsx_has_typed_dates_a_frozen_header_and_an_autofilter(people, hr, client):
    workbook = load_workbook(io.BytesIO(client.get("/hr/people/export.xlsx").get_data()))
    sheet = workbook["People"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H6"
    headings = [cell.value for cell in sheet[1]]
    assert headings == ["Email", "Name", "Department", "Course", "Status", "Due date", "Completed (UTC)",
                        "Items to redo"]  # fmt: skip
    due = sheet.cell(row=2, column=6)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert isinstance(due.value, datetime) and due.value.time() == datetime.min.time()
    statuses = {row[0].value: row[4].value for row in sheet.iter_rows(min_row=2)}
    assert statuses["ann@example.com"] == "In progress" and statuses["cat@example.com"] == "Not started"


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
    assert [r["Email"] for r in csv_rows(client, query)] == emails
    xlsx = sheet_rows(client.get("/hr/people/export.xlsx", query_string=query).get_data())
    assert [r[0] for r in xlsx[1:]] == emails


@pytest.mark.parametrize(
    "query",
    [{"department": "Nowhere"}, {"course": "no-such-course"}, {"status": "bogus"}, {"desc": "true"}],
    ids=["unknown-department", "unknown-course", "unknown-status", "odd-desc"],
)
def test_exports_read_the_filters_exactly_as_the_people_table_does(people, hr, client, query):
    page = client.get("/hr/people", query_string=query).text
    on_page = list(dict.fromkeys(re.findall(r"[\w.+-]+@example\.com", page)))
    exported = [r["Email"] for r in csv_rows(client, query)]
    assert len(exported) == 5 and exported == [email for email in on_page if email in exported]


@pytest.mark.parametrize("name", FORMULAS)
def test_both_exports_neutralise_formula_like_cells(library, make_user, hr, client, name):
    user = make_user(email="f@example.com")
    user.name = user.department = name  # as an HR system's import might deliver them
    db.session.commit()
    row = next(r for r in csv_rows(client) if r["Email"] == "f@example.com")
    assert row["Name"] == row["Department"] == "'" + name  # CSV has no types: the ' is the guard
    data = client.get("/hr/people/export.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(data))["People"]
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "f@example.com")
    for cell in cells[1:3]:
        # Text without a visible ', kept text by the cell's style when someone edits it.
        assert cell.value == name.replace("\r", "\n")  # XML reads a lone CR as LF
        assert cell.data_type == "s" and cell.quotePrefix
    assert not cells[0].quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="inlineStr"' in xml


def test_xlsx_drops_characters_a_workbook_cannot_hold(library, make_user, hr, client):
    make_user(email="ctl@example.com", name="Bell\x07 =ring", department="Care")
    cells = next(
        r for r in sheet_rows(client.get("/hr/people/export.xlsx").get_data()) if r[0] == "ctl@example.com"
    )
    assert cells[1] == "Bell =ring"
    assert exports.xlsx_text("\x01=1+1") == "=1+1"


def test_an_empty_table_exports_just_the_header(hr, client):
    assert client.get("/hr/people/export.csv").text == "\ufeff" + ",".join(exports.HEADINGS) + "\r\n"
    assert sheet_rows(client.get("/hr/people/export.xlsx").get_data()) == [exports.HEADINGS]


def test_xlsx_completion_times_are_times_and_items_to_redo_are_text(tmp_path):
    when = datetime(2026, 2, 27, 14, 5)
    row = dict.fromkeys(reports.COLUMNS, "x") | {
        "due_date": date(2026, 3, 1), "completed_at": when, "stale_items": "Quiz; Lesson"}  # fmt: skip
    exports.write_xlsx(iter([row]), tmp_path / "one.xlsx")
    sheet = load_workbook(tmp_path / "one.xlsx")["People"]
    completed = sheet["G2"]
    assert completed.value == when and completed.number_format == "yyyy-mm-dd hh:mm"
    assert sheet["H2"].value == "Quiz; Lesson"


def test_a_full_sheet_continues_on_the_next_one(monkeypatch, tmp_path):
    monkeypatch.setattr(exports, "MAX_SHEET_ROWS", 3)
    rows = [dict.fromkeys(reports.COLUMNS, f"v{n}") for n in range(5)]
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
