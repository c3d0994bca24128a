"""The response coach: check a drafted public reply against the rules in content/coach.yaml.

Deterministic and explainable: every finding names its rule, the policy section it enforces and
the exact characters of the reply it is about. Loading and validating the rules lives in
`coach_rules`; this module runs them.
"""

from collections import Counter
from dataclasses import replace

from training.coach import reader
from training.coach.detectors import DETECTORS, Context
from training.coach.findings import Finding, Result
from training.coach.rules import (
    CoachRulesError,
    Rule,
    Rules,
    load_rules,
    validate_rules_file,
)

__all__ = [
    "CoachRulesError",
    "Finding",
    "Result",
    "Rule",
    "Rules",
    "check",
    "load_rules",
    "validate_rules_file",
]

DEFAULT_KIND = "complaint"  # what a reply answers when the caller does not say
WINKS = frozenset(("😉", "😏"))  # a wink at something unsaid: sarcasm, or a hint at a secret


def check(
    reply: str,
    rules: Rules,
    max_chars: int | None = None,
    extra_terms: list[str] = (),
    *,
    kind: str | None = None,
    customer: str | None = None,
    must_address: list[list[str]] = (),
    must_not_mention: list[str] = (),
    public_names: list[str] = (),
    language: str = reader.LANGUAGE,
) -> Result:
    """Check `reply` against `rules`.

    `extra_terms` are the policy's confidential terms and `public_names` the real product names
    that contain one (Google Nest). `kind` is what the reply answers (complaint, question,
    praise, abuse, press or correction; a rule with `kinds` applies only to those); `customer`,
    `must_address` and `must_not_mention` come from the draft step, as its situation. What the
    rules let through in English is read again by the second reader (coach/reader.py).
    """
    context = Context(
        reply, max_chars, tuple(extra_terms), [], tuple(public_names), customer,
        tuple(tuple(entry) for entry in must_address), tuple(must_not_mention),
    )  # fmt: skip
    kind = kind or DEFAULT_KIND
    findings: list[Finding] = []
    # Capitals run last, so that leaks and a signature such as "^ABC" are not called shouting.
    for rule in sorted(rules.rules, key=lambda r: r.detect == "capitals"):
        if not rule.applies_to(kind):
            continue
        exempt = []  # only capitals look at what other rules found
        if rule.detect == "capitals":
            exempt = [(f.start, f.end) for f in findings if f.category == "leak"] + context.present
        findings += DETECTORS[rule.detect](rule, context, exempt)
    findings = _escalate(_unique(findings, reply), rules.escalate)
    blocked = frozenset(f.category for f in findings if f.severity == "block")
    read = reader.read(reply, language, skip=blocked)
    if any(f.category == "leak" and f.severity == "block" for f in read):
        findings = [f for f in findings if not (f.category == "tone" and reply[f.start : f.end] in WINKS)]
    findings += read  # a wink beside what the reader reads as a leak is at the secret too (_unique)
    findings.sort(key=lambda f: (f.start == f.end == 0, f.start, f.end, f.rule))
    return Result(not any(f.severity == "block" for f in findings), findings)


def _unique(findings: list[Finding], reply: str) -> list[Finding]:
    """Drop repeats: a span reported twice by one rule, a leak inside another leak, and a wink read
    as sarcasm in a reply that leaks (there the wink is at the secret, and the leak is the finding)."""
    leaks = sorted((f for f in findings if f.category == "leak"), key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    reach = -1  # every kept leak starts at or before this one, so containment is end <= reach
    for leak in leaks:
        if leak.end > reach:
            kept.append(leak)
            reach = leak.end
    leaking = any(f.severity == "block" for f in kept)
    others = {
        (f.rule, f.start, f.end, f.message): f
        for f in findings
        if f.category != "leak" and not (leaking and f.category == "tone" and reply[f.start : f.end] in WINKS)
    }
    return kept + list(others.values())


def _escalate(findings: list[Finding], escalate: dict[str, int]) -> list[Finding]:
    """Turn a category's warnings into blocks once there are `escalate[category]` of them."""
    counts = Counter(f.category for f in findings if f.severity == "warn")
    escalated = {c for c, n in escalate.items() if counts[c] >= n}
    return [
        replace(f, severity="block") if f.category in escalated and f.severity == "warn" else f
        for f in findings
    ]
