"""Word diffs that mark added words with <ins> and removed ones with <del>: of plain text, and of
rendered markdown, where the marks sit inside the paragraphs and list items the policy shows."""

import difflib
import re
from html.parser import HTMLParser
from typing import NamedTuple

from flask_babel import gettext
from markupsafe import Markup, escape

from training.content import markdown
from training.i18n import N_

_WORDS = re.compile(r"\s+|\S+\s*")
_THEIR_MARKS = re.compile(r"</?(?:ins|del)\b[^>]*>")  # in sanitised HTML, where a `<` in text is `&lt;`
# Before each mark, words for screen readers: a CSS `::before` text is not announced reliably. They
# are in the reader's language (outside a request, as from the CLI, in English).
_SAID = {"ins": N_("added:"), "del": N_("removed:")}
HIDDEN_CLASSES = {"span": {"visually-hidden"}}
# Elements that may stay open inside a mark; any other tag ends the mark first.
_INLINE = {"a", "abbr", "code", "em", "kbd", "mark", "s", "span", "strong", "sub", "sup"}
# Where removed words would land outside any paragraph or item, they get one of their own.
_HOLDER = {"": "p", "blockquote": "p", "div": "p", "ul": "li", "ol": "li", "dl": "dd", "tr": "td"}


def _open(mark: str) -> Markup:
    return Markup('<span class="visually-hidden">{} </span><{}>').format(gettext(_SAID[mark]), mark)


def word_diff(old: str, new: str) -> Markup:
    """Return escaped text with removed words in <del> and added words in <ins>."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(_open("del") + escape("".join(a[i1:i2])) + Markup("</del>"))
        if op in ("insert", "replace"):
            out.append(_open("ins") + escape("".join(b[j1:j2])) + Markup("</ins>"))
    return Markup("").join(out)


class _Token(NamedTuple):
    kind: str  # "text", "start", "end" or "void"
    key: str  # what is compared: a word without its spaces, or the tag as written
    html: str
    name: str = ""  # the tag's name

    @property
    def content(self) -> bool:
        return (self.kind == "text" and self.key != " ") or self.name == "img"


class _Tokens(HTMLParser):
    """Split sanitised HTML into tags and words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag, attrs):
        html = self.get_starttag_text()
        self.tokens.append(_Token("void" if tag in ("br", "hr", "img") else "start", html, html, tag))

    def handle_endtag(self, tag):
        self.tokens.append(_Token("end", f"</{tag}>", f"</{tag}>", tag))

    def handle_data(self, data):
        for word in _WORDS.findall(data):
            self.tokens.append(_Token("text", word.strip() or " ", str(escape(word))))


def _tokens(html: str) -> list[_Token]:
    parser = _Tokens()
    parser.feed(_THEIR_MARKS.sub("", html))  # the text's own <ins> and <del> would read as changes
    parser.close()
    return parser.tokens


def _stacks(tokens: list[_Token]) -> list[tuple[str, ...]]:
    """Return the names of the open elements before each token, and after the last."""
    stack, stacks = [], [()]
    for token in tokens:
        if token.kind == "start":
            stack.append(token.name)
        elif token.kind == "end" and stack and stack[-1] == token.name:
            stack.pop()
        stacks.append(tuple(stack))
    return stacks


def _marked(tokens: list[_Token], mark: str) -> str:
    """Write the tokens with every run of words, and the inline elements within it, in `mark`."""
    out, inner = [], None  # inner: the elements opened inside the open mark; None when none is open
    for token in tokens:
        if inner is None and token.content:
            out.append(_open(mark))
            inner = []
        elif inner is not None and token.kind == "start" and token.name in _INLINE:
            inner.append(token)
        elif inner is not None and token.kind == "end" and inner and inner[-1].name == token.name:
            inner.pop()
        elif inner is not None and token.kind != "text" and token.name not in ("br", "img"):
            out.append(_close(mark, inner))
            inner = None
        out.append(token.html)
    if inner is not None:
        out.append(_close(mark, inner))
    return "".join(out)


def _close(mark: str, inner: list[_Token]) -> str:
    """Close the mark; elements opened inside it are closed before it and opened again after."""
    return "".join(f"</{t.name}>" for t in reversed(inner)) + f"</{mark}>" + "".join(t.html for t in inner)


