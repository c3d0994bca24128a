"""The scenario insight page as HR reads it: choices quoted once, each quiz's steps folded away."""

import re
import shutil

from tests.conftest import FIXTURES, PASSWORD
from tests.hr.test_dashboard import WRONG_PATH, import_people
from training.editor import library as content_service
from training.hr.insight import ChoiceCount
from training.learning import attempts

QUIZ = "courses/basics/basics-quiz.quiz.yaml"


def publish(tmp_path, edit) -> None:
    """Import a copy of the test library after `edit(root)` has changed it."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    edit(root)
    content_service.import_directory(root)


def quote_block_them(root) -> None:
    quiz = root / QUIZ
    quiz.write_text(quiz.read_text().replace("text: Block them", 'text: "“Block them”"'))


def add_second_quiz(root) -> None:
    text = (root / QUIZ).read_text().replace("id: basics-quiz", "id: basics-quiz-two")
    (root / "courses/basics/basics-quiz-two.quiz.yaml").write_text(text.replace("Basics quiz", "Second quiz"))
    course = root / "courses/basics/course.md"
    course.write_text(course.read_text().replace("basics-quiz]", "basics-quiz, basics-quiz-two]"))


def play(user, quiz: str, token: str) -> None:
    attempt = attempts.start_attempt(user, quiz, token)
    for step_id, choices in WRONG_PATH:
        attempts.answer(user, attempt.id, step_id, choices)


def sign_in_hr(client, make_user) -> None:
    make_user(email="hr@example.com", roles="hr", department="People")
    assert client.post("/login", data={"email": "hr@example.com", "password": PASSWORD}).status_code == 302


def test_a_choice_in_quotation_marks_is_quoted_once(client, make_user, tmp_path):
    publish(tmp_path, quote_block_them)
    sign_in_hr(client, make_user)
    [person] = import_people([("w@example.com", "Sales")])
    play(person, "basics-quiz", "w")
    page = client.get("/hr/insight").get_data(as_text=True)
    assert "chose “Block them” at step 2" in page
    assert "““" not in page and "””" not in page
    # A choice without marks of its own still gets them, so the list reads as quotations.
    assert "chose “Tell them they are wrong” at step 1" in page


def test_quoted_recognises_marks_behind_tags_and_entities():
    def choice(html):
        return ChoiceCount("c", html, False, 1, 100)

    assert choice("“Hi Dan”").quoted and choice("<em>&quot;Hi&quot;</em>").quoted
    assert choice("&lsquo;Hi&rsquo;").quoted and choice("«Salut»").quoted
    assert not choice("Block them").quoted and not choice("<strong>Block</strong> “them”").quoted


def test_with_several_quizzes_each_quizs_steps_are_folded_under_a_summary(client, make_user, tmp_path):
    publish(tmp_path, add_second_quiz)
    sign_in_hr(client, make_user)
    for person in import_people([("a@example.com", "Sales"), ("b@example.com", "Legal")]):
        play(person, "basics-quiz", f"{person.id}-1")
        play(person, "basics-quiz-two", f"{person.id}-2")
    page = client.get("/hr/insight").get_data(as_text=True)
    fold = r'<details class="quiz-steps"( open)?>\s*<summary>([^<]+)</summary>(.*?)</details>\s*</section>'
    folds = re.findall(fold, page, re.S)
    assert len(folds) == 2
    for opened, summary, steps in folds:
        assert not opened and summary == "Each step's choices, with how often they were taken"
        assert steps.count("<h3>Step") == 4 and steps.count("<table") == 4
    # What stays in view: the quiz's heading and one line that says how it went.
    assert "2 people made a first attempt · a wrong judgement was taken at 4 of 4 steps" in page
    assert page.count('<a href="#quiz-basics-quiz-two">Second quiz</a>') >= 1


def test_a_single_quiz_is_shown_open(client, make_user, library):
    sign_in_hr(client, make_user)
    [person] = import_people([("w@example.com", "Sales")])
    play(person, "basics-quiz", "w")
    page = client.get("/hr/insight").get_data(as_text=True)
    assert '<details class="quiz-steps" open>' in page
