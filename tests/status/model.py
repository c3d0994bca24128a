"""A small reference model of the status rules, for the property-based tests (test_status_model.py).

Plain Python and no database: it is told the same history the test drives through the services
and says what every person's status, due date, stale items and the changes behind them must be.
The rules, from the README ("Who gets which course, and by when") and content/README.md
("Publishing without retraining"):

- What a completion of an item was made against: the item's material text and the material text
  of every section it covers (a section removed since counts as changed). A text becomes material
  when it is published with retraining; a publish without retraining leaves the material text as
  it was. A completion is valid while all of that is as it was, whatever happened in between (a
  restore of the exact text makes it valid again).
- A person has completed a course once every item of it was valid for them at the same time. If
  some item is not valid now (changed, or added since) they are outdated and redo exactly those
  items. Every change since an item was last valid for them is named, with a deadline: publish
  date + the policy's grace days (a covered section changed or removed), or + the course's due
  days (the item's own text or what it covers changed, or the item was added to the course). The
  earliest deadline stands; a newer HR extension wins only when later; past it they are overdue.
- Anyone else is in progress once they completed an item of the course, overdue past the due
  date in force (the newest HR extension, else the earliest of their assignments), and their
  stale items are the items they did whose completion is not valid now.
- Recertification (README, "Periodic recertification"): when the course has `recertify_every`,
  someone who has completed it is due on the day it expires: the period after they were last
  certified (a completion made the course complete for them, or they finished a renewal), else
  after their last new completion in the course (a publish made it complete). A month added to
  the 31st ends on the month's last day. Past that day they are `expired`. From `due_days`
  before it, each item they complete counts towards a renewal (recorded once per item and
  renewal); once every item, as it is now, is done again in that renewal, they are certified now.
  Outdated comes before expired; HR's extensions do not move an expiry.
"""

import calendar
import copy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

REMOVED = "removed"


@dataclass(frozen=True)
class Change:
    """One change that made an item stale: the step it was published in, its date and deadline."""

    step: int
    published: date
    deadline: date
    kind: str  # "policy" (a covered section changed), "item" (its text or covers), "added"
    marker: str  # what a reason names it by: the policy version's label or the item's title
    version: int = 0  # the item's new version number, for kind "item"


@dataclass(frozen=True)
class PolicyText:
    """One text of the policy: its label, grace days, retraining flag and {section: text}."""

    label: str
    grace: int
    retrain: bool
    sections: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ItemText:
    """One text of a lesson or quiz file."""

    text: int
    covers: tuple[str, ...]
    retrain: bool


@dataclass
class Item:
    id: str
    kind: str
    course: str
    title: str
    material: int
    versions: list[ItemText] = field(default_factory=list)  # every published file text, in order

    @property
    def current(self) -> ItemText:
        return self.versions[-1]


@dataclass(frozen=True)
class Period:
    """A course's `recertify_every`: a count of days or months, and how a file writes it."""

    count: int
    unit: str  # "days" or "months"
    text: str

    def after(self, day: date) -> date:
        if self.unit == "days":
            return day + timedelta(days=self.count)
        year, month = divmod(day.month - 1 + self.count, 12)
        year, month = day.year + year, month + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Course:
    id: str
    items: list[str]
    due_days: int
    audience: str  # "all" or one department
    recertify: Period | None = None


@dataclass
class Assignment:
    course: str
    person: str | None  # None: everyone
    created: datetime
    due_date: date | None = None
    due_days: int | None = None


@dataclass
class Person:
    key: str
    department: str
    created: datetime
    completions: set = field(default_factory=set)  # {(item, what it was made against)}
    done: set[str] = field(default_factory=set)  # items ever completed
    last_valid: dict[str, int] = field(default_factory=dict)  # item -> last step it was valid
    completed_once: set[str] = field(default_factory=set)  # courses
    extensions: dict[str, date] = field(default_factory=dict)  # course -> newest extension
    certified: dict[str, datetime] = field(default_factory=dict)  # course -> when last certified
    last_new: dict[str, datetime] = field(default_factory=dict)  # course -> last new completion
    renewed: dict[str, set] = field(default_factory=dict)  # course -> completions in this renewal


