"""Measure the response coach on a labelled set of replies.

Run from the project root: `.venv/bin/python -m tests.coach.quality --set development` (add `-v`
to list every reply the coach got wrong, `--rules-only` to leave the second reader out: it has
learnt the development sets, so only the rules alone show how a round's classes do on them).
The sets, all in the same format:

- `development` (replies.yaml): written beside the rules; the rules may be tuned on it.
- `development2` (development2.yaml): written by someone who never saw the rules, then used to
  tune them, so it shows how the coach does on replies not written beside it.
- `development3` (development3.yaml): a third set by yet another author blind to the rules, so
  that tuning is checked on replies unlike both others.
- `development4` (development4.yaml): a fourth blind author's set, measured once before the rules
  were tuned on it.
- `development5` (development5.yaml): a fifth blind author's set, measured the same way.
- `development6` (development6.yaml): a sixth, measured once on the coach with its second reader
  before the rules were tuned and the reader trained on it.
- `development7` (development7.yaml): a seventh, measured the same way before round 7's tuning.
- `development8` (development8.yaml): an eighth, measured the same way before round 8's tuning.
- `development9` (development9.yaml): a ninth, measured the same way before round 9's tuning; its
  author invented another company, whose secrets the set lists at its top.
- `development10` (development10.yaml): a tenth, measured the same way before round 10's tuning.
  `--set all-dev` measures the ten development sets together.
- `heldout` (heldout.yaml): written by someone who saw only the policy and the lessons, never the
  rules. It measures the coach on replies it was not fitted to, so its replies are never shown
  here (only aggregate figures) and no rule is ever tuned on it.

A reply counts as flagged for a category when the coach reports a blocking finding in it;
warnings are advice and do not count. A reply is checked as at a draft step: with its `kind`
(what it answers), and with `max_chars`, `customer`, `must_address` and `must_not_mention`
where the entry has them. The `length` and `situation` rows are printed when the set has such
cases.
"""

import argparse
import sys
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from unittest import mock

import yaml

from training.coach import check as coach
from training.coach import reader
from training.coach.rules import parse_rules, policy_files

ROOT = Path(__file__).resolve().parents[2]
# Sets measured together under one name ("all-dev"); their cases are pooled. A new blind set is
# developmentN.yaml, measured once before any tuning on it; raise the range's end when a round
# tunes on it, and retrain the reader (tests.coach.train_reader).
DEVELOPMENT_SETS = ("development", *(f"development{n}" for n in range(2, 77)))
SETS = {
    "development": Path(__file__).with_name("replies.yaml"),
    **{name: Path(__file__).with_name(f"{name}.yaml") for name in DEVELOPMENT_SETS[1:]},
    "heldout": Path(__file__).with_name("heldout.yaml"),
}
GROUPS = {"all-dev": DEVELOPMENT_SETS}
REPLIES = SETS["development"]
RULES = ROOT / "content" / "coach.yaml"
POLICY = ROOT / "content" / "policies" / "social-media.md"
CATEGORIES = ("leak", "tone", "practice", "situation", "length")
DEFAULT_EXPECT = {"good": [], "leak": ["leak"], "tone": ["tone"], "practice": ["practice"],
                  "situation": ["situation"], "length": ["length"]}  # fmt: skip


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    reply: str
    expect: frozenset[str]
    leak: str | None
    max_chars: int | None = None
    kind: str | None = None
    customer: str | None = None
    must_address: tuple[tuple[str, ...], ...] = ()
    must_not_mention: tuple[str, ...] = ()
    # A set written about another company names its secrets and its public names at the top
    # (`confidential_terms`, `public_names`), as that company's policy would: added to ours.
    terms: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    # And the other numbers it publishes (`public_phones`, regional help lines), as that company's
    # coach.yaml would list them in `company.phones`.
    phones: tuple[str, ...] = ()
    # The categories its set labels: a set written without `expect` (development2.yaml) labels
    # only leak and tone, so a practice block on its bad replies is neither right nor wrong.
    labelled: frozenset[str] = frozenset(CATEGORIES)


