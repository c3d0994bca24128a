"""Render markdown to sanitised HTML: the one function every page and preview uses."""

from html import escape
from html.parser import HTMLParser

import markdown as md
import nh3
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# Raw HTML in the text loses every attribute before this list applies (see _StripRawAttributes),
# so only attributes the renderer made itself get here: heading ids from `{#id}`, footnote links,
# link and image titles, abbreviations' titles.
ALLOWED_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Every id the text makes carries this prefix, so `## Main {#main}` cannot clash with the page's own ids.
ID_PREFIX = "md-"
# md_in_html (part of "extra") is left out on purpose: it turns raw HTML into elements, attributes and all.
EXTENSIONS = ["fenced_code", "footnotes", "attr_list", "def_list", "tables", "abbr", "sane_lists"]


class _Attributes(HTMLParser):
    """Rewrite a piece of raw HTML with its tags kept but all their attributes dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "a":  # a link without its address is no link: keep only its text
            self.out.append(f"<{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag != "a":
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def _without_attributes(html: str) -> str:
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


class _StripRawAttributes(Postprocessor):
    """Raw HTML written in the text keeps its (later sanitised) tags but none of its attributes.

    A `class` or `id` there could dress a paragraph up as a site notice or clash with the page.
    Fenced code is kept in the same store; it loses only its `language-…` class.
    """

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str):
                blocks[index] = _without_attributes(block)
        return text


class _GeneratedAttributes(Treeprocessor):
    """Prefix the ids markdown made (and in-page links to them); drop classes set with `{: .x}`."""

    def run(self, root):
        for element in root.iter():
            element.attrib.pop("class", None)
            if "id" in element.attrib:
                element.set("id", ID_PREFIX + element.get("id"))
            href = element.get("href")
            if element.tag == "a" and href and href.startswith("#"):
                element.set("href", f"#{ID_PREFIX}{href[1:]}")


class _Safety(md.Extension):
    def extendMarkdown(self, markdown):  # noqa: N802 - the name Python-Markdown calls
        markdown.treeprocessors.register(_GeneratedAttributes(markdown), "generated_attributes", 1)
        markdown.postprocessors.register(_StripRawAttributes(markdown), "strip_raw_attributes", 35)


def render(text: str) -> str:
    """Return safe HTML for markdown `text`: scripts, unsafe links and raw HTML's attributes removed."""
    html = md.markdown(text, extensions=[*EXTENSIONS, _Safety()], output_format="html")
    return clean(html)


def clean(html: str, classes: dict[str, set[str]] | None = None) -> str:
    """Keep only what rendered markdown may hold, and the `classes` (per tag) the site adds itself."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        allowed_classes=classes,
    )


def render_inline(text: str) -> str:
    """Render a one-line markdown fragment (a choice's text) without the wrapping paragraph."""
    html = render(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
