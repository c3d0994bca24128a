"""The frontline course's scenario, played through the learning services on the bundled library."""

import re

import pytest
import yaml

from tests.conftest import BUNDLED_CONTENT
from training.db import db
from training.editor import library
from training.learning import attempts, replies
from training.models import AttemptResult

QUIZ_ID = "frontline-scenario"
QUIZ_FILE = BUNDLED_CONTENT / "courses" / "frontline-and-crises" / f"{QUIZ_ID}.quiz.yaml"
EXAMPLE = re.compile(r"^>[^\S\n]?(.+)$", re.MULTILINE)  # the quoted model reply in a step's guidance


@pytest.fixture
def learner(app, make_user):
    library.import_directory(BUNDLED_CONTENT)
    return make_user(email="frontline@example.com", department="Stores")


def play(user, pick) -> AttemptResult:
    """Answer each choice step with pick(step) and each draft step with its model reply."""
    rules = replies.rules_for(str(BUNDLED_CONTENT))
    attempt = attempts.start_attempt(user, QUIZ_ID, "frontline")
    while (step := attempts.load(user, attempt.id).current_step) is not None:
        if step.get("kind") == "draft":
            replies.submit(user, attempt.id, step["id"], EXAMPLE.search(step["guidance"])[1], 1, rules)
        else:
            attempts.answer(user, attempt.id, step["id"], pick(step))
    return db.session.get(AttemptResult, attempt.id)


def test_the_scenario_has_choice_and_draft_steps():
    steps = yaml.safe_load(QUIZ_FILE.read_text(encoding="utf-8"))["steps"]
    assert sum(step.get("kind") == "draft" for step in steps) == 2 and len(steps) >= 12


def test_right_choices_and_model_replies_pass_with_full_marks(learner):
    result = play(learner, lambda step: [c["id"] for c in step["choices"] if c["correct"]])
    assert (result.passed, result.score) == (True, 100)


def test_always_picking_the_longest_choice_does_not_pass(learner):
    result = play(learner, lambda step: [max(step["choices"], key=lambda c: len(c["text"]))["id"]])
    assert not result.passed and result.score < 50
