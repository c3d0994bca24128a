"""Downloads of the people table: CSV and XLSX, with the table's filters, streamed."""

from collections.abc import Iterator

from flask import Response, request, stream_with_context

from training.db import read_snapshot, utcnow
from training.hr import exports
from training.hr.forms import PeopleFilterForm
from training.hr.views import bp
from training.hr.views.people import filter_choices

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(chunks: Iterator, filename: str, content_type: str) -> Response:
    """Stream `chunks` as an attachment; the request (and its database session) lasts until the end."""
    # content_type, not mimetype: werkzeug adds "; charset=utf-8" to a text/* mimetype, a second time here.
    response = Response(stream_with_context(_from_one_snapshot(chunks)), content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _from_one_snapshot(chunks: Iterator) -> Iterator:
    """Yield `chunks`, every query behind them reading the same moment, while others write on."""
    with read_snapshot():
        yield from chunks


def _filters():
    """The people table's filters, read by the same form as the table, so both list the same rows."""
    return filter_choices(PeopleFilterForm(formdata=request.args)).people_filter()


@bp.get("/people/export.csv")
def export_people_csv():
    filters = _filters()
    return download(exports.csv_chunks(filters), exports.filename("csv", utcnow().date()), CSV)


@bp.get("/people/export.xlsx")
def export_people_xlsx():
    filters = _filters()
    return download(exports.xlsx_chunks(filters), exports.filename("xlsx", utcnow().date()), XLSX)
