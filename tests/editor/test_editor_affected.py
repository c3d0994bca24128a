"""The review before publishing names everyone who gets something to redo, as /hr/outdated will."""

import codecs
import csv
import io
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event

from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from tests.editor.test_editor_publish import complete_basics
from training.db import db, utcnow
from training.editor import publish as editing_publish
from training.hr import exports
from training.learning import courses as learning
from training.status import redo

POLICY = "/editor/policies/demo/edit"
QUIZ = "/editor/items/basics-quiz/edit"


def publish(client, kinds: str, key: str, retrain: str = "yes"):
    page = client.get(f"/editor/{kinds}/{key}/publish").get_data(as_text=True)
    data = dict(re.findall(r'name="(revision|number)" type="hidden" value="([^"]*)"', page))
    data |= {"retrain": retrain, "note": ""}
    if kinds == "policies":
        data["effective"] = utcnow().date().isoformat()
    response = client.post(f"/editor/{kinds}/{key}/publish", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def change_quiz(client) -> None:
    text = page_text(client, QUIZ)
    assert (
        save(client, QUIZ, text.replace("Blocking looks like hiding.", "Blocking looks evasive.")).status_code
        == 302
    )
    publish(client, "items", "basics-quiz")


def change_secrets_section(client) -> None:
    text = page_text(client, POLICY).replace(
        "Never post order numbers.", "Never post order numbers or emails."
    )
    assert save(client, POLICY, bump_version(text)).status_code == 302


def listed(page: str) -> list[str]:
    """The email addresses in the review's table of affected people, in order."""
    table = page.split('id="affected"', 1)[1]
    return re.findall(r'<span class="meta">([^<@]+@example\.com)</span>', table)


@pytest.fixture
def editor(make_user, auth, library):
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor hr")
    auth.login(user.email)
    return user


@pytest.fixture
def ann_ben_cat(editor, make_user, client):
    """Ann completed the course before a quiz change (so her quiz is stale), Ben completed it after,
    Cat only read the lesson about secrets."""
    ann = make_user(email="ann@example.com", name="Ann Early")
    complete_basics(ann)
    change_quiz(client)
    ben = make_user(email="ben@example.com", name="Ben Complete")
    complete_basics(ben)
    cat = make_user(email="cat@example.com", name="Cat Partway")
    learning.complete_lesson(cat, "basics-secrets")
    return ann, ben, cat


def test_the_review_names_completers_part_way_people_and_those_already_outdated(client, ann_ben_cat):
    assert [r.email for r in redo.page()] == ["ann@example.com"]
    change_secrets_section(client)
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    assert sorted(listed(page)) == ["ann@example.com", "ben@example.com", "cat@example.com"]
    assert 'class="outdated-count">3<' in page
    publish(client, "policies", "demo")
    shown = client.get("/hr/outdated").get_data(as_text=True)
    assert re.search(r"\b3 people and courses\b", shown)
    rows = {r.email: r for r in redo.page()}
    assert set(rows) == {"ann@example.com", "ben@example.com", "cat@example.com"}
    assert rows["cat@example.com"].items == ("basics-secrets",)
    assert rows["cat@example.com"].status == "in_progress"
    assert rows["ben@example.com"].items == ("basics-secrets",)


def days_on(days: int) -> tuple:
    """`days` after today, or after yesterday: the dates a test that ran across midnight UTC may see."""
    today = utcnow().date()
    return (today + timedelta(days=days), today + timedelta(days=days - 1))


def test_an_already_outdated_person_gets_the_earlier_deadline_and_both_changes(client, ann_ben_cat):
    (before,) = redo.page()
    assert before.due_date in days_on(30)  # the course's due_days
    change_secrets_section(client)
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    ann_row = page.split("ann@example.com", 1)[1].split("</tr>", 1)[0]
    assert any(day.isoformat() in ann_row for day in days_on(10))  # the policy's grace_days
    publish(client, "policies", "demo")
    ann = next(r for r in redo.page() if r.email == "ann@example.com")
    assert ann.due_date in days_on(10)
    assert ann.items == ("basics-secrets", "basics-quiz")
    assert any("“Basics quiz” changed (version 2" in r for r in ann.reasons)
    assert any("Demo policy version 2: “Secrets” changed" in r for r in ann.reasons)


def test_the_review_predicts_exactly_what_publishing_does_and_changes_nothing(client, editor, ann_ben_cat):
    change_secrets_section(client)
    snapshot = list(redo.every())
    review, _ = editing_publish.review_draft(editor, "policy", "demo")
    assert list(redo.every()) == snapshot
    assert client.get("/editor/policies/demo/publish").status_code == 200
    assert list(redo.every()) == snapshot
    publish(client, "policies", "demo")
    # The same rows but for when the change happened (the review's publish was a moment earlier).
    assert {r.key: replace(r, changed_at=None) for r in redo.every()} == {
        r.key: replace(r, changed_at=None) for r in review.affected
    }


def test_no_retraining_is_counted_separately_and_downloadable(client, ann_ben_cat):
    change_secrets_section(client)
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    assert "With <strong>no retraining</strong>: 0 people." in page
    response = client.get("/editor/policies/demo/publish/affected.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset, named once
    data = response.get_data()
    assert data.startswith(codecs.BOM_UTF8)  # so that Excel reads names like "María" as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted(r["Email"] for r in rows) == ["ann@example.com", "ben@example.com", "cat@example.com"]
    ann = {r["Email"]: r for r in rows}["ann@example.com"]
    assert ann["Items to redo"] == "Keeping secrets; Basics quiz"
    without = client.get("/editor/policies/demo/publish/affected.csv?retraining=no").get_data(as_text=True)
    assert without.splitlines() == ["\ufeff" + ",".join(heading for _, heading in exports.AFFECTED_COLUMNS)]


def test_the_download_has_labels_not_codes(client, ann_ben_cat):
    """Headings, the course's title, the status's name and the items' titles, as the people export has."""
    change_secrets_section(client)
    data = client.get("/editor/policies/demo/publish/affected.csv").get_data().decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(data)))
    assert header == ["Email", "Name", "Department", "Course", "Status", "Due date", "Items to redo", "Why"]
    ann = next(dict(zip(header, line, strict=True)) for line in lines if line[0] == "ann@example.com")
    assert (ann["Course"], ann["Status"]) == ("Basics", "Outdated")
    assert ann["Items to redo"] == "Keeping secrets; Basics quiz"


