"""Downloads of the people table as CSV and XLSX, for people who open them in a spreadsheet.

Both carry the rows of `flask report completion`, narrowed by the same filters as the people
table, but with labels instead of codes: headers, course titles, status names, the titles of the
items to redo. The CLI's CSV is the contract scripts read and keeps its codes (README). Streamed,
so memory does not grow with the rows.

HR's evidence CSVs and the editor's list of people affected by a change are labelled the same way,
with the same headings, titles and status names (`evidence_csv_chunks`, `affected_csv`).
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func

from training.content import versions
from training.evidence import bundles
from training.hr import dashboard
from training.models import ItemVersion, PolicyVersion
from training.status import redo, sqldates
from training.status import report as reports
from training.templating import STATUS_LABELS

CHUNK = 64 * 1024
MAX_SHEET_ROWS = 1_048_576  # Excel's limit, header row included
# (report column, heading, width in characters)
COLUMNS = [("email", "Email", 32), ("name", "Name", 24), ("department", "Department", 20),
           ("course", "Course", 30), ("status", "Status", 12), ("due_date", "Due date", 12),
           ("completed_at", "Completed (UTC)", 18), ("stale_items", "Items to redo", 40)]  # fmt: skip
HEADINGS = [heading for _, heading, _ in COLUMNS]
DATE_FORMAT, TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
BOM = reports.BOM  # so Excel reads the CSV as UTF-8 ("María", not "MarÃ­a")
HEADING = {column: heading for column, heading, _ in COLUMNS}
# The editor's list of people affected by a change: (field, heading), the people table's where shared.
AFFECTED_COLUMNS = [(c, HEADING[c]) for c in ("email", "name", "department", "course", "status", "due_date")]
AFFECTED_COLUMNS += [("stale_items", HEADING["stale_items"]), ("why", "Why")]
# The evidence ledger's entries: (field of `bundles.row_fields`, heading); policy and item ids become
# titles, kinds and passed become words; hashes and the recorded data stay as they are, to verify.
EVIDENCE_COLUMNS = [
    ("entry_id", "Entry"), ("kind", "Record"), ("record_id", "Record number"), ("email", "Email"),
    ("name", "Name"), ("at", "At (UTC)"), ("policy", "Policy"), ("version", "Policy version"),
    ("item", "Item"), ("item_version", "Item version"), ("fingerprint", "Item fingerprint"),
    ("score", "Score"), ("passed", "Passed"), ("attempt_id", "Attempt"), ("sections", "Sections read"),
    ("path", "Path"), ("drafts", "Drafts"), ("payload", "Recorded data (JSON)"),
    ("content_hash", "Content hash"), ("previous_hash", "Previous hash"), ("chain_hash", "Chain hash"),
    ("person_previous_hash", "Person's previous hash"), ("person_chain_hash", "Person's chain hash"),
]  # fmt: skip
KIND_LABELS = {
    "acknowledgement": "Acknowledgement", "approval": "Approval", "attempt": "Quiz attempt",
    "certificate": "Certificate", "completion": "Completion", "revocation": "Certificate revoked",
}  # fmt: skip
PASSED_LABELS = {True: "Yes", False: "No", None: ""}


def filename(extension: str, today: date) -> str:
    return f"people-{today.isoformat()}.{extension}"


def labelled_rows(filters: reports.PeopleFilter) -> Iterator[dict]:
    """Yield the report's rows with labels for codes, and dates and times as values (UTC, naive)."""
    courses, items = _titles()
    for line in reports.lines(filters):
        yield {
            "email": line.email, "name": line.name, "department": line.department,
            "course": courses.get(line.course, line.course),
            "status": STATUS_LABELS.get(line.status, line.status),
            "due_date": date.fromisoformat(line.due_date),
            "completed_at": datetime.fromisoformat(line.completed) if line.completed else None,
            "stale_items": "; ".join(items.get(item, item) for item in line.stale),
        }  # fmt: skip


