"""The keys of each kind of coach rule (`detect`), checked and compiled into a Rule's fields."""

import re

from training.coach.phones import valid_region
from training.coach.shapes import compile_patterns, signature_regexes, street_regex


def phrase_regex(phrase: str) -> str:
    """Turn a plain phrase into a regex: any whitespace, either apostrophe, whole words only.

    A trailing `*` stands for any ending of the last word: "apologi*" matches "apologise".
    """
    phrase = phrase.strip()
    stem = phrase.removesuffix("*").rstrip() if len(phrase) > 1 else phrase
    body = re.escape(stem)
    body = re.sub(r"['’]", "['’]", re.sub(r"(?:\\ )+", r"\\s+", body))
    start = r"(?<!\w)" if stem[:1].isascii() else ""
    if stem != phrase:
        body += r"\w*"
    end = r"(?!\w)" if re.match(r"\w", stem[-1:]) else ""
    return start + body + end


def _alternations(phrases: list[str]) -> list[str]:
    """Regexes for many phrases: those starting a word share one word-start check, the rest
    (emoji, "/s") form a second alternation; a long reply is read once or twice, not per phrase."""
    word_start = r"(?<!\w)"
    bodies = [phrase_regex(p) for p in phrases]
    words = [body.removeprefix(word_start) for body in bodies if body.startswith(word_start)]
    others = [body for body in bodies if not body.startswith(word_start)]
    found = [word_start + "(?:" + "|".join(f"(?:{body})" for body in words) + ")"] if words else []
    return found + (["|".join(f"(?:{body})" for body in others)] if others else [])


def detector_options(raw: dict, detect: str, report) -> dict:
    """Check and compile the keys that belong to this rule's detector."""
    if detect in ("match", "missing"):
        flags = 0 if _flag(raw, "case_sensitive", report) else re.IGNORECASE
        # The file's patterns first, so that "pattern 1" in a problem is the file's; then all the
        # phrases as one alternation (longest first), which reads a long reply once, not per phrase.
        sources = strings(raw, "patterns", report)
        phrases = sorted(strings(raw, "phrases", report), key=len, reverse=True)
        sources += _alternations(phrases)
        if not sources:
            report("needs `phrases` or `patterns` (a list of text)")
        options = {"patterns": compile_patterns(sources, flags, report)}
        if detect == "match":
            options["allow"] = tuple(strings(raw, "allow", report))
            options["luhn"] = _flag(raw, "luhn", report)
            options["normalise"] = _flag(raw, "normalise", report)
            unless = strings(raw, "unless", report)
            options["unless"] = compile_patterns(unless, flags, lambda m: report(f"`unless` {m}"))
        else:
            options["required"] = raw.get("required") is True
        return options
    if detect == "signature":
        closings = strings(raw, "closings", report)
        built = signature_regexes(closings, strings(raw, "not_names", report))
        # The rule's own `patterns` come first, so that "pattern 1" in a problem is the file's.
        sources = strings(raw, "patterns", report) + built
        return {"patterns": compile_patterns(sources, 0, report), "required": raw.get("required") is True}
    if detect == "street-address":
        words = strings(raw, "street_words", report)
        if not words:
            report("needs `street_words`, e.g. [Road, Street, Lane]")
        unless = strings(raw, "unless", report)
        unless = compile_patterns(unless, re.IGNORECASE, lambda m: report(f"`unless` {m}"))
        return {"patterns": compile_patterns([street_regex(words)], re.IGNORECASE, report), "unless": unless}
    if detect == "confidential-terms":
        return {"terms": tuple(strings(raw, "terms", report)), "allow": tuple(strings(raw, "allow", report)),
                "ordinary": tuple(strings(raw, "ordinary_words", report))}  # fmt: skip
    if detect == "capitals":
        return {"allow": tuple(strings(raw, "allow", report))}
    if detect == "phone-numbers":
        return _phone_options(raw, report)
    if detect == "together":
        flags = 0 if _flag(raw, "case_sensitive", report) else re.IGNORECASE
        context = compile_patterns(strings(raw, "context", report), flags, lambda m: report(f"`context` {m}"))
        return {"groups": _groups(raw, report), "context": context}
    if detect == "customer":
        return {"allow": tuple(strings(raw, "not_names", report))}
    return {}


def _phone_options(raw: dict, report) -> dict:
    region = raw.get("region")
    regions = [region] + strings(raw, "other_regions", report)
    for code in regions:
        if not isinstance(code, str) or not valid_region(code):
            report(f"{code!r} is not a region code for phone numbers, like GB or US")
    return {"regions": tuple(regions), "allow": tuple(strings(raw, "allow", report)),
            "normalise": _flag(raw, "normalise", report)}  # fmt: skip


def _groups(raw: dict, report) -> tuple[tuple[re.Pattern, ...], ...]:
    """`all_of`: a list of pattern lists; the rule reports when each list has a match."""
    flags = 0 if _flag(raw, "case_sensitive", report) else re.IGNORECASE
    value = raw.get("all_of")
    if not isinstance(value, list) or len(value) < 2 or not all(isinstance(v, list) for v in value):
        report("`all_of` must be a list of at least two lists of patterns")
        return ()
    groups = []
    for number, group in enumerate(value, start=1):
        if not group or not all(isinstance(p, str) and p.strip() for p in group):
            report(f"`all_of` list {number} must be a non-empty list of patterns")
            continue
        groups.append(compile_patterns(group, flags, lambda m, n=number: report(f"`all_of` list {n}: {m}")))
    return tuple(groups)


def strings(raw: dict, key: str, report) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report(f"`{key}` must be a list of non-empty text values")
        return []
    return value


def _flag(raw: dict, key: str, report) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        report(f"`{key}` must be true or false")
        return False
    return value
