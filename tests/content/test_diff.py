"""Diffs of rendered markdown: marks inside the policy's own structure, announced, and safe."""

import random
import re
from html.parser import HTMLParser

import pytest

from training.content.diff import html_diff, markdown_diff, section_diff, word_diff
from training.content.markdown import render

ADDED = '<span class="visually-hidden">added: </span><ins>'
REMOVED = '<span class="visually-hidden">removed: </span><del>'


def test_a_changed_word_in_a_bold_list_item_is_marked_inside_the_bold_item():
    old = "- **Say that you work here**\n- Be kind\n"
    new = "- **Say that you work for us**\n- Be kind\n"
    assert str(markdown_diff(old, new)) == (
        f"<ul>\n<li><strong>Say that you work {REMOVED}here</del>{ADDED}for us</ins></strong></li>\n"
        "<li>Be kind</li>\n</ul>"
    )


def test_a_replaced_word_stays_inside_its_paragraph():
    diff = str(markdown_diff("Staff must not share it.\n\nSecond.", "Staff must never share it.\n\nSecond."))
    assert diff == f"<p>Staff must {REMOVED}not </del>{ADDED}never </ins>share it.</p>\n<p>Second.</p>"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "- one\n- two\n- three",
            "- one\n- three",
            f"<li>one</li>\n<li>{REMOVED}two</del></li>\n<li>three</li>",
        ),
        (
            "One.\n\nTwo.\n\nThree.",
            "One.\n\nThree.",
            f"<p>One.</p>\n<p>{REMOVED}Two.</del></p>\n<p>Three.</p>",
        ),
        ("One.\n\nThree.", "One.\n\nTwo.\n\nThree.", f"<p>One.</p>\n<p>{ADDED}Two.</ins></p>\n<p>Three.</p>"),
    ],
    ids=["removed item", "removed paragraph", "added paragraph"],
)
def test_a_whole_item_or_paragraph_keeps_its_own_block(old, new, expected):
    assert expected in str(markdown_diff(old, new))


def test_an_added_item_with_bold_and_a_link_is_one_addition():
    diff = str(markdown_diff("- a", "- a\n- see **this** [page](https://example.com/p)"))
    assert diff.count("<ins>") == 1
    assert (
        f'<li>{ADDED}see <strong>this</strong> <a href="https://example.com/p" rel="noopener noreferrer">'
        "page</a></ins></li>"
    ) in diff


def test_a_changed_link_text_is_marked_inside_the_link():
    diff = str(
        markdown_diff("Read [the guide](https://a.example/x).", "Read [the new guide](https://a.example/x).")
    )
    assert diff == (
        f'<p>Read <a href="https://a.example/x" rel="noopener noreferrer">the {ADDED}new </ins>guide</a>.</p>'
    )


def test_a_change_of_formatting_alone_marks_no_words():
    assert str(markdown_diff("Plain words here.", "Plain **words** here.")) == (
        "<p>Plain <strong>words</strong> here.</p>"
    )


def test_the_texts_own_ins_and_del_are_not_taken_for_changes():
    diff = str(markdown_diff("Keep <ins>this</ins> and <del>that</del>.", "Keep <ins>these</ins> and that."))
    assert diff == f"<p>Keep {REMOVED}this </del>{ADDED}these </ins>and that.</p>"


def test_every_mark_is_announced_to_screen_readers():
    diff = str(markdown_diff("- old words\n- kept", "- new words\n- kept\n- more"))
    assert diff.count("<ins>") == diff.count(ADDED) == 2
    assert diff.count("<del>") == diff.count(REMOVED) == 1


HOSTILE = (
    "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
    '<a href="https://e.example" onclick="alert(4)">y</a> <p class="notice" style="color:red">z</p>'
)


@pytest.mark.parametrize(("old", "new"), [(HOSTILE, "Hi there"), ("Hi there", HOSTILE)], ids=["old", "new"])
def test_hostile_markdown_is_neutralised(old, new):
    diff = str(markdown_diff(old, new)).lower()
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "style=", "notice"):
        assert bad not in diff


def test_html_that_was_not_sanitised_is_sanitised_after_the_diff():
    diff = str(html_diff("<p>x</p>", '<p onclick="a()">x <script>b()</script><img src=x onerror="c()"></p>'))
    assert "onclick" not in diff and "<script" not in diff and "onerror" not in diff
    assert (
        str(html_diff("<p>a</p>", '<p>a <span class="visually-hidden">b</span></p>')).count("visually") == 2
    )


def test_word_diff_escapes_the_text():
    assert str(word_diff("a <b>", "a <i>")) == f"a {REMOVED}&lt;b&gt;</del>{ADDED}&lt;i&gt;</ins>"


def test_a_changed_heading_is_named_above_the_body():
    diff = str(section_diff("Old name", render("Body."), "New name", render("Body.")))
    assert diff == f"<p>Heading: {REMOVED}Old </del>{ADDED}New </ins>name</p><p>Body.</p>"


class _Words(HTMLParser):
    """The words of HTML outside one kind of mark and the screen-reader text; checks nesting."""

    def __init__(self, skip: str):
        super().__init__()
        self.skip, self.open, self.words = skip, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "hr", "img"):
            self.open.append((tag, dict(attrs).get("class")))

    def handle_endtag(self, tag):
        assert self.open.pop()[0] == tag

    def handle_data(self, data):
        if not any(t == self.skip or c == "visually-hidden" for t, c in self.open):
            self.words += data.split()


def words(html: str, skip: str = "") -> list[str]:
    parser = _Words(skip)
    parser.feed(html)
    parser.close()
    assert parser.open == []
    return " ".join(parser.words).split()


VOCABULARY = [
    "staff",
    "must",
    "never",
    "share",
    "**order**",
    "numbers",
    "*here*",
    "`code`",
    "[a](https://e.example)",
]


def random_block(rng: random.Random) -> str:
    def phrase():
        return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 6)))

    return rng.choice(
        [phrase, lambda: "\n".join(f"- {phrase()}" for _ in range(3)), lambda: f"> {phrase()}"]
    )()


def test_random_edits_keep_both_texts_and_a_well_formed_structure():
    for seed in range(300):
        rng = random.Random(seed)
        old = [random_block(rng) for _ in range(rng.randint(0, 4))]
        new = list(old)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(new))
            choice = rng.random()
            if choice < 0.3 and new:
                new.pop(min(at, len(new) - 1))
            elif choice < 0.6:
                new.insert(at, random_block(rng))
            elif new:
                at = min(at, len(new) - 1)
                new[at] = re.sub(r"\b(staff|numbers)\b", "people", new[at], count=1) + " also"
        old_html, new_html = render("\n\n".join(old)), render("\n\n".join(new))
        diff = str(html_diff(old_html, new_html))
        assert words(diff, skip="del") == words(new_html), seed
        assert words(diff, skip="ins") == words(old_html), seed
