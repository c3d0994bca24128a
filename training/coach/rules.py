"""Load and validate the response coach's rules (content/coach.yaml) into compiled Rules."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from training.coach.company import fill, read_company
from training.coach.options import detector_options, strings
from training.content import yamlfile
from training.content.files import ID_RE, SECTION_RE
from training.content.quiz import ANSWERS
from training.content.yamlfile import line_of

CATEGORIES = ("leak", "tone", "practice", "situation", "length")
SEVERITIES = ("block", "warn")
DETECTORS = ("match", "missing", "signature", "street-address", "confidential-terms", "capitals", "length",
             "phone-numbers", "together", "must-address", "must-not-mention", "customer")  # fmt: skip
PRACTICE_DETECTORS = ("missing", "signature")  # they take `required` instead of `severity`
COMMON_KEYS = {"id", "category", "severity", "section", "message", "detect", "kinds", yamlfile.LINE}
DETECTOR_KEYS = {
    "match": {"phrases", "patterns", "allow", "luhn", "case_sensitive", "normalise", "unless"},
    "missing": {"phrases", "patterns", "required", "case_sensitive"},
    "signature": {"closings", "not_names", "patterns", "required"},
    "street-address": {"street_words", "unless"},
    "confidential-terms": {"terms", "allow", "ordinary_words"},
    "capitals": {"allow"},
    "length": set(),
    "phone-numbers": {"region", "other_regions", "allow", "normalise"},
    "together": {"all_of", "context", "case_sensitive"},
    "must-address": set(),
    "must-not-mention": set(),
    "customer": {"not_names"},
}
TOP_KEYS = {"policy", "company", "escalate", "rules", yamlfile.LINE}
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")

# (policy title, {section id: heading}) of the policy a rules file names, or why it has none.
PolicyInfo = tuple[str, dict[str, str]]
PolicyLookup = Callable[[str], "PolicyInfo | str"]


class CoachRulesError(Exception):
    """The rules file has problems; `problems` lists (line, message) pairs."""

    def __init__(self, path, problems: list[tuple[int | None, str]]):
        self.problems = problems
        lines = [f"{path}:{line}: {msg}" if line else f"{path}: {msg}" for line, msg in problems]
        super().__init__("invalid coach rules:\n" + "\n".join(lines))


@dataclass(frozen=True)
class Rule:
    """One compiled rule; `message` is the finished sentence that names the policy section."""

    id: str
    category: str
    detect: str
    severity: str
    message: str
    patterns: tuple[re.Pattern, ...] = ()
    allow: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    luhn: bool = False
    required: bool = False
    normalise: bool = False  # also look through disguises such as "j o h n @ x . com"
    kinds: tuple[str, ...] = ()  # the kinds of post (`answers` of a step) it applies to; () = all
    unless: tuple[re.Pattern, ...] = ()  # a match inside a match of one of these is not reported
    regions: tuple[str, ...] = ()  # phone-numbers: the default region first, then the others
    groups: tuple[tuple[re.Pattern, ...], ...] = ()  # together: every group must match
    context: tuple[re.Pattern, ...] = ()  # together: one must match too, but is not marked
    ordinary: tuple[str, ...] = ()  # confidential-terms: terms that are also everyday words

    def applies_to(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Rules:
    """Every rule of coach.yaml, in file order, and the per-category escalation counts."""

    rules: tuple[Rule, ...]
    escalate: dict[str, int] = field(default_factory=dict)


def load_rules(path) -> Rules:
    """Parse and validate a coach.yaml file; raise CoachRulesError listing every problem."""
    path = Path(path)
    return parse_rules(_read_file(path), policy_files(path.parent), path)


def validate_rules_file(path) -> list[tuple[int | None, str]]:
    """Return the (line, message) problems of a coach.yaml file; empty when it is valid."""
    path = Path(path)
    return rules_problems(_read_file(path), policy_files(path.parent))


def parse_rules(text: str | OSError | UnicodeError, policy_of: PolicyLookup, where="coach.yaml") -> Rules:
    """Parse and validate the text of a rules file; raise CoachRulesError naming `where`."""
    problems: list[tuple[int | None, str]] = []
    rules = _read(text, policy_of, problems)
    if problems:
        raise CoachRulesError(where, problems)
    return rules


def rules_problems(text: str | OSError | UnicodeError, policy_of: PolicyLookup) -> list:
    """Return the (line, message) problems of the text of a rules file; empty when it is valid."""
    problems: list[tuple[int | None, str]] = []
    _read(text, policy_of, problems)
    return problems


def policy_files(folder: Path) -> PolicyLookup:
    """Look the rules' policy up as a file, relative to the folder of the rules file."""

    def lookup(name: str) -> PolicyInfo | str:
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return f"cannot read the policy file {name!r}: {exc}"
        sections = {}
        for line in text.split("\n"):
            match = SECTION_RE.match(line)
            if match:
                sections[match["id"]] = match["heading"]
        return (_front_matter_title(text) or Path(name).stem, sections)

    return lookup


