"""The last English a German reader met (issue 15): dates in ISO form on HR's and the editor's
tables, the words screen readers hear before a diff's marks, why someone has something to redo,
and the error pages werkzeug wrote itself."""

import re

from sqlalchemy import select

from tests.editor.test_editor_publish import complete_basics
from tests.i18n.test_editor_pages import draft_policy, german_admin  # noqa: F401 - fixture
from tests.i18n.test_hr_pages import office  # noqa: F401 - fixture
from training.content.diff import word_diff
from training.models import User
from training.status import reasons

GERMAN_DATE = (
    r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}"
)
ISO_TEXT = re.compile(r">[^<>]*\d{4}-\d\d-\d\d[^<>]*<")  # an ISO date a reader sees, not an attribute's


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_hr_tables_write_dates_the_german_way_and_keep_the_iso_date_for_scripts(client, office):  # noqa: F811
    lee = office["lee"]
    for url in ("/hr/people", "/hr/outdated", f"/hr/people/{lee.id}", "/hr/assignments"):
        page = main(client.get(url).get_data(as_text=True))
        assert not ISO_TEXT.search(page), (url, ISO_TEXT.search(page).group(0))
    people = client.get("/hr/people?search=lee").get_data(as_text=True)
    cells = re.findall(r'<td><time datetime="(\d{4}-\d\d-\d\d)">([^<]+)</time>', people)
    assert len(cells) >= 2  # Lee's due date and completion
    assert all(re.fullmatch(GERMAN_DATE, written) for _, written in cells)


def test_why_someone_has_something_to_redo_reads_german(client, office):  # noqa: F811
    lee = office["lee"]
    person = client.get(f"/hr/people/{lee.id}").get_data(as_text=True)
    assert re.search(r"Was sich geändert hat: Demo policy, Version 2: “[^”]+” geändert \(veröffentlicht am "
                     + GERMAN_DATE, person)  # fmt: skip
    outdated = client.get("/hr/outdated").get_data(as_text=True)
    assert "geändert (veröffentlicht am" in outdated and "changed (published" not in outdated


def test_a_reason_no_template_makes_stays_english_and_marked_so(app):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        shown = str(
            reasons.shown("first published; moved by hand; “Quiz” changed (version 2, published 2026-12-02)")
        )
    assert shown == (
        'erstmals veröffentlicht; <span lang="en">moved by hand</span>; '
        "„Quiz“ geändert (Version 2, veröffentlicht am 2. Dezember 2026)"
    )
    with app.test_request_context(headers={"Accept-Language": "de"}):
        removed = reasons.shown("Demo version 3: “speaking” (removed) changed (published 2026-12-02)")
    assert "„speaking“ (entfernt) geändert" in str(removed)


def test_the_editors_publish_page_says_why_and_when_in_german(client, german_admin, make_user):  # noqa: F811
    complete_basics(make_user(email="learner@example.com", name="Lee Learner"))
    draft_policy(client, "Never post emails.")
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    table = page[page.index("<table", page.index('id="affected"')) :]
    table = table[: table.index("</table>")]
    assert "Lee Learner" in table and "geändert (veröffentlicht am" in table and "published" not in table
    assert re.search(r'<td><time datetime="\d{4}-\d\d-\d\d">' + GERMAN_DATE + "</time></td>", table)
    assert '<span class="visually-hidden">hinzugefügt: </span><ins>' in page
    assert '<span class="visually-hidden">entfernt: </span><del>' in page
    assert "added: " not in page and "removed: " not in page


def test_a_diff_outside_a_request_says_its_marks_in_english():
    assert str(word_diff("a b", "a c")) == (
        'a <span class="visually-hidden">removed: </span><del>b</del>'
        '<span class="visually-hidden">added: </span><ins>c</ins>'
    )


def test_error_pages_werkzeug_would_write_are_german(client, office):  # noqa: F811
    refused = client.get("/logout")  # sign-out takes a POST only
    assert refused.status_code == 405
    page = refused.get_data(as_text=True)
    assert '<html lang="de">' in page and "Hier nicht möglich" in page and "Method Not Allowed" not in page
    hanna = client.application.extensions["sqlalchemy"].session.scalar(
        select(User.id).where(User.email == "hanna@example.com")
    )
    nul = client.get(f"/hr/people/{hanna}?search=a%00b")
    assert nul.status_code == 400
    assert "enthielt ein NUL-Zeichen" in nul.get_data(as_text=True)
