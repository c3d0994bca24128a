"""Scenario quizzes: validating their structure, walking their branches and scoring a path."""

import hashlib
import re

from training.content.fields import CHOICE_FIELDS, STEP_FIELDS, unknown_fields
from training.content.yamlfile import line_of

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
END = "end"
MIN_CHOICES, MAX_CHOICES = 2, 8
MAX_DRAFT_CHARS = 5000
# What kind of post a draft step's reply answers; the coach applies good practice to suit it.
ANSWERS = ("complaint", "question", "praise", "abuse", "press", "correction")
DRAFT_ONLY = ("answers", "customer", "must_address", "must_not_mention")


def validate_steps(steps, quiz_line: int | None, text: str | None = None) -> list[tuple[int | None, str]]:
    """Return (line, message) for each structural problem in a quiz's `steps`.

    With the quiz's `text`, an unknown field is reported on its own line.
    """
    if not isinstance(steps, list) or not steps:
        return [(quiz_line, "`steps` must be a non-empty list of steps")]
    problems: list[tuple[int | None, str]] = []
    positions: dict[str, int] = {}
    for index, step in enumerate(steps):
        line = line_of(step, quiz_line)
        if not isinstance(step, dict):
            problems.append((line, f"step {index + 1} must be a mapping with id, prompt, choices"))
            continue
        step_id = step.get("id")
        if not isinstance(step_id, str) or not ID_RE.match(step_id):
            problems.append((line, f"step {index + 1} needs an `id` of lowercase letters, digits, - or _"))
        elif step_id in positions:
            problems.append((line, f"duplicate step id {step_id!r}"))
        else:
            positions[step_id] = index
        problems.extend(_validate_step(step, line, text))
    for index, step in enumerate(steps):
        if isinstance(step, dict):
            problems.extend(_validate_targets(step, index, positions))
    return problems


def _validate_step(step: dict, line: int | None, text: str | None = None) -> list[tuple[int | None, str]]:
    name = f"step {step.get('id')!r}"
    problems = list(unknown_fields(step, STEP_FIELDS, name, text))
    if not isinstance(step.get("prompt"), str) or not step["prompt"].strip():
        problems.append((line, f"{name} needs a `prompt`"))
    if step.get("kind", "choice") == "draft":
        return problems + _validate_draft(step, name, line)
    if step.get("kind", "choice") != "choice":
        problems.append((line, f"{name} has unknown kind {step['kind']!r} (allowed: choice, draft)"))
        return problems
    for key in DRAFT_ONLY:
        if key in step:
            problems.append((line, f"{name}: only a draft step takes `{key}`"))
    choices = step.get("choices")
    if not isinstance(choices, list) or not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.append((line, f"{name} needs between {MIN_CHOICES} and {MAX_CHOICES} `choices`"))
        return problems
    seen = set()
    for choice in choices:
        cline = line_of(choice, line)
        if not isinstance(choice, dict):
            problems.append(
                (cline, f"{name}: each choice must be a mapping with id, text, correct, feedback")
            )
            continue
        cid = choice.get("id")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            problems.append((cline, f"{name}: a choice needs an `id` of lowercase letters, digits, - or _"))
        elif cid in seen:
            problems.append((cline, f"{name}: duplicate choice id {cid!r}"))
        else:
            seen.add(cid)
        problems.extend(unknown_fields(choice, CHOICE_FIELDS, f"choice {cid!r} of {name}", text))
        for field in ("text", "feedback"):
            if not isinstance(choice.get(field), str) or not choice[field].strip():
                problems.append((cline, f"{name}: choice {cid!r} needs `{field}`"))
        if not isinstance(choice.get("correct"), bool):
            problems.append((cline, f"{name}: choice {cid!r} needs `correct: true` or `correct: false`"))
    valid = [c for c in choices if isinstance(c, dict)]
    correct = [c for c in valid if c.get("correct") is True]
    if not correct:
        problems.append((line, f"{name} has no correct choice"))
    if len(correct) > 1 and any("next" in c for c in valid):
        problems.append((line, f"{name} is multi-select, so only the step may have `next`, not its choices"))
    return problems


