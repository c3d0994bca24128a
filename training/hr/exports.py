"""Downloads of the people table as CSV and XLSX, streamed so memory does not grow with the rows.

Both formats carry the rows and columns of `flask report completion`, narrowed by the same
filters as the people table, and pass every cell through `reports.spreadsheet_safe`.
"""

import tempfile
from collections.abc import Iterator
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from training.status import report as reports

CHUNK = 64 * 1024
MAX_SHEET_ROWS = 1_048_576  # Excel's limit, header row included
WIDTHS = {"email": 32, "name": 24, "department": 20, "course": 20, "status": 12, "due_date": 12,
          "completed_at": 20, "stale_items": 30}  # fmt: skip


def filename(extension: str, today: date) -> str:
    return f"people-{today.isoformat()}.{extension}"


def csv_chunks(filters: reports.PeopleFilter) -> Iterator[bytes]:
    """Yield the people table as UTF-8 CSV, byte for byte what `report completion` prints."""
    for text in reports.as_csv(reports.completion_rows(filters)):
        yield text.encode("utf-8")


def xlsx_chunks(filters: reports.PeopleFilter) -> Iterator[bytes]:
    """Yield the people table as an XLSX workbook.

    openpyxl's write-only mode keeps rows in a temporary file, not in memory; the finished
    workbook is written to another temporary file and read back in chunks.
    """
    with tempfile.TemporaryFile() as target:
        write_xlsx(reports.completion_rows(filters), target)
        target.seek(0)
        while chunk := target.read(CHUNK):
            yield chunk


def write_xlsx(rows: Iterator[dict], target) -> None:
    """Write report rows to a workbook in `target` (a path or a binary file)."""
    workbook = Workbook(write_only=True)
    sheet, used = None, MAX_SHEET_ROWS
    for row in rows:
        if used == MAX_SHEET_ROWS:
            sheet, used = _new_sheet(workbook), 1
        sheet.append([xlsx_cell(row[c]) for c in reports.COLUMNS])
        used += 1
    if sheet is None:
        _new_sheet(workbook)
    workbook.save(target)


def _new_sheet(workbook: Workbook):
    number = len(workbook.worksheets) + 1
    sheet = workbook.create_sheet("People" if number == 1 else f"People {number}")
    for index, column in enumerate(reports.COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = WIDTHS[column]
    sheet.append([xlsx_cell(c) for c in reports.COLUMNS])
    return sheet


def xlsx_cell(value) -> str | None:
    """Return the cell text: lists joined as in CSV, characters XML cannot hold dropped, made safe."""
    if isinstance(value, list):
        value = ";".join(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return reports.spreadsheet_safe(text) or None  # None leaves the cell empty
