"""Who was complete and current at a past moment, counted from the evidence in one statement.

The dashboard's trend asks this for the end T of each past week (the Monday 00:00 UTC after it):
- assigned(T): people active now whose account existed at T and who at T had at least one course
  assigned that was published then: an assignment created at or before T and not removed by T (removed
  after T, or never), reaching them as everyone's, as their current department's or as their own.
  The dashboard's filters narrow it to a department (the person's current one) and to one course.
- trained(T): those of them who were, at T, complete and current on every course assigned to them then.
  For each course that is its fingerprint as it stood at T (the newest course_fingerprint row created
  before T; a course with none yet was not published, is not required and does not count either way):
  its items and their item fingerprints. They need a completion made before T of each of those items
  against that item fingerprint. Matching item by item is what makes a restore count old completions
  again and an item taken out stop mattering, as the status query does.
- A course that expires completions (`recertify_every` of the course version current at T) counts only
  while that certification lasts: it is certified at the last moment one of its rounds became whole,
  round 0 being the completions of any round and a renewal round its own completions (every item of
  the fingerprint at T done again in that round), each the latest of its items' first matching
  completions; it has expired when that moment plus the period is before the week's last day.
  The status query differs in rare histories: it keeps the moment a completion last made the course
  complete (`certified_at`), so a course made complete again by a restore after a redo counts from the
  redo there and from the older completions here.
The current week is not asked here: the dashboard counts it with the status query, like its headline.

The few course fingerprint and course version rows are read and laid out in Python as two small
VALUES tables (the weeks' courses, and the items of the fingerprints they need); everything per
person or per completion is SQL.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Date, Integer, String, and_, case, column, func, or_, select, union_all, values

from training.db import UTCDateTime, db
from training.models import Assignment, Completion, CourseFingerprint, CourseVersion, User
from training.status.sqldates import add_period, later_of


def counts(
    ends: Sequence[datetime], department: str | None = None, course: str | None = None
) -> list[tuple[int, int]]:
    """Return (trained, assigned) at each moment of `ends` (UTC), in that order."""
    if not ends:
        return []
    required, print_items, renews = _layout(ends, course)
    if not required:
        return [(0, 0)] * len(ends)
    found = {row.week: (row.trained, row.assigned) for row in db.session.execute(
        _statement(ends, required, print_items, renews, department)
    )}  # fmt: skip
    return [found.get(n, (0, 0)) for n in range(len(ends))]


def _layout(ends: Sequence[datetime], course: str | None):
    """The courses each moment requires, with their fingerprint then, and that fingerprint's items.

    Returns ([(moment number, course, fingerprint row id, items, months, days)], [(fingerprint row
    id, item, item fingerprint)], whether any of those courses expires completions).
    """
    last = max(ends)
    prints = select(CourseFingerprint.id, CourseFingerprint.course_id, CourseFingerprint.items,
                    CourseFingerprint.created_at).where(CourseFingerprint.created_at < last)  # fmt: skip
    every = select(CourseVersion.course_id, CourseVersion.created_at, CourseVersion.recertify_months,
                   CourseVersion.recertify_days).where(CourseVersion.created_at < last)  # fmt: skip
    if course is not None:
        prints = prints.where(CourseFingerprint.course_id == course)
        every = every.where(CourseVersion.course_id == course)
    by_course: dict[str, list] = {}
    for row in db.session.execute(prints.order_by(CourseFingerprint.created_at, CourseFingerprint.id)):
        by_course.setdefault(row.course_id, []).append(row)
    periods: dict[str, list] = {}
    for row in db.session.execute(every.order_by(CourseVersion.created_at, CourseVersion.id)):
        periods.setdefault(row.course_id, []).append(row)
    required, used = [], {}
    for n, end in enumerate(ends):
        for course_id, rows in by_course.items():
            current = _newest_before(rows, end)
            if current is None:
                continue
            version = _newest_before(periods.get(course_id, []), end)
            months, days = (version.recertify_months, version.recertify_days) if version else (None, None)
            required.append((n, course_id, current.id, len(current.items), months, days))
            used[current.id] = current.items
    print_items = [(pid, item, print_) for pid, items in used.items() for item, print_ in items.items()]
    renews = any(months is not None or days is not None for *_, months, days in required)
    return required, print_items, renews


def _newest_before(rows: list, moment: datetime):
    """The last of `rows` (oldest first) created before `moment`, or None."""
    found = None
    for row in rows:
        if row.created_at >= moment:
            break
        found = row
    return found


def _statement(ends, required, print_items, renews: bool, department: str | None):
    """SELECT (week, trained, assigned) for each moment number with anyone assigned."""
    weeks = (
        values(
            column("week", Integer), column("ends", UTCDateTime()), column("last_day", Date()), name="weeks"
        )
        .data([(n, end, (end - timedelta(microseconds=1)).date()) for n, end in enumerate(ends)])
        .cte("weeks")
    )
    courses = values(
        column("week", Integer), column("course_id", String), column("print_id", Integer),
        column("item_count", Integer), column("months", Integer), column("days", Integer),
        name="courses", literal_binds=True,
    ).data(required).cte("courses")  # fmt: skip
    items = values(
        column("print_id", Integer), column("item_id", String), column("print", String),
        name="print_items", literal_binds=True,
    ).data(print_items or [(-1, "", "")]).cte("print_items")  # fmt: skip
    pairs = _assigned(weeks, courses, department)
    done = _done(weeks, courses, items, pairs, renews)
    period = or_(pairs.c.months.is_not(None), pairs.c.days.is_not(None))
    expired = and_(period, add_period(done.c.certified, pairs.c.months, pairs.c.days) < pairs.c.last_day)
    current = and_(func.coalesce(done.c.done_items, 0) == pairs.c.item_count, ~expired)
    person = (
        select(pairs.c.user_id, pairs.c.week, func.min(case((current, 1), else_=0)).label("trained"))
        .select_from(pairs)
        .outerjoin(done, _same_keys(done, pairs))
        .group_by(pairs.c.user_id, pairs.c.week)
        .subquery("person")
    )
    return select(
        person.c.week, func.sum(person.c.trained).label("trained"), func.count().label("assigned")
    ).group_by(person.c.week)


def _assigned(weeks, courses, department: str | None):
    """The (person, week, course) assigned at each week's end, with what the course required then."""
    live = and_(
        Assignment.created_at <= weeks.c.ends,
        or_(Assignment.removed_at.is_(None), Assignment.removed_at > weeks.c.ends),
    )
    people = [User.active.is_(True)] + ([User.department == department] if department is not None else [])
    scopes = [
        Assignment.scope == "everyone",
        and_(Assignment.scope == "department", Assignment.department == User.department),
        and_(Assignment.scope == "person", Assignment.user_id == User.id),
    ]
    each = [
        select(User.id.label("user_id"), courses.c.week, courses.c.course_id)
        .select_from(User)
        .join(Assignment, scope)
        .join(weeks, and_(live, User.created_at <= weeks.c.ends))
        .join(courses, and_(courses.c.week == weeks.c.week, courses.c.course_id == Assignment.course_id))
        .where(*people)
        for scope in scopes
    ]
    reached = union_all(*each).subquery("reached")
    # One row per person, week and course however many assignments reach them.
    return (
        select(
            reached.c.user_id,
            reached.c.week,
            reached.c.course_id,
            courses.c.item_count,
            courses.c.months,
            courses.c.days,
            weeks.c.last_day,
        )  # fmt: skip
        .distinct()
        .join(courses, and_(courses.c.week == reached.c.week, courses.c.course_id == reached.c.course_id))
        .join(weeks, weeks.c.week == reached.c.week)
        .cte("pairs")
    )