def _titles() -> tuple[dict[str, str], dict[str, str]]:
    """Return the titles of courses and of items, by id."""
    items = {key: version.title for key, version in versions.current_all(ItemVersion).items()}
    return dashboard.course_titles(), items


def csv_chunks(filters: reports.PeopleFilter) -> Iterator[bytes]:
    """Yield the labelled table as UTF-8 CSV with a byte order mark; formula-like cells get a `'`.

    Written as csv.writer writes it with CRLF line ends, as Excel writes (it then quotes a lone
    "\r" too, which readers take as a line break), but a line at a time: the database writes
    dates and times as text, codes become labels and every label a finished cell once, and
    a person's email, name and department are made cells once for their rows (sorted by email
    they follow one another), each department once. What people typed is checked cell by cell.
    """
    yield (BOM + _csv_line(HEADINGS)).encode("utf-8")
    rows = reports.StatusRows(filters)
    columns = rows.columns.c
    chunks = rows.chunks(
        columns.email, columns.name, columns.department, columns.course_id, columns.status,
        sqldates.date_text(columns.due_date),
        func.coalesce(func.substr(sqldates.utc_text(columns.completed_at), 1, 16), ""),  # to the minute
        chunk=CSV_ROWS,
    )  # fmt: skip
    labels, stale = _SafeLabels(), rows.stale
    course = _Cells(lambda code: labels.course[code])
    status = _Cells(lambda code: labels.status[code])
    redo = _Cells(lambda key: labels.stale[stale[key]])
    department = _Cells(reports.spreadsheet_safe)
    last = head = None
    for chunk in chunks:
        lines = []
        for email, name, team, c, s, due, completed, had, done in chunk:
            if email != last:
                last, head = email, f"{_typed(email)},{_typed(name)},{department[team]}"
            lines.append(f"{head},{course[c]},{status[s]},{due},{completed},{redo[c, s, had, done]}\r\n")
        yield "".join(lines).encode("utf-8")


CSV_ROWS = reports.CHUNK  # rows read and written at a time: about 200 KB of CSV


def _csv_line(cells: list[str]) -> str:
    """One line of the people CSV, as csv.writer writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


class _Cells(dict):
    """A dict that works out a missing key's CSV cell once, from its spreadsheet-safe text."""

    def __init__(self, text) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, key) -> str:
        self[key] = found = _quoted(self.text(key))
        return found


_QUOTED = re.compile('[,"\r\n]')  # what csv.writer quotes a cell for (QUOTE_MINIMAL, CRLF line ends)


def _typed(text: str) -> str:
    """The CSV cell of what someone typed: spreadsheet-safe (`reports.spreadsheet_safe`), quoted."""
    return _quoted("'" + text if text[:1] in reports.FORMULA_FIRST else text)


def _quoted(text: str) -> str:
    """The text as csv.writer writes it among other cells: in quotes, quotes doubled, if need be."""
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def evidence_csv_chunks(person=None) -> Iterator[str]:
    """Yield the ledger's entries (everyone's, or one person's) as labelled CSV after a BOM, one row
    per entry, in ledger order; every cell spreadsheet-safe."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([heading for _, heading in EVIDENCE_COLUMNS])
    labels = _SafeLabels()
    kind = _Once(lambda code: KIND_LABELS.get(code, code))
    titles = {key: version.title for key, version in versions.current_all(PolicyVersion).items()}
    policy = _Once(lambda policy_id: titles.get(policy_id, policy_id))
    for row in bundles.entries(bundles.ledger_head(), person.id if person else None):
        fields = bundles.row_fields(row)
        fields["kind"], fields["passed"] = kind[fields["kind"]], PASSED_LABELS[fields["passed"]]
        fields["policy"] = policy[fields["policy"]] if fields["policy"] else ""
        fields["item"] = labels.stale[(fields["item"],)] if fields["item"] else ""
        writer.writerow([reports.spreadsheet_safe(fields[column]) for column, _ in EVIDENCE_COLUMNS])
        if buffer.tell() > CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def affected_csv(rows: list[redo.Redo]) -> str:
    """The people and courses affected by a change as labelled CSV after a BOM, every cell
    spreadsheet-safe: course titles, status names and the titles of the items to redo."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([heading for _, heading in AFFECTED_COLUMNS])
    labels = _SafeLabels()
    for r in rows:
        cells = [r.email, r.name, r.department or "", labels.course[r.course_id], labels.status[r.status],
                 r.due_date.isoformat(), labels.stale[r.items], r.reason]  # fmt: skip
        writer.writerow([reports.spreadsheet_safe(c) for c in cells])
    return buffer.getvalue()


