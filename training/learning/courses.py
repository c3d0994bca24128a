"""What one learner sees and does: their courses, lessons and completions."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.exc import IntegrityError

from training.certificates import issue as certificates
from training.content import versions
from training.content.translation_files import SOURCE_LANGUAGE
from training.db import db, read, utcnow
from training.errors import Conflict, NotFound
from training.evidence import ledger as evidence
from training.models import Completion, CourseProgress, Item, ItemFingerprint, ItemVersion, User
from training.status import published, standing
from training.status import query as status_query


@dataclass
class ItemView:
    id: str
    kind: str
    title: str
    state: str  # "done", "stale" or "todo"


@dataclass
class Outline:
    """A course's items as one learner stands on them, without the status (the lesson and quiz pages)."""

    course_id: str
    title: str
    items: list[ItemView]


@dataclass
class CourseView:
    course_id: str
    title: str
    summary: str
    description_html: str
    assigned: bool
    status: str
    due: date | None
    completed_at: datetime | None
    items: list[ItemView] = field(default_factory=list)
    stale_reason: str = ""

    @property
    def percent(self) -> int:
        done = sum(1 for i in self.items if i.state == "done")
        return round(100 * done / len(self.items)) if self.items else 0

    @property
    def stale(self) -> list[ItemView]:
        return [i for i in self.items if i.state == "stale"]

    @property
    def renewing(self) -> bool:
        """Complete (or expired), with items to do again: they are due to recertify."""
        return self.status in ("completed", "expired") and any(i.state != "done" for i in self.items)


def my_courses(user: User) -> tuple[list[CourseView], list[CourseView]]:
    """Return (assigned courses, other courses) for the learner's home page."""
    shown = published.now()
    views = _course_views(user, list(shown.courses.values()), _status_rows(user), shown)
    assigned = sorted((v for v in views if v.assigned), key=lambda v: (v.due or date.max, v.title))
    others = sorted((v for v in views if not v.assigned), key=lambda v: v.title)
    return assigned, others


def course_view(user: User, course_id: str) -> CourseView:
    shown = published.now()
    state = shown.courses.get(course_id)
    if state is None:
        raise NotFound(f"No course {course_id!r}.")
    return _course_views(user, [state], _status_rows(user), shown)[0]


def outline(user: User, item_id: str, kind: str) -> tuple[Outline, ItemView, ItemVersion]:
    """Return the course around one lesson or quiz as the learner stands on it, that item, and its
    current version: what the lesson and quiz pages show, in two queries when nothing was published."""
    shown = published.now()
    state = shown.courses.get(shown.course_of.get(item_id, ""))
    if state is None or shown.kinds[item_id] != kind or item_id not in state.version.items:
        raise NotFound(f"No {kind} {item_id!r}.")
    done = _done(user, [state], None)
    view = _course_view(state, None, _kinds_and_titles(state.version.items, shown), done)
    item = next(i for i in view.items if i.id == item_id)
    return Outline(view.course_id, view.title, view.items), item, shown.items[item_id]


def _status_rows(user: User) -> dict:
    return {row.course_id: row for row in status_query.person_rows(user.id)}


def _course_views(user: User, states: list, rows: dict, shown: published.Published) -> list[CourseView]:
    """The courses as the learner sees them: one query for all their items, whatever the number."""
    items = _kinds_and_titles([i for state in states for i in state.version.items], shown)
    done = _done(user, states, rows)
    return [_course_view(state, rows.get(state.id), items, done) for state in states]


def _done(user: User, states: list, rows: dict | None) -> dict[str, set[str]]:
    """{item: the fingerprints the learner completed it against}, for the items of these courses;
    in a course they are due to recertify, only what they completed in this renewal counts."""
    item_ids = [i for state in states for i in state.version.items]
    renewing = _renewing(user, states, rows)
    course_of = {i: state.id for state in states for i in state.version.items}
    done: dict[str, set[str]] = {}
    if item_ids:
        for item_id, print_, renewal in read(
            _completions_statement(), {"person": user.id, "items": item_ids}
        ):
            if renewing.get(course_of[item_id], renewal) == renewal:
                done.setdefault(item_id, set()).add(print_)
    return done


@cache
def _completions_statement():
    """Built once, with the person and the items as parameters: every learner page asks it."""
    return select(Completion.item_id, Completion.fingerprint, Completion.renewal).where(
        Completion.user_id == bindparam("person", type_=Integer),
        Completion.item_id.in_(bindparam("items", expanding=True)),
    )


