"""The response coach's detectors: each finds what one kind of rule looks for in a reply.

A detector takes a compiled rule, the reply's context (the reply, the step's situation, what the
caller passes) and the spans other rules found, and returns the rule's findings.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from training.coach import phones, situation
from training.coach import text as coach_text
from training.coach.findings import Finding
from training.coach.options import phrase_regex
from training.coach.rules import Rule

CAPITAL_WORD = re.compile(r"(?<![\w'’])[A-Z]{3,}(?![\w'’])")
VOWEL = re.compile("[AEIOUY]")
SEPARATORS = r"[\s.\-_*·•|\u200b-\u200d]*"  # what people put between letters to dodge filters
LOOKALIKES = {"a": "a4@", "e": "e3", "i": "i1!", "o": "o0", "s": "s5$", "t": "t7", "l": "l1"}
# What after an ordinary word ("perch", "nest") shows it names a system or a project instead.
NAMING_CONTEXT = re.compile(
    r"(?:['’]s)?\s+(?:system|app|tool|screen|login|database|platform|project|portal|server|dashboard|"
    r"is\s+down|went\s+down|crashed|keeps\s+crashing|outage)\b",
    re.IGNORECASE,
)
# Words in double quotes, straight or curly: what the customer said, quoted back to them.
QUOTED = re.compile(r'["“]([^"“”\n]{1,200})["”]')
HASHTAG = re.compile(r"(?<![\w#])#(\w{3,})")
# A capitalised word inside a sentence, as a name is written: the candidates for a misspelt term.
NAME_WORD = re.compile(r"(?<=[^\s.!?:]\s)[A-Z][a-z]{3,}\b")
HASHTAG_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")  # "ProjectSkylark2026" -> Project Skylark 2026


@dataclass
class Context:
    reply: str
    max_chars: int | None
    extra_terms: tuple[str, ...]
    present: list[tuple[int, int]]  # spans of good practice found, e.g. the signature
    public_names: tuple[str, ...] = ()
    customer: str | None = None
    must_address: tuple[tuple[str, ...], ...] = ()
    must_not_mention: tuple[str, ...] = ()
    _texts: list[coach_text.Text] = field(default_factory=list)

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """The spans of words quoted back in double quotes, three words or more: someone else's words
        (found once per reply, however many tone rules ask)."""
        return [m.span() for m in QUOTED.finditer(self.reply) if len(m.group(1).split()) >= 3]

    def texts(self, rule: Rule) -> list[coach_text.Text]:
        """The reply as written, and for a `normalise` rule also with its disguises undone."""
        if not self._texts:
            self._texts.append(coach_text.Text.of(self.reply))
        if rule.normalise and len(self._texts) == 1:
            self._texts.append(coach_text.normalise(self.reply))
        return self._texts if rule.normalise else self._texts[:1]


def _finding(rule: Rule, start: int, end: int, message: str | None = None) -> Finding:
    return Finding(rule.id, rule.category, rule.severity, start, end, message or rule.message)


def _match(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report every match of the rule's patterns that is not allowed, as written or normalised."""
    found = []
    allowed_spans = _spans_of(rule.allow, context.reply)
    excused = [m.span() for p in rule.unless for m in p.finditer(context.reply)]
    if rule.category == "tone":
        excused += context.quoted
    for text in context.texts(rule):
        for pattern in rule.patterns:
            for match in pattern.finditer(text.text):
                span = _luhn_span(match) if rule.luhn else _marked_span(match)
                if not span or span[0] == span[1]:
                    continue
                original = text.original(*span)
                if _inside(original, excused):
                    continue
                if not _allowed(rule, text.text[span[0] : span[1]], original, allowed_spans):
                    found.append(_finding(rule, *original))
    return found


