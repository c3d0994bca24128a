"""Warnings about quizzes a learner could pass without judgement; they never block a check or import.

Two habits of quiz writers make a quiz guessable: the correct choice is the longest (careful
wording grows), and the correct choice repeats a lesson sentence, so it can be recognised
instead of reasoned out.
"""

import re
from pathlib import Path

from training.content import yamlfile
from training.content.files import ItemFile, Library, Problem
from training.content.yamlfile import line_of

COPIED_WORDS = 8  # this many consecutive words of one lesson sentence make a copy
_WORD = re.compile(r"[\w£%]+(?:'[\w]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def library_warnings(library: Library, root: Path) -> list[Problem]:
    """Return a warning for each quiz a learner could pass by length or by recognising a lesson."""
    warnings: list[Problem] = []
    for item in library.items.values():
        if item.kind != "quiz":
            continue
        data = _with_lines(item)
        if data is None:
            continue
        path = _path(Path(root), item)
        longest = longest_correct_problem(data)
        if longest:
            warnings.append(Problem(path, line_of(data), longest))
        runs = lesson_runs(library, item.course_id)
        for line, message in copied_choices(data, runs):
            warnings.append(Problem(path, line, message))
    return warnings


def _with_lines(item: ItemFile) -> dict | None:
    """The quiz as parsed from its text, so that every step and choice knows its line."""
    try:
        data = yamlfile.load(item.source)
    except yamlfile.YamlError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("steps"), list) else None


def _path(root: Path, item: ItemFile) -> str:
    return str(Path(root.name) / "courses" / item.course_id / f"{item.id}.quiz.yaml")


def single_answer_steps(data: dict) -> list[dict]:
    """The choice steps with exactly one correct choice (a multi-select step has no "longest")."""
    return [
        step
        for step in data["steps"]
        if isinstance(step, dict)
        and step.get("kind", "choice") == "choice"
        and sum(1 for c in step.get("choices") or [] if c.get("correct") is True) == 1
    ]


def correct_is_longest(step: dict) -> bool:
    """True when no wrong choice is longer than the correct one (a tie still lets length guess)."""
    lengths = [(len(str(c.get("text", "")).strip()), c.get("correct") is True) for c in step["choices"]]
    right = next(size for size, correct in lengths if correct)
    return all(size <= right for size, correct in lengths if not correct)


def longest_correct_problem(data: dict) -> str | None:
    """Say so when the correct choice is the longest in more than half the single-answer steps."""
    steps = single_answer_steps(data)
    longest = [str(step.get("id")) for step in steps if correct_is_longest(step)]
    if not steps or 2 * len(longest) <= len(steps):
        return None
    return (
        f"warning: the correct choice is the longest in {len(longest)} of {len(steps)} single-answer "
        f"steps ({', '.join(longest)}), so picking the longest answer passes: make the choices "
        "similar in length"
    )


def words(text: str) -> list[str]:
    """The words of a text, lower case, with markdown links read as their text."""
    text = _LINK.sub(r"\1", text).replace("’", "'").replace("‘", "'").lower()
    return _WORD.findall(text)


def lesson_runs(library: Library, course_id: str) -> dict[tuple[str, ...], str]:
    """Every run of COPIED_WORDS words inside one sentence of the course's lessons, with its lesson."""
    runs: dict[tuple[str, ...], str] = {}
    for item in library.items.values():
        if item.kind != "lesson" or item.course_id != course_id:
            continue
        for sentence in _SENTENCE_END.split(item.body_md):
            found = words(sentence)
            for start in range(len(found) - COPIED_WORDS + 1):
                runs.setdefault(tuple(found[start : start + COPIED_WORDS]), item.id)
    return runs


def copied_choices(data: dict, runs: dict[tuple[str, ...], str]):
    """Yield (line, warning) for each choice that repeats a lesson sentence's words in order."""
    for step in data["steps"]:
        if not isinstance(step, dict) or not isinstance(step.get("choices"), list):
            continue
        for choice in step["choices"]:
            if not isinstance(choice, dict):
                continue
            copied = copied_run(words(str(choice.get("text", ""))), runs)
            if copied:
                text, lesson = copied
                yield (
                    line_of(choice, line_of(step)),
                    (
                        f"warning: choice {choice.get('id')!r} of step {step.get('id')!r} repeats lesson "
                        f"{lesson!r} word for word (“{text}”), so it can be recognised without thinking: "
                        "reword it"
                    ),
                )


def copied_run(found: list[str], runs: dict[tuple[str, ...], str]) -> tuple[str, str] | None:
    """Return the longest stretch of `found` made of runs from `runs`, with the lesson of its first."""
    best: tuple[int, int, str] | None = None
    start = 0
    while start <= len(found) - COPIED_WORDS:
        lesson = runs.get(tuple(found[start : start + COPIED_WORDS]))
        if lesson is None:
            start += 1
            continue
        end = start + COPIED_WORDS
        while end < len(found) and tuple(found[end - COPIED_WORDS + 1 : end + 1]) in runs:
            end += 1
        if best is None or end - start > best[1] - best[0]:
            best = (start, end, lesson)
        start = end - COPIED_WORDS + 1
    if best is None:
        return None
    return " ".join(found[best[0] : best[1]]), best[2]