def _renewing(user: User, states: list, rows: dict | None) -> dict[str, int]:
    """{course: the renewal their completions count for now}, for the courses they are due again.

    Only courses with `recertify_every` ask: for the others nothing is read. `rows` are the
    person's status rows when the caller has them.
    """
    periodic = [s.id for s in states if s.version.recertify_months or s.version.recertify_days]
    if not periodic:
        return {}
    rows = rows if rows is not None else _status_rows(user)
    today = utcnow().date()
    due = [c for c in periodic if c in rows and (rows[c].renew_from or date.max) <= today]
    if not due:
        return {}
    query = select(CourseProgress.course_id, CourseProgress.rounds).where(
        CourseProgress.user_id == user.id, CourseProgress.course_id.in_(due)
    )
    return {course_id: rounds + 1 for course_id, rounds in db.session.execute(query)}


def _kinds_and_titles(item_ids: list[str], shown: published.Published) -> dict[str, tuple[str, str]]:
    """{item: (kind, current title)}, of the items published."""
    return {i: (shown.kinds[i], shown.items[i].title) for i in item_ids if i in shown.items}


def _course_view(state: status_query.CourseState, row, items: dict, done: dict[str, set[str]]) -> CourseView:
    version = state.version
    prints = state.fingerprint.items if state.fingerprint else {}
    views = []
    for item_id in version.items:
        if item_id not in items:
            raise NotFound(f"No lesson or quiz {item_id!r}.")
        kind, title = items[item_id]
        did = done.get(item_id, set())
        item_state = "done" if prints.get(item_id) in did else "stale" if did else "todo"
        views.append(ItemView(id=item_id, kind=kind, title=title, state=item_state))
    return CourseView(
        course_id=state.id, title=version.title, summary=version.summary,
        description_html=version.description_html, assigned=row is not None,
        status=row.status if row else _unassigned_status(views), due=row.due_date if row else None,
        completed_at=row.completed_at if row else None, items=views,
        stale_reason=row.stale_reason if row is not None and row.has_stale else "",
    )  # fmt: skip


def _unassigned_status(items: list[ItemView]) -> str:
    if items and all(i.state == "done" for i in items):
        return "completed"
    return "in_progress" if any(i.state != "todo" for i in items) else "not_started"


def current_item(item_id: str) -> ItemVersion:
    version = versions.current(ItemVersion, item_id)
    if version is None:
        raise NotFound(f"No lesson or quiz {item_id!r}.")
    return version


def item_fingerprint(item_id: str, as_of: datetime | None = None) -> ItemFingerprint:
    """Return the item's fingerprint now, or as it was at `as_of`."""
    query = select(ItemFingerprint).where(ItemFingerprint.item_id == item_id)
    if as_of is not None:
        query = query.where(ItemFingerprint.created_at <= as_of)
    found = db.session.scalar(query.order_by(ItemFingerprint.id.desc()).limit(1))
    return found if found is not None or as_of is None else item_fingerprint(item_id)


def complete_lesson(
    user: User, item_id: str, shown: int | None = None, language: str = SOURCE_LANGUAGE
) -> bool:
    """Record that the learner read the lesson; return False if it was already recorded.

    `shown` is the version number the learner had open; if a version that asks for retraining
    was published since, they are asked to read that one instead. `language` is the one they read.
    """
    version = current_item(item_id)
    if db.session.get(Item, item_id).kind != "lesson":
        raise NotFound(f"{item_id!r} is not a lesson.")
    if shown is not None and shown != version.number:
        seen = db.session.scalar(
            select(ItemVersion).where(ItemVersion.item_id == item_id, ItemVersion.number == shown)
        )
        if seen is None or seen.material_hash != version.material_hash:
            raise Conflict(
                "This lesson was updated while you had it open. Please read the new version below."
            )
    created = record_completion(user, version, language=language)
    db.session.commit()
    return created


