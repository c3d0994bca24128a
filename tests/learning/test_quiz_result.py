"""The result page lets the learner review the attempt: each step, their choice, why it was right."""

import re
import shutil

import pytest

from tests.conftest import FIXTURES
from tests.learning import test_drafts
from tests.learning.test_drafts import GOOD, LEAKY
from training.editor import library as content_service


def answer(client, attempt, step_id, *choices):
    return client.post(attempt, data={"step_id": step_id, "choice": list(choices)})


def section(page: str, start: str, end: str | None) -> str:
    return page[page.index(start) : page.index(end) if end else None]


def test_result_lists_each_step_with_the_choice_and_collapsed_feedback(client, employee):
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "r"}).headers["Location"]
    answer(client, attempt, "first", "rude")
    answer(client, attempt, "recover", "sorry")
    answer(client, attempt, "third", "name")
    answer(client, attempt, "last", "social")
    page = client.get(attempt).get_data(as_text=True)

    headings = re.findall(r"<h(\d)[^>]*>(.*?)</h\d>", page)
    levels = [int(level) for level, _ in headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), headings
    steps = [text for level, text in headings if level == "3"]
    assert steps == ["Step 1: missed", "Step 2: answered well", "Step 3: missed", "Step 4: answered well"]

    first = section(page, "Step 1: missed", "Step 2: answered well")
    assert "A customer is angry. What do you do?" in first
    assert re.search(r"Wrong:</span>\s*Tell them they are wrong", first)
    assert "The better answer:" in first and "Thank them and move to DMs" in first
    details = first[first.index("<details>") : first.index("</details>")]
    assert "Arguing in public makes it worse." in details
    assert "moving to a private channel calms things" in details
    assert "Arguing in public" not in first[: first.index("<details>")]  # collapsed until asked for

    third = section(page, "Step 3: missed", "Step 4: answered well")
    assert re.search(r"Right:</span>\s*Your first name", third)
    assert "Also right:" in third and "An offer to continue in DMs" in third


def test_result_shortens_a_long_prompt(client, employee, tmp_path):
    root = tmp_path / "long-prompt"
    shutil.copytree(FIXTURES / "content", root)
    quiz = root / "courses" / "basics" / "basics-quiz.quiz.yaml"
    long_prompt = "A customer is angry. " + "They explain the whole story again. " * 20
    quiz.write_text(quiz.read_text().replace("A customer is angry. What do you do?", long_prompt.strip()))
    content_service.import_directory(root)
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "long"}).headers["Location"]
    for step, choices in [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]:
        answer(client, attempt, step, *choices)
    page = client.get(attempt).get_data(as_text=True)
    shown = re.search(r'<p class="review-prompt">(.*?)</p>', page, re.S)[1]
    assert shown.startswith("A customer is angry.") and len(shown) <= 180


# The draft-step library of the draft tests, with the coach's rules and the bundled policy.
tree = test_drafts.tree


@pytest.fixture
def app_config(app_config, tree):
    return dict(app_config, CONTENT_DIR=str(tree))


def test_result_shows_the_learners_reply_at_a_draft_step(client, make_user, auth, tree):
    content_service.import_directory(tree)
    auth.login(make_user(email="writer@example.com").email)
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "d"}).headers["Location"]
    answer(client, attempt, "pick", "good")
    client.post(f"{attempt}/draft", data={"step_id": "write", "revision": 1, "reply": LEAKY})
    client.post(f"{attempt}/draft", data={"step_id": "write", "revision": 2, "reply": GOOD})
    page = client.get(attempt).get_data(as_text=True)
    second = section(page, "Step 2: missed, safe after 2 drafts", None)
    assert "Drafts written: 2. Your first reply was not safe, so this step counts as missed" in second
    assert "sorry for the wait" in second and "KH-4821937" not in second
    assert "<summary>What a good reply does at step 2</summary>" in second
    assert "Thank them, move to DMs, sign." in second


def test_result_says_when_the_first_draft_was_already_safe(client, make_user, auth, tree):
    content_service.import_directory(tree)
    auth.login(make_user(email="writer@example.com").email)
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "d"}).headers["Location"]
    answer(client, attempt, "pick", "good")
    client.post(f"{attempt}/draft", data={"step_id": "write", "revision": 1, "reply": GOOD})
    page = client.get(attempt).get_data(as_text=True)
    second = section(page, "Step 2: answered well, safe on the first draft", None)
    assert "Drafts written: 1. Your first reply was already safe." in second