def _read_file(path: Path) -> str | OSError | UnicodeError:
    """Return the file's text, or the error that kept it from being read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return exc


def _read(text, policy_of: PolicyLookup, problems: list) -> Rules | None:
    data = _load_yaml(text, problems)
    if data is None:
        return None
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        problems.append((line_of(data), f"unknown top-level key(s): {', '.join(unknown)}"))
    policy = _read_policy(policy_of, data, problems)
    company = read_company(data.get("company"), problems)
    escalate = _read_escalate(data.get("escalate", {}), line_of(data), problems)
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        problems.append((line_of(data), "`rules` must be a non-empty list of rules"))
        return None
    seen: set[str] = set()
    rules = []
    for raw in raw_rules:
        rule = _read_rule(raw, policy, company, seen, problems, line_of(data))
        if rule is not None:
            rules.append(rule)
    return Rules(tuple(rules), escalate)


def _load_yaml(text, problems: list) -> dict | None:
    if isinstance(text, Exception):
        problems.append((None, f"cannot read the rules file: {text}"))
        return None
    try:
        data = yamlfile.load(text)
    except yamlfile.YamlError as exc:
        problems.append((exc.line, str(exc)))
        return None
    if not isinstance(data, dict):
        problems.append((1, "the rules file must be a YAML mapping with `policy` and `rules`"))
        return None
    return data


def _read_policy(policy_of: PolicyLookup, data: dict, problems: list) -> PolicyInfo | None:
    """Return (policy title, {section id: heading}) of the policy the rules refer to."""
    name = data.get("policy")
    if not isinstance(name, str) or not name.strip():
        problems.append((line_of(data), "`policy` must name the policy file, relative to this file"))
        return None
    policy = policy_of(name)
    if isinstance(policy, str):
        problems.append((line_of(data), policy))
        return None
    if not policy[1]:
        problems.append((line_of(data), f"the policy file {name!r} has no `## Heading {{#id}}`"))
        return None
    return policy


def _front_matter_title(text: str) -> str | None:
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        return None
    try:
        front = yaml.safe_load(parts[0].removeprefix("---"))
    except yaml.YAMLError:
        return None
    title = front.get("title") if isinstance(front, dict) else None
    return title if isinstance(title, str) else None


def _read_escalate(raw, line: int | None, problems: list) -> dict[str, int]:
    if not isinstance(raw, dict):
        problems.append((line, "`escalate` must map a category to a number of warnings"))
        return {}
    escalate = {}
    for category, count in yamlfile.strip_lines(raw).items():
        if category not in CATEGORIES:
            problems.append((line_of(raw, line), f"`escalate`: unknown category {category!r}"))
        elif not isinstance(count, int) or isinstance(count, bool) or count < 1:
            problems.append((line_of(raw, line), f"`escalate.{category}` must be a whole number ≥ 1"))
        else:
            escalate[category] = count
    return escalate


def _read_rule(raw, policy, company: dict, seen: set, problems: list, default_line) -> Rule | None:
    if not isinstance(raw, dict):
        problems.append((default_line, "each rule must be a mapping with `id`, `category`, ..."))
        return None
    line = line_of(raw)
    count = len(problems)

    def report(message: str) -> None:
        problems.append((line, f"rule {raw.get('id', '?')!r}: {message}"))

    raw = fill(raw, company, report)

    rule_id = _rule_id(raw, seen, report)
    detect = raw.get("detect", "match")
    if detect not in DETECTORS:
        report(f"unknown `detect` {detect!r}; use one of {', '.join(DETECTORS)}")
        return None
    unknown = sorted(set(raw) - COMMON_KEYS - DETECTOR_KEYS[detect])
    if unknown:
        report(f"unknown key(s) for detect {detect!r}: {', '.join(unknown)}")
    category = _choice(raw, "category", CATEGORIES, report)
    severity = _severity(raw, detect, report)
    message = _message(raw, policy, report)
    options = detector_options(raw, detect, report)
    kinds = tuple(strings(raw, "kinds", report))
    for kind in kinds:
        if kind not in ANSWERS:
            report(f"`kinds`: unknown kind {kind!r}; use some of {', '.join(ANSWERS)}")
    if len(problems) > count:
        return None
    return Rule(id=rule_id, category=category, detect=detect, severity=severity,
                message=message, kinds=kinds, **options)  # fmt: skip


def _rule_id(raw: dict, seen: set, report) -> str | None:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        report("`id` is required: lowercase letters, digits and hyphens")
        return None
    if rule_id in seen:
        report("duplicate rule id")
    seen.add(rule_id)
    return rule_id


def _choice(raw: dict, key: str, allowed: tuple, report) -> str | None:
    value = raw.get(key)
    if value not in allowed:
        what = "missing" if value is None else f"unknown {value!r}"
        report(f"`{key}` is {what}; use one of {', '.join(allowed)}")
        return None
    return value


def _severity(raw: dict, detect: str, report) -> str | None:
    if detect not in PRACTICE_DETECTORS:
        return _choice(raw, "severity", SEVERITIES, report)
    if "severity" in raw:
        report(f"a `{detect}` rule takes `required: true|false` instead of `severity`")
    required = raw.get("required")
    if not isinstance(required, bool):
        report(f"a `{detect}` rule needs `required: true` or `required: false`")
        return None
    return "block" if required else "warn"


def _message(raw: dict, policy, report) -> str | None:
    text, section = raw.get("message"), raw.get("section")
    if not isinstance(text, str) or not text.strip():
        report("`message` is missing: one sentence telling the employee what is wrong")
        text = None
    elif SENTENCE_BREAK.search(text.strip()):
        report("`message` must be one sentence")
    if not isinstance(section, str) or not section:
        report("`section` is missing: the id of the policy section this rule enforces")
        return None
    if policy is None or text is None:
        return None
    title, sections = policy
    if section not in sections:
        report(f"`section` {section!r} is not a section of the policy ({', '.join(sections)})")
        return None
    return f"{text.strip().rstrip('.')} ({title}, '{sections[section]}')."
