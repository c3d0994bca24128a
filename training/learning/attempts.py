"""Scenario quiz attempts: start, answer a step (once), finish with a score."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Row, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError

from training.content import quiz as quizzes
from training.content.translation_files import SOURCE_LANGUAGE
from training.db import db, read, utcnow
from training.errors import Conflict, NotFound, ValidationFailed
from training.evidence import ledger as evidence
from training.learning import courses as learning
from training.models import Attempt, AttemptAnswer, AttemptResult, Item, ItemVersion, User
from training.status import published


class Finished(NamedTuple):
    """A finished attempt's result, as `load` reads it."""

    score: int  # percent
    passed: bool
    finished_at: datetime


@dataclass
class AttemptView:
    """An attempt as `load` reads it: its row's columns (`attempt.id`, `.started_at`, ...), the quiz
    version, the answers' rows in order and the result."""

    attempt: Row
    version: ItemVersion
    answers: list[Row | AttemptAnswer]
    result: Finished | None
    current_step: dict | None  # None when finished

    @property
    def quiz(self) -> dict:
        return self.version.quiz

    @property
    def step_number(self) -> int:
        return len(self.answers) + 1

    @property
    def steps_left(self) -> tuple[int, int]:
        """The fewest and most steps still to go, counting the current one (0, 0 when finished)."""
        if self.current_step is None:
            return (0, 0)
        return remaining_steps(self.quiz)[self.current_step["id"]]


# {id of a quiz: (that quiz, its spans)}, for the published versions kept in memory, which are the
# same objects from request to request. Holding the quiz keeps its id from being given to another.
_spans_kept: dict[int, tuple[dict, dict[str, tuple[int, int]]]] = {}
SPANS_KEPT = 256


def remaining_steps(quiz: dict) -> dict[str, tuple[int, int]]:
    """Map each step to the shortest and longest path from it to the end, itself included."""
    kept = _spans_kept.get(id(quiz))
    if kept is not None and kept[0] is quiz:
        return kept[1]
    spans = _remaining_steps(quiz)
    if len(_spans_kept) >= SPANS_KEPT:
        _spans_kept.clear()
    _spans_kept[id(quiz)] = (quiz, spans)
    return spans


def _remaining_steps(quiz: dict) -> dict[str, tuple[int, int]]:
    """Branches only point to later steps (the content check enforces it), so one pass from the
    last step back sees every step's successors before the step itself."""
    spans: dict[str, tuple[int, int]] = {}
    for step in reversed(quiz["steps"]):
        picks = [[c["id"]] for c in step.get("choices") or []]
        if quizzes.is_draft(step) or quizzes.is_multi(step) or not picks:
            picks.append([])
        following = {quizzes.next_step_id(quiz, step["id"], pick) for pick in picks}
        after = [spans[s] if s else (0, 0) for s in following]
        spans[step["id"]] = (1 + min(a[0] for a in after), 1 + max(a[1] for a in after))
    return spans


def start_attempt(user: User, item_id: str, token: str) -> Attempt:
    """Open an attempt on the quiz's current version; the same form token opens it once."""
    version = learning.current_item(item_id)
    if db.session.get(Item, item_id).kind != "quiz":
        raise NotFound(f"{item_id!r} is not a quiz.")
    if not token or len(token) > 64:
        raise ValidationFailed(_l("The form was incomplete; please start the quiz again."))
    attempt = Attempt(user_id=user.id, item_version_id=version.id, client_token=token, started_at=utcnow())
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:  # the same form sent twice: the first one opened it (nothing else was written)
        db.session.rollback()
        attempt = db.session.scalar(
            select(Attempt).where(Attempt.user_id == user.id, Attempt.client_token == token)
        )
    return attempt


def load(user: User, attempt_id: int) -> AttemptView:
    """Return the attempt with its path so far; only its owner may see it.

    Two queries of plain columns: the attempt with its result, then its answers; the quiz version is
    kept in memory. Rows, not entities: loading them as ORM objects cost each quiz step a fifth of
    its time, and the pages and the recording of an answer only read them.
    """
    attempt_statement, answers_statement = _load_statements()
    found = read(attempt_statement, {"attempt": attempt_id}).first()
    if found is None or found.user_id != user.id:
        raise NotFound("No such attempt.")
    result = None
    if found.result_score is not None:
        result = Finished(found.result_score, found.result_passed, found.result_finished_at)
    version = published.item_version(found.item_version_id)
    answers = list(read(answers_statement, {"attempt": found.id}))
    current = None if result else _current_step(version.quiz, answers)
    return AttemptView(found, version, answers, result, current)


@cache
def _load_statements():
    """Built once, with the attempt's id as a parameter: every step of every quiz asks them."""
    attempt_id = bindparam("attempt", type_=Integer)
    answers = AttemptAnswer.__table__
    return (
        select(
            *Attempt.__table__.columns,
            AttemptResult.score.label("result_score"),
            AttemptResult.passed.label("result_passed"),
            AttemptResult.finished_at.label("result_finished_at"),
        )
        .outerjoin(AttemptResult, AttemptResult.attempt_id == Attempt.id)
        .where(Attempt.id == attempt_id),
        select(*answers.columns).where(answers.c.attempt_id == attempt_id).order_by(answers.c.position),
    )


@cache
def _insert_statement():
    answers = AttemptAnswer.__table__
    return insert(answers).returning(*answers.columns)


def _current_step(quiz: dict, answers: list[AttemptAnswer]) -> dict | None:
    if not answers:
        return quiz["steps"][0]
    last = answers[-1]
    following = quizzes.next_step_id(quiz, last.step_id, last.choice_ids)
    return quizzes.step_by_id(quiz, following) if following else None


