"""The one markdown renderer: useful formatting survives, anything that could run script does not."""

import re

import pytest

from training.content.markdown import render, render_inline

ATTACKS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", id="script-src"),
    pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
    pytest.param('<a href="#top" onclick="alert(1)">top</a>', id="a-onclick"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param('<div onmouseover="alert(1)">hover</div>', id="div-onmouseover"),
    pytest.param("[click](javascript:alert(1))", id="md-javascript-link"),
    pytest.param("[click](JaVaScRiPt:alert(1))", id="md-javascript-mixed-case"),
    pytest.param("[click](java&#x09;script:alert(1))", id="md-javascript-entity-tab"),
    pytest.param('<a href="&#106;avascript:alert(1)">x</a>', id="html-javascript-entity"),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', id="vbscript-link"),
    pytest.param("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", id="md-data-link"),
    pytest.param("![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", id="md-data-image"),
    pytest.param('<img src="javascript:alert(1)">', id="img-javascript-src"),
    pytest.param('<iframe src="https://evil.example"></iframe>', id="iframe"),
    pytest.param('<object data="https://evil.example/x.swf"></object>', id="object"),
    pytest.param('<embed src="https://evil.example/x.swf">', id="embed"),
    pytest.param("<style>body { display: none }</style>", id="style-tag"),
    pytest.param('<div style="background:url(javascript:alert(1))">x</div>', id="style-attribute"),
    pytest.param('<form action="https://evil.example"><input name="password"></form>', id="form"),
    pytest.param('<meta http-equiv="refresh" content="0;url=https://evil.example">', id="meta-refresh"),
    pytest.param('<base href="https://evil.example/">', id="base"),
    pytest.param("<!-- <script>alert(1)</script> -->", id="comment"),
    pytest.param('## Heading {: onclick="alert(1)" }', id="attr-list-heading"),
    pytest.param('A paragraph\n{: onclick="alert(1)" }', id="attr-list-paragraph"),
    pytest.param('[link](https://example.com){: onmouseover="alert(1)" }', id="attr-list-link"),
    pytest.param('## Styled {: style="position:fixed;top:0" }', id="attr-list-style"),
    pytest.param('[x](https://example.com){: href="javascript:alert(1)" }', id="attr-list-href"),
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input|meta|base|svg)\b|\son\w+\s*=|javascript:|vbscript:"
    r"|data:|style\s*=|alert\(1\)</",
    re.IGNORECASE,
)


@pytest.mark.parametrize("text", ATTACKS)
def test_render_removes_anything_that_could_run_script(text):
    html = render(text)
    assert not DANGEROUS.search(html), html


@pytest.mark.parametrize("text", ATTACKS)
def test_render_inline_is_as_safe_as_render(text):
    assert not DANGEROUS.search(render_inline(text))


def test_script_content_is_dropped_not_shown_as_text():
    assert "alert" not in render("before <script>alert(1)</script> after")


KEPT = [
    pytest.param("## Complaints", "<h2>Complaints</h2>", id="h2"),
    pytest.param("### Be kind", "<h3>Be kind</h3>", id="h3"),
    pytest.param("#### Small", "<h4>Small</h4>", id="h4"),
    pytest.param("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>", id="bullet-list"),
    pytest.param("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>", id="numbered-list"),
    pytest.param("> Quoted tweet", "<blockquote>\n<p>Quoted tweet</p>\n</blockquote>", id="blockquote"),
    pytest.param("Use `@handle` here", "<code>@handle</code>", id="inline-code"),
    pytest.param("```\nline one\n```", "<pre><code>line one\n</code></pre>", id="fenced-code"),
    pytest.param("**bold** and *soft*", "<strong>bold</strong> and <em>soft</em>", id="emphasis"),
    pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>", id="table"),
    pytest.param("Term\n: Definition", "<dl>", id="definition-list"),
    pytest.param("![Logo](/static/logo.png)", '<img alt="Logo" src="/static/logo.png">', id="local-image"),
    pytest.param("[mail us](mailto:social@example.com)", 'href="mailto:social@example.com"', id="mailto"),
    pytest.param("## Anchored {#anchored}", '<h2 id="md-anchored">Anchored</h2>', id="heading-id"),
    pytest.param("[up](#anchored)", '<a href="#md-anchored"', id="link-to-heading-id"),
    pytest.param("Text[^1]\n\n[^1]: Why.", '<li id="md-fn:1">', id="footnote"),
    pytest.param(
        "*[DM]: Direct message\n\nMove to a DM", '<abbr title="Direct message">DM</abbr>', id="abbr"
    ),
    pytest.param('[site](https://example.com "Our site")', 'title="Our site"', id="link-title"),
    pytest.param("Press <kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>", id="raw-tag-without-attributes"),
]