def _phones(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report phone numbers in any region's format, except the allowed ones."""
    return [
        _finding(rule, *text.original(*span))
        for text in context.texts(rule)
        for span in phones.find(text.text, rule.regions, rule.allow)
    ]


def _together(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report every match when each group of patterns matches (a delivery slot and a street)."""
    groups = [[m.span() for p in group for m in p.finditer(context.reply)] for group in rule.groups]
    if not all(groups) or rule.context and not any(p.search(context.reply) for p in rule.context):
        return []
    return [_finding(rule, *span) for spans in groups for span in spans]


def _must_address(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report each thing the step says a reply must address that this reply leaves out."""
    return [
        _finding(rule, 0, 0, rule.message.replace("{missing}", situation.describe(list(entry))))
        for entry in situation.missing(context.reply, context.must_address)
    ]


def _must_not_mention(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report details from the thread that the reply repeats."""
    return [
        _finding(rule, start, end, rule.message.replace("{detail}", context.reply[start:end]))
        for start, end in situation.mentions(context.reply, context.must_not_mention)
    ]


def _customer(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report a greeting to someone other than the step's customer: the reply is for another post."""
    if not context.customer:
        return []
    spans = situation.other_names(context.reply, context.customer, rule.allow)
    return [
        _finding(rule, start, end, rule.message.replace("{name}", context.reply[start:end])
                 .replace("{customer}", context.customer.strip()))
        for start, end in spans
    ]  # fmt: skip


def _missing(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report the good practice when none of its patterns occurs (span 0..0)."""
    for pattern in rule.patterns:
        match = pattern.search(context.reply)
        if match:
            context.present.append(match.span())
            return []
    return [_finding(rule, 0, 0)]


def _terms(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report confidential terms, case-insensitively and through spacing or lookalike tricks, and
    names one slip away from a term ("Halycon").

    Not reported: a term inside an allowed phrase or a public product name, the name of the person
    the reply greets or answers ("Hi Aurora"), and a term that is also an ordinary word written as
    one ("a place to perch"), unless a word such as "system" shows it is used as a name.
    """
    terms = tuple(dict.fromkeys(t.strip() for t in rule.terms + context.extra_terms if t.strip()))
    if not terms:
        return []
    reply = context.reply
    allowed = _spans_of(rule.allow + context.public_names, reply)
    allowed += situation.addressed(reply, context.customer)
    found = [
        _finding(rule, *match.span())
        for match in _terms_regex(terms).finditer(reply)
        if not _inside(match.span(), allowed) and not _ordinary_use(match, reply, rule.ordinary)
    ]
    spans = [(f.start, f.end) for f in found]
    misspelt = [s for s in _misspelt(reply, terms) if not _overlaps(s, spans) and not _inside(s, allowed)]
    found += [_finding(rule, *span) for span in misspelt]
    spans += misspelt
    tags = [tag for tag in _hashtags_naming(reply, terms, rule.ordinary) if not _overlaps(tag, spans)]
    return found + [_finding(rule, *tag) for tag in tags]


def _misspelt(reply: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of names one slip away from a term of five letters or more: "Halycon", "Pearch".

    Only a capitalised word inside a sentence counts, as a name is written. For a five-letter term
    the slip is a letter added or two swapped ("Pearch"); from six letters also a letter changed or
    dropped ("Falconr"). A term's own spelling is found by the exact search, not here.
    """
    words = {t.casefold() for term in terms for t in term.split() if len(t) >= 5 and t.isalpha()}
    if not words:
        return []
    spans = []
    for match in NAME_WORD.finditer(reply):
        word = match.group().casefold()
        if word not in words and any(_one_slip(word, term) for term in words):
            spans.append(match.span())
    return spans


def _one_slip(word: str, term: str) -> bool:
    """True when `word` is `term` with one letter added or two neighbours swapped, or (for terms of
    six letters or more) one letter changed or dropped."""
    cuts = range(len(term) + 1)
    if len(word) == len(term) + 1:
        return any(word[:i] + word[i + 1 :] == term for i in range(len(word)))
    swaps = (term[:i] + term[i + 1] + term[i] + term[i + 2 :] for i in cuts[:-2])
    if len(word) == len(term) and word in swaps:
        return True
    if len(term) < 6:
        return False
    if len(word) == len(term):
        return sum(a != b for a, b in zip(word, term, strict=True)) == 1
    return len(word) == len(term) - 1 and any(term[:i] + term[i + 1 :] == word for i in cuts[:-1])


def _ordinary_use(match: re.Match, reply: str, ordinary: tuple[str, ...]) -> bool:
    """True for a term written as the ordinary lower-case word it also is, not used as a name."""
    word = match.group()
    if not word.isalpha() or not word.islower() or word not in {w.casefold() for w in ordinary}:
        return False
    return not NAMING_CONTEXT.match(reply, match.end())


def _hashtags_naming(reply: str, terms: tuple[str, ...], ordinary: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of hashtags that hold a term among their words: "#ProjectSkylark", "#skylarklaunch"."""
    spans = []
    everyday = {w.casefold() for w in ordinary}
    plain = [t.casefold().replace(" ", "") for t in terms if t.casefold() not in everyday]
    for tag in HASHTAG.finditer(reply):
        words = " ".join(HASHTAG_WORD.findall(tag.group(1)))
        joined = tag.group(1).casefold()
        if _terms_regex(terms).search(words) or any(len(t) >= 5 and t in joined for t in plain):
            spans.append(tag.span())
    return spans


def _capitals(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report all-capital words (shouting) outside leaks, signatures and the allow-list.

    A word without a vowel ("FSC", "BSL", "DHL") is letters standing for a name, not a shout."""
    allow = set(rule.allow)
    return [
        _finding(rule, *match.span())
        for match in CAPITAL_WORD.finditer(context.reply)
        if match.group() not in allow and VOWEL.search(match.group()) and not _overlaps(match.span(), exempt)
    ]


def _length(rule: Rule, context: Context, exempt) -> list[Finding]:
    """Report the part of the reply past `max_chars`."""
    limit, size = context.max_chars, len(context.reply)
    if limit is None or size <= limit:
        return []
    return [_finding(rule, limit, size, rule.message.replace("{max_chars}", str(limit)))]


DETECTORS = {
    "match": _match,
    "missing": _missing,
    "signature": _missing,
    "street-address": _match,
    "confidential-terms": _terms,
    "capitals": _capitals,
    "length": _length,
    "phone-numbers": _phones,
    "together": _together,
    "must-address": _must_address,
    "must-not-mention": _must_not_mention,
    "customer": _customer,
}


def _allowed(rule: Rule, text: str, span: tuple[int, int], allowed_spans: list[tuple[int, int]]) -> bool:
    """True when the matched text is an allow-listed value or lies inside an allow-listed phrase."""
    if not rule.allow:
        return False
    key = _canonical(text)
    if any(_canonical(entry) == key for entry in rule.allow):
        return True
    return any(a <= span[0] and span[1] <= b for a, b in allowed_spans)


def _marked_span(match: re.Match) -> tuple[int, int]:
    """A pattern may mark only part of what it matches with a group named `mark` (or `mark2`, ...,
    one per alternative); an alternative that marks nothing is marked whole."""
    marks = (match.span(name) for name in match.re.groupindex if name.startswith("mark"))
    return next((span for span in marks if span != (-1, -1)), match.span())


def _canonical(text: str) -> str:
    """Compare phone numbers by their digits (+44 as 0) and other text case-insensitively."""
    if re.fullmatch(r"[\d\s().+-]+", text):
        digits = re.sub(r"\D", "", text.replace("(0)", ""))
        return "0" + digits[2:] if text.lstrip().startswith("+44") else digits
    return " ".join(text.split()).casefold()


def _spans_of(phrases: tuple[str, ...], reply: str) -> list[tuple[int, int]]:
    return [
        match.span()
        for phrase in phrases
        for match in re.finditer(phrase_regex(phrase), reply, re.IGNORECASE)
    ]


def _luhn_span(match: re.Match) -> tuple[int, int] | None:
    """Return the span of the longest 13-19 digit run that passes the Luhn check."""
    # Cutting between digit groups lets "4539 1488 0343 6467 2 days" still find the card.
    text = match.group()
    for end in range(len(text), 0, -1):
        if end < len(text) and text[end] not in " -" or not text[end - 1].isdigit():
            continue
        digits = re.sub(r"\D", "", text[:end])
        if len(digits) < 13:
            return None
        if len(digits) <= 19 and _luhn_ok(digits):
            return match.start(), match.start() + end
    return None


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


@lru_cache(maxsize=64)
def _terms_regex(terms: tuple[str, ...]) -> re.Pattern:
    """One regex for all terms; letters may be split by separators or swapped for lookalikes."""
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        letters = [c for c in term.casefold() if c.isalnum()]
        classes = [f"[{re.escape(LOOKALIKES.get(c, c) + c)}]" for c in letters]
        alternatives.append(SEPARATORS.join(classes))
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])", re.IGNORECASE)


def _inside(span: tuple[int, int], spans) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _overlaps(span: tuple[int, int], spans) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
