"""The dashboard's counts, and each learner's status rows, are kept under the status stamp and
read again after any change.

The status model test (test_status_model.py) reads the counts as a page does after every step of
its histories, so a kind of change that left the stamp alone would show there as stale counts.
These tests pin the parts it cannot reach: every table the status query reads renews the stamp,
changes made outside the app (SQL by hand, another connection) count at once, a write's own
reads keep nothing, and counts served from what was kept cost one statement.
"""

from datetime import timedelta

from sqlalchemy import Table, create_engine, select, text, update
from sqlalchemy.sql.util import find_tables

from tests.sql_capture import sent_during, statements_during
from tests.status.test_reports import complete_course
from training.db import db, utcnow
from training.learning import courses as learning
from training.models import CourseProgress, DepartmentStamp, StatusStamp, User
from training.status import published, stamp, tally
from training.status import report as reports
from training.status.query import person_rows, status_query
from training.status.report import PeopleFilter


def as_page(app, **filters):
    """The counts as the dashboard reads them: in a GET request."""
    with app.test_request_context("/hr/"):
        return tally.tally(**filters)


def statuses(counted) -> dict[str, int]:
    found: dict[str, int] = {}
    for _, _, status, n in counted.counts:
        found[status] = found.get(status, 0) + n
    return found


def tables_read_by_the_status_query() -> set[str]:
    everything = select(status_query(form=(frozenset({"any"}), True)))  # every join it can make
    names = set()
    for found in find_tables(everything, include_aliases=True):
        while hasattr(found, "element"):
            found = found.element
        if isinstance(found, Table):
            names.add(found.name)
    return names


POSTGRESQL_TRIGGERS = """
    SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE t.tgname = c.relname || '_status_stamp'
"""
SQLITE_TRIGGERS = """
    SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE tbl_name || '_status_stamp_%'
    GROUP BY tbl_name HAVING count(*) = 3
"""  # after insert, update and delete


def test_every_table_the_status_query_reads_renews_the_stamp(app):
    tables = tables_read_by_the_status_query()
    assert {"assignment", "course_progress", "user_account", "course_fingerprint"} <= tables
    query = POSTGRESQL_TRIGGERS if db.engine.dialect.name == "postgresql" else SQLITE_TRIGGERS
    watched = set(db.session.scalars(text(query)))
    assert tables <= watched, f"no status stamp triggers on {sorted(tables - watched)}"


def test_counts_kept_cost_one_statement_and_are_the_same(app, make_user, library):
    make_user(email="a@example.com")
    first = as_page(app)
    sent = statements_during(lambda: as_page(app))
    assert len(sent) == 1 and "status_stamp" in sent[0], sent
    assert as_page(app) is first
    assert as_page(app, department="Customer Care") is not first  # each choice of filters its own


def test_a_completion_counts_at_once(app, make_user, library):
    learner = make_user(email="a@example.com")
    assert statuses(as_page(app)) == {"not_started": 1}
    complete_course(learner)
    assert statuses(as_page(app)) == {"completed": 1}
    assert as_page(app).trained == 1


def test_a_change_by_hand_or_from_another_connection_counts_at_once(app, make_user, library):
    learner = make_user(email="a@example.com")
    make_user(email="b@example.com")
    assert statuses(as_page(app)) == {"not_started": 2}
    db.session.execute(update(User).where(User.id == learner.id).values(active=False))
    db.session.commit()
    assert statuses(as_page(app)) == {"not_started": 1}
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with other.begin() as connection:
            connection.execute(text("UPDATE user_account SET active = :yes"), {"yes": True})
    finally:
        other.dispose()
    db.session.commit()  # the session's next transaction sees the other connection's commit
    assert statuses(as_page(app)) == {"not_started": 2}


def test_a_department_moved_counts_at_once_and_a_sign_in_keeps_the_counts(app, make_user, library):
    learner = make_user(email="a@example.com")
    before = as_page(app)
    assert {(d, n) for d, _, _, n in before.counts} == {("Customer Care", 1)}
    learner.session_version += 1  # a column the status query does not read
    db.session.commit()
    assert as_page(app) is before
    learner.department = "Marketing"
    db.session.commit()
    assert {(d, n) for d, _, _, n in as_page(app).counts} == {("Marketing", 1)}


