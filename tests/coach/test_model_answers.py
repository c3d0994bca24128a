"""The model answers in the bundled quizzes (the examples in each draft step's `guidance`).

Each must pass the coach at its own step, and fail at every other draft step: a reply written
for one post is no answer to another.
"""

import re
from pathlib import Path

import pytest
import yaml

from tests.coach import quality
from training.coach import check as coach

COURSES = Path(__file__).parents[2] / "content" / "courses"
EXAMPLE = re.compile(r"^>[^\S\n]?(.+)$", re.MULTILINE)  # a quoted line of the guidance


def draft_steps() -> list[tuple[str, dict, list[str]]]:
    """(quiz file and step id, step, its model answers) for every draft step of the bundled quizzes."""
    found = []
    for path in sorted(COURSES.glob("*/*.quiz.yaml")):
        for step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]:
            if step.get("kind") == "draft":
                examples = [line.strip() for line in EXAMPLE.findall(step.get("guidance") or "")]
                found.append((f"{path.name}#{step['id']}", step, examples))
    return found


STEPS = draft_steps()


@pytest.fixture(scope="module")
def rules():
    return coach.load_rules(COURSES.parent / "coach.yaml")


def check_at(reply: str, step: dict, rules) -> coach.Result:
    """Check a reply as the learning pages do at `step`."""
    return coach.check(
        reply, rules, max_chars=step["max_chars"], extra_terms=quality.policy_terms(),
        public_names=quality.public_names(), kind=step.get("answers"), customer=step.get("customer"),
        must_address=step.get("must_address", []), must_not_mention=step.get("must_not_mention", []),
    )  # fmt: skip


def test_the_bundled_quizzes_have_draft_steps_that_say_what_they_answer():
    assert len(STEPS) >= 4
    assert all(step.get("answers") for _, step, _ in STEPS), [name for name, step, _ in STEPS]


@pytest.mark.parametrize(("name", "step", "examples"), STEPS, ids=[name for name, _, _ in STEPS])
def test_every_model_answer_passes_the_coach_at_its_own_step(rules, name, step, examples):
    assert examples, f"{name} has no model answer (a quoted example) in its guidance"
    for example in examples:
        result = check_at(example, step, rules)
        assert result.passed, (example, [(f.rule, example[f.start : f.end]) for f in result.findings])


def test_no_model_answer_passes_at_another_draft_step(rules):
    accepted = [
        (name, other_name)
        for name, _, examples in STEPS
        for other_name, other, _ in STEPS
        if other_name != name and any(check_at(example, other, rules).passed for example in examples)
    ]
    assert accepted == []
