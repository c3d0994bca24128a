"""The quiz player's choice order and the result page that lets a learner review an attempt."""

import re
from pathlib import Path

from training.content import quiz as quizzes
from training.content.reader import read_library

BUNDLED = Path(__file__).parents[2] / "content"


def start(client, token):
    response = client.post("/quizzes/basics-quiz/start", data={"token": token})
    return int(response.headers["Location"].rsplit("/", 1)[1])


def answer(client, attempt_id, step_id, *choices):
    return client.post(f"/attempts/{attempt_id}", data={"step_id": step_id, "choice": list(choices)})


def shown_values(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="choice"[^>]*value="([^"]+)"', page)


def single_choice_steps():
    library = read_library(BUNDLED)
    assert not library.problems, library.problems
    return [
        step
        for item in library.items.values()
        if item.kind == "quiz"
        for step in item.quiz["steps"]
        if not quizzes.is_draft(step) and not quizzes.is_multi(step)
    ]


def test_the_same_attempt_always_gets_the_same_order():
    step = single_choice_steps()[0]
    orders = {tuple(c["id"] for c in quizzes.shown_order(step, 7)) for _ in range(5)}
    assert len(orders) == 1
    assert sorted(next(iter(orders))) == sorted(c["id"] for c in step["choices"])


def test_different_attempts_can_get_different_orders():
    step = single_choice_steps()[0]
    orders = {tuple(c["id"] for c in quizzes.shown_order(step, seed)) for seed in range(1, 21)}
    assert len(orders) > 1


def test_bundled_quizzes_do_not_always_show_the_correct_choice_first():
    steps = single_choice_steps()
    assert len(steps) >= 10
    for seed in range(1, 51):
        firsts = [quizzes.shown_order(step, seed)[0]["correct"] for step in steps]
        assert not all(firsts), f"attempt {seed} shows every correct answer first"


def test_player_shows_the_attempts_order_and_keeps_it_on_reload(client, employee):
    seen = set()
    for number in range(1, 7):
        attempt_id = start(client, f"tok-{number}")
        answer(client, attempt_id, "first", "kind")
        page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        order = shown_values(page)
        assert sorted(order) == ["dm", "name", "order"]
        assert shown_values(client.get(f"/attempts/{attempt_id}").get_data(as_text=True)) == order
        seen.add(tuple(order))
    assert len(seen) > 1, "every attempt showed the choices in the same order"


def test_a_refused_answer_shows_the_same_order_again(client, employee):
    attempt_id = start(client, "tok-a")
    before = shown_values(client.get(f"/attempts/{attempt_id}").get_data(as_text=True))
    response = answer(client, attempt_id, "first", "kind", "rude")
    assert response.status_code == 422
    assert shown_values(response.get_data(as_text=True)) == before
