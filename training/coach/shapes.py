"""Regular expressions of the coach's rules: compiled with their problems, or built from word lists."""

import re
import warnings
from functools import cache

# Words that never form part of a street name, so "2 items on the way" is not an address.
NOT_STREET_NAMES = (
    "a", "an", "the", "on", "in", "at", "to", "of", "for", "by", "from", "with", "and", "or", "but",
    "your", "our", "my", "their", "his", "her", "its", "this", "that", "these", "those", "more",
    "other", "each", "every", "all", "some", "any", "no", "one", "way", "down", "up", "out", "over",
    "along", "across", "day", "days", "week", "weeks", "hour", "hours", "minute", "minutes",
    "month", "months", "year", "years", "item", "items", "box", "boxes", "parcel", "parcels",
    "time", "times", "people", "mile", "miles", "order", "orders",
)  # fmt: skip

GAP = r"[^\S\n]"  # a space or tab: a signature never runs over two lines
# A team or role after the name: "– Sam (Customer Care)", "— Raj, Kestrel Home".
TEAM = rf"(?:{GAP}*\([^()\n]{{1,60}}\)|{GAP}*,{GAP}*@?[A-Z][\w'’&-]*(?:{GAP}+[A-Z&][\w'’&-]*){{0,4}})?"
# The end of the reply: a kiss ("Lauren x"), then only punctuation, emoji or spaces.
END = rf"(?:{GAP}+[xX]{{1,3}})?\W*\Z"


def street_regex(words: list[str]) -> str:
    """A house number, one to three street-name words, then a street word such as Road."""
    stop = "|".join(map(re.escape, NOT_STREET_NAMES))
    kinds = "|".join(map(re.escape, words))
    name = rf"(?!(?:{stop})\b)[a-z][\w'’-]*"
    return rf"(?<![\w£$€.,:/-])\d{{1,4}}[a-z]?,?\s+(?:{name}\s+){{1,3}}(?:{kinds})\b"


def signature_regexes(closings: list[str], not_names: list[str]) -> list[str]:
    """Patterns (case-sensitive) for a reply that ends with a name, initials or a sign-off.

    `closings` are sign-offs such as "best wishes" that may come before the name; `not_names`
    are words that end many replies but name nobody ("Thanks", "Kestrel", "Team").
    """
    stop_words = set(not_names) | {closing.split()[0] for closing in closings}
    stop = "|".join(map(re.escape, sorted(stop_words, key=len, reverse=True)))
    name = rf"(?!(?i:{stop})\b)[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*"
    full_name = rf"{name}(?:{GAP}+(?:{name}|[A-Z]\.?))?"  # "Priya", "Priya Kaur", "Sam B."
    lower_name = rf"(?!(?i:{stop})\b)[a-z][a-z'’-]+"  # "- priya"
    closing = "|".join(re.sub(r"\\ ", r"\\s+", re.escape(c.strip())) for c in closings)
    return [
        # "– Priya", "- priya", "—Sam B.", "– Sam (Customer Care)", "— Raj, Kestrel Home"
        rf"(?:^|\s)[-–—~]{GAP}*(?:{full_name}|{lower_name}){TEAM}{END}",
        # "^SK"
        rf"\^{GAP}?[A-Z]{{1,3}}{END}",
        # Initials after a dash, as the policy allows where space is tight: "– DK", "- JB"
        # (not a word that ends many replies, such as "- OK").
        rf"(?:^|\s)[-–—~]{GAP}*(?!(?i:{stop})\b)[A-Z]{{2,3}}{END}",
        # "Thanks, Priya", "Best wishes, Priya Kaur", "Cheers,\nOllie"
        rf"(?i:\b(?:{closing}))[,!.]?\s+{full_name}{TEAM}{END}",
        # A name on its own last line or as the last sentence: "Please DM us.\nPriya", "Lauren x"
        rf"(?:^|\n|[.!?]{GAP}+){GAP}*{full_name}{TEAM}{END}",
    ]


def compile_patterns(sources: list[str], flags: int, report) -> tuple[re.Pattern, ...]:
    """Compile each pattern; `report` the ones that fail, by their number in the list."""
    compiled = []
    for number, source in enumerate(sources, start=1):
        pattern, problem = _compile_one(source, flags)
        if problem:
            report(f"pattern {number} ({source!r}) {problem}")
        else:
            compiled.append(pattern)
    return tuple(compiled)


@cache
def _compile_one(source: str, flags: int) -> tuple[re.Pattern | None, str | None]:
    """Compile a pattern; a warning from `re` (such as "possible nested set") is a problem too.

    Cached, because `re` warns only when it first parses a pattern, not when it reuses one.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pattern = re.compile(source, flags)
        except re.error as exc:
            return None, f"is not a valid regular expression: {exc}"
    if caught:
        hint = str(caught[0].message)
        return None, (
            f"is ambiguous: {hint[:1].lower()}{hint[1:]}, which a later Python may read differently;"
            " escape a literal [ (or a doubled - & ~ |) with a backslash"
        )
    return pattern, None
