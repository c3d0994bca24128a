"""Draft steps of scenario quizzes: the learner writes a reply and the response coach checks it.

Every reply is kept (DraftReply, one row per revision). The step is answered well only when the
first draft was already safe: in a real thread the first reply is the one posted, so a reply that
passes after revisions shows the learner what to fix but scores as missed. The number of drafts
and whether the first was safe are read from those rows (`outcomes`), never stored twice.
"""

from dataclasses import dataclass

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.exc import IntegrityError

from training.coach import check as coach
from training.coach import versions as coach_versions
from training.content import quiz as quizzes
from training.content.translation_files import SOURCE_LANGUAGE
from training.db import db, utcnow
from training.errors import Conflict, ValidationFailed
from training.learning import attempts
from training.models import AttemptAnswer, DraftReply, User


def rules_for(content_dir: str) -> coach.Rules:
    """Return the coach rules in use: the newest imported version (before any, `content_dir`'s)."""
    return coach_versions.current_rules(content_dir)


def check(
    text: str,
    rules: coach.Rules,
    max_chars: int | None = None,
    step: dict | None = None,
    language: str = SOURCE_LANGUAGE,
) -> coach.Result:
    """Check a reply; a draft `step` adds what it answers and its situation (see content/README.md).

    `language` is the one the step was read in: the coach's second reader reads English only.
    """
    step = step or {}
    return coach.check(
        text, rules, max_chars=max_chars, extra_terms=coach_versions.confidential_terms(),
        public_names=coach_versions.public_names(), kind=step.get("answers"), customer=step.get("customer"),
        must_address=step.get("must_address", []), must_not_mention=step.get("must_not_mention", []),
        language=language,
    )  # fmt: skip


def replies(attempt_id: int, step_id: str) -> list[DraftReply]:
    return list(db.session.scalars(
        select(DraftReply).where(DraftReply.attempt_id == attempt_id, DraftReply.step_id == step_id)
        .order_by(DraftReply.revision)
    ))  # fmt: skip


def submit(
    user: User,
    attempt_id: int,
    step_id: str,
    text: str,
    revision: int,
    rules: coach.Rules,
    language: str = SOURCE_LANGUAGE,
) -> DraftReply:
    """Check and keep a drafted reply; a passing reply answers the step.

    `revision` is the number of replies the learner had seen when the form was drawn, plus one:
    a double-submitted form carries the same revision and is stored once.
    """
    view = attempts.load(user, attempt_id)
    step = _current_draft_step(view, step_id)
    earlier = replies(attempt_id, step_id)
    same = next((r for r in earlier if r.revision == revision), None)
    if same is not None:
        return same
    if revision != len(earlier) + 1:
        raise Conflict(_l("This reply was already revised in another window; here is the latest version."))
    if not text.strip():
        raise ValidationFailed(_l("Write your reply before submitting it."))
    result = check(text, rules, max_chars=step["max_chars"], step=step, language=language)
    reply = DraftReply(
        attempt_id=attempt_id, step_id=step_id, revision=revision, text=text,
        findings=result.to_dict()["findings"], passed=result.passed, submitted_at=utcnow(),
    )  # fmt: skip
    try:
        with db.session.begin_nested():
            db.session.add(reply)
    except IntegrityError:
        db.session.rollback()
        return next(r for r in replies(attempt_id, step_id) if r.revision == revision)
    if result.passed:
        _answer(user, view, step_id, revision == 1, language)
    db.session.commit()
    return reply