@pytest.mark.parametrize(("text", "expected"), KEPT)
def test_render_keeps_ordinary_formatting(text, expected):
    assert expected in render(text)


def test_table_keeps_its_structure():
    html = render("| who | what |\n|---|---|\n| Ann | reply |")
    for tag in ("<table>", "<thead>", "<th>who</th>", "<tbody>", "<td>Ann</td>"):
        assert tag in html


def test_code_block_shows_html_as_text():
    html = render("```\n<script>alert(1)</script>\n```")
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_links_get_noopener_noreferrer():
    html = render("[site](https://example.com)")
    assert re.search(r'<a href="https://example.com" rel="noopener noreferrer">site</a>', html), html


RAW_ATTRIBUTES = [
    pytest.param('<div class="notice owed" id="main">You owe an acknowledgement</div>', id="block-notice"),
    pytest.param('Hello <span class="badge" id="owed-heading">Overdue</span> there', id="inline-span"),
    pytest.param('<h2 id="main" class="notice">Raw heading</h2>', id="raw-heading"),
    pytest.param('<p title="tip" lang="fr" dir="rtl">Text</p>', id="other-attributes"),
    pytest.param('<div markdown="1" class="notice">*Owed*</div>', id="markdown-in-html"),
    pytest.param('<img src="/static/logo.png" alt="Logo" class="notice" width="9999">', id="raw-img"),
    pytest.param('<a href="https://example.com" target="_blank" class="button">site</a>', id="raw-link"),
    pytest.param("## Owed {: .notice .owed }", id="attr-list-class"),
    pytest.param('Paragraph\n{: class="notice" }', id="attr-list-class-key"),
]


@pytest.mark.parametrize("text", RAW_ATTRIBUTES)
def test_raw_html_and_attribute_lists_cannot_set_classes_or_page_ids(text):
    html = render(text)
    assert not re.search(r"\s(class|style|width|target|lang|dir)=", html), html
    assert not re.search(r'\sid="(?!md-)', html), html


def test_raw_html_keeps_its_text_but_not_its_attributes():
    html = render('<div class="notice owed" id="main">You owe an acknowledgement</div>')
    assert html == "<div>You owe an acknowledgement</div>"
    assert render('See <a href="https://example.com">our site</a>.') == "<p>See our site.</p>"


def test_ids_from_the_text_cannot_clash_with_the_pages_ids():
    html = render("## Main {#main}\n\n## Coach {#coach}")
    assert 'id="main"' not in html and 'id="coach"' not in html
    assert '<h2 id="md-main">Main</h2>' in html


def test_code_blocks_keep_their_text_exactly():
    html = render('```html\n<div class="notice">&amp; "quoted"</div>\n```')
    assert '&lt;div class="notice"&gt;&amp;amp; "quoted"&lt;/div&gt;' in html


def test_render_inline_drops_the_wrapping_paragraph():
    assert render_inline("Thank them and **move** to DMs") == "Thank them and <strong>move</strong> to DMs"


def test_render_inline_keeps_paragraphs_when_there_are_several():
    assert render_inline("one\n\ntwo").count("<p>") == 2


def test_render_of_empty_text_is_empty():
    assert render("") == ""