def test_a_write_keeps_nothing_it_read_and_a_rolled_back_change_is_not_counted(app, make_user, library):
    learner = make_user(email="a@example.com")
    kept = as_page(app)
    learning.complete_lesson(learner, "basics-reading")  # commits
    with app.test_request_context("/hr/", method="POST"):
        during = tally.tally()
    assert statuses(during) == {"in_progress": 1}
    assert as_page(app) is not kept
    token = stamp.token()
    learner.department = "Marketing"
    db.session.flush()
    assert statuses(tally.tally()) == {"in_progress": 1}
    db.session.rollback()
    assert stamp.token() == token
    assert {(d, s, n) for d, _, s, n in as_page(app).counts} == {("Customer Care", "in_progress", 1)}


def test_the_next_day_is_counted_again(app, make_user, library):
    make_user(email="a@example.com")
    today = utcnow().date()
    with app.test_request_context("/hr/"):
        now = tally.tally(today=today)
        later = tally.tally(today=today + timedelta(days=400))
    assert statuses(now) == {"not_started": 1}
    assert statuses(later) == {"overdue": 1}


def test_the_people_tables_count_adds_up_the_kept_counts(app, make_user, library):
    learners = [
        make_user(email=f"{n}@example.com", department=d) for n, d in enumerate(["Sales"] * 2 + ["Legal"])
    ]
    complete_course(learners[0])
    every = [
        PeopleFilter(),
        PeopleFilter(department="Sales"),
        PeopleFilter(status="completed"),
        PeopleFilter(course="basics", status="not_started"),
        PeopleFilter(department="Legal", course="basics", status="completed"),
        PeopleFilter(department="Nowhere"),
    ]
    as_page(app)  # the dashboard keeps today's counts
    for filters in every:
        with app.test_request_context("/hr/people"):
            found = []
            sent = statements_during(lambda f=filters, into=found: into.append(reports.count(f)))
            again = statements_during(lambda f=filters: reports.count(f))
        assert found == [len(list(reports.completion_rows(filters)))], filters
        assert len(sent) == 1 and "status_stamp" in sent[0], (filters, sent)
        assert again == []  # a request reads the token once
    searched = PeopleFilter(search="1@")
    with app.test_request_context("/hr/people"):
        assert reports.count(searched) == len(list(reports.completion_rows(searched))) == 1
    complete_course(learners[2])  # a change: the kept counts are not used, nor are wrong
    with app.test_request_context("/hr/people"):
        assert reports.count(PeopleFilter(status="completed")) == 2
        assert reports.count(PeopleFilter()) == 3


def learner_rows(app, user_id: int) -> list:
    """One person's status rows as a learner's page reads them: in a GET request."""
    with app.test_request_context("/"):
        return person_rows(user_id)


def test_a_learners_rows_kept_cost_one_statement_and_a_change_is_read_at_once(app, make_user, library):
    learner = make_user(email="a@example.com")
    other = make_user(email="b@example.com")
    assert [r.status for r in learner_rows(app, learner.id)] == ["not_started"]
    learner_rows(app, other.id)
    sent = statements_during(lambda: learner_rows(app, learner.id))
    assert len(sent) == 1 and "status_stamp" in sent[0], sent
    learning.complete_lesson(learner, "basics-reading")
    assert [r.status for r in learner_rows(app, learner.id)] == ["in_progress"]
    complete_course(other)  # anyone's change renews the stamp: every kept row is read again
    assert [r.status for r in learner_rows(app, other.id)] == ["completed"]
    with app.test_request_context("/", method="POST"):
        person_rows(learner.id)
        sent = statements_during(lambda: person_rows(learner.id))
    assert len(sent) == 3, sent  # the stamp, the person's assignments, their rows: a write keeps none
    db.session.execute(update(User).where(User.id == learner.id).values(active=False))
    db.session.commit()
    assert learner_rows(app, learner.id) == []


def test_a_page_reads_the_published_stamp_and_the_status_token_in_one_statement(app, make_user, library):
    learner = make_user(email="one@example.com")
    with app.test_request_context("/lessons/basics-reading"):
        published.now()  # the content is read and kept; the next request finds it unchanged
    with app.test_request_context("/lessons/basics-reading"):
        sent = statements_during(lambda: (published.now(), published.now(), stamp.token(), stamp.token()))
        assert len(sent) == 1 and "status_stamp" in sent[0] and "item_version" in sent[0], sent
        read_along = stamp.token()
    assert read_along == db.session.scalar(select(StatusStamp.token))
    complete_course(learner)  # another request, between two pages
    with app.test_request_context("/lessons/basics-reading"):  # the next page reads them afresh
        assert stamp.token() != read_along
    with app.test_request_context("/lessons/basics-reading", method="POST"):
        sent = statements_during(lambda: (published.now(), stamp.token(), stamp.token()))
        assert len(sent) == 3  # a write reads each afresh


