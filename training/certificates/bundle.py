"""Every certificate in one ZIP for HR: a PDF each and an index, built in a temporary file."""

import csv
import io
import tempfile
import zipfile

from training.certificates import document
from training.certificates.issue import grouped
from training.certificates.records import everyone
from training.evidence.ledger import utc_iso
from training.status.report import spreadsheet_safe

INDEX_COLUMNS = [
    "file",
    "code",
    "email",
    "name",
    "course",
    "course_title",
    "issued_at",
    "state",
    "revoked_at",
]


def zip_file(course_id: str | None = None, user_id: int | None = None):
    """Return a temporary file holding the ZIP, read from its start; the caller closes it."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, for send_file to stream and close
    try:
        _write(out, course_id, user_id)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _write(out, course_id: str | None, user_id: int | None) -> None:
    index = io.StringIO()
    writer = csv.writer(index, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for view in everyone(course_id, user_id):
            name = document.file_name(view)
            archive.writestr(name, document.pdf(view))
            c, revocation = view.certificate, view.revocation
            revoked_at = utc_iso(revocation.revoked_at) if revocation else ""
            row = [name, grouped(c.code), view.holder.email, view.holder.name, c.course_id, c.course_title,
                   utc_iso(c.issued_at), view.state, revoked_at]  # fmt: skip
            writer.writerow([spreadsheet_safe(value) for value in row])
        archive.writestr("certificates.csv", index.getvalue())
