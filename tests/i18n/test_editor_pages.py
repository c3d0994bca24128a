"""The editor's and the API admin's pages for a German reader: no text of the catalogue left in English.

Each page is read as a browser shows it: every text node (and aria-label) outside a `lang="en"`
container is compared with the English texts of the German catalogue that have a German
translation; a text node that still reads as one of them (placeholders filled in or not) is a text
the page forgot to translate. Problems from `content check` and the API reference stay in English,
in containers marked so.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import opened_state, page_text, save
from tests.editor.test_editor_publish import complete_basics, form_state
from tests.i18n.catalogue import changed_texts
from training.db import db

POLICY = "/editor/policies/demo/edit"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
MUST_ADDRESS = """policy: policies/demo.md
rules:
  - id: must-address
    category: situation
    severity: block
    section: complaints
    detect: must-address
    message: This reply does not yet answer the post in front of you; it needs to say {missing}
"""


def english_texts() -> tuple[set[str], list[re.Pattern]]:
    """The catalogue's English texts that German changes: plain ones, and patterns for the rest."""
    plain, patterns = set(), []
    for text in changed_texts():
        for piece in re.split(r"<[^>]+>", text.replace("%%", "%")):
            piece = " ".join(piece.split())
            if not piece or (piece != text and len(piece.split()) < 3):
                continue  # a short piece between tags ("Edit") may be a word of the German text too
            if not PLACEHOLDER.search(piece):
                plain.add(piece)
                continue
            parts = PLACEHOLDER.split(piece)
            regex = "".join(re.escape(p) if i % 2 == 0 else ".+?" for i, p in enumerate(parts))
            if len(re.findall(r"[^\W\d_]+", PLACEHOLDER.sub("", piece))) >= 2:  # else it reads anything
                patterns.append(re.compile(regex))
    return plain, patterns


