"""A lesson written with a `# Title`: its headings go one level down."""

import shutil

from sqlalchemy import select

from tests.conftest import FIXTURES
from training.content.reader import parse_item_text, read_library
from training.db import db
from training.editor import library as content_service
from training.models import ItemVersion

FRONT = "---\nid: imported\ntitle: Imported lesson\ncovers: [demo#secrets]\n---\n"
NAME = "courses/basics/imported.md"


def body_of(text: str) -> str:
    parsed = parse_item_text(FRONT + text, NAME)
    assert not parsed.problems, parsed.problems
    return parsed.value.body_md


def test_every_heading_moves_one_level_down_when_the_text_has_a_top_heading():
    text = "# Imported lesson\n\nIntro.\n\n## Part one {#one}\n\n### Detail\n\n###### Smallest\n"
    assert body_of(text) == (
        "## Imported lesson\n\nIntro.\n\n### Part one {#one}\n\n#### Detail\n\n###### Smallest"
    )


def test_headings_that_start_at_two_are_left_as_written():
    text = "Intro.\n\n## Part one\n\n### Detail\n"
    assert body_of(text) == text.strip()


def test_hashes_inside_fenced_code_are_not_headings():
    text = "## Part\n\n```\n# not a heading\n```\n\n~~~\n## nor this\n~~~\n"
    assert body_of(text) == text.strip()
    shifted = body_of("# Title\n\n```\n# kept as written\n```\n")
    assert shifted == "## Title\n\n```\n# kept as written\n```"


def test_the_note_names_the_file_and_the_line_of_the_first_top_heading(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    lesson = root / "courses" / "basics" / "basics-secrets.md"
    lesson.write_text(lesson.read_text() + "\n## Small\n\n# Too big\n")
    library = read_library(root)
    assert not library.problems, library.problems
    assert [str(n).split(": note:")[0] for n in library.notes] == [
        f"{root.name}/courses/basics/basics-secrets.md:10"
    ]


def test_the_published_page_shows_the_title_heading_as_h2(tmp_path, app, client, auth, make_user):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    lesson = root / "courses" / "basics" / "basics-secrets.md"
    front, _, body = lesson.read_text().partition("\n---\n")
    lesson.write_text(f"{front}\n---\n# Keeping secrets\n\n{body}\n## Why it matters\n")
    content_service.import_directory(root)
    html = db.session.scalar(select(ItemVersion.html).where(ItemVersion.item_id == "basics-secrets"))
    assert "<h2>Keeping secrets</h2>" in html and "<h3>Why it matters</h3>" in html
    assert "<h1>" not in html
    auth.login(make_user(email="reader@example.com").email)
    page = client.get("/lessons/basics-secrets").get_data(as_text=True)
    assert page.count("<h1>") == 1 and "<h2>Keeping secrets</h2>" in page
