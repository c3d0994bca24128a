"""Drive a history through the real services and tell the model of tests/status/model.py the same.

Content is published the way `flask content import` does it (files written, then the directory
imported), a lesson or quiz restored with the editor's restore, items completed with the learner's
services, assignments and extensions made with HR's. The clock is `training.db.utcnow`'s, moved
by the test.
"""

import copy
import importlib
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import make_url, select

from tests.conftest import PASSWORD, empty_database
from tests.status.model import Course, Item, ItemText, Model, Person, PolicyText
from training.accounts import users as user_service
from training.content import export, versions
from training.db import db
from training.editor import library as content_service
from training.editor import publish as editor_publish
from training.learning import attempts
from training.learning import courses as learning
from training.models import User
from training.status import assignments, due_extensions

START = datetime(2026, 12, 2, 9, tzinfo=UTC)
POLICY = "pol"
SECTION_IDS = ("s1", "s2", "s3", "s4", "s5")
LEARNERS = {"ann": "Customer Care", "cat": "Marketing"}
# Items at the start, by course: (id, kind, covers); courses c1 (everyone) and c2 (Marketing).
FIRST_ITEMS = {"c1": [("a", "lesson", ("s1",)), ("b", "lesson", ("s2",)), ("q", "quiz", ("s1", "s3"))],
               "c2": [("c", "lesson", ("s2", "s3"))]}  # fmt: skip
NEW_ITEMS = ("x", "y")  # ids free for items added to a course later


class Clock:
    """The time `training.db.utcnow` reads: `now`, a microsecond later at each reading (so that
    rows made in one step keep their order)."""

    def __init__(self, monkeypatch):
        clock = self

        class Clocked(datetime):
            @classmethod
            def now(cls, tz=None):
                clock.ticks += 1
                return clock.now + timedelta(microseconds=clock.ticks)

        # training.db the module (the package exports its `db` object under the same name).
        monkeypatch.setattr(importlib.import_module("training.db"), "datetime", Clocked)
        self.now, self.ticks = START, 0


def policy_source(text: PolicyText) -> str:
    flag = "" if text.retrain else "retrain: false\n"
    head = (f'---\nid: {POLICY}\ntitle: Conduct policy\nversion: "{text.label}"\neffective: 2026-01-01\n'
            f"grace_days: {text.grace}\n{flag}---\nHow we speak.\n")  # fmt: skip
    return head + "".join(f"\n## Section {s} {{#{s}}}\nRule {s}, wording {w}.\n" for s, w in text.sections)


QUIZ = """id: {id}
title: {title}
covers: [{covers}]
{flag}pass_mark: 100
intro: Quiz {id}, wording {text}.
steps:
  - id: only
    prompt: Is this the right reply?
    choices:
      - id: right
        text: It is
        correct: true
        feedback: Yes.
      - id: wrong
        text: It is not
        correct: false
        feedback: No.
"""


def item_source(item: Item, text: ItemText) -> str:
    covers = ", ".join(f"{POLICY}#{s}" for s in text.covers)
    flag = "" if text.retrain else "retrain: false\n"
    if item.kind == "quiz":
        return QUIZ.format(id=item.id, title=item.title, covers=covers, flag=flag, text=text.text)
    return (f"---\nid: {item.id}\ntitle: {item.title}\ncovers: [{covers}]\n{flag}---\n"
            f"Lesson {item.id}, wording {text.text}.\n")  # fmt: skip


def course_source(course: Course) -> str:
    audience = "all" if course.audience == "all" else f"[{course.audience}]"
    every = f"recertify_every: {course.recertify.text}\n" if course.recertify else ""
    return (f"---\nid: {course.id}\ntitle: Course {course.id}\nsummary: A course.\n"
            f"items: [{', '.join(course.items)}]\naudience: {audience}\n"
            f"due_days: {course.due_days}\n{every}---\n")  # fmt: skip


def title(item_id: str, kind: str) -> str:
    return f"{kind.title()} {item_id.upper()}"