def _validate_draft(step: dict, name: str, line: int | None) -> list[tuple[int | None, str]]:
    """A draft step: the learner writes a reply that the response coach checks."""
    problems = []
    limit = step.get("max_chars")
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_DRAFT_CHARS:
        problems.append((line, f"{name} is a draft step and needs `max_chars` from 1 to {MAX_DRAFT_CHARS}"))
    if "choices" in step:
        problems.append((line, f"{name} is a draft step, so it has no `choices`"))
    if "guidance" in step and not isinstance(step["guidance"], str):
        problems.append((line, f"{name}: `guidance` must be markdown text"))
    return problems + _validate_situation(step, name, line)


def _validate_situation(step: dict, name: str, line: int | None) -> list[tuple[int | None, str]]:
    """The optional fields that tell the coach what a good reply at this step must do."""
    problems = []
    if "answers" in step and step["answers"] not in ANSWERS:
        problems.append((line, f"{name}: `answers` is {step['answers']!r}; use one of {', '.join(ANSWERS)}"))
    if "customer" in step and not (isinstance(step["customer"], str) and step["customer"].strip()):
        problems.append((line, f"{name}: `customer` must be the name of the person replied to, like Dan"))
    needs = step.get("must_address", [])
    if not isinstance(needs, list) or not all(_texts(entry) for entry in needs):
        problems.append((line, f"{name}: `must_address` must be a list of lists of alternatives, "
                               "like [[sorry, apologi*], [DM, direct message]]"))  # fmt: skip
    if not _texts(step.get("must_not_mention", ["-"])):
        example = "[14 Mill Lane, Tuesday]"
        problems.append((line, f"{name}: `must_not_mention` must be a list of details, like {example}"))
    return problems


def _texts(value) -> bool:
    """True for a non-empty list of non-empty texts."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _validate_targets(step: dict, index: int, positions: dict[str, int]):
    targets = [(step, step.get("next"))] if "next" in step else []
    choices = step.get("choices") if isinstance(step.get("choices"), list) else []
    targets += [(c, c.get("next")) for c in choices if isinstance(c, dict) and "next" in c]
    for node, target in targets:
        line = line_of(node)
        if target == END:
            continue
        if not isinstance(target, str):
            yield (line, f"`next` in step {step.get('id')!r} must be a step id or `end`, not {_kind(target)}")
        elif target not in positions:
            yield (line, f"`next: {target}` in step {step.get('id')!r} points to no step")
        elif positions[target] <= index:
            yield (line, f"`next: {target}` in step {step.get('id')!r} must point to a later step")


def _kind(value) -> str:
    names = {list: "a list", dict: "a mapping", bool: "true or false", type(None): "nothing"}
    return names.get(type(value), "a number")


def is_draft(step: dict) -> bool:
    return step.get("kind") == "draft"


def is_multi(step: dict) -> bool:
    return sum(1 for c in step.get("choices", []) if c["correct"]) > 1


def correct_ids(step: dict) -> set[str]:
    return {c["id"] for c in step["choices"] if c["correct"]}


def shown_order(step: dict, seed: int | str) -> list[dict]:
    """Return the step's choices shuffled by `seed` (an attempt id): the same seed, the same order.

    Nothing is stored: the order is a hash of seed, step and choice, so a reload shows it again.
    """

    def rank(choice: dict) -> bytes:
        return hashlib.sha256(f"{seed}:{step['id']}:{choice['id']}".encode()).digest()

    return sorted(step["choices"], key=rank)


def step_by_id(quiz: dict, step_id: str) -> dict | None:
    return next((s for s in quiz["steps"] if s["id"] == step_id), None)


def next_step_id(quiz: dict, step_id: str, choice_ids: list[str]) -> str | None:
    """Return the step that follows `step_id` after `choice_ids`, or None when the quiz ends."""
    steps = quiz["steps"]
    index = next(i for i, s in enumerate(steps) if s["id"] == step_id)
    step = steps[index]
    target = None
    if len(choice_ids) == 1 and not is_draft(step):
        chosen = next((c for c in step["choices"] if c["id"] == choice_ids[0]), {})
        target = chosen.get("next")
    target = target or step.get("next")
    if target == END:
        return None
    if target:
        return target
    return steps[index + 1]["id"] if index + 1 < len(steps) else None


def score(correct_flags: list[bool]) -> int:
    """Return the percentage of steps on the path that were answered correctly."""
    if not correct_flags:
        return 0
    return round(100 * sum(correct_flags) / len(correct_flags))
