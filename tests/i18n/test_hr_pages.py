"""HR's pages, the error pages and HR's digest for a German reader: nothing of the catalogue left in English.

A page is read as a browser shows it: each text node, aria-label and title outside a `lang="en"`
container (and outside code) is compared with the catalogue's English texts that German changes. A
node that is one of them, or that holds one of four words or more, is a text the page forgot.
"""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select, update

from tests.conftest import PASSWORD
from tests.hr.test_dashboard import WRONG_PATH, change_policy, import_people, play
from tests.i18n.catalogue import changed_texts
from tests.smtp import body, smtp_fixture  # noqa: F401 - fixture
from tests.status.test_reports import complete_course
from training.db import db
from training.hr import reminders
from training.learning import acknowledgements
from training.models import Attempt, Certificate, User

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
SKIPPED = {"script", "style", "code", "pre", "textarea"}


def english_texts() -> set[str]:
    """The English texts (and the pieces between their tags) that German writes differently."""
    texts = set()
    for text in changed_texts():
        whole = " ".join(text.split()).strip(" .,:;()")
        if not PLACEHOLDER.search(text) and "<" not in text:
            texts.add(whole)
            continue
        for piece in PLACEHOLDER.split(re.sub(r"<[^>]+>", "\0", text)):
            for part in piece.split("\0"):
                part = " ".join(part.split()).strip(" .,:;()")
                if len(part.split()) >= 2:  # one word of a longer text may be German too ("Version")
                    texts.add(part)
    return texts


class Reader(HTMLParser):
    """What a reader sees and hears: text, aria-labels and titles, except in lang="en" and code."""

    def __init__(self):
        super().__init__()
        self.open: list[bool] = []  # per open element: whether it is skipped
        self.seen: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = (attrs.get("lang") == "en" and tag != "html") or tag in SKIPPED
        if not any(self.open) and not skip:
            self.seen += [attrs[a] for a in ("aria-label", "title") if attrs.get(a)]
        if tag not in {"br", "input", "meta", "link", "img", "hr", "rect", "path", "line", "circle"}:
            self.open.append(skip)

    def handle_startendtag(self, tag, attrs):
        if not any(self.open) and dict(attrs).get("aria-label"):
            self.seen.append(dict(attrs)["aria-label"])

    def handle_endtag(self, tag):
        if self.open and tag not in {"br", "input", "meta", "link", "img", "hr"}:
            self.open.pop()

    def handle_data(self, data):
        if not any(self.open) and data.strip():
            self.seen.append(" ".join(data.split()))


def left_in_english(html: str, english: set[str]) -> list[str]:
    reader = Reader()
    reader.feed(html)
    long = [e for e in english if len(e.split()) >= 4]
    found = []
    for text in reader.seen:
        bare = text.strip(" .,:;()·")
        if bare in english or any(e in text for e in long):
            found.append(text)
    return found


@pytest.fixture
def office(client, make_user, library, tmp_path):
    """A German HR person signed in, and people with every kind of record HR's pages show."""
    hr = make_user(email="hanna@example.com", name="Hanna", roles="hr", department="Personal")
    db.session.execute(update(User).where(User.id == hr.id).values(language="de"))
    db.session.commit()
    lee, new, gone = import_people(
        [("lee@example.com", "Sales"), ("neu@example.com", "Sales"), ("weg@example.com", "Legal")]
    )
    play(lee, WRONG_PATH, "first")
    complete_course(lee)
    acknowledgements.acknowledge(lee, "demo", acknowledgements.current("demo").id)
    change_policy(tmp_path)  # Lee is out of date now
    assert client.post("/login", data={"email": hr.email, "password": PASSWORD}).status_code == 302
    client.post(f"/hr/people/{gone.id}/deactivate", data={"confirm": "yes"})
    return {"lee": lee, "new": new, "gone": gone}


