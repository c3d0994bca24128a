"""`content check` warns about quizzes a learner could pass without judgement, and still passes them."""

import shutil
from pathlib import Path

import pytest

from training.content import judgement
from training.content.reader import read_library

FIXTURES = Path(__file__).parents[1] / "fixtures"
BUNDLED = Path(__file__).parents[2] / "content"
QUIZ = Path("courses/basics/basics-quiz.quiz.yaml")
LESSON = Path("courses/basics/basics-secrets.md")
TAUGHT = "When a customer is angry, thank them before you move the talk to DMs."


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    return root


def edit(root: Path, rel: Path, old: str, new: str) -> None:
    path = root / rel
    assert old in path.read_text(), old
    path.write_text(path.read_text().replace(old, new, 1))


def check(runner, root: Path):
    return runner.invoke(args=["content", "check", str(root)])


def warnings_in(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " in line]


def test_check_warns_with_file_and_line_when_the_longest_choice_is_always_right(runner, tree):
    """In the fixture quiz the correct choice is the longest in each of its 3 single-answer steps."""
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    assert "all content is valid" in result.output
    (warning,) = warnings_in(result.output)
    assert warning.startswith("content/courses/basics/basics-quiz.quiz.yaml:1: warning: ")
    assert "the correct choice is the longest in 3 of 3 single-answer steps (first, recover, last)" in warning


def test_no_length_warning_once_wrong_choices_are_as_long(runner, tree):
    edit(tree, QUIZ, "text: Block them", "text: Block them and report the thread")
    edit(tree, QUIZ, "text: Anyone", "text: Anyone who works here")
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    assert warnings_in(result.output) == []


def step(right: str, *wrong: str, multi: bool = False) -> dict:
    choices = [{"id": "r", "text": right, "correct": True}]
    choices += [{"id": f"w{n}", "text": text, "correct": multi and n == 0} for n, text in enumerate(wrong)]
    return {"id": f"s{len(right)}", "prompt": "?", "choices": choices}


@pytest.mark.parametrize(
    ("steps", "warned"),
    [
        ([step("longer", "short"), step("tiny", "longer one")], False),  # half is not more than half
        ([step("longer", "short"), step("longest", "long")], True),
        ([step("same", "size"), step("longest", "long")], True),  # a tie still lets length guess
        ([step("longest one", "short", "shortest", multi=True), step("a", "bb")], False),
        ([step("longer", "short"), {"id": "d", "kind": "draft", "prompt": "?", "max_chars": 9}], True),
    ],
    ids=["half", "all", "tie", "multi-select-ignored", "draft-ignored"],
)
def test_the_length_warning_counts_only_single_answer_steps(steps, warned):
    assert bool(judgement.longest_correct_problem({"steps": steps})) is warned


def test_check_warns_when_a_choice_repeats_a_lesson_sentence(runner, tree):
    edit(tree, LESSON, "Never post an order number.", f"Never post an order number. {TAUGHT}")
    edit(
        tree,
        QUIZ,
        "text: Thank them and move to DMs",
        "text: “If a CUSTOMER is angry, thank them before you move the talk to DMs”",
    )
    result = check(runner, tree)
    assert result.exit_code == 0, result.output
    copied = [w for w in warnings_in(result.output) if "word for word" in w]
    assert len(copied) == 1, result.output
    assert copied[0].startswith(
        "content/courses/basics/basics-quiz.quiz.yaml:10: warning: choice 'kind' of step 'first'"
    )
    assert "repeats lesson 'basics-secrets'" in copied[0]
    assert "(“a customer is angry thank them before you move the talk to dms”)" in copied[0]


def test_seven_words_of_a_lesson_sentence_are_not_a_copy(runner, tree):
    edit(tree, LESSON, "Never post an order number.", f"Never post an order number. {TAUGHT}")
    edit(
        tree, QUIZ, "text: Thank them and move to DMs", "text: Thank them before you move the talk elsewhere"
    )
    assert [w for w in warnings_in(check(runner, tree).output) if "word for word" in w] == []


def test_only_lessons_of_the_same_course_count(tree):
    edit(tree, LESSON, "Never post an order number.", f"Never post an order number. {TAUGHT}")
    library = read_library(tree)
    assert judgement.lesson_runs(library, "basics")
    assert judgement.lesson_runs(library, "another-course") == {}


def test_a_copy_across_two_lesson_sentences_is_not_one_sentence(tree):
    """Eight words that only meet across a full stop were never one sentence of the lesson."""
    edit(tree, LESSON, "Never post an order number.", "Never post an order number. Thank them and smile.")
    runs = judgement.lesson_runs(read_library(tree), "basics")
    assert judgement.copied_run(judgement.words("post an order number thank them and smile"), runs) is None


def test_warnings_do_not_hide_problems_or_change_the_exit_code(runner, tree):
    edit(tree, QUIZ, "pass_mark: 75", "pass_mark: lots")
    result = check(runner, tree)
    assert result.exit_code != 0
    assert "pass_mark" in result.output


def test_bundled_library_gives_no_warning(runner):
    result = check(runner, BUNDLED)
    assert result.exit_code == 0, result.output
    assert warnings_in(result.output) == [], "\n".join(warnings_in(result.output))