@dataclass
class Report:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    leaks_caught: int = 0  # leaking replies blocked by the leak rule they name (`leak`)
    leaks_planted: int = 0
    leak_replies_blocked: int = 0  # leaking replies blocked for a leak, by any leak rule
    leak_replies: int = 0
    good_blocked: int = 0
    good_total: int = 0
    tone_stopped: int = 0  # bad-tone replies that do not pass
    tone_total: int = 0
    mistakes: list[str] = field(default_factory=list)
    shown: tuple[str, ...] = CATEGORIES  # the categories the set has cases for

    def precision(self, category: str) -> float:
        c = self.counts[category]
        return c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0

    def recall(self, category: str) -> float:
        c = self.counts[category]
        return c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0


def load_cases(path: Path = REPLIES) -> list[Case]:
    """Read the labelled replies, grouped as good, leak, tone, practice, situation and length."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [_case(entry, group) for group in DEFAULT_EXPECT for entry in data.get(group) or []]
    labelled = frozenset({"leak", "tone"}.union(*(case.expect for case in cases)))
    terms = tuple(data.get("confidential_terms") or ())
    names = tuple(data.get("public_names") or ())
    phones = tuple(data.get("public_phones") or ())
    return [replace(case, labelled=labelled, terms=terms, names=names, phones=phones) for case in cases]


def _case(entry: dict, group: str) -> Case:
    # `leak` names the rule that should catch it (replies.yaml) or says in words what leaks
    # (development2.yaml, written without the rules): only a rule id counts as a planted leak.
    leak = entry.get("leak")
    return Case(
        str(entry["id"]), group, entry["reply"], frozenset(entry.get("expect", DEFAULT_EXPECT[group])),
        leak if leak and " " not in leak else None,
        entry.get("max_chars"), entry.get("kind"), entry.get("customer"),
        tuple(tuple(alternatives) for alternatives in entry.get("must_address") or []),
        tuple(entry.get("must_not_mention") or []),
    )  # fmt: skip


def policy_terms(path: Path = POLICY, key: str = "confidential_terms") -> list[str]:
    """The policy's `confidential_terms` (or `public_names`), as the app passes them to the coach."""
    front = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---")
    return list(yaml.safe_load(front).get(key, []))


def public_names(path: Path = POLICY) -> list[str]:
    return policy_terms(path, "public_names")


def evaluate(rules: coach.Rules, cases: list[Case], extra_terms: list[str], names: list[str] = ()) -> Report:
    """Run the coach on every case and count hits and misses per category.

    A case from a set that lists its company's other published numbers (`public_phones`) is checked
    with the bundled rules and those numbers in `company.phones`, in place of `rules`."""
    report = Report(counts={c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES})
    labelled = set().union(*(case.labelled for case in cases))
    expected = set().union(*(case.expect for case in cases))
    optional = ("length", "situation")  # shown only when the set has cases for them
    report.shown = tuple(c for c in CATEGORIES if c in labelled and (c in expected or c not in optional))
    for case in cases:
        result = coach.check(
            case.reply, _with_phones(rules, case.phones), max_chars=case.max_chars,
            extra_terms=[*extra_terms, *case.terms],
            public_names=[*names, *case.names],
            kind=case.kind, customer=case.customer, must_address=case.must_address,
            must_not_mention=case.must_not_mention,
        )  # fmt: skip
        _count(report, case, result)
    return report


def _with_phones(rules: coach.Rules, phones: tuple[str, ...]) -> coach.Rules:
    """`rules`, or for a set with published numbers the bundled rules with them in `company.phones`."""
    return rules if not phones else _bundled_with_phones(phones)


