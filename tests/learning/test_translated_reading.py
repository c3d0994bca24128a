"""Learners read a current translation in their language, else the source with a notice; what they
complete or acknowledge counts against the source and records the language read."""

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.content_edits import bump_version
from tests.translations import translated_library
from training.db import db
from training.editor import library as content_service
from training.learning import reading
from training.models import Acknowledgement, Completion, EvidenceEntry
from training.status import published
from training.status import query as status_query

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
NOTICE = '<p class="notice" role="status">'  # the stale translation notice (in the reader's language)


@pytest.fixture
def root(app, tmp_path):
    root = translated_library(tmp_path)
    content_service.import_directory(root)
    return root


@pytest.fixture
def german(root, client, make_user):
    user = make_user(email="greta@example.com", name="Greta")
    client.post("/login", data={"email": user.email, "password": PASSWORD}, headers=GERMAN)
    return user


def get(client, url: str) -> str:
    response = client.get(url, headers=GERMAN)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def post(client, url: str, data: dict):
    response = client.post(url, data=data, headers=GERMAN)  # the tests' app checks no CSRF token
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    return response


def edit(root, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text
    text = text.replace(old, new)
    path.write_text(bump_version(text) if relative.startswith("policies/") else text)
    content_service.import_directory(root)


def test_a_german_reader_sees_the_translation_and_an_english_one_the_source(german, client):
    lesson = get(client, "/lessons/basics-reading")
    assert "Beschwerden lesen" in lesson and "Entschuldigen Sie sich." in lesson and NOTICE not in lesson
    assert "Grundlagen" in lesson  # the course's title in the breadcrumb
    course = get(client, "/courses/basics")
    assert "Grundlagen" in course and "Ein kurzer Kurs für Tests." in course and "Keeping secrets" in course
    source = published.now().items["basics-reading"]
    english = reading.item(source, "en")
    assert (english.language, english.stale, english.title) == ("en", False, "Reading complaints")
    assert "Say sorry." in english.html
    assert reading.item(source, "fr").language == "en"  # no French translation: the source, no notice


def test_a_stale_translation_shows_the_source_with_a_notice_until_it_is_updated(german, client, root):
    edit(root, "courses/basics/basics-reading.md", "Say sorry.", "Say sorry and mean it.")
    page = get(client, "/lessons/basics-reading")
    assert "Say sorry and mean it." in page and "Entschuldigen" not in page
    assert NOTICE in page and 'lang="en"' in page
    edit(
        root,
        "courses/basics/basics-reading.de.md",
        "Entschuldigen Sie sich.",
        "Entschuldigen Sie sich ehrlich.",
    )
    page = get(client, "/lessons/basics-reading")
    assert "Entschuldigen Sie sich ehrlich." in page and NOTICE not in page


def test_a_lesson_read_in_german_counts_against_the_source_fingerprint_and_records_german(
    german, client, root
):
    post(client, "/lessons/basics-reading/complete", {"version": "1"})
    done = db.session.scalar(select(Completion).where(Completion.user_id == german.id))
    assert done.language == "de"
    entry = db.session.scalar(select(EvidenceEntry).where(EvidenceEntry.kind == "completion"))
    assert entry.payload["language"] == "de" and entry.payload["fingerprint"] == done.fingerprint
    edit(root, "courses/basics/basics-reading.md", "Say sorry.", "Say sorry and mean it.")
    post(client, "/lessons/basics-reading/complete", {"version": "2"})
    again = db.session.scalars(
        select(Completion).where(Completion.user_id == german.id).order_by(Completion.id)
    )
    assert [c.language for c in again] == ["de", "en"]  # the stale translation was not read


def test_a_quiz_played_in_german_is_graded_on_the_sources_choices(german, client):
    page = get(client, "/quizzes/basics-quiz")
    assert "Sie betreuen das Unternehmenskonto." in page
    attempt = post(client, "/quizzes/basics-quiz/start", {"token": "t" * 22}).headers["Location"]
    for step, picks in (("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])):
        page = get(client, attempt)
        assert "Eine Kundin" in page or "Mehrere" in page or "Wer darf" in page
        response = post(client, attempt, {"step_id": step, "choice": picks})
        feedback = get(client, response.headers["Location"])  # above the next step or the result
        assert "Rückmeldung zu Schritt" in feedback
        assert "Richtig" in feedback or "Bestätigen" in feedback or "Unterschrift" in feedback
    done = db.session.scalar(select(Completion).where(Completion.item_id == "basics-quiz"))
    assert done.language == "de" and done.score == 100


def test_an_acknowledgement_in_german_records_german_and_the_source_version(german, client, root):
    page = get(client, "/policies/demo")
    assert "Demo-Richtlinie" in page and "Nur das Social-Media-Team" in page
    post(client, "/policies/demo/acknowledge", {"confirm": "y", "version_id": "1"})
    record = db.session.scalar(select(Acknowledgement))
    assert (record.language, record.version_label) == ("de", "1")
    edit(root, "policies/demo.md", "Never post order numbers.", "Never post order or card numbers.")
    page = get(client, "/policies/demo")
    assert NOTICE in page and "card" in page and "Nur das Social-Media-Team" not in page


def test_status_is_the_same_whichever_language_was_read(german, client, make_user):
    for item in ("basics-reading", "basics-secrets"):
        post(client, f"/lessons/{item}/complete", {"version": "1"})
    rows = {r.course_id: r.status for r in status_query.person_rows(german.id)}
    assert rows["basics"] == "in_progress"


def owed_list(page: str) -> str:
    return page.split('id="owed-heading"')[1].split("</section>")[0]


def test_the_home_page_names_an_owed_policy_in_german_while_its_translation_is_current(german, client, root):
    assert "Demo-Richtlinie, Version 1" in owed_list(get(client, "/"))
    edit(root, "policies/demo.md", "Never post order numbers.", "Never post order or card numbers.")
    owed = owed_list(get(client, "/"))  # the translation waits for an update: the source's title
    assert "Demo policy, Version 2" in owed and "Demo-Richtlinie" not in owed
    german_file = root / "policies" / "demo.de.md"
    german_file.write_text(
        german_file.read_text().replace("niemals Bestellnummern", "niemals Bestell- oder Kartennummern")
    )
    content_service.import_directory(root)
    assert "Demo-Richtlinie, Version 2" in owed_list(get(client, "/"))


def test_the_policy_page_marks_the_language_its_words_are_shown_in(german, client, root):
    page = get(client, "/policies/demo")
    assert '<div class="policy-text" lang="de">' in page and '<h1 lang="de">Demo-Richtlinie</h1>' in page
    edit(root, "policies/demo.md", "Never post order numbers.", "Never post order or card numbers.")
    page = get(client, "/policies/demo")  # stale: the English source, marked so for screen readers
    text = page.split('<div class="policy-text" lang="en">')[1]
    assert "Never post order or card numbers." in text and '<h1 lang="en">Demo policy</h1>' in page
    assert NOTICE in page.split('<div class="policy-text"')[0]  # the notice, in German, stays outside