class History:
    """One history: the content tree, the people, the services and the model, kept in step."""

    def __init__(self, app, database_template, root: Path, clock: Clock):
        self.template, self.root, self.clock = database_template, root, clock
        self.database = Path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database or "")
        self.snapshots: dict[tuple, Path] = {}

    def start(self, due_days: dict[str, int]) -> None:
        """Begin a history on an empty database: the first content, the learners, HR and an editor.

        On SQLite the database as it is then is kept per `due_days`, and later histories start
        from a copy of it (the import and the accounts cost more than a short history).
        """
        self.clock.now, self.clock.ticks, self.words = START, 0, 0
        self.model = self.first_model(due_days)
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "policies").mkdir(parents=True)
        (self.root / "policies" / f"{POLICY}.md").write_text(policy_source(self.model.policies[-1]))
        for course in self.model.courses.values():
            self.write_course(course)
            for item_id in course.items:
                self.write_item(self.model.items[item_id], self.model.items[item_id].current)
        key = tuple(sorted(due_days.items()))
        self.empty(self.snapshots.get(key, self.template))
        if key not in self.snapshots:
            self.publish()
            for name, department in [*LEARNERS.items(), ("hr", "HR"), ("ed", "HR")]:
                roles = {"hr": "hr", "ed": "editor"}.get(name, "employee")
                user_service.create_user(f"{name}@example.com", name.title(), PASSWORD, roles, department)
            self.keep(key)
        self.users = {name: self.user(name) for name in LEARNERS}
        self.hr, self.editor = self.user("hr"), self.user("ed")

    def first_model(self, due_days: dict[str, int]) -> Model:
        model = Model(now=START, course_created=START)
        model.policies.append(
            PolicyText("P01", 10, True, tuple((s, self.wording()) for s in SECTION_IDS[:3]))
        )
        model.sections = {s: (w, w) for s, w in model.policies[0].sections}
        for course_id, items in FIRST_ITEMS.items():
            audience = "all" if course_id == "c1" else "Marketing"
            model.courses[course_id] = Course(
                course_id, [i for i, _, _ in items], due_days[course_id], audience
            )
            for item_id, kind, covers in items:
                text = ItemText(self.wording(), covers, True)
                model.items[item_id] = Item(item_id, kind, course_id, title(item_id, kind), text.text, [text])
        model.people = {name: Person(name, department, START) for name, department in LEARNERS.items()}
        model.end_step()
        return model

    def empty(self, template) -> None:
        db.session.remove()
        db.engine.dispose()
        empty_database(template, self.database)

    def keep(self, key) -> None:
        """Keep a copy of the SQLite database as it is now, to start later histories from."""
        if isinstance(self.template, str):
            return  # PostgreSQL: every history starts from the emptied database
        db.session.remove()
        db.engine.dispose()
        self.snapshots[key] = self.database.with_name(f"start-{len(self.snapshots)}.sqlite")
        shutil.copy(self.database, self.snapshots[key])

    @staticmethod
    def user(name: str) -> User:
        return db.session.scalar(select(User).where(User.email == f"{name}@example.com"))

    def wording(self) -> int:
        """A new wording, never used before in this history."""
        self.words += 1
        return self.words

    def item_path(self, item_id: str) -> Path:
        item = self.model.items[item_id]
        return self.root / "courses" / item.course / export.item_file_name(item_id, item.kind)

    def write_item(self, item: Item, text: ItemText) -> None:
        path = self.root / "courses" / item.course / export.item_file_name(item.id, item.kind)
        path.write_text(item_source(item, text))

    def write_course(self, course: Course) -> None:
        (self.root / "courses" / course.id).mkdir(parents=True, exist_ok=True)
        (self.root / "courses" / course.id / "course.md").write_text(course_source(course))

    def publish(self) -> None:
        content_service.import_directory(self.root)

    # The history's steps.
    def take(self, step: str, *args, avoid=None) -> str | None:
        """Take one step: first in a copy of the model, then in the product, unless `avoid` (given that
        copy, the step and its arguments) names a reason not to; that reason is returned."""
        after = copy.deepcopy(self.model)
        getattr(after, step)(*args)
        after.end_step()
        reason = avoid(after, step, args) if avoid else None
        if reason is None:
            getattr(self, f"_{step}")(*args)
            self.model = after
        return reason

    def _wait(self, days: int) -> None:
        self.clock.now += timedelta(days=days)

    def _publish_policy(self, text: PolicyText, items: dict[str, ItemText]) -> None:
        (self.root / "policies" / f"{POLICY}.md").write_text(policy_source(text))
        for item_id, item_text in items.items():
            self.write_item(self.model.items[item_id], item_text)
        self.publish()

    def _publish_item(self, item_id: str, text: ItemText) -> None:
        self.write_item(self.model.items[item_id], text)
        self.publish()

    def _restore_item(self, item_id: str, number: int, retrain: bool) -> None:
        """Publish version `number` of a lesson or quiz again, with the editor's restore."""
        current = len(self.model.items[item_id].versions)
        editor_publish.restore(self.editor, "item", item_id, number, current, retrain, "")
        self.item_path(item_id).write_text(export.published_text(versions.current("item", item_id)))

    def _add_item(self, item: Item, text: ItemText) -> None:
        self.write_item(item, text)
        course = self.model.courses[item.course]
        self.write_course(
            Course(course.id, [*course.items, item.id], course.due_days, course.audience, course.recertify)
        )
        self.publish()

    def _remove_item(self, item_id: str) -> None:
        self.item_path(item_id).unlink()
        course = self.model.courses[self.model.items[item_id].course]
        self.write_course(Course(course.id, [i for i in course.items if i != item_id], course.due_days,
                                 course.audience, course.recertify))  # fmt: skip
        self.publish()

    def _complete(self, person: str, items: list[str]) -> None:
        user = self.users[person]
        for item_id in items:
            if self.model.items[item_id].kind == "lesson":
                learning.complete_lesson(user, item_id)
            else:
                attempt = attempts.start_attempt(user, item_id, f"t{self.clock.ticks}")
                attempts.answer(user, attempt.id, "only", ["right"])

    def _set_recertify(self, course_id: str, period) -> None:
        course = self.model.courses[course_id]
        self.write_course(Course(course.id, course.items, course.due_days, course.audience, period))
        self.publish()

    def _assign(self, person: str, course_id: str, due_date: date | None, due_days: int | None) -> None:
        assignments.assign(self.hr, course_id, "person", email=f"{person}@example.com", due_date=due_date,
                           due_days=due_days)  # fmt: skip

    def _extend(self, person: str, course_id: str, due_date: date) -> None:
        due_extensions.extend(self.hr, self.users[person].id, course_id, due_date, "More time")