def test_the_list_is_searchable_and_paginated(client, editor, make_user):
    for n in range(55):
        complete_basics(make_user(email=f"person{n:02}@example.com", name=f"Person {n:02}"))
    change_secrets_section(client)
    first = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    assert len(listed(first)) == 50
    assert "55 people and courses, rows 1–50" in first
    second = client.get("/editor/policies/demo/publish?page=2").get_data(as_text=True)
    assert len(listed(second)) == 5
    found = client.get("/editor/policies/demo/publish?q=PERSON%2007").get_data(as_text=True)
    assert listed(found) == ["person07@example.com"]
    csv_text = client.get("/editor/policies/demo/publish/affected.csv?q=person07").get_data(as_text=True)
    assert len(csv_text.splitlines()) == 2


def test_a_formula_in_a_name_is_neutralised_in_the_download(client, editor, make_user):
    complete_basics(make_user(email="eve@example.com", name='=HYPERLINK("http://x")'))
    change_secrets_section(client)
    text = client.get("/editor/policies/demo/publish/affected.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_predicting_costs_the_same_statements_however_many_people(app, client, editor, make_user):
    change_secrets_section(client)
    statements = []

    def count(*args):
        statements.append(args[2])

    def predicted() -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            client.get("/editor/policies/demo/publish")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    for n in range(3):
        complete_basics(make_user(email=f"few{n}@example.com"))
    few = predicted()
    for n in range(30):
        complete_basics(make_user(email=f"many{n}@example.com"))
    assert predicted() == few