class TextNodes(HTMLParser):
    """Collect what a reader sees (text and aria-labels), except inside lang="en", scripts and text boxes."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipped(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = attrs.get("lang") == "en" and tag != "html" or tag in {"script", "style", "textarea", "code"}
        if not self.skipped and not skip and attrs.get("aria-label"):
            self.texts.append(attrs["aria-label"])
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skipped and data.strip():
            self.texts.append(" ".join(data.split()))


def english_left(page: str, english=None) -> list[str]:
    plain, patterns = english or english_texts()
    parser = TextNodes()
    parser.feed(page)
    return [text for text in parser.texts if text in plain or any(p.fullmatch(text) for p in patterns)]


# Pages shown with a saved draft of the policy (so its publish page reviews the change).
PAGES = (
    POLICY,
    "/editor/policies/demo/publish",
    "/editor/courses/new",
    "/editor/courses/basics/new/quiz",
    "/editor/courses/basics/new/lesson",
    "/editor/courses/basics/settings",
    "/editor/courses/basics/order",
    "/editor/insight",
    "/editor/translations/items/basics-reading/de",
    "/editor/coach/edit",
    "/editor/coach/history",
    "/editor/items/basics-secrets/edit",
    "/admin/tokens",
)


@pytest.fixture
def german_admin(make_user, auth, library):
    """A signed-in admin (so also an editor) who reads German, with the test library imported."""
    user = make_user(email="redaktion@example.com", name="Rita Redaktion", roles="admin")
    user.language = "de"
    db.session.commit()
    auth.login(user.email)
    return user


def draft_policy(client, new: str, four_eyes: bool = False) -> None:
    text = bump_version(page_text(client, POLICY).replace("Never post order numbers.", new))
    if four_eyes:
        text = text.replace("grace_days: 10\n", "grace_days: 10\nfour_eyes: true\n")
    assert save(client, POLICY, text).status_code == 302


def approval_page(client, auth, make_user) -> str:
    """The page a second editor reviews a four-eyes request on, German for them too."""
    draft_policy(client, "Never post phone numbers.", four_eyes=True)
    asked = form_state(client.get("/editor/policies/demo/publish").get_data(as_text=True))
    response = client.post("/editor/policies/demo/publish", data=asked | {"retrain": "no", "note": "Telefon"})
    assert response.status_code == 302
    second = make_user(email="zweite@example.com", name="Zora Zweite", roles="editor")
    second.language = "de"
    db.session.commit()
    auth.logout()
    client.get("/login")  # shows the sign-out message, in the language of a signed-out browser
    auth.login(second.email)
    return german_page(client, response.headers["Location"])


def german_page(client, url: str, method: str = "get", data=None, status=(200,)) -> str:
    response = client.open(url, method=method.upper(), data=data)
    assert response.status_code in status, url
    page = response.get_data(as_text=True)
    assert '<html lang="de">' in page
    return page


def test_the_checker_finds_english_left_on_a_page():
    english = english_texts()
    page = '<html lang="de"><p>Save draft</p><p lang="en">Save draft</p><h1>History of Demo</h1></html>'
    assert english_left(page, english) == ["Save draft", "History of Demo"]


def test_every_editor_page_reads_german(client, german_admin, make_user, auth):
    english = english_texts()
    complete_basics(make_user(email="learner@example.com", name="Lee Learner"))
    pages = {"/editor/": german_page(client, "/editor/")}
    draft_policy(client, "Never post emails.")
    for url in PAGES:
        pages[url] = german_page(client, url)
    publish = form_state(pages["/editor/policies/demo/publish"]) | {"retrain": "yes", "note": "E-Mails"}
    assert client.post("/editor/policies/demo/publish", data=publish).status_code == 302
    for url in ("/editor/policies/demo/history", "/editor/policies/demo/diff?old=1&new=2"):
        pages[url] = german_page(client, url)
    pages["invalid course"] = german_page(client, "/editor/courses/new", "post", {"course_id": "x"}, (422,))
    trial = {"text": MUST_ADDRESS, "reply": "Hi Sam, we are on it.", "answers": "complaint",
             "must_address": "sorry, apologi*", "preview": "1", "revision": "", "number": "0"}  # fmt: skip
    pages["coach trial"] = german_page(client, "/editor/coach/edit", "post", trial, (200,))
    trial |= {"save": "1", "preview": ""}
    assert client.post("/editor/coach/edit", data=trial).status_code == 302
    pages["coach publish"] = german_page(client, "/editor/coach/publish")
    token = {"name": "Workday", "scopes": ["read"], "days": "90"}
    pages["new token"] = german_page(client, "/admin/tokens", "post", token)
    lesson = {"item_id": "neue-lektion", "title": "Neue Lektion", "covers": ["demo#speaking"]}
    assert client.post("/editor/courses/basics/new/lesson", data=lesson).status_code == 302
    pages["new lesson"] = german_page(client, "/editor/items/neue-lektion/publish")
    pages["approval"] = approval_page(client, auth, make_user)
    left = {url: english_left(page, english) for url, page in pages.items()}
    assert {url: texts for url, texts in left.items() if texts} == {}
    assert "Inhalte bearbeiten" in pages["/editor/"] and "Entwurf speichern" in pages[POLICY]
    assert "Wer betroffen ist" in pages["/editor/policies/demo/publish"]
    assert "„sorry“ oder „apologi…“" in pages["coach trial"]
    assert "Ihr neues Token „Workday“" in pages["new token"] and "90 Tage" in pages["new token"]
    assert "This field is required." not in pages["invalid course"]
    assert "Damit wird es ans Ende des Kurses „Basics“ gestellt." in pages["new lesson"]
    assert "Freigeben und veröffentlichen" in pages["approval"] and "Keine Nachschulung" in pages["approval"]


def test_the_api_reference_keeps_english_in_a_container_marked_so(client, german_admin):
    page = german_page(client, "/api/v1/")
    assert '<div lang="en">' in page and "<title>API-Referenz" in page


def test_why_a_service_refused_reads_german_too(client, german_admin):
    opened = opened_state(client, POLICY)
    draft_policy(client, "Never post emails.")
    text = bump_version(page_text(client, POLICY).replace("Never post emails.", "Never post names."))
    conflict = save(client, POLICY, text, state=opened)
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    assert "redaktion@example.com hat den Entwurf um " in page
    assert ", nachdem Sie dies geöffnet haben." in page
    assert '<span class="hunk">Zeile ' in page  # the lines of the diff of both texts
    nothing = german_page(client, "/editor/coach/publish", status=(422,))
    assert "<li>Es gibt keinen Entwurf der Regeln zum Veröffentlichen" in nothing
    assert english_left(page) == [] and english_left(nothing) == []