def answer(
    user: User,
    attempt_id: int,
    step_id: str,
    choice_ids: list[str],
    view: AttemptView | None = None,
    language: str = SOURCE_LANGUAGE,
) -> Row | AttemptAnswer:
    """Record the choices for the current step; return the answer's row (a repeated submit returns
    the first answer).

    `view` is the attempt as `load` returned it in this transaction, when the caller has it already;
    `language` is the one the quiz was read in, for the completion a pass records.
    """
    view = view if view is not None and view.attempt.id == attempt_id else load(user, attempt_id)
    existing = next((a for a in view.answers if a.step_id == step_id), None)
    if existing is not None:
        return existing
    if view.current_step is None or view.current_step["id"] != step_id:
        raise Conflict(_l("That step is not the current one in this attempt; the page was out of date."))
    step = view.current_step
    if quizzes.is_draft(step):
        raise ValidationFailed(_l("This step asks for a written reply, not a choice."))
    choice_ids = _checked_choices(step, choice_ids)
    values = {
        "attempt_id": attempt_id, "position": len(view.answers), "step_id": step_id,
        "choice_ids": choice_ids, "correct": set(choice_ids) == quizzes.correct_ids(step),
        "answered_at": utcnow(),
    }  # fmt: skip
    # One row through Core: the unit of work's flush of one new object cost a quiz answer a sixth of its time.
    try:
        record = read(_insert_statement(), values).one()
    except IntegrityError:  # a concurrent submit of the same step won; show that one
        db.session.rollback()  # (this transaction had written nothing before)
        return _answer_for(attempt_id, step_id)
    if quizzes.next_step_id(view.quiz, step_id, choice_ids) is None:
        finish(user, view, view.answers + [record], language)
    db.session.commit()
    return record


def _checked_choices(step: dict, choice_ids: list[str]) -> list[str]:
    known = [c["id"] for c in step["choices"]]
    picked = [c for c in known if c in set(choice_ids)]  # keep the quiz's order, drop unknowns
    if not picked or len(picked) != len(set(choice_ids)):
        raise ValidationFailed(_l("Choose an answer before continuing."))
    if len(picked) > 1 and not quizzes.is_multi(step):
        raise ValidationFailed(_l("Choose one answer."))
    return picked


def _answer_for(attempt_id: int, step_id: str) -> AttemptAnswer:
    return db.session.scalar(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.step_id == step_id)
    )


def finish(
    user: User, view: AttemptView, answers: list[Row | AttemptAnswer], language: str = SOURCE_LANGUAGE
) -> None:
    percent = quizzes.score([a.correct for a in answers])
    passed = percent >= view.quiz["pass_mark"]
    db.session.add(
        AttemptResult(attempt_id=view.attempt.id, score=percent, passed=passed, finished_at=utcnow())
    )
    db.session.flush()
    evidence.append("attempt", db.session.get(AttemptResult, view.attempt.id))
    if passed:
        learning.record_completion(user, view.version, attempt=view.attempt, score=percent, language=language)


def changed_since_start(view: AttemptView) -> bool:
    """Return True if the quiz, or a policy section it covers, changed while it was played."""
    item_id = view.version.item_id
    then = learning.item_fingerprint(item_id, as_of=view.attempt.started_at)
    return then.fingerprint != learning.item_fingerprint(item_id).fingerprint


def replaced_by(view: AttemptView) -> ItemVersion | None:
    """Return the quiz's current version if it is newer than the one the attempt was played on.

    An attempt is graded, step by step, against the version it started on, whatever was published
    meanwhile; the result page says so.
    """
    current = learning.current_item(view.version.item_id)
    return current if current.number != view.version.number else None


RECENT_ATTEMPTS = 10  # the newest attempts a quiz page lists


def recent(user: User, item_id: str, limit: int = RECENT_ATTEMPTS) -> list[Row]:
    """Return the learner's `limit` newest attempts at a quiz as rows of `id`, `started_at`, `score`
    and `passed` (None until finished), each carrying `total`, how many attempts there are in all.

    One statement of plain rows whatever the number of attempts: a learner who retook a quiz fifty
    times once made its page read and draw all fifty (HR's view of the person keeps `history`).
    """
    return list(read(_recent_statement(), {"user": user.id, "item": item_id, "limit": limit}))


@cache
def _recent_statement():
    return (
        select(
            Attempt.id,
            Attempt.started_at,
            AttemptResult.score,
            AttemptResult.passed,
            func.count().over().label("total"),
        )
        .join(ItemVersion, ItemVersion.id == Attempt.item_version_id)
        .outerjoin(AttemptResult, AttemptResult.attempt_id == Attempt.id)
        .where(Attempt.user_id == bindparam("user", type_=Integer), ItemVersion.item_id == bindparam("item"))
        .order_by(Attempt.id.desc())
        .limit(bindparam("limit", type_=Integer))
    )


def history(user: User, item_id: str) -> list[tuple[Attempt, AttemptResult | None]]:
    """Return the learner's attempts at a quiz, newest first, with their results."""
    rows = db.session.execute(
        select(Attempt, AttemptResult)
        .join(ItemVersion, ItemVersion.id == Attempt.item_version_id)
        .outerjoin(AttemptResult, AttemptResult.attempt_id == Attempt.id)
        .where(Attempt.user_id == user.id, ItemVersion.item_id == item_id)
        .order_by(Attempt.id.desc())
    )
    return [tuple(r) for r in rows]
