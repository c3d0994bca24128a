"""Whether a change is only a typo fix, so that the publish page proposes "no retraining".

The editor always chooses; this only decides which choice the page suggests. The texts are
compared as sequences of words (runs of letters and digits: whitespace and punctuation are not
words). A change is a typo fix when no word is added or removed and every changed word is a
spelling fix of the word it replaces:
- the same word in other capitals ("Email" → "email"); or
- a small edit of it that keeps its first letter and has no digit: one letter added, removed,
  replaced or two neighbours swapped ("recieve" → "receive"), two such edits in a word of eight
  letters or more, only a swap in a word of three letters or fewer ("teh" → "the", not
  "not" → "now"), never letters only added to or taken off its end ("number" → "numbers" is
  another word); and the old spelling is used nowhere in the new text: a spelling the text still
  uses elsewhere is a word, not a typo ("must" → "most" where "must" appears again).
So "order numbers" → "order-numbers" or a re-wrapped paragraph is a typo fix; "14" → "15", a new
word, a removed word or "emails" → "email addresses" is not. For a policy, the version label and
the effective date are left out (every version changes them) and its section ids must stay; for a
lesson or quiz, its `retrain` flag is left out and its `covers` must stay.
"""

import difflib
import re

import yaml

WORD = re.compile(r"[^\W_]+")
RETRAIN_LINE = re.compile(r"^retrain:[^\n]*\n?", re.M)


def trivial_change(old: str, new: str) -> bool:
    """Return True if `new` differs from `old` only in whitespace, punctuation or spelling within words."""
    before, after = WORD.findall(old), WORD.findall(new)
    used = {word.lower() for word in after}
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False  # a word added or removed
        pairs = zip(before[i1:i2], after[j1:j2], strict=True)
        if not all(spelling_fix(a, b, used) for a, b in pairs):
            return False
    return True


def spelling_fix(old: str, new: str, used: set[str]) -> bool:
    """Return True if the word `new` corrects the spelling of `old` (rule in the module docstring)."""
    a, b = old.lower(), new.lower()
    if a == b:
        return True
    if a in used or a[0] != b[0] or a.startswith(b) or b.startswith(a) or any(c.isdigit() for c in a + b):
        return False
    if max(len(a), len(b)) <= 3:
        return sorted(a) == sorted(b) and edit_distance(a, b) == 1
    return edit_distance(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)


def edit_distance(a: str, b: str) -> int:
    """Count the letters added, removed or replaced, and neighbours swapped, to turn `a` into `b`."""
    previous, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        before, row = row, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (ca != cb))
            if previous is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous[j - 2] + 1)  # two neighbours swapped
        previous = before
    return row[-1]


def typo_only(kind: str, old, new) -> bool:
    """Return True if publishing `new` (a parsed file) over `old` (its current version) fixes typos only.

    Only policies and items are compared: a course's changes never need retraining.
    """
    if kind == "policy":
        same_ids = [s.section_id for s in old.sections] == [s.id for s in new.sections]
        return same_ids and trivial_change(_policy_words(old), _policy_words(new))
    if kind == "item":
        return list(old.covers) == list(new.covers) and trivial_change(
            RETRAIN_LINE.sub("", old.source), RETRAIN_LINE.sub("", new.source)
        )
    return False


def _policy_words(policy) -> str:
    """What a policy says, without the version label and effective date that every version changes."""
    meta = yaml.safe_dump(policy.meta, sort_keys=True, allow_unicode=True) if policy.meta else ""
    sections = [f"{s.heading}\n{s.body_md}" for s in policy.sections]
    return "\n".join([policy.title, str(policy.grace_days), meta, policy.intro_md, *sections])
