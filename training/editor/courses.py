"""Create courses, lessons and quizzes; change a course's settings and order; discard drafts.

A course's item list may name new lessons and quizzes that are still drafts. A new item is added
to its course when it is published, and a new course is published together with its first item.
"""

from dataclasses import dataclass

from training.content import export
from training.content.files import ID_RE, CourseFile, Problem
from training.content.reader import parse_course_text
from training.db import db
from training.editor import drafts as editing
from training.errors import ValidationFailed
from training.i18n import N_
from training.models import Course, Item, User

LESSON_BODY = """\
## A first heading

Write the lesson here in markdown. Start headings at `##`: the page shows the title as the `#` heading.
"""
QUIZ_STEPS = """\
intro: |
  Set the scene in markdown: who the learner is and where they are posting.
steps:
  - id: first
    prompt: |
      > The post the learner answers, as a quote.

      How do you reply?
    choices:
      - id: a
        text: A good reply
        correct: true
        feedback: Why this is right.
      - id: b
        text: A poor reply
        correct: false
        feedback: Why this is wrong.
"""


@dataclass
class CourseSettings:
    title: str
    summary: str
    audience: str | list[str]  # "all" or department names
    due_days: int
    description_md: str


def audience_from_text(text: str) -> str | list[str]:
    """Read "all" or department names separated by commas."""
    if text.strip().lower() == "all":
        return "all"
    return [name.strip() for name in text.split(",") if name.strip()]


def audience_as_text(audience: str | list[str]) -> str:
    return audience if isinstance(audience, str) else ", ".join(audience)


def working_course(course_id: str) -> tuple[editing.Opened, CourseFile]:
    """Return the course as an editor would open it (its draft, else the published version)."""
    opened = editing.open_text("course", course_id)
    parsed = parse_course_text(opened.text, opened.target.file_name)
    if parsed.value is None:
        raise ValidationFailed("The course's draft cannot be read.", parsed.problems)
    return opened, parsed.value


def unlisted_items(course_id: str, listed: list[str]) -> list[str]:
    """New items of the course that its list does not name yet; publishing appends them."""
    return sorted(editing.course_items(course_id)[1] - set(listed))


def new_item_text(kind: str, item_id: str, title: str, covers: list[str]) -> str:
    """Return a valid starting text for a new lesson or quiz."""
    fields = {"id": item_id, "title": title, "covers": covers}
    if kind == "lesson":
        return export.front_matter(fields) + LESSON_BODY
    fields["pass_mark"] = 75
    return export.dump_yaml(fields) + QUIZ_STEPS


def _check_new_ids(course_id: str | None, item_id: str) -> list[Problem]:
    problems = []
    for what, value in (("course", course_id), ("item", item_id)):
        if value is not None and not ID_RE.match(value):
            problems.append(
                Problem(what, None, f"the {what} id {value!r} must use lowercase letters, digits, -")
            )
    if course_id is not None and (
        db.session.get(Course, course_id) or editing.find_draft("course", course_id)
    ):
        problems.append(Problem("course", None, f"a course {course_id!r} exists already"))
    if db.session.get(Item, item_id) or editing.find_draft("item", item_id):
        problems.append(Problem("item", None, f"a lesson or quiz {item_id!r} exists already"))
    return problems


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailed(f"{len(problems)} problem(s): nothing was created.", problems)


def create_item(user: User, course_id: str, kind: str, item_id: str, title: str, covers: list[str]):
    """Start a draft of a new lesson or quiz in a course (published or itself a draft)."""
    editing.target("course", course_id)
    if kind not in ("lesson", "quiz"):
        raise ValidationFailed(N_("A new item is a lesson or a quiz."))
    _refuse(_check_new_ids(None, item_id))
    where = editing.Target("item", item_id, kind, course_id)
    text = new_item_text(kind, item_id, title, covers)
    _refuse(editing.check(where, text).problems)
    draft = editing.store(user, where, text, "", 0)
    db.session.commit()
    return draft


def create_course(user: User, course_id: str, settings: CourseSettings, first: tuple[str, str, str, list]):
    """Start drafts of a new course and its first lesson or quiz: (kind, id, title, covers)."""
    kind, item_id, title, covers = first
    _refuse(_check_new_ids(course_id, item_id))
    course = editing.Target("course", course_id)
    text = _course_text(course_id, settings, [item_id])
    problems = parse_course_text(text, course.file_name).problems
    item = editing.Target("item", item_id, kind, course_id)
    item_text = new_item_text(kind, item_id, title, covers)
    _refuse(problems + editing.check(item, item_text).problems)
    editing.store(user, course, text, "", 0)
    draft = editing.store(user, item, item_text, "", 0)
    db.session.commit()
    return draft


def _course_text(course_id: str, settings: CourseSettings, items: list[str], recertify=None) -> str:
    course = CourseFile(
        id=course_id, title=settings.title, summary=settings.summary,
        description_md=editing.normalise(settings.description_md), items=items,
        audience=settings.audience, due_days=settings.due_days, source_hash="", recertify=recertify,
    )  # fmt: skip
    return export.course_text(course)


def settings_of(course: CourseFile) -> CourseSettings:
    c = course
    return CourseSettings(c.title, c.summary, c.audience, c.due_days, c.description_md)


def settings_text(course_id: str, settings: CourseSettings) -> str:
    """Return the course's text with these settings and its current working item list."""
    working = working_course(course_id)[1]  # its `recertify_every` is kept: the form does not show it
    return _course_text(course_id, settings, working.items, working.recertify)


def try_settings(course_id: str, settings: CourseSettings) -> tuple[list[Problem], dict]:
    """Return the problems of the settings and, when there are none, the course's preview."""
    return editing.try_text("course", course_id, settings_text(course_id, settings))


def save_course(user: User, course_id: str, settings: CourseSettings, revision: str, number: int):
    """Keep new course settings as the course's draft."""
    return editing.save_draft(user, "course", course_id, settings_text(course_id, settings), revision, number)


def move_item(user: User, course_id: str, item_id: str, offset: int, revision: str, number: int):
    """Move one item up (offset -1) or down (+1) in the course's draft."""
    _, course = working_course(course_id)
    items = list(course.items)
    if item_id not in items:
        raise ValidationFailed(N_("“{item}” is not listed in this course.").format(item=item_id))
    old = items.index(item_id)
    new = min(max(old + offset, 0), len(items) - 1)
    items.insert(new, items.pop(old))
    return editing.save_draft(user, "course", course_id, export.course_text(course, items), revision, number)


def drop_from_course_draft(user: User, course_id: str, item_id: str) -> None:
    """Take a new item off its new course's draft list, when the course draft lists it."""
    course_draft = editing.find_draft("course", course_id)
    if course_draft is None:
        return
    opened, course = working_course(course_id)
    if item_id not in course.items:
        return
    items = [i for i in course.items if i != item_id]
    if not items:
        raise ValidationFailed(
            N_("This is the only lesson or quiz of a new course: discard the course instead.")
        )
    editing.store(user, opened.target, export.course_text(course, items), opened.revision, opened.number)
