"""Measure the response coach on the labelled replies in replies.yaml.

Run from the project root: `.venv/bin/python -m tests.coach.quality` (add `-v` to list every
reply the coach got wrong). A reply counts as flagged for a category when the coach reports a
blocking finding in it; warnings are advice and do not count. A reply with `max_chars` is also
checked against that limit; the `length` row is printed when the set has length cases.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from training.coach import check as coach

ROOT = Path(__file__).resolve().parents[2]
REPLIES = Path(__file__).with_name("replies.yaml")
RULES = ROOT / "content" / "coach.yaml"
POLICY = ROOT / "content" / "policies" / "social-media.md"
CATEGORIES = ("leak", "tone", "practice", "length")
DEFAULT_EXPECT = {"good": [], "leak": ["leak"], "tone": ["tone"], "practice": ["practice"],
                  "length": ["length"]}  # fmt: skip


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    reply: str
    expect: frozenset[str]
    leak: str | None
    max_chars: int | None = None


@dataclass
class Report:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    leaks_caught: int = 0
    leaks_planted: int = 0
    good_blocked: int = 0
    good_total: int = 0
    mistakes: list[str] = field(default_factory=list)
    shown: tuple[str, ...] = CATEGORIES  # the categories the set has cases for

    def precision(self, category: str) -> float:
        c = self.counts[category]
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0

    def recall(self, category: str) -> float:
        c = self.counts[category]
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0


def load_cases(path: Path = REPLIES) -> list[Case]:
    """Read the labelled replies, grouped as good, leak, tone, practice and (optionally) length."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(entry["id"], group, entry["reply"],
             frozenset(entry.get("expect", DEFAULT_EXPECT[group])), entry.get("leak"),
             entry.get("max_chars"))
        for group in DEFAULT_EXPECT
        for entry in data.get(group) or []
    ]  # fmt: skip


def policy_terms(path: Path = POLICY, key: str = "confidential_terms") -> list[str]:
    """The policy's `confidential_terms` (or `public_names`), as the app passes them to the coach."""
    front = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---")
    return list(yaml.safe_load(front).get(key, []))


def public_names(path: Path = POLICY) -> list[str]:
    return policy_terms(path, "public_names")


def evaluate(rules: coach.Rules, cases: list[Case], extra_terms: list[str]) -> Report:
    """Run the coach on every case and count hits and misses per category."""
    report = Report(counts={c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES})
    if not any("length" in case.expect for case in cases):
        report.shown = tuple(c for c in CATEGORIES if c != "length")
    for case in cases:
        result = coach.check(case.reply, rules, max_chars=case.max_chars, extra_terms=extra_terms)
        blocking = [f for f in result.findings if f.severity == "block"]
        flagged = {f.category for f in blocking} & set(CATEGORIES)
        for category in CATEGORIES:
            key = _outcome(category in flagged, category in case.expect)
            if key:
                report.counts[category][key] += 1
        if flagged != case.expect:
            rules_hit = ", ".join(f"{f.rule}" for f in blocking) or "nothing"
            report.mistakes.append(f"{case.id}: expected {sorted(case.expect)}, got {rules_hit}")
        if case.leak:
            report.leaks_planted += 1
            report.leaks_caught += any(f.rule == case.leak for f in blocking)
        if case.group == "good":
            report.good_total += 1
            report.good_blocked += not result.passed
    return report


def _outcome(flagged: bool, expected: bool) -> str | None:
    if flagged and expected:
        return "tp"
    if flagged:
        return "fp"
    return "fn" if expected else None


def evaluate_bundled() -> Report:
    """Evaluate the bundled rules on the bundled labelled set."""
    return evaluate(coach.load_rules(RULES), load_cases(), policy_terms())


def format_report(report: Report) -> str:
    lines = [f"{'category':<10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for category in report.shown:
        c = report.counts[category]
        lines.append(
            f"{category:<10} {report.precision(category):>9.2f} {report.recall(category):>7.2f}"
            f" {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
    share = report.good_blocked / report.good_total if report.good_total else 0.0
    lines.append(f"planted leaks caught: {report.leaks_caught}/{report.leaks_planted}")
    lines.append(f"good replies blocked: {report.good_blocked}/{report.good_total} ({share:.0%})")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    report = evaluate_bundled()
    print(format_report(report))
    if "-v" in argv:
        print("\nmistakes:\n" + ("\n".join(report.mistakes) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
