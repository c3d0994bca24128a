"""A copy of a reply with simple disguises undone, that still knows where each character came from.

Leak rules marked `normalise: true` also look at this copy, so "j o h n @ x . com" is read as
"john@x.com", "0 7 7 0 0 . 9 0 0 . 1 2 3" and "oh seven seven double oh, nine double oh, one two
three" as "07700900123", and "4539.1488.0343.6467" as one card number. Every character of the
copy remembers the span of the reply it stands for, so a finding made on the copy still marks
the reply's own characters.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

ALNUM = r"[^\W_]"
# What people put between the letters or digits of a value to hide it from filters.
GAP = r"[^\S\n]*[-_*·•][^\S\n]*|[^\S\n]+"
# Three or more single letters or digits, each set apart: "j o h n", "K H 1 2 3", "0-7-7".
SPELLED_OUT = re.compile(rf"(?<!{ALNUM}){ALNUM}(?!{ALNUM})(?:(?:{GAP}){ALNUM}(?!{ALNUM})){{2,}}")
BETWEEN_DIGITS = re.compile(r"(?<=\d)(?:[^\S\n]*[.\-_·•][^\S\n]*|[^\S\n]+)(?=\d)")
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# "jo(at)mail[dot]com"; the spaces around the @ or dot this leaves go with the steps below.
BRACKETED_AT = re.compile(r"[(\[{]\s*at\s*[)\]}]", re.IGNORECASE)
BRACKETED_DOT = re.compile(r"[(\[{]\s*dot\s*[)\]}]", re.IGNORECASE)
# " at " is an @ only when the address goes on with a written-out " dot ": "jo at mail dot com",
# so "we are at your service" and "look at it today" stay as they are.
WORD_AT = re.compile(rf"(?<={ALNUM})\s+at\s+(?={ALNUM}[\w-]*\s+dot\s+{ALNUM})", re.IGNORECASE)
WORD_DOT = re.compile(rf"(?<={ALNUM})\s+dot\s+(?={ALNUM})", re.IGNORECASE)
SPACED_AT = re.compile(rf"(?<={ALNUM})\s*@\s*(?={ALNUM})")
# A dot with a space before it ends no sentence: "gmail . com", "gmail .com".
SPACED_DOT = re.compile(rf"(?<={ALNUM})[^\S\n]+\.[^\S\n]*(?={ALNUM})")
# Digits said in words: "oh seven seven double oh, nine double oh", "eight-eight-one-two". A run
# becomes digits only when it holds four or more, so "one or two" and "Oh no" stay as they are;
# "last four" and "first four" count digits rather than being one.
DIGIT_VALUES = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1", "two": "2",
                "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9"}  # fmt: skip
_DIGIT_WORD = rf"(?:(?:double|triple)[^\S\n]+)?(?:{'|'.join(sorted(DIGIT_VALUES, key=len, reverse=True))})"
_DIGIT_GAP = r"[^\S\n]*[-,][^\S\n]*|[^\S\n]+"
DIGIT_WORDS = re.compile(
    rf"(?<!\w)(?<!last )(?<!first )(?:{_DIGIT_WORD})(?:(?:{_DIGIT_GAP}){_DIGIT_WORD})+(?!\w)", re.IGNORECASE
)
REPEATS = {"double": 2, "triple": 3}


@dataclass(frozen=True)
class Text:
    """Text whose character i stands for the characters starts[i]:ends[i] of the original."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Text":
        return cls(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the original text that the span start:end of this text stands for."""
        return self.starts[start], self.ends[end - 1]

    def replace(self, pattern: re.Pattern, new: str) -> "Text":
        """Replace each match with `new`, whose characters all stand for the whole match."""
        return self._rewrite(pattern, lambda match: [(char, None) for char in new])

    def keep_only(self, pattern: re.Pattern, keep: Callable[[str], bool]) -> "Text":
        """Within each match, drop the characters `keep` rejects; the others keep their origin."""
        return self._rewrite(
            pattern,
            lambda match: [(c, match.start() + i) for i, c in enumerate(match.group()) if keep(c)],
        )

    def _rewrite(self, pattern: re.Pattern, pieces) -> "Text":
        text, starts, ends, last = [], [], [], 0
        for match in pattern.finditer(self.text):
            start, end = match.span()
            text.append(self.text[last:start])
            starts += self.starts[last:start]
            ends += self.ends[last:start]
            whole = (self.starts[start], self.ends[end - 1]) if end > start else None
            for char, position in pieces(match):
                origin = whole if position is None else (self.starts[position], self.ends[position])
                text.append(char)
                starts.append(origin[0])
                ends.append(origin[1])
            last = end
        if not text:
            return self
        text.append(self.text[last:])
        starts += self.starts[last:]
        ends += self.ends[last:]
        return Text("".join(text), tuple(starts), tuple(ends))


def _digits_of(words: str) -> str:
    """The digits a run of digit words says: "double oh nine" -> "009"."""
    digits, repeat = [], 1
    for word in re.findall(r"[a-z]+", words.casefold()):
        if word in REPEATS:
            repeat = REPEATS[word]
        else:
            digits.append(DIGIT_VALUES[word] * repeat)
            repeat = 1
    return "".join(digits)


def _spoken_digits(match: re.Match) -> list[tuple[str, int | None]]:
    digits = _digits_of(match.group())
    if len(digits) < 4:  # kept as written
        return [(char, match.start() + i) for i, char in enumerate(match.group())]
    return [(char, None) for char in digits]


def normalise(reply: str) -> Text:
    """Undo simple disguises of addresses and numbers in `reply` (see the module docstring)."""
    text = Text.of(reply).replace(INVISIBLE, "").replace(DASHES, "-")
    text = text._rewrite(DIGIT_WORDS, _spoken_digits)
    text = text.replace(BRACKETED_AT, "@").replace(BRACKETED_DOT, ".")
    text = text.replace(WORD_AT, "@").replace(WORD_DOT, ".")
    text = text.keep_only(SPELLED_OUT, str.isalnum)
    text = text.replace(BETWEEN_DIGITS, "")
    return text.replace(SPACED_AT, "@").replace(SPACED_DOT, ".")
