"""Scenario insight: which choices people make on their first attempt at each quiz step.

The database counts the answers, grouped by quiz, step and the exact set of choices; Python then
splits each set into its choices over those few aggregated rows, never over people.
"""

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import String, cast, func, select

from training.content import quiz as quizzes
from training.content import versions
from training.db import db
from training.models import Attempt, AttemptAnswer, Item, ItemVersion, User

# A draft step records no choice, only whether the first draft passed the coach (learning/replies.py).
DRAFT_CHOICES = {
    True: "Wrote a reply that was safe on the first draft",
    False: "Needed more than one draft, or moved on without a passing reply",
}


QUOTES = ("“", '"', "‘", "'", "«", "„", "‹")


@dataclass
class ChoiceCount:
    choice_id: str
    text_html: str  # sanitised at publish
    correct: bool
    count: int
    percent: int  # of the people who answered the step

    @property
    def quoted(self) -> bool:
        """Whether the text is already in quotation marks (a reply, as most choices are)."""
        return html.unescape(re.sub(r"<[^>]*>", "", self.text_html)).lstrip().startswith(QUOTES)


@dataclass
class StepInsight:
    number: int
    step_id: str
    prompt_html: str
    draft: bool
    answered: int
    choices: list[ChoiceCount] = field(default_factory=list)

    @property
    def wrong(self) -> list[ChoiceCount]:
        return [c for c in self.choices if not c.correct and c.count]


@dataclass
class QuizInsight:
    item_id: str
    title: str
    course_id: str
    people: int  # people who made a first attempt
    steps: list[StepInsight]


@dataclass(frozen=True)
class WrongJudgement:
    quiz: QuizInsight
    step: StepInsight
    choice: ChoiceCount


def first_attempts():
    """SELECT (attempt_id, item_id): the earliest attempt of each person at each quiz."""
    return (
        select(func.min(Attempt.id).label("attempt_id"), ItemVersion.item_id)
        .join(ItemVersion, ItemVersion.id == Attempt.item_version_id)
        .group_by(Attempt.user_id, ItemVersion.item_id)
        .subquery()
    )


def _narrow(query, first, department: str | None, course: str | None):
    if department:
        query = query.join(Attempt, Attempt.id == first.c.attempt_id).join(User, User.id == Attempt.user_id)
        query = query.where(User.department == department)
    if course:
        query = query.join(Item, Item.id == first.c.item_id).where(Item.course_id == course)
    return query


def answer_counts(department: str | None = None, course: str | None = None):
    """Return (item_id, step_id, choice ids as JSON text, correct, answers) on first attempts."""
    first = first_attempts()
    # JSON has no equality on PostgreSQL; its text form is stable because choices keep quiz order.
    choices = cast(AttemptAnswer.choice_ids, String)
    query = select(first.c.item_id, AttemptAnswer.step_id, choices, AttemptAnswer.correct, func.count())
    query = query.select_from(first).join(AttemptAnswer, AttemptAnswer.attempt_id == first.c.attempt_id)
    query = _narrow(query, first, department, course)
    query = query.group_by(first.c.item_id, AttemptAnswer.step_id, choices, AttemptAnswer.correct)
    return db.session.execute(query).all()


def people_counts(department: str | None = None, course: str | None = None) -> dict[str, int]:
    """Return {quiz item id: people who made a first attempt}."""
    first = first_attempts()
    query = _narrow(select(first.c.item_id, func.count()).select_from(first), first, department, course)
    return dict(db.session.execute(query.group_by(first.c.item_id)).all())


def insight(department: str | None = None, course: str | None = None) -> list[QuizInsight]:
    """Return, per quiz with first attempts, each step's choices with how often they were taken."""
    picked: dict[tuple[str, str], dict] = defaultdict(lambda: {"answered": 0, "ids": defaultdict(int)})
    for item_id, step_id, choice_text, correct, answers in answer_counts(department, course):
        entry = picked[(item_id, step_id)]
        entry["answered"] += answers
        for choice_id in json.loads(choice_text) or [correct]:  # a draft step records no choices
            entry["ids"][choice_id] += answers
    items = versions.current_all(ItemVersion)
    courses = dict(db.session.execute(select(Item.id, Item.course_id)).all())
    result = []
    for item_id, people in people_counts(department, course).items():
        version = items.get(item_id)
        if version is None or not version.quiz:
            continue
        steps = [_step(n, s, picked.get((item_id, s["id"]))) for n, s in enumerate(version.quiz["steps"], 1)]
        result.append(QuizInsight(item_id, version.title, courses.get(item_id, ""), people, steps))
    return sorted(result, key=lambda q: (q.course_id, q.title))


def _step(number: int, step: dict, picked: dict | None) -> StepInsight:
    answered = picked["answered"] if picked else 0
    counts = picked["ids"] if picked else {}
    draft = quizzes.is_draft(step)
    options = (
        [(flag, text, flag) for flag, text in DRAFT_CHOICES.items()]
        if draft
        else [(c["id"], c["text_html"], c["correct"]) for c in step["choices"]]
    )
    choices = [
        ChoiceCount(str(key), text, correct, counts.get(key, 0), _percent(counts.get(key, 0), answered))
        for key, text, correct in options
    ]
    # Wrong judgements first, the most common at the top; then the right ones.
    choices.sort(key=lambda c: (c.correct, -c.count))
    return StepInsight(number, step["id"], step.get("prompt_html", ""), draft, answered, choices)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def common_wrong(quizzes_: list[QuizInsight], limit: int = 10) -> list[WrongJudgement]:
    """Return the wrong choices taken most often, by share of the people who answered the step."""
    wrong = [WrongJudgement(q, s, c) for q in quizzes_ for s in q.steps for c in s.wrong]
    return sorted(wrong, key=lambda w: (-w.choice.percent, -w.choice.count, w.quiz.title))[:limit]