def hr_pages(office) -> list[str]:
    lee, gone = office["lee"], office["gone"]
    attempt = db.session.scalar(select(Attempt.id).where(Attempt.user_id == lee.id))
    certificate = db.session.scalar(select(Certificate.id).where(Certificate.user_id == lee.id))
    return [
        "/hr/", "/hr/?department=Sales&status=outdated", "/hr/?department=Nowhere&course=basics",
        "/hr/people", "/hr/people?search=nobody", "/hr/people/deactivated", f"/hr/people/{lee.id}",
        f"/hr/people/{gone.id}", f"/hr/people/{office['new'].id}/deactivate",
        f"/hr/people/{lee.id}/attempts/{attempt}", "/hr/assignments", "/hr/outdated",
        "/hr/outdated?department=Legal", "/hr/insight", "/hr/invitations", "/hr/evidence",
        "/hr/evidence?email=lee@example.com", f"/hr/certificates/{certificate}/revoke", "/hr/no-such-page",
    ]  # fmt: skip


def test_every_hr_page_reads_german(client, office):
    english, left = english_texts(), {}
    for url in hr_pages(office):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.get_data(as_text=True)
        assert '<html lang="de">' in html, url
        if found := left_in_english(html, english):
            left[url] = found
    assert left == {}
    person = client.get(f"/hr/people/{office['lee'].id}").get_data(as_text=True)
    assert "Was sich geändert hat: Demo policy, Version 2: " in person  # the status query's words, in German


def test_the_dashboard_writes_dates_and_percentages_the_german_way(client, office):
    page = client.get("/hr/").get_data(as_text=True)
    assert (
        "<strong>0 von 3</strong> Personen (0\xa0%) haben alle ihnen zugewiesenen Kurse vollständig"
        " und aktuell abgeschlossen." in page
    )
    assert re.search(
        r"\d+\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}",
        page,
    )
    assert "0\xa0% abgeschlossen" in page and not re.search(r"\d%", page)  # "80 %", never "80%"


def test_hr_forms_say_their_errors_in_german(client, office):
    page = client.post("/hr/assignments", data={"course": "basics", "scope": "department", "due_kind": "days",
                                                "due_days": "30"}).get_data(as_text=True)  # fmt: skip
    assert "Wählen Sie eine Abteilung." in page and "Choose a department." not in page
    lee = office["lee"]
    page = client.post(f"/hr/people/{lee.id}/extensions", data={"extension-course": "basics"})
    assert "Geben Sie das neue Fälligkeitsdatum an." in page.get_data(as_text=True)
    client.post(f"/hr/people/{office['new'].id}/deactivate", data={"confirm": "yes"})
    page = client.get(f"/hr/people/{office['new'].id}").get_data(as_text=True)
    assert "Neu ist deaktiviert; die Daten bleiben erhalten." in page


def test_a_services_refusal_reads_german_or_is_marked_english(client, office):
    hanna = db.session.scalar(select(User).where(User.email == "hanna@example.com"))
    client.post(f"/hr/people/{hanna.id}/deactivate", data={"confirm": "yes"})
    page = client.get(f"/hr/people/{hanna.id}").get_data(as_text=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in page
    form = {"course": "basics", "scope": "person", "emails": "nobody@example.com", "due_kind": "days",
            "due_days": "30"}  # fmt: skip
    page = client.post("/hr/assignments", data=form).get_data(as_text=True)
    assert '<span lang="en">No person with the email address nobody@example.com.</span>' in page


def test_the_pages_shown_without_a_database_speak_the_browsers_language(app):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        page = app.jinja_env.get_template("errors/unavailable.html").render()
    assert '<html lang="de">' in page and "Die Website ist kurz nicht verfügbar" in page


def test_hr_gets_the_digest_in_their_language(app, smtp, office):
    hanna = db.session.scalar(select(User).where(User.email == "hanna@example.com"))
    app.config["HR_DIGEST_TO"] = hanna.email
    reminders.send_reminders()
    [digest] = [m for m in smtp.to(hanna.email) if "Schulungserinnerung" not in m["Subject"]]
    assert digest["Subject"].startswith("Schulungsübersicht vom ")
    text = body(digest)
    assert "Personen mit zugewiesenen Kursen, nach Status" in text and "Nicht begonnen" in text
    assert "People on assigned courses" not in text and "Training digest" not in text


def test_why_someone_was_not_invited_reads_german(client, smtp, office):
    gone = office["gone"]
    client.post("/hr/invitations", data={"scope": "selected", "people": [gone.id]})
    page = client.get("/hr/invitations").get_data(as_text=True)
    assert "Nicht eingeladen: weg@example.com, deaktiviert." in page