@cache
def _bundled_with_phones(phones: tuple[str, ...]) -> coach.Rules:
    raw = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    raw["company"]["phones"] = [*raw["company"].get("phones", []), *phones]
    return parse_rules(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), policy_files(RULES.parent))


def _count(report: Report, case: Case, result: coach.Result) -> None:
    blocking = [f for f in result.findings if f.severity == "block"]
    flagged = {f.category for f in blocking} & set(CATEGORIES)
    for category in case.labelled:
        key = _outcome(category in flagged, category in case.expect)
        if key:
            report.counts[category][key] += 1
    if flagged & case.labelled != case.expect or case.group == "good" and blocking:
        rules_hit = ", ".join(f"{f.rule}" for f in blocking) or "nothing"
        report.mistakes.append(f"{case.id}: expected {sorted(case.expect)}, got {rules_hit}")
    if case.group == "leak":
        report.leak_replies += 1
        report.leak_replies_blocked += "leak" in flagged
        if case.leak:
            report.leaks_planted += 1
            report.leaks_caught += any(f.rule == case.leak for f in blocking)
    if case.group == "good":
        report.good_total += 1
        report.good_blocked += not result.passed
    if case.group == "tone":
        report.tone_total += 1
        report.tone_stopped += not result.passed


def _outcome(flagged: bool, expected: bool) -> str | None:
    if flagged and expected:
        return "tp"
    if flagged:
        return "fp"
    return "fn" if expected else None


def evaluate_set(name: str = "development") -> Report:
    """Evaluate the bundled rules on one labelled set (or group of sets), with the policy's terms."""
    cases = [case for part in GROUPS.get(name, (name,)) for case in load_cases(SETS[part])]
    return evaluate(coach.load_rules(RULES), cases, policy_terms(), public_names())


def evaluate_bundled() -> Report:
    """Evaluate the bundled rules on the development set."""
    return evaluate_set("development")


def format_report(report: Report) -> str:
    """The figures of a report: per-category precision and recall, then the targets' counts."""
    lines = [f"{'category':<10} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for category in report.shown:
        c = report.counts[category]
        lines.append(
            f"{category:<10} {report.precision(category):>9.2f} {report.recall(category):>7.2f}"
            f" {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}"
        )
    lines.append(
        f"leaking replies blocked for a leak: {_share(report.leak_replies_blocked, report.leak_replies)}"
    )
    if report.leaks_planted:
        lines.append(f"planted leaks caught: {report.leaks_caught}/{report.leaks_planted}")
    lines.append(f"good replies blocked: {_share(report.good_blocked, report.good_total)}")
    lines.append(f"bad-tone replies stopped: {_share(report.tone_stopped, report.tone_total)}")
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole if whole else 0:.0%})"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.coach.quality", description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="name", choices=sorted(SETS) + sorted(GROUPS), default="development")
    parser.add_argument("-v", action="store_true", help="list the mistakes (development sets only)")
    parser.add_argument(
        "--rules-only", action="store_true",
        help="leave the second reader out: it has learnt the development sets, the rules only their classes",
    )  # fmt: skip
    args = parser.parse_args(argv)
    for part in GROUPS.get(args.name, (args.name,)):
        if not SETS[part].exists():
            print(f"{SETS[part].name} does not exist yet", file=sys.stderr)
            return 1
    if args.rules_only:
        with mock.patch.object(reader, "read", lambda *_, **__: []):
            report = evaluate_set(args.name)
        print(f"{args.name} set, rules alone (the second reader left out)\n{format_report(report)}")
    else:
        report = evaluate_set(args.name)
        print(f"{args.name} set\n{format_report(report)}")
    if args.v and set(GROUPS.get(args.name, (args.name,))) <= set(DEVELOPMENT_SETS):
        print("\nmistakes:\n" + ("\n".join(report.mistakes) or "none"))
    elif args.v:
        print("\n(the held-out replies are never listed, so that no rule is tuned on them)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