@dataclass(frozen=True)
class DraftOutcome:
    """How a draft step went: the number of drafts written and which of them were safe."""

    step_id: str
    drafts: int
    first_safe: bool
    safe: bool  # a reply passed; a passing reply ends the step, so it is the last one

    @classmethod
    def of(cls, step_id: str, written: list[DraftReply]) -> "DraftOutcome | None":
        """Return the outcome of the replies of one step, in revision order; None before any."""
        if not written:
            return None
        return cls(step_id, len(written), written[0].passed, any(r.passed for r in written))

    @property
    def verdict(self) -> str:
        """The outcome as a heading, in the reader's language: "Safe on the first draft"."""
        if self.first_safe:
            return gettext("Safe on the first draft")
        if self.safe:
            return ngettext("Safe after %(num)d draft", "Safe after %(num)d drafts", self.drafts)
        return ngettext("No safe reply in %(num)d draft", "No safe reply in %(num)d drafts", self.drafts)

    @property
    def verdict_in_sentence(self) -> str:
        """The outcome inside a sentence, after a comma: "safe on the first draft"."""
        if self.first_safe:
            return gettext("safe on the first draft")
        if self.safe:
            return ngettext("safe after %(num)d draft", "safe after %(num)d drafts", self.drafts)
        return ngettext("no safe reply in %(num)d draft", "no safe reply in %(num)d drafts", self.drafts)


def outcomes(attempt_ids) -> dict[int, dict[str, DraftOutcome]]:
    """Return {attempt id: {step id: outcome}} for every draft step written in these attempts."""
    ids = list(attempt_ids)
    if not ids:
        return {}
    first_safe = func.max(case((and_(DraftReply.revision == 1, DraftReply.passed), 1), else_=0))
    any_safe = func.max(case((DraftReply.passed, 1), else_=0))
    rows = db.session.execute(
        select(DraftReply.attempt_id, DraftReply.step_id, func.count(), first_safe, any_safe)
        .where(DraftReply.attempt_id.in_(ids))
        .group_by(DraftReply.attempt_id, DraftReply.step_id)
        .order_by(DraftReply.attempt_id, func.min(DraftReply.id))
    )
    found: dict[int, dict[str, DraftOutcome]] = {}
    for attempt_id, step_id, drafts, first, safe in rows:
        found.setdefault(attempt_id, {})[step_id] = DraftOutcome(step_id, drafts, bool(first), bool(safe))
    return found


def move_on(user: User, attempt_id: int, step_id: str, language: str = SOURCE_LANGUAGE) -> None:
    """Leave a draft step without a passing reply: it counts as missed."""
    view = attempts.load(user, attempt_id)
    if any(a.step_id == step_id for a in view.answers):
        return
    _current_draft_step(view, step_id)
    if not replies(attempt_id, step_id):
        raise ValidationFailed(_l("Submit a reply at least once before moving on."))
    _answer(user, view, step_id, False, language)
    db.session.commit()


def _current_draft_step(view: attempts.AttemptView, step_id: str) -> dict:
    step = view.current_step
    if step is None or step["id"] != step_id or not quizzes.is_draft(step):
        raise Conflict(_l("That step is not the current one in this attempt; the page was out of date."))
    return step


def _answer(user: User, view: attempts.AttemptView, step_id: str, correct: bool, language: str) -> None:
    record = AttemptAnswer(
        attempt_id=view.attempt.id, position=len(view.answers), step_id=step_id, choice_ids=[],
        correct=correct, answered_at=utcnow(),
    )  # fmt: skip
    db.session.add(record)
    db.session.flush()
    if quizzes.next_step_id(view.quiz, step_id, []) is None:
        attempts.finish(user, view, view.answers + [record], language)


@dataclass
class Segment:
    text: str
    findings: list[int]  # numbers (1-based) of the findings that cover this text


def segments(text: str, findings: list[dict]) -> list[Segment]:
    """Split the reply at every finding's edges, so each piece can be highlighted."""
    cuts = {0, len(text)}
    for f in findings:
        if f["end"] > f["start"]:
            cuts.update((max(0, f["start"]), min(len(text), f["end"])))
    points = sorted(cuts)
    pieces = []
    for start, end in zip(points, points[1:], strict=False):
        covering = [
            n
            for n, f in enumerate(findings, 1)
            if f["start"] <= start and end <= f["end"] and f["end"] > f["start"]
        ]
        pieces.append(Segment(text[start:end], covering))
    return pieces
