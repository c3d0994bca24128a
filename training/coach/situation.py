"""Whether a reply answers its own post: what it must address, must not repeat, and whom it greets.

A draft step names these (`must_address`, `must_not_mention`, `customer`); a reply written for
another customer or another situation then fails here, however well it is written.
"""

import re
from functools import lru_cache

from training.coach.options import phrase_regex

GREETINGS = r"(?:hi|hiya|hello|hey|dear|morning|good\s+(?:morning|afternoon|evening)|afternoon|evening)"
NAME = r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?"
TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[^\S\n]+"
# "Hi Sam", "Dear Ms Falconer" (the name after the title), "Hello, Sam", "Sam, ...", and a name set
# off by commas in the first sentence: "Thanks for deleting that, Dan, and ...", "Oh no, Ella, I'm sorry".
OPENING_NAME = re.compile(
    rf"\A\W*(?:(?i:{GREETINGS})[,!]?[^\S\n]+(?:{TITLE})?(?P<greeted>{NAME})\b|(?P<first>{NAME}),)"
)
VOCATIVE = re.compile(rf",[^\S\n]+(?P<name>{NAME})(?=[,.!?]|[^\S\n]+[-–—]|\Z)")
FIRST_SENTENCE = re.compile(r"\A.*?(?:[.!?](?=\s)|\n|\Z)", re.DOTALL)


def missing(reply: str, must_address) -> list[list[str]]:
    """Return the entries of `must_address` of which the reply matches no alternative."""
    return [alternatives for alternatives in must_address if not _any_of(tuple(alternatives)).search(reply)]


def mentions(reply: str, details) -> list[tuple[int, int]]:
    """Return the spans where the reply repeats a detail it must not mention."""
    return sorted(match.span() for detail in details for match in _any_of((detail,)).finditer(reply))


def other_names(reply: str, customer: str, not_names: tuple[str, ...]) -> list[tuple[int, int]]:
    """Return the spans of names the reply greets or addresses that are not `customer`'s."""
    ignore = {name.casefold() for name in not_names} | {customer.strip().casefold()}
    ignore |= {part.casefold() for part in customer.split()}
    spans = []
    opening = OPENING_NAME.match(reply)
    if opening:
        group = "greeted" if opening["greeted"] else "first"
        spans.append(opening.span(group))
    first = FIRST_SENTENCE.match(reply)
    spans += [m.span("name") for m in VOCATIVE.finditer(reply, 0, first.end() if first else 0)]
    return sorted({span for span in spans if reply[span[0] : span[1]].casefold() not in ignore})


def addressed(reply: str, customer: str | None = None) -> list[tuple[int, int]]:
    """Return the spans of the names of the person the reply answers: "Hi Aurora", the customer's."""
    opening = OPENING_NAME.match(reply)
    spans = [opening.span("greeted")] if opening and opening["greeted"] else []
    for part in (customer or "").split():
        spans += [m.span() for m in re.finditer(rf"(?<![\w@#]){re.escape(part)}(?!\w)", reply)]
    return spans


def describe(alternatives: list[str], quote=None, either=None) -> str:
    """Name the alternatives for a message: "sorry" or "apologi…".

    The coach stores it so, in English; a page names them in its reader's language by passing
    `quote` (one phrase in quotation marks) and `either` (the phrases before the last, the last).
    """
    quote = quote or (lambda phrase: f'"{phrase}"')
    either = either or (lambda first, last: f"{first} or {last}")
    shown = [quote(_shown(a)) for a in alternatives]
    return shown[0] if len(shown) == 1 else either(", ".join(shown[:-1]), shown[-1])


def described(text: str) -> list[str] | None:
    """Read back the phrases `describe` named in English, or None if `text` is not its wording."""
    phrases = re.findall(r'"([^"]*)"', text)
    return phrases if phrases and describe(phrases) == text else None


def _shown(alternative: str) -> str:
    """A phrase as a message shows it: a trailing * (any ending) as an ellipsis."""
    alternative = alternative.strip()
    return f"{alternative.removesuffix('*')}…" if alternative.endswith("*") else alternative


@lru_cache(maxsize=256)
def _any_of(alternatives: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{phrase_regex(a)})" for a in alternatives), re.IGNORECASE)