def record_completion(
    user: User, version: ItemVersion, attempt=None, score=None, language: str = SOURCE_LANGUAGE
) -> bool:
    """Add a completion and bring the person's course progress up to date.

    The completion carries the item's fingerprint at the time the learner started: a quiz
    passed on a version that was replaced mid-attempt counts for what they saw, not for the
    new version. A translation read counts the same: the completion carries the source's
    fingerprint and says which `language` was read. Returns False if it was already recorded.
    """
    started = attempt.started_at if attempt is not None else None
    current = item_fingerprint(version.item_id, as_of=started)
    completion = Completion(
        user_id=user.id, item_id=version.item_id, item_version_id=version.id,
        fingerprint=current.fingerprint, sections=current.sections,
        attempt_id=attempt.id if attempt is not None else None, score=score, completed_at=utcnow(),
        language=language,
    )  # fmt: skip
    course_id = db.session.get(Item, version.item_id).course_id
    completion.renewal = renewal_due(user, course_id)
    try:
        with db.session.begin_nested():
            db.session.add(completion)
    except IntegrityError:
        update_course_progress(user, course_id)  # a change undone may have made it complete again
        return False  # already completed against this fingerprint (in this renewal): record once
    evidence.append("completion", completion)
    update_course_progress(user, course_id, completion.renewal)
    return True


def renewal_due(user: User, course_id: str) -> int:
    """The number of the recertification a completion now counts for, or 0.

    A course with `recertify_every` that the person has completed asks them to do it again from
    `due_days` before their completion expires (the status query's `renew_from`); what they complete
    from then on is a new round, recorded beside the completions it renews.
    """
    row = next((r for r in status_query.person_rows(user.id) if r.course_id == course_id), None)
    if row is None or (row.renew_from or date.max) > utcnow().date():
        return 0
    progress = db.session.get(CourseProgress, (user.id, course_id))
    return progress.rounds + 1


def update_course_progress(user: User, course_id: str, renewal: int = 0) -> None:
    """Bring the person's summary row for a course up to date after a completion: what they have done
    now (a work-done set, with its standing against the course's current fingerprint) and, when that
    completes the course and what they had before did not, that they completed it now, with a
    certificate issued for it. So does a completion that finishes a recertification (`renewal`):
    every item of the course done again, as it is now, in that round."""
    key = {"user_id": user.id, "course_id": course_id}
    row = db.session.get(CourseProgress, (user.id, course_id), with_for_update=True)
    if row is None:
        try:
            with db.session.begin_nested():
                db.session.add(CourseProgress(**key, started_at=utcnow()))
        except IntegrityError:
            pass  # a concurrent request created it
        row = db.session.get(CourseProgress, (user.id, course_id), with_for_update=True)
    state = status_query.course_states().get(course_id)
    if state is None:
        return
    current = state.fingerprint
    print_ = standing.record_work(user.id, course_id, current, state.version)
    if print_ == row.fingerprint:
        if renewal and renewal == row.rounds + 1 and _renewed(user.id, current, state.version, renewal):
            _certified(row, user.id, state, print_, renewal)
        return
    was_complete = standing.satisfied(current, row.fingerprint)
    if row.completed_at is None:  # a publish may have made what they had done complete since
        row.completed_at = standing.completed_since(current, row.fingerprint, row.state_at)
    row.fingerprint, row.state_at = print_, utcnow()
    if standing.satisfied(current, print_) and not was_complete:
        _certified(row, user.id, state, print_, 0)
    db.session.flush()


def _certified(row: CourseProgress, user_id: int, state, print_: str, renewal: int) -> None:
    """A completion made the course complete (again): a new round, and its certificate."""
    row.completed_at = row.certified_at = utcnow()
    row.rounds += 1
    certificates.issue(user_id, state, print_, renewal)
    db.session.flush()


def _renewed(user_id: int, current, version, renewal: int) -> bool:
    """Whether every item of the course is done again, as it is now, in this renewal."""
    if current is None:
        return False
    query = select(Completion.item_id, Completion.fingerprint).where(
        Completion.user_id == user_id, Completion.item_id.in_(version.items), Completion.renewal == renewal
    )
    done = {(item_id, print_) for item_id, print_ in db.session.execute(query)}
    return all((item_id, current.items.get(item_id)) in done for item_id in version.items)


def reconcile_progress(user: User) -> None:
    """Recheck every course the person once completed against their valid completions."""
    courses = db.session.scalars(
        select(CourseProgress.course_id).where(
            CourseProgress.user_id == user.id, CourseProgress.fingerprint.is_not(None)
        )
    )
    for course_id in list(courses):
        update_course_progress(user, course_id)


def course_of(item_id: str) -> str:
    item = db.session.get(Item, item_id)
    if item is None:
        raise NotFound(f"No lesson or quiz {item_id!r}.")
    return item.course_id


__all__ = ["CourseView", "ItemView", "complete_lesson", "course_view", "my_courses"]
