"""The learner's way through a course: step progress in the quiz player, going on after a lesson."""

import re
import shutil

from tests.conftest import FIXTURES
from training.editor import library
from training.learning.attempts import remaining_steps


def start(client, item_id="basics-quiz", token="tok-1"):
    response = client.post(f"/quizzes/{item_id}/start", data={"token": token})
    return int(response.headers["Location"].rsplit("/", 1)[1])


def answer(client, attempt_id, step_id, *choices):
    return client.post(f"/attempts/{attempt_id}", data={"step_id": step_id, "choice": list(choices)})


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)


def progress(page: str) -> tuple[str, str]:
    found = re.search(r'<progress max="(\d+)" value="(\d+)" aria-label="Quiz progress"', page)
    return found.group(1), found.group(2)


def choice(cid, correct=True, **more):
    return {"id": cid, "text": cid, "correct": correct, **more}


def test_remaining_steps_counts_the_shortest_and_longest_branch():
    quiz = {
        "steps": [
            {"id": "a", "choices": [choice("skip", next="d"), choice("long", False)]},
            {"id": "b", "choices": [choice("x"), choice("y", False, next="end")]},
            {"id": "c", "kind": "draft", "max_chars": 280},
            {"id": "d", "choices": [choice("m"), choice("n"), choice("o", False)]},
        ]
    }
    assert remaining_steps(quiz) == {"d": (1, 1), "c": (2, 2), "b": (1, 3), "a": (2, 4)}


def test_remaining_steps_are_worked_out_once_per_quiz_object():
    quiz = {"steps": [{"id": "a", "choices": [choice("x", next="c"), choice("y")]}, {"id": "b"}, {"id": "c"}]}
    first = remaining_steps(quiz)
    assert remaining_steps(quiz) is first  # the kept published version: asked on every step's page
    shorter = {"steps": [{**quiz["steps"][0], "choices": [choice("x", next="end")]}, *quiz["steps"][1:]]}
    assert remaining_steps(shorter) == {"c": (1, 1), "b": (2, 2), "a": (1, 1)}  # another quiz, its own
    assert first == {"c": (1, 1), "b": (2, 2), "a": (2, 3)}


def test_first_step_shows_a_range_while_the_path_can_still_branch(client, employee):
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert heading(page) == "Step 1 of 3 or 4"
    assert progress(page) == ("4", "0")
    assert "the rest depends on your answers" in page


def test_short_branch_shows_an_exact_total(client, employee):
    attempt_id = start(client)
    answer(client, attempt_id, "first", "kind")  # jumps past "recover"
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert heading(page) == "Step 2 of 3"
    assert progress(page) == ("3", "1")
    assert "depends on your answers" not in page


def test_long_branch_shows_its_own_total(client, employee):
    attempt_id = start(client)
    answer(client, attempt_id, "first", "rude")
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert heading(page) == "Step 2 of 4"
    assert progress(page) == ("4", "1")


def test_a_refused_answer_keeps_the_progress(client, employee):
    attempt_id = start(client)
    response = answer(client, attempt_id, "first", "kind", "rude")
    assert response.status_code == 422
    assert heading(response.get_data(as_text=True)) == "Step 1 of 3 or 4"


def test_marking_a_lesson_read_goes_on_to_the_next_lesson(client, employee):
    response = client.post("/lessons/basics-reading/complete")
    assert response.headers["Location"].endswith("/lessons/basics-secrets")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lesson marked as read." in page


def test_marking_the_last_lesson_read_goes_on_to_the_quiz(client, employee):
    response = client.post("/lessons/basics-secrets/complete")
    assert response.headers["Location"].endswith("/quizzes/basics-quiz")


def test_marking_the_courses_last_item_read_returns_to_the_course(client, employee, tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", tree)
    course = tree / "courses" / "basics" / "course.md"
    order = "[basics-reading, basics-secrets, basics-quiz]"
    course.write_text(course.read_text().replace(order, "[basics-quiz, basics-reading, basics-secrets]"))
    library.import_directory(tree)
    response = client.post("/lessons/basics-secrets/complete")
    assert response.headers["Location"].endswith("/courses/basics")
    following = client.post("/lessons/basics-reading/complete").headers["Location"]
    assert following.endswith("/lessons/basics-secrets")


def test_a_refused_mark_as_read_stays_on_the_lesson(client, employee):
    response = client.post("/lessons/basics-reading/complete", data={"version": "7"})
    assert response.headers["Location"].endswith("/lessons/basics-reading")
