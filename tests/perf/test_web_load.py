"""The quiz clients read forms as a browser would: checked against html.parser on pages of the app."""

from html.parser import HTMLParser

from tests.perf.web_load import Forms


class ParsedForms(HTMLParser):
    """The reference: the same forms, read by the standard library's HTML parser."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "inputs": []})
        elif tag in ("input", "textarea") and self.forms:
            kind = attrs.get("type", "text").lower() if tag == "input" else "textarea"
            self.forms[-1]["inputs"].append((attrs.get("name"), kind, attrs.get("value") or ""))


AWKWARD = """<input name="before-any-form" value="ignored">
<FORM method=post action='/attempts/7?answered=a&amp;b'>
  <input id="csrf_token" name="csrf_token" type="hidden" value="Ik1h.Zx-Y_&#34;q">
  <input type=radio name=choice value=kind checked>
  <input name="choice" type="checkbox" value='it&#39;s "fine"' data-x="a>b">
  <textarea name="reply" rows="4">Sorry &amp; thanks</textarea>
  <input type="submit">
</form>
<form action=""><input name="q" type="TEXT"/></form>"""


def test_forms_match_the_html_parser_on_awkward_markup():
    assert Forms(AWKWARD).forms == ParsedForms(AWKWARD).forms
    assert Forms(AWKWARD).forms[0]["inputs"][1] == ("choice", "radio", "kind")


def test_forms_match_the_html_parser_on_the_learner_pages(client, employee):
    client.post("/quizzes/basics-quiz/start", data={"token": "load"})
    for path in ("/", "/lessons/basics-reading", "/quizzes/basics-quiz", "/attempts/1", "/account/"):
        page = client.get(path).get_data(as_text=True)
        assert Forms(page).forms == ParsedForms(page).forms, path
        assert Forms(page).forms, path
