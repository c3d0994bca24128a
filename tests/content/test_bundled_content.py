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


FRONTLINE = "frontline-and-crises"
# What the frontline course promises (issue 10), each with words its lessons must use to teach it.
FRONTLINE_TOPICS = {
    "a video filmed in uniform": ["uniform", "tiktok"],
    "a customer filming staff": ["customer films you"],
    "a stock-room photo": ["stock room"],
    "a product recall": ["recall"],
    "a data breach": ["data breach"],
    "a holding statement and who signs it off": ["holding statement", "signs it off"],
    "fake support accounts": ["impostor", "@kestrelhomehelp"],
    "review sites": ["trustpilot", "google reviews"],
    "agencies and influencers": ["agency", "creator", "#ad"],
    "customer data in AI tools": ["ai tool", "customer data"],
    "harassment of colleagues": ["harass", "people"],
}


def draft_steps():
    """Each draft step with the thread so far: its own prompt and those of the steps before it."""
    return [
        pytest.param(
            step, " ".join(s["prompt"] for s in quiz.quiz["steps"][: n + 1]), id=f"{quiz.id}:{step['id']}"
        )
        for quiz in quizzes()
        for n, step in enumerate(quiz.quiz["steps"])
        if step.get("kind") == "draft"
    ]


@pytest.mark.parametrize("topic", FRONTLINE_TOPICS)
def test_frontline_course_teaches_each_situation_it_promises(topic):
    library = read_library(BUNDLED)
    lessons = [i for i in library.items.values() if i.course_id == FRONTLINE and i.kind == "lesson"]
    text = " ".join(lesson.body_md for lesson in lessons).lower()
    assert len(lessons) >= 5
    assert [word for word in FRONTLINE_TOPICS[topic] if word not in text] == []


def test_frontline_course_is_for_everyone_and_ends_with_its_scenario():
    course = read_library(BUNDLED).courses[FRONTLINE]
    assert course.audience == "all"
    assert course.items[-1] == "frontline-scenario"


def test_frontline_draft_steps_say_what_they_answer_and_what_a_reply_must_address():
    quiz = read_library(BUNDLED).items["frontline-scenario"].quiz
    drafts = [step for step in quiz["steps"] if step.get("kind") == "draft"]
    assert len(drafts) >= 2
    for step in drafts:
        assert step["answers"] and step["customer"] and step["must_address"] and step["must_not_mention"]


@pytest.mark.parametrize(("step", "thread"), draft_steps())
def test_a_draft_steps_forbidden_details_come_from_its_thread_and_stay_out_of_its_example(step, thread):
    guidance = step.get("guidance", "").lower()
    for detail in step.get("must_not_mention", []):
        assert detail.lower() in thread.lower(), f"{detail!r} is not in the thread the learner has read"
        assert detail.lower() not in guidance, f"the example reply repeats {detail!r}"
    if "customer" in step:
        assert step["customer"] in thread and step["customer"] in step.get("guidance", "")


def test_no_bundled_title_is_cut_short_by_a_yaml_comment():
    """An unquoted ` #` starts a YAML comment, so "Sites and #ad" would be read as "Sites and"."""
    library = read_library(BUNDLED)
    cut = []
    for thing in [*library.items.values(), *library.courses.values()]:
        written = re.search(r"^title: *(.+)$", thing.source, re.MULTILINE)[1].strip()
        if written.strip("\"'") != thing.title:
            cut.append((thing.id, written, thing.title))
    assert cut == []
