"""The response coach's rules in the editor: a draft tried on sample replies, published as a version.

The rules (coach.yaml) are edited as any content is: drafts.py keeps the one draft, with the same
conflict checks, and validates it with the coach's own checks. Publishing adds a CoachRulesVersion
(never updated), which the coach uses from then on. Nobody's training goes out of date: completions
and quiz results do not depend on the rules, so there is no retraining to choose.
"""

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from training.coach import versions as coach_versions
from training.coach.rules import parse_rules
from training.content import publish
from training.content.files import Problem
from training.db import db
from training.editor import drafts as editing
from training.editor.review import text_diff
from training.errors import Conflict, ValidationFailed
from training.i18n import N_
from training.learning import replies
from training.models import CoachRulesVersion, User

KIND, KEY = "coach", editing.COACH_KEY
MAX_NOTE = 500


@dataclass
class Trial:
    """A sample reply checked against the rules being edited, as the learner's pages show one."""

    text: str
    passed: bool
    findings: list[dict]
    pieces: list[replies.Segment]


def open_rules() -> editing.Opened:
    """Return the draft of the rules if there is one, else the version in force."""
    return editing.open_text(KIND, KEY)


def try_rules(text: str, reply: str, situation: dict | None = None) -> tuple[list[Problem], Trial | None]:
    """Return the problems of the rules `text`, or what they find in `reply`; nothing is stored.

    `situation` holds what a draft step would give: `answers`, `customer`, `must_address` and
    `must_not_mention` (content/README.md).
    """
    where = editing.target(KIND, KEY)
    parsed = editing.check(where, editing.normalise(text))
    if parsed.problems or not reply.strip():
        return parsed.problems, None
    rules = parse_rules(parsed.value.source, coach_versions.published_policy, "coach.yaml (draft)")
    result = replies.check(reply, rules, step=situation or {})
    findings = result.to_dict()["findings"]
    return [], Trial(reply, result.passed, findings, replies.segments(reply, findings))


def save(user: User, text: str, revision: str, number: int) -> None:
    """Keep valid rules as the draft (drafts.save_draft refuses text with any problem)."""
    editing.save_draft(user, KIND, KEY, text, revision, number)


def every_version() -> list[CoachRulesVersion]:
    """Every published version of the rules, newest first."""
    return list(db.session.scalars(select(CoachRulesVersion).order_by(CoachRulesVersion.number.desc())))


def diff(old_number: int, new_number: int) -> Markup:
    """Return the changed lines from one version's text to another's (either may be the older)."""
    old, new = (editing.version_of(KIND, KEY, n) for n in (old_number, new_number))
    return text_diff(old.source, new.source)


def pending_text(restoring: int | None = None) -> tuple[str, editing.Opened]:
    """Return what publishing would put in force: the draft, or old version `restoring`."""
    opened = open_rules()
    if restoring is not None:
        return editing.version_of(KIND, KEY, restoring).source, opened
    if opened.draft is None:
        raise ValidationFailed(N_("There is no draft of the rules to publish: edit and save one first."))
    return opened.draft.text, opened


def review(restoring: int | None = None) -> tuple[Markup, editing.Opened]:
    """Show what publishing would change; raise ValidationFailed if it cannot be published."""
    text, opened = pending_text(restoring)
    _valid(text, opened.current)
    return text_diff(opened.current.source if opened.current else "", text), opened


def publish_rules(
    user: User, revision: str, number: int, note: str, restoring: int | None = None
) -> CoachRulesVersion:
    """Publish the draft (or old version `restoring` again) as the rules in force, in one transaction.

    Publishing the draft deletes it; a restore leaves any draft as it is.
    """
    where = editing.target(KIND, KEY)
    if len(note) > MAX_NOTE:
        raise ValidationFailed(N_("Keep the note under {count} characters.").format(count=MAX_NOTE))
    editing.expect_state(where, revision if restoring is None else _draft_revision(), number)
    text, opened = pending_text(restoring)
    file = _valid(text, opened.current)
    note = note or (f"Restored version {restoring}" if restoring else "")
    try:
        with db.session.begin_nested():
            version = publish.publish_coach_rules(file, user.email, note)
    except IntegrityError:
        raise Conflict(
            N_("Someone else published the rules at the same moment; reload to see them.")
        ) from None
    if restoring is None:
        db.session.delete(opened.draft)
    db.session.commit()
    return version


def _draft_revision() -> str:
    draft = editing.find_draft(KIND, KEY)
    return draft.revision if draft else ""


def _valid(text: str, current: CoachRulesVersion | None):
    parsed = editing.check(editing.target(KIND, KEY), text)
    if parsed.problems:
        raise ValidationFailed(f"{len(parsed.problems)} problem(s): nothing was published.", parsed.problems)
    if current is not None and current.source_hash == parsed.value.source_hash:
        raise ValidationFailed(
            N_("Nothing to publish: these are the rules of version {number}.").format(number=current.number)
        )
    return parsed.value