def _done(weeks, courses, items, pairs, renews: bool):
    """Per person, week and course: how many required items they had done (against the fingerprint
    then, before the week's end) and when that was last made whole (`certified`)."""
    matched = (
        select(
            Completion.user_id,
            courses.c.week,
            courses.c.course_id,
            courses.c.item_count,
            Completion.item_id,
            Completion.renewal,
            Completion.completed_at,
        )  # fmt: skip
        .select_from(Completion)
        .join(items, and_(items.c.item_id == Completion.item_id, items.c.print == Completion.fingerprint))
        .join(courses, courses.c.print_id == items.c.print_id)
        .join(weeks, and_(weeks.c.week == courses.c.week, Completion.completed_at < weeks.c.ends))
        .join(
            pairs,
            and_(
                pairs.c.user_id == Completion.user_id,
                pairs.c.week == courses.c.week,
                pairs.c.course_id == courses.c.course_id,
            ),
        )  # fmt: skip
        .cte("matched")
    )
    keys = _keys(matched)
    first = select(*keys, func.min(matched.c.completed_at).label("at")).group_by(*keys, matched.c.item_id)
    first = first.subquery("first_done")
    base = select(*_keys(first), func.count().label("done_items"), func.max(first.c.at).label("certified"))
    base = base.group_by(*_keys(first)).subquery("base")
    if not renews:
        return base
    # A renewal round is whole when it holds every item; it certifies at its last item's first completion.
    round_keys = (*keys, matched.c.item_count, matched.c.renewal)
    in_round = select(*round_keys, func.min(matched.c.completed_at).label("at")).where(matched.c.renewal > 0)
    in_round = in_round.group_by(*round_keys, matched.c.item_id).subquery("in_round")
    whole = (
        select(*_keys(in_round), func.max(in_round.c.at).label("at"))
        .group_by(*_keys(in_round), in_round.c.item_count, in_round.c.renewal)
        .having(func.count() == in_round.c.item_count)
        .subquery("whole")
    )
    renewed = select(*_keys(whole), func.max(whole.c.at).label("at")).group_by(*_keys(whole))
    renewed = renewed.subquery("renewed")
    certified = later_of(base.c.certified, func.coalesce(renewed.c.at, base.c.certified))
    return (
        select(*_keys(base), base.c.done_items, certified.label("certified"))
        .select_from(base)
        .outerjoin(renewed, _same_keys(renewed, base))
        .subquery("done")
    )


def _keys(table) -> tuple:
    """A table's person, week and course columns."""
    return (table.c.user_id, table.c.week, table.c.course_id)


def _same_keys(one, other):
    """Join condition: the same person, week and course in both tables."""
    return and_(*(mine == theirs for mine, theirs in zip(_keys(one), _keys(other), strict=True)))