def tokens() -> dict:
    """status_stamp's rows by id, and department_stamp's rows by department, as the database has them."""
    db.session.commit()  # read what was committed (PostgreSQL renews the tokens at the commit)
    found = {row.id: row.token for row in db.session.scalars(select(StatusStamp))}
    found.update({row.department: row.token for row in db.session.scalars(select(DepartmentStamp))})
    return found


def test_progress_renews_its_department_and_anything_else_renews_the_structure(app, make_user, library):
    sales = make_user(email="s@example.com", department="Sales")
    legal = make_user(email="l@example.com", department="Legal")
    # The first progress of its kind in a course also writes the course's standings (not progress).
    learning.complete_lesson(make_user(email="b@example.com", department="Board"), "basics-reading")
    before = tokens()
    learning.complete_lesson(sales, "basics-reading")
    after = tokens()
    assert after[1] != before[1] and after["Sales"] != before.get("Sales")  # everything, and Sales
    assert after[2] == before[2] and after.get("Legal") == before.get("Legal")
    legal.department = "Marketing"  # not progress: the structure's token
    db.session.commit()
    moved = tokens()
    assert moved[1] != after[1] and moved[2] != after[2] and moved["Sales"] == after["Sales"]
    # Two departments' progress in one transaction renews both (PostgreSQL notes each one once).
    db.session.execute(update(CourseProgress).values(started_at=utcnow()))
    learning.complete_lesson(legal, "basics-reading")
    both = tokens()
    assert both["Sales"] != moved["Sales"] and both["Marketing"] != moved.get("Marketing")
    assert both[2] == moved[2]


def test_after_one_learners_progress_only_their_department_is_counted_again(app, make_user, library):
    learners = {d: make_user(email=f"{d}@example.com", department=d) for d in ("Sales", "Legal", "Board")}
    # The first completion of a course also writes the course's standings (not progress).
    complete_course(make_user(email="x@example.com", department="Board"))
    first = as_page(app)
    assert as_page(app, department="Legal").counts == (("Legal", "basics", "not_started", 1),)
    complete_course(learners["Sales"])
    with app.test_request_context("/hr/"):
        sent = sent_during(lambda: tally.tally())
        again = statements_during(lambda: tally.tally())
    counting = [(s, p) for s, p in sent if "people.done" in s]
    assert len(counting) == 1, sent  # one count, of the one department whose progress changed
    values = counting[0][1].values() if isinstance(counting[0][1], dict) else counting[0][1]
    assert "Sales" in values and "Legal" not in values and "Board" not in values
    assert again == []  # the request read the tokens once and counted once
    now = as_page(app)
    assert now is not first and statuses(now) == {"completed": 2, "not_started": 2} and now.trained == 2
    assert as_page(app) is now  # nothing changed since: the same counts, one statement
    kept_legal = as_page(app, department="Legal")
    assert statuses(kept_legal) == {"not_started": 1}
    learners["Board"].department = "Sales"  # not progress: everyone is counted again
    db.session.commit()
    with app.test_request_context("/hr/"):
        sent = sent_during(lambda: tally.tally())
    counting = [(s, p) for s, p in sent if "people.done" in s]
    values = counting[0][1].values() if isinstance(counting[0][1], dict) else counting[0][1]
    assert len(counting) == 1 and "Sales" not in values and "Legal" not in values
    assert {(d, s, n) for d, _, s, n in as_page(app).counts} == {
        ("Sales", "completed", 1),
        ("Sales", "not_started", 1),
        ("Legal", "not_started", 1),
        ("Board", "completed", 1),
    }


def test_a_department_counted_alone_then_everyone(app, make_user, library):
    make_user(email="s@example.com", department="Sales")
    make_user(email="l@example.com", department="Legal")
    assert statuses(as_page(app, department="Sales")) == {"not_started": 1}
    assert statuses(as_page(app, department="Nowhere")) == {}
    with app.test_request_context("/hr/people"):
        assert tally.kept() is None  # only Sales was counted: everyone's counts are not kept
        assert tally.kept(department="Sales").counts == (("Sales", "basics", "not_started", 1),)
    assert statuses(as_page(app)) == {"not_started": 2}
    with app.test_request_context("/hr/people"):
        assert statuses(tally.kept()) == {"not_started": 2}
        assert tally.kept(course="basics") is None  # a course filter never counted