@dataclass(frozen=True)
class Expected:
    status: str
    due: date
    stale: tuple[str, ...]  # items to redo, in course order
    changes: frozenset[Change]  # every change behind them (for the redo list and its reasons)
    listed: bool  # on the redo list (/hr/outdated)


def later(moment: datetime, days: int) -> date:
    return (moment + timedelta(days=days)).date()


@dataclass
class Model:
    now: datetime
    course_created: datetime
    policies: list[PolicyText] = field(default_factory=list)
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (text, material)
    items: dict[str, Item] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)
    added_at: dict[str, int] = field(default_factory=dict)  # item -> step it joined its course
    people: dict[str, Person] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    step: int = 0
    renewals: int = 0  # recertifications that moved an expiry, for the test's statistics

    # What a completion is made against, and whether it still holds.
    def against(self, item_id: str) -> tuple:
        item = self.items[item_id]
        covered = tuple((s, self.sections.get(s, (0, REMOVED))[1]) for s in sorted(item.current.covers))
        return item.material, covered

    def valid(self, person: Person, item_id: str) -> bool:
        return (item_id, self.against(item_id)) in person.completions

    def in_courses(self) -> list[str]:
        return [i for course in self.courses.values() for i in course.items]

    # The history.
    def publish_policy(self, text: PolicyText, also: dict[str, ItemText]) -> None:
        """Publish a policy text, with item texts published in the same import (`also`)."""
        before = {i: self.against(i) for i in self.in_courses()}
        self.sections = {s: (t, material(self.sections.get(s), t, text.retrain)) for s, t in text.sections}
        self.policies.append(text)
        for item_id, item_text in also.items():
            self._item_version(item_id, item_text)
        for item_id, old in before.items():
            if self.against(item_id) == old:
                continue
            covered = dict(old[1])
            if any(self.sections.get(s, (0, REMOVED))[1] != m for s, m in covered.items()):
                self._change(item_id, "policy", text.label, later(self.now, text.grace))
            if item_id in also:
                self._item_change(item_id)

    def publish_item(self, item_id: str, text: ItemText, retrain: bool | None = None) -> None:
        """Publish a lesson or quiz text (`retrain` overrides the file's flag, as a restore does)."""
        before = self.against(item_id)
        self._item_version(item_id, text, retrain)
        if self.against(item_id) != before:
            self._item_change(item_id)

    def restore_item(self, item_id: str, number: int, retrain: bool) -> None:
        """Publish version `number` of an item again, retraining or not whatever its text says."""
        self.publish_item(item_id, self.items[item_id].versions[number - 1], retrain)

    def _item_version(self, item_id: str, text: ItemText, retrain: bool | None = None) -> None:
        item = self.items[item_id]
        retrain = text.retrain if retrain is None else retrain
        item.material = material((item.current.text, item.material), text.text, retrain)
        item.versions.append(text)

    def _item_change(self, item_id: str) -> None:
        item = self.items[item_id]
        due = later(self.now, self.courses[item.course].due_days)
        self._change(item_id, "item", item.title, due, len(item.versions))

    def add_item(self, item: Item, text: ItemText) -> None:
        item = copy.deepcopy(item)
        item.versions.append(text)
        self.items[item.id] = item
        self.courses[item.course].items.append(item.id)
        self.added_at[item.id] = self.step
        self._change(item.id, "added", item.title, later(self.now, self.courses[item.course].due_days))

    def remove_item(self, item_id: str) -> None:
        self.courses[self.items[item_id].course].items.remove(item_id)

    def _change(self, item_id: str, kind: str, marker: str, deadline: date, version: int = 0) -> None:
        change = Change(self.step, self.now.date(), deadline, kind, marker, version)
        self.changes.setdefault(item_id, []).append(change)

    def complete(self, person: str, items: list[str]) -> None:
        """Complete the items one after the other, each one as a renewal when the person is due again."""
        someone = self.people[person]
        for item_id in items:
            course = self.courses[self.items[item_id].course]
            done = (item_id, self.against(item_id))
            was_complete = self.complete_now(someone, course)
            if was_complete and self.due_again(someone, course):
                renewal = someone.renewed.setdefault(course.id, set())
                renewal.add(done)
                if all((i, self.against(i)) in renewal for i in course.items):
                    self.renewals += self.expires(someone, course) != course.recertify.after(self.now.date())
                    self._certify(someone, course.id)
                continue
            if done in someone.completions:
                continue  # recorded once
            someone.completions.add(done)
            someone.done.add(item_id)
            someone.last_new[course.id] = self.now
            if not was_complete and self.complete_now(someone, course):
                self._certify(someone, course.id)

    def _certify(self, person: Person, course_id: str) -> None:
        person.certified[course_id] = self.now
        person.renewed[course_id] = set()

    def complete_now(self, person: Person, course: Course) -> bool:
        return all(self.valid(person, i) for i in course.items)

    def expires(self, person: Person, course: Course) -> date | None:
        """When someone who has completed a course with `recertify_every` must have done it again."""
        if course.recertify is None:
            return None
        since = person.certified.get(course.id) or person.last_new[course.id]
        return course.recertify.after(since.date())

    def due_again(self, person: Person, course: Course) -> bool:
        expires = self.expires(person, course)
        return expires is not None and expires - timedelta(days=course.due_days) <= self.now.date()

    def set_recertify(self, course_id: str, period: Period | None) -> None:
        self.courses[course_id].recertify = period

    def wait(self, days: int) -> None:
        self.now += timedelta(days=days)

    def assign(self, person: str, course: str, due_date: date | None, due_days: int | None) -> None:
        self.assignments.append(Assignment(course, person, self.now, due_date, due_days))

    def extend(self, person: str, course: str, due_date: date) -> None:
        self.people[person].extensions[course] = due_date

    def end_step(self) -> None:
        """Note, after each step, which items are valid for whom and who has completed a course."""
        for person in self.people.values():
            for item_id in self.items:
                if self.valid(person, item_id):
                    person.last_valid[item_id] = self.step
            for course in self.courses.values():
                if all(self.valid(person, i) for i in course.items):
                    person.completed_once.add(course.id)
        self.step += 1

    # What the product must show.
    def assigned_due(self, person: Person, course_id: str) -> date | None:
        course = self.courses[course_id]
        dues = []
        if course.audience in ("all", person.department):
            dues.append(later(max(self.course_created, person.created), course.due_days))
        for a in self.assignments:
            if a.course == course_id and a.person in (None, person.key):
                dues.append(a.due_date or later(max(a.created, person.created), a.due_days))
        return min(dues) if dues else None

    def since(self, person: Person, item_id: str) -> list[Change]:
        """The changes to an item since it was last valid for the person (or since it was added)."""
        last = person.last_valid.get(item_id, self.added_at.get(item_id, 0) - 1)
        return [c for c in self.changes.get(item_id, []) if c.step > last]

    def expected(self, person: Person, course_id: str) -> Expected | None:
        assigned = self.assigned_due(person, course_id)
        if assigned is None:
            return None
        items = self.courses[course_id].items
        valid = [i for i in items if self.valid(person, i)]
        extension = person.extensions.get(course_id)
        today = self.now.date()
        if course_id in person.completed_once and len(valid) < len(items):
            stale = tuple(i for i in items if i not in valid)
            changes = frozenset(c for i in stale for c in self.since(person, i))
            due = min(c.deadline for c in changes)
            due = extension if extension is not None and extension > due else due
            status = "overdue" if due < today else "outdated"
            return Expected(status, due, stale, changes, True)
        due = extension or assigned
        if len(valid) == len(items):
            expires = self.expires(person, self.courses[course_id])
            if expires is not None:
                status = "expired" if expires < today else "completed"
                return Expected(status, expires, (), frozenset(), False)
            return Expected("completed", due, (), frozenset(), False)
        stale = tuple(i for i in items if i in person.done and i not in valid)
        changes = frozenset(c for i in stale for c in self.since(person, i))
        started = any(i in person.done for i in items)
        status = "overdue" if due < today else "in_progress" if started else "not_started"
        return Expected(status, due, stale, changes, bool(stale))


def material(previous: tuple[int, int] | None, text: int, retrain: bool) -> int:
    """The material text after publishing `text`: it moves only with a text changed with retraining."""
    if previous is None:
        return text
    old_text, old_material = previous
    return old_material if text == old_text or not retrain else text
