"""The people CSV, byte for byte, for a varied office (issue 17 made its writing faster, not different).

Names and departments that a spreadsheet would run as a formula, that need CSV quoting (commas,
quotes, line breaks) or that carry accents; every status, expired included; items to redo for
someone who had completed a course and for someone at it; an extension. Checked twice: against
the same rows written out cell by cell from the completion report (`completion_rows`, the CLI's
path) with csv and `spreadsheet_safe`, and against the bytes themselves.
"""

import csv
import io
from datetime import date

import pytest

from tests.status import test_recertification
from tests.status.test_recertification import on
from tests.status.test_reports import complete_course
from training.content import versions
from training.editor import library as content_service
from training.hr import dashboard, exports
from training.learning import courses as learning
from training.models import ItemVersion
from training.status import due_extensions
from training.status import report as reports
from training.templating import STATUS_LABELS

tree, clock, learner = test_recertification.tree, test_recertification.clock, test_recertification.learner

EXPECTED = "\r\n".join([
    '\ufeffEmail,Name,Department,Course,Status,Due date,Completed (UTC),Items to redo',
    '\'=cmd@example.com,"\'=HYPERLINK(""http://x.example"")",\'+Sales,Basics,Not started,2026-03-22,,',
    '\'=cmd@example.com,"\'=HYPERLINK(""http://x.example"")",\'+Sales,Yearly course,Not started,2026-03-22,,',
    'ad@example.com,María López,"Care, North",Basics,Outdated,2026-03-27,2026-02-20 09:00,Reading complaints',
    'ad@example.com,María López,"Care, North",Yearly course,Not started,2026-03-22,,',
    'b.busy@example.com,"Bo ""Busy"" Brown",\'-2+3,Basics,In progress,2026-03-22,,Reading complaints',
    'b.busy@example.com,"Bo ""Busy"" Brown",\'-2+3,Yearly course,Not started,2026-03-22,,',
    "c.idle@example.com,'@SUM(A1),'\tTabbed,Basics,Not started,2026-03-22,,",
    "c.idle@example.com,'@SUM(A1),'\tTabbed,Yearly course,Not started,2026-03-22,,",
    'd.line@example.com,"Line\nBreak","\'\rcmd",Basics,Not started,2026-03-22,,',
    'd.line@example.com,"Line\nBreak","\'\rcmd",Yearly course,Not started,2026-03-22,,',
    'e.ext@example.com,"Ext, Ended",Ünits,Basics,In progress,2026-04-30,,',
    'e.ext@example.com,"Ext, Ended",Ünits,Yearly course,Not started,2026-03-22,,',
    'f.fresh@example.com,Fresh,,Basics,Completed,2026-03-22,2026-02-25 09:00,',
    'f.fresh@example.com,Fresh,,Yearly course,Not started,2026-03-22,,',
    'hr@example.com,Harriet,People,Basics,Not started,2026-03-22,,',
    'hr@example.com,Harriet,People,Yearly course,Not started,2026-03-22,,',
    'learner@example.com,Test Person,Customer Care,Basics,Overdue,2026-02-28,,',
    'learner@example.com,Test Person,Customer Care,Yearly course,Expired,2026-02-28,2026-01-31 09:00,',
    "",
])  # fmt: skip


def office(tree, make_user, clock):
    """Everyone on 2 March 2026: the learner's yearly course expired, basics overdue for her."""
    on(clock, date(2026, 2, 20))
    hr = make_user(email="hr@example.com", name="Harriet", roles="hr", department="People")
    people = {
        "=cmd@example.com": ('=HYPERLINK("http://x.example")', "+Sales"),
        "ad@example.com": ("María López", "Care, North"),
        "b.busy@example.com": ('Bo "Busy" Brown', "-2+3"),
        "c.idle@example.com": ("@SUM(A1)", "\tTabbed"),
        "d.line@example.com": ("Line\nBreak", "\rcmd"),
        "e.ext@example.com": ("Ext, Ended", "Ünits"),
        "f.fresh@example.com": ("Fresh", ""),
    }
    made = {email: make_user(email=email, name=name, department=department)
            for email, (name, department) in people.items()}  # fmt: skip
    complete_course(made["ad@example.com"])
    learning.complete_lesson(made["b.busy@example.com"], "basics-reading")
    learning.complete_lesson(made["e.ext@example.com"], "basics-secrets")
    on(clock, date(2026, 2, 25))
    lesson = tree / "courses" / "basics" / "basics-reading.md"
    lesson.write_text(lesson.read_text().replace(".", ". Changed.", 1))
    content_service.import_directory(tree)
    ext = made["e.ext@example.com"]
    due_extensions.extend(hr, ext.id, "basics", date(2026, 4, 30), "On leave")
    complete_course(made["f.fresh@example.com"])  # after the change: completed as it is now
    on(clock, date(2026, 3, 2))
    return hr


def cell_by_cell() -> str:
    """The export as the completion report's rows, each cell written and guarded on its own."""
    titles = dashboard.course_titles()
    items = {key: version.title for key, version in versions.current_all(ItemVersion).items()}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(reports.BOM)
    writer.writerow(exports.HEADINGS)
    for row in reports.completion_rows():
        completed = row["completed_at"][:16].replace("T", " ")
        cells = [row["email"], row["name"], row["department"], titles.get(row["course"], row["course"]),
                 STATUS_LABELS[row["status"]], row["due_date"], completed,
                 "; ".join(items.get(i, i) for i in row["stale_items"])]  # fmt: skip
        writer.writerow([reports.spreadsheet_safe(c) for c in cells])
    return buffer.getvalue()


@pytest.mark.parametrize("rows_at_a_time", [exports.CSV_ROWS, 5, 1])
def test_the_people_csv_is_pinned_byte_for_byte(
    tree, learner, make_user, clock, auth, client, monkeypatch, rows_at_a_time
):
    monkeypatch.setattr(exports, "CSV_ROWS", rows_at_a_time)  # read in one chunk, and in several
    office(tree, make_user, clock)
    auth.login("hr@example.com")
    data = client.get("/hr/people/export.csv").get_data()
    assert data == cell_by_cell().encode("utf-8")
    statuses = {r["status"] for r in reports.completion_rows()}
    assert statuses == set(reports.URGENCY)
    assert data.decode("utf-8") == EXPECTED