def _removed(tokens: list[_Token], whole: bool, where: tuple[str, ...]) -> str:
    """Write removed tokens at a place whose open elements are `where` in the new text.

    A `whole` removal (blocks or words that stood exactly there) keeps its own structure, so a
    removed list item stays an item. Otherwise only its words are kept, marked where they were.
    """
    if not any(t.content for t in tokens):
        return ""  # only the structure changed, which the new text shows
    if whole:
        return _marked(tokens, "del")
    words = _marked([t for t in tokens if t.kind == "text" or t.name == "img"], "del")
    holder = where[-1] if where else ""
    wrap = _HOLDER.get(holder)
    return f"<{wrap}>{words}</{wrap}>" if wrap else words


def _whole(tokens: list[_Token]) -> bool:
    """Tell whether the tokens close only elements they opened, and close all of them."""
    depth = 0
    for token in tokens:
        depth += {"start": 1, "end": -1}.get(token.kind, 0)
        if depth < 0:
            return False
    return depth == 0


def _opcodes(a: list[_Token], b: list[_Token]) -> list[list]:
    """Diff the tokens; a run only removed or only added is moved, where the same tokens around it
    allow, to hold whole elements: `<p>Two.</p>` rather than `Two.</p><p>`."""
    keys = [t.key for t in a], [t.key for t in b]
    ops = [list(op) for op in difflib.SequenceMatcher(None, *keys, autojunk=False).get_opcodes()]
    for n, op in enumerate(ops[1:-1], 1):
        if op[0] not in ("delete", "insert") or ops[n - 1][0] != "equal" or ops[n + 1][0] != "equal":
            continue
        side = 1 if op[0] == "delete" else 3  # where the run's start and end are in `op`
        seq, tokens = keys[side // 2], (a, b)[side // 2]
        start, end = op[side], op[side + 1]
        if _whole(tokens[start:end]):
            continue
        while start > ops[n - 1][side] and seq[start - 1] == seq[end - 1]:
            start, end = start - 1, end - 1
        while not _whole(tokens[start:end]) and end < ops[n + 1][side + 1] and seq[start] == seq[end]:
            start, end = start + 1, end + 1
        if _whole(tokens[start:end]):
            shift = start - op[side]
            ops[n - 1][2] += shift
            ops[n - 1][4] += shift
            op[1:] = [i + shift for i in op[1:]]
            ops[n + 1][1] += shift
            ops[n + 1][3] += shift
    return [op for op in ops if op[1] != op[2] or op[3] != op[4]]


def html_diff(old_html: str, new_html: str) -> Markup:
    """Diff two fragments of sanitised HTML word by word, in the structure of the new one."""
    return Markup(markdown.clean(_merged(old_html, new_html), classes=HIDDEN_CLASSES))  # noqa: S704 - sanitised


def _closing(tokens: list[_Token], start: int, end: int) -> int:
    """Count the end tags that open tokens[start:end]."""
    count = 0
    while start + count < end and tokens[start + count].kind == "end":
        count += 1
    return count


def _merged(old_html: str, new_html: str) -> str:
    """Return the new HTML with the removed and added words marked in it, not yet sanitised."""
    a, b = _tokens(old_html), _tokens(new_html)
    old_open, new_open = _stacks(a), _stacks(b)
    out = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            out += [t.html for t in b[j1:j2]]
            continue
        closing = _closing(b, j1, j2) if op == "replace" else 0
        if closing and old_open[i1] == new_open[j1 + closing]:  # the removed words stood outside them
            out += [t.html for t in b[j1 : j1 + closing]]
            j1 += closing
        if op in ("delete", "replace"):
            whole = op == "delete" and old_open[i1] == old_open[i2] == new_open[j1]
            removed = _removed(a[i1:i2], whole, new_open[j1])
            if removed and i1 and a[i1 - 1].html[-1].isspace() and out and not out[-1][-1].isspace():
                out.append(" ")  # the space before the removed words, which the new text may not have
            out += [removed] if removed else []
        if op in ("insert", "replace") and j1 < j2:
            out.append(_marked(b[j1:j2], "ins"))
    return "".join(out)


def markdown_diff(old: str, new: str) -> Markup:
    """Render both texts (sanitised) and diff them: lists, bold and links look as they do in the text."""
    return html_diff(markdown.render(old), markdown.render(new))


def section_diff(old_heading: str, old_html: str, heading: str, html: str) -> Markup:
    """Diff a policy section's rendered body, after a line for its heading where that changed."""
    body = html_diff(old_html, html)
    if old_heading == heading:
        return body
    return Markup("<p>Heading: {}</p>").format(word_diff(old_heading, heading)) + body