class _SafeLabels:
    """Spreadsheet-safe labels for codes, each worked out once: `course[id]`, `status[code]`, `stale[ids]`."""

    def __init__(self) -> None:
        titles, items = _titles()
        self.course = _Once(lambda course_id: titles.get(course_id, course_id))
        self.status = _Once(lambda code: STATUS_LABELS.get(code, code))
        self.stale = _Once(lambda item_ids: "; ".join(items.get(item, item) for item in item_ids))


class _Once(dict):
    """A dict that works out a missing key's spreadsheet-safe text once."""

    def __init__(self, text) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, key) -> str:
        self[key] = found = reports.spreadsheet_safe(self.text(key))
        return found


def xlsx_chunks(filters: reports.PeopleFilter) -> Iterator[bytes]:
    """Yield the labelled table as an XLSX workbook.

    openpyxl's write-only mode keeps rows in a temporary file, not in memory; the finished
    workbook is written to another temporary file and read back in chunks.
    """
    with tempfile.TemporaryFile() as target:
        write_xlsx(labelled_rows(filters), target)
        target.seek(0)
        while chunk := target.read(CHUNK):
            yield chunk


def write_xlsx(rows: Iterator[dict], target) -> None:
    """Write labelled rows to a workbook in `target` (a path or a binary file).

    Each sheet has a frozen header row and an autofilter; dates are dates.
    """
    workbook = Workbook(write_only=True)
    sheet, used = None, MAX_SHEET_ROWS
    for row in rows:
        if used == MAX_SHEET_ROWS:
            if sheet is not None:
                _filter(sheet, used)
            sheet, used = _new_sheet(workbook), 1
        sheet.append([_cell(sheet, row[column]) for column, _, _ in COLUMNS])
        used += 1
    if sheet is None:
        sheet, used = _new_sheet(workbook), 1
    _filter(sheet, used)
    workbook.save(target)


def _filter(sheet, rows: int) -> None:
    """Put an autofilter on the header of a sheet of `rows` rows (written at the end of the sheet)."""
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(COLUMNS) - 1)}{rows}"


def _new_sheet(workbook: Workbook):
    number = len(workbook.worksheets) + 1
    sheet = workbook.create_sheet("People" if number == 1 else f"People {number}")
    for index, (_, _, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"  # before the first row: write-only sheets write their view first
    sheet.append([_cell(sheet, heading) for heading in HEADINGS])
    return sheet


def _cell(sheet, value):
    """Return a typed cell: dates as dates, text as text that never runs as a formula."""
    if value is None or value == "":
        return None  # leaves the cell empty
    if isinstance(value, date):  # a datetime is a date too
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = TIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    text = xlsx_text(value)
    if not text:
        return None
    cell = WriteOnlyCell(sheet, value=text)
    if text.startswith(reports.FORMULA_STARTS):
        # Stored as a string, never a formula; quotePrefix keeps it text when someone edits the cell,
        # as a typed leading ' does in Excel, without the ' being part of the value.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_text(value) -> str:
    """Return the text with the characters XML cannot hold dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))
