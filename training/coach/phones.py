"""Phone numbers in a reply, in any region's format, found by `phonenumbers` (libphonenumber).

A number written in international form (+1 212 ..., +353 ...) is found whatever the region; one
written in national form is read in the default region first, then in the other regions of the
rule. Short runs of digits (prices, times, dates, order and account numbers) are never numbers
here: a phone number has at least ten digits, as every UK and North American number has.
"""

import re
from functools import cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

MIN_DIGITS = 10
# Where a number could be: a digit (or + or bracket) and at least eight more digits or separators.
# Only these stretches are handed to libphonenumber, which keeps long replies quick to check.
CANDIDATE = re.compile(r"\+?[\d(][\d \t().\-/]{8,}\d")
# libphonenumber tries every way of reading a stretch; a long run of junk ("0-0-0-...") has
# thousands. A stretch of real text holds a few numbers, so a few dozen tries find them all.
TRIES = 30


def valid_region(code: str) -> bool:
    """True for a region code that phonenumbers knows, such as GB or US."""
    return code in phonenumbers.SUPPORTED_REGIONS


def find(text: str, regions: tuple[str, ...], allow: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Return the spans of the phone numbers in `text` that are not in `allow`."""
    allowed = _allowed_keys(tuple(allow), tuple(regions))
    spans: list[tuple[int, int]] = []
    for candidate in CANDIDATE.finditer(text):
        if sum(char.isdigit() for char in candidate.group()) < MIN_DIGITS:
            continue
        for region in regions:
            # "Possible" rather than "valid": the ranges kept for fiction (07700 900xxx, 555-01xx)
            # are not valid numbers, yet a reply that gives one out is still giving out a number.
            for match in PhoneNumberMatcher(candidate.group(), region, Leniency.POSSIBLE, TRIES):
                span = (candidate.start() + match.start, candidate.start() + match.end)
                if len(re.sub(r"\D", "", match.raw_string)) < MIN_DIGITS or _allowed(match, regions, allowed):
                    continue
                if not any(start < span[1] and span[0] < end for start, end in spans):
                    spans.append(span)
    return sorted(spans)


@cache
def _allowed_keys(allow: tuple[str, ...], regions: tuple[str, ...]) -> frozenset:
    """The allowed numbers, each read in every region as a number in the text is ("1-800-555-0163" is
    the North American number whichever region reads it first); worked out once per rule."""
    return frozenset(_key(number) for a in allow for region in regions if (number := _parse(a, region)))


def _allowed(match, regions: tuple[str, ...], allowed: frozenset) -> bool:
    """Whether the number found is an allowed one, in any region's reading of it: "(800) 555-0163"
    read as a UK number first is still the North American help line "1-800-555-0163"."""
    if not allowed:
        return False
    readings = [match.number, *(_parse(match.raw_string, region) for region in regions)]
    return any(number is not None and _key(number) in allowed for number in readings)


def _parse(text: str, region: str):
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _key(number) -> tuple[int, int]:
    return number.country_code, number.national_number
