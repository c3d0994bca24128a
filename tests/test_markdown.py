"""The one markdown renderer: useful formatting survives, anything that could run script does not."""

import re

import pytest

from training.services.markdown import render, render_inline

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
    pytest.param("## Anchored {#anchored}", '<h2 id="anchored">Anchored</h2>', id="heading-id"),
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


@pytest.mark.parametrize(
    "text",
    [
        "[site](https://example.com)",
        '<a href="https://example.com">site</a>',
        '<a href="https://example.com" rel="opener" target="_blank">site</a>',
    ],
)
def test_links_get_noopener_noreferrer(text):
    html = render(text)
    assert re.search(r'<a href="https://example.com" rel="noopener noreferrer">site</a>', html), html
    assert "target=" not in html


def test_render_inline_drops_the_wrapping_paragraph():
    assert render_inline("Thank them and **move** to DMs") == "Thank them and <strong>move</strong> to DMs"


def test_render_inline_keeps_paragraphs_when_there_are_several():
    assert render_inline("one\n\ntwo").count("<p>") == 2


def test_render_of_empty_text_is_empty():
    assert render("") == ""
