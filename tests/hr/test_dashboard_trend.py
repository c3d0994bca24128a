"""The dashboard's trend, week by week as it stood at each week's end, and the weeks it keeps.

The evidence is made in past weeks with the clock of training.db moved back (tests/status/histories.py):
the library is published and two of three people finish the course six weeks ago, a material change is
published three weeks ago, and one of them redoes what it made stale last week.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import FIXTURES
from tests.hr.test_dashboard import change_policy, import_people
from tests.hr.test_dashboard_headline import words
from tests.hr.test_views_hr import sign_in_as
from tests.sql_capture import statements_during
from tests.status.histories import Clock
from tests.status.test_reports import complete_course
from training.db import db
from training.editor import library as content_service
from training.hr import trend
from training.models import TrendWeek
from training.status import as_of


def this_monday() -> datetime:
    today = datetime.now(UTC).date()
    return datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time(), tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def history(app, clock, tmp_path):
    """Weeks ago (Wednesdays): 6 two of three finish, 3 a change makes them stale, 1 one redoes it."""
    monday = this_monday()
    clock.now = monday - timedelta(weeks=6) + timedelta(days=2)
    content_service.import_directory(FIXTURES / "content")
    people = import_people(
        [("a@example.com", "Sales"), ("b@example.com", "Sales"), ("c@example.com", "Legal")]
    )
    complete_course(people[0])
    complete_course(people[1])
    clock.now = monday - timedelta(weeks=3) + timedelta(days=2)
    change_policy(tmp_path)
    clock.now = monday - timedelta(weeks=1) + timedelta(days=2)
    complete_course(people[0])
    clock.now = datetime.now(UTC)
    return people


def test_a_change_published_in_a_past_week_shows_as_a_drop_in_that_week(history):
    weeks = trend.headline().weeks
    assert len(weeks) == 12 and all(w.start.weekday() == 0 for w in weeks)
    assert (
        weeks[-1].start == this_monday().date()
        and weeks[-4].start == (this_monday() - timedelta(weeks=3)).date()
    )
    assert [(w.trained, w.assigned) for w in weeks[-8:]] == [
        (0, 0), (2, 3), (2, 3), (2, 3), (0, 3), (0, 3), (1, 3), (1, 3)]  # fmt: skip
    assert [w.change for w in weeks[-8:]] == [0, 2, 0, 0, -2, 0, 1, 0]
    sales, legal = trend.headline(department="Sales").weeks, trend.headline(department="Legal").weeks
    assert [(w.trained, w.assigned) for w in sales[-5:-3]] == [(2, 2), (0, 2)]
    assert (legal[-5].trained, legal[-5].assigned) == (0, 1)
    assert trend.headline(course="basics").weeks[-4].change == -2


def test_the_current_week_is_the_headline_and_the_as_of_count_agrees(history):
    figure = trend.headline()
    assert (
        (figure.weeks[-1].trained, figure.weeks[-1].assigned) == (figure.trained, figure.assigned) == (1, 3)
    )
    assert as_of.counts([datetime.now(UTC)]) == [(1, 3)]


def test_the_dashboard_shows_the_drop_in_the_svg_and_the_table(client, make_user, history):
    sign_in_as(client, make_user, "hr")  # assigned the course from today on
    page = client.get("/hr/").get_data(as_text=True)
    headline = page[page.index('<section class="headline"') : page.index("</section>")]
    titles = [words(t) for t in re.findall(r"<rect [^>]*>\s*<title>(.*?)</title>", headline, re.S)]
    assert len(titles) == 12
    then = "complete and current on every course assigned then"
    assert titles[-5].endswith(f": 2 of 3 (67%) {then}, ±0 on the week before")
    assert titles[-4].endswith(f": 0 of 3 (0%) {then}, −2 on the week before")
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', headline, re.S)
    cells = [[words(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)] for _, rest in rows]
    assert cells[-4:] == [["0 of 3", "0%", "−2"], ["0 of 3", "0%", "0"], ["1 of 3", "33%", "+1"],
                          ["1 of 4", "25%", "0"]]  # fmt: skip
    assert "(this week, so far)" in rows[-1][0] and "so far" not in rows[-2][0]
    assert f"<caption>People {then}, at the end of each week</caption>" in headline


def test_closed_weeks_are_counted_once_and_then_read_back(history, clock):
    counted = statements_during(trend.headline)
    # The twelve closed weeks (eleven shown and the one before) are counted one by one: the six since
    # the library was published in a statement each; before it nothing was required, nothing is asked.
    assert sum("print_items" in s for s in counted) == 6
    assert db.session.scalar(select(func.count()).select_from(TrendWeek)) == 12
    again = statements_during(trend.headline)
    assert not any("print_items" in s or "INSERT" in s for s in again) and len(again) < len(counted)
    # Evidence made now but dated in a closed week (as a clock moved back makes it) is not counted
    # again: the kept week stays as it was first counted; a fresh count sees it.
    clock.now = this_monday() - timedelta(weeks=2) + timedelta(days=1)
    complete_course(history[1])
    clock.now = datetime.now(UTC)
    assert trend.headline().weeks[-3].trained == 0
    week = this_monday() - timedelta(weeks=1)
    assert as_of.counts([week]) == [(1, 3)]
    db.session.execute(delete(TrendWeek))
    db.session.commit()
    assert trend.headline().weeks[-3].trained == 1


def test_two_first_views_of_the_same_weeks_keep_them_once(history):
    starts = trend.week_starts(datetime.now(UTC).date())[:-1]
    first = trend.closed_weeks(starts, None, None)
    db.session.execute(delete(TrendWeek).where(TrendWeek.week_start == starts[0]))
    db.session.commit()
    for start in starts:  # a concurrent view that counted them too: the conflict is not an error
        trend._keep({"week_start": start, "department": "", "course": "", "trained": 9, "assigned": 9})
    assert trend.closed_weeks(starts, None, None) == {**first, starts[0]: (9, 9)}
    assert db.session.scalar(select(func.count()).select_from(TrendWeek)) == len(starts)


def test_a_view_past_its_counting_time_leaves_the_oldest_weeks_for_the_next_views(
    app, client, make_user, history
):
    """Counting a week takes seconds at 50,000 people: a view starts no further week once
    TREND_COUNT_SECONDS have gone, newest first, and says which weeks are not counted yet."""
    app.config["TREND_COUNT_SECONDS"] = 0  # each view counts one week
    sign_in_as(client, make_user, "hr")
    page = client.get("/hr/").get_data(as_text=True)
    headline = page[page.index('<section class="headline"') : page.index("</section>")]
    assert db.session.scalar(select(func.count()).select_from(TrendWeek)) == 1
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', headline, re.S)
    cells = [[words(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)] for _, rest in rows]
    assert cells[-2] == ["1 of 3", "33%", "not known"]  # last week counted; the one before it not yet
    waiting = ["Not counted yet: the next views of the dashboard count it."]
    assert cells[:-2] == [waiting] * 10
    assert headline.count("not counted yet</title>") == 10
    for _ in range(11):
        client.get("/hr/")
    assert db.session.scalar(select(func.count()).select_from(TrendWeek)) == 12
    app.config["TREND_COUNT_SECONDS"] = 3
    # This week counts HR too, signed in now and assigned the course from today.
    assert [(w.trained, w.assigned) for w in trend.headline().weeks[-5:]] == [
        (2, 3), (0, 3), (0, 3), (1, 3), (1, 4)]  # fmt: skip
