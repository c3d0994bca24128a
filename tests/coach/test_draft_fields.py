"""The optional fields of a draft step that tell the coach what a good reply must do."""

import pytest

from training.content.quiz import validate_steps

DRAFT = {"id": "reply", "kind": "draft", "max_chars": 280, "prompt": "Write the reply."}
FULL = {
    **DRAFT,
    "answers": "complaint",
    "customer": "Dan",
    "must_address": [["sorry", "apologi*"], ["DM", "direct message"]],
    "must_not_mention": ["14 Mill Lane", "Tuesday"],
}


def test_draft_step_with_every_situation_field_is_valid():
    assert validate_steps([FULL], 1) == []


@pytest.mark.parametrize("answers", ["complaint", "question", "praise", "abuse", "press", "correction"])
def test_each_kind_of_post_is_accepted(answers):
    assert validate_steps([{**DRAFT, "answers": answers}], 1) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"answers": "moan"}, "`answers` is 'moan'; use one of complaint, question"),
        ({"answers": ["praise"]}, "`answers` is ['praise']"),
        ({"customer": ""}, "`customer` must be the name of the person replied to"),
        ({"customer": 7}, "`customer` must be the name"),
        ({"must_address": ["sorry"]}, "`must_address` must be a list of lists of alternatives"),
        ({"must_address": [[]]}, "`must_address` must be a list of lists"),
        ({"must_address": [["sorry", ""]]}, "`must_address` must be a list of lists"),
        ({"must_address": "sorry"}, "`must_address` must be a list of lists"),
        ({"must_not_mention": "Tuesday"}, "`must_not_mention` must be a list of details"),
        ({"must_not_mention": [None]}, "`must_not_mention` must be a list of details"),
        ({"must_not_mention": []}, "`must_not_mention` must be a list of details"),
    ],
)
def test_bad_situation_field_is_reported_with_its_step(change, problem):
    problems = validate_steps([{**FULL, **change}], 1)
    assert len(problems) == 1 and problem in problems[0][1], problems
    assert "step 'reply'" in problems[0][1]


def test_situation_fields_belong_to_draft_steps_only():
    choice = {"id": "pick", "prompt": "Pick one.", "answers": "praise", "customer": "Dan",
              "choices": [{"id": "a", "text": "A", "correct": True, "feedback": "Yes."},
                          {"id": "b", "text": "B", "correct": False, "feedback": "No."}]}  # fmt: skip
    problems = [message for _, message in validate_steps([choice], 1)]
    assert problems == ["step 'pick': only a draft step takes `answers`",
                        "step 'pick': only a draft step takes `customer`"]  # fmt: skip
