"""An attempt's whole path, step by step with times: choices, feedback, every draft and its findings.

The learner's result page reviews it (showing the latest reply of each step); HR reads all of it
to see how a learner got to their result. Reading it changes nothing.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from training.content import quiz as quizzes
from training.db import db
from training.learning import attempts, replies
from training.models import AttemptAnswer, DraftReply, User


@dataclass
class Draft:
    """One revision of a written reply, cut into pieces so the coach's findings can be marked."""

    reply: DraftReply
    pieces: list[replies.Segment]


@dataclass
class PathStep:
    number: int  # 1-based, in the order the learner met the steps
    step: dict
    answer: AttemptAnswer | None  # None for a draft step still open in an unfinished attempt
    drafts: list[Draft] = field(default_factory=list)

    @property
    def outcome(self) -> replies.DraftOutcome | None:
        return replies.DraftOutcome.of(self.step["id"], [d.reply for d in self.drafts])

    @property
    def reply(self) -> DraftReply | None:
        """The last reply written at this step (the passing one, if any passed)."""
        return self.drafts[-1].reply if self.drafts else None

    @property
    def chosen(self) -> list[dict]:
        picked = set(self.answer.choice_ids) if self.answer else set()
        return [c for c in self.step.get("choices", []) if c["id"] in picked]


@dataclass
class AttemptPath:
    view: attempts.AttemptView
    steps: list[PathStep]


def attempt_path(person: User, attempt_id: int) -> AttemptPath:
    """Return every step of the person's attempt in order; NotFound if the attempt is not theirs."""
    view = attempts.load(person, attempt_id)
    return AttemptPath(view, steps_of(view))


def steps_of(view: attempts.AttemptView) -> list[PathStep]:
    """Return the steps met so far, with a draft step still open once a reply was written there."""
    written = _drafts_by_step(view.attempt.id)
    steps = [
        PathStep(n, quizzes.step_by_id(view.quiz, answer.step_id), answer, written.get(answer.step_id, []))
        for n, answer in enumerate(view.answers, 1)
    ]
    open_step = view.current_step
    if open_step is not None and open_step["id"] in written:
        steps.append(PathStep(len(steps) + 1, open_step, None, written[open_step["id"]]))
    return steps


def _drafts_by_step(attempt_id: int) -> dict[str, list[Draft]]:
    rows = db.session.scalars(
        select(DraftReply).where(DraftReply.attempt_id == attempt_id).order_by(DraftReply.revision)
    )
    found: dict[str, list[Draft]] = {}
    for reply in rows:
        found.setdefault(reply.step_id, []).append(Draft(reply, replies.segments(reply.text, reply.findings)))
    return found
