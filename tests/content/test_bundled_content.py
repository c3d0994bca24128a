"""The bundled library and the editor's starting texts read the way learners will see them."""

import re
from pathlib import Path

import pytest

from training.content import markdown
from training.content.reader import parse_item_text, read_library
from training.editor.courses import new_item_text

BUNDLED = Path(__file__).parents[2] / "content"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
STAMP = re.compile(r"\*\*(?P<day>[A-Z][a-z]+day), (?P<time>\d\d:\d\d)\.\*\*")


def quizzes():
    library = read_library(BUNDLED)
    assert not library.problems, library.problems
    return [item for item in library.items.values() if item.kind == "quiz"]


@pytest.mark.parametrize("quiz", quizzes(), ids=lambda quiz: quiz.id)
def test_scenario_steps_are_told_in_time_order(quiz):
    """Every path follows the file's order (`next` points forward), so the stamps must too."""
    stamps = []
    for step in quiz.quiz["steps"]:
        found = STAMP.search(step["prompt"])
        if found:
            stamps.append(((DAYS.index(found["day"]), found["time"]), step["id"]))
    assert [s for s, _ in stamps] == sorted(s for s, _ in stamps), stamps


def test_new_lesson_template_starts_headings_where_the_lesson_page_expects():
    text = new_item_text("lesson", "new-lesson", "New lesson", ["demo#secrets"])
    parsed = parse_item_text(text, "courses/basics/new-lesson.md")
    assert parsed.problems == []
    assert "Start headings at `##`" in text
    assert markdown.render(parsed.value.body_md).startswith("<h2>")


def test_new_quiz_template_uses_only_known_fields():
    text = new_item_text("quiz", "new-quiz", "New quiz", ["demo#secrets"])
    assert parse_item_text(text, "courses/basics/new-quiz.quiz.yaml").problems == []
