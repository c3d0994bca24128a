"""The fields each kind of content mapping may have: an unknown (often misspelt) one is reported.

A misspelt optional field is otherwise dropped without a word: `nxt:` on a choice silently
removes a branch and `retrian: false` silently asks everyone to retrain.
"""

import difflib
import re

from training.content.yamlfile import LINE, line_of

# Optional fields beside the required ones that content_reader checks, with their types.
OPTIONAL = {
    "policy": {"retrain": bool, "confidential_terms": list, "public_names": list, "four_eyes": bool},
    "course": {"summary": str, "recertify_every": "period"},  # checked by periods.parse
    "lesson": {"retrain": bool},
    "quiz": {"retrain": bool, "intro": str},
}
STEP_FIELDS = ("id", "prompt", "kind", "choices", "next", "max_chars", "guidance", "answers", "customer",
               "must_address", "must_not_mention")  # fmt: skip
CHOICE_FIELDS = ("id", "text", "correct", "feedback", "next")
WHERE = {"policy": "the front matter", "course": "the front matter", "lesson": "the front matter",
         "quiz": "the quiz"}  # fmt: skip
# Policies may carry extra fields of their own (kept with the version), so only a field that
# looks like a misspelling of a known one is refused there.
LENIENT = {"policy": 0.8}


def check_fields(data, kind: str, required, text: str, report) -> None:
    """Report unknown fields of a file's front matter (or a quiz's top level) and mistyped options."""
    if not isinstance(data, dict):
        return
    known = [*required, *OPTIONAL[kind]]
    for line, message in unknown_fields(data, known, WHERE[kind], text, LENIENT.get(kind)):
        report(line, message)
    for name, kind_of in OPTIONAL[kind].items():
        value = data.get(name)
        if name not in data or kind_of is bool:  # retrain and four_eyes have their own checks
            continue
        if kind_of is list and not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            message = f"`{name}` must be a list of terms, like [Aurora, Nest], or [] for none"
            report(key_line(text, line_of(data), name), message)
        elif kind_of is str and value is not None and not isinstance(value, str):
            report(key_line(text, line_of(data), name), f"`{name}` must be text")


def unknown_fields(data: dict, known, where: str, text: str | None, lenient: float | None = None):
    """Yield (line, message) for each key of `data` not in `known`, suggesting the nearest one.

    With `lenient` (a similarity from 0 to 1), only keys at least that close to a known one are
    reported: the others are allowed extras.
    """
    for key in data:
        if key == LINE or key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=lenient or 0.6)
        if lenient and not close:
            continue
        hint = f"; did you mean `{close[0]}`?" if close else f" (allowed: {', '.join(sorted(known))})"
        yield key_line(text, line_of(data), str(key)), f"unknown field `{key}` in {where}{hint}"


_PREFIX = re.compile(r"^[ \t]*(?:-[ \t]+)*")


def key_line(text: str | None, start: int | None, key: str) -> int | None:
    """Return the line of `key` in the block mapping that starts on line `start`, else `start`."""
    if not text or not start:
        return start
    lines = text.split("\n")
    if start > len(lines):
        return start
    column = _PREFIX.match(lines[start - 1]).end()
    written = re.compile(rf"""^(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*:""")
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = column if number == start else len(line) - len(line.lstrip(" \t"))
        if indent < column:
            break  # the next list item, or the end of the mapping
        if indent == column and written.match(line[column:]):
            return number
    return start
