"""The dashboard's headline (who is fully trained now), its trend by week, and every count shown."""

import re

import pytest
from sqlalchemy import delete

from tests.hr.test_dashboard import change_policy, count_statements, import_people
from tests.hr.test_views_hr import sign_in_as
from tests.sql_capture import statements_during
from tests.status.test_reports import complete_course
from training.db import db
from training.hr import trend
from training.learning import courses as learning
from training.models import TrendWeek


@pytest.fixture
def office(library):
    """Sales: one done, one started, two idle. Legal: one done. Nobody's department: one idle."""
    people = import_people([
        ("s-done@example.com", "Sales"), ("s-busy@example.com", "Sales"), ("s-idle1@example.com", "Sales"),
        ("s-idle2@example.com", "Sales"), ("l-done@example.com", "Legal"), ("nodept@example.com", ""),
    ])  # fmt: skip
    complete_course(people[0])
    learning.complete_lesson(people[1], "basics-reading")
    complete_course(people[4])
    return people


def test_the_headline_counts_people_complete_and_current_on_every_course(office):
    figure = trend.headline()
    assert (figure.trained, figure.assigned, figure.percent) == (2, 6, 33)
    assert (trend.headline(department="Sales").trained, trend.headline(department="Sales").assigned) == (1, 4)
    assert trend.headline(course="basics").assigned == 6 and trend.headline(course="other").assigned == 0


def test_people_outdated_by_a_change_are_not_fully_trained(office, tmp_path):
    change_policy(tmp_path)
    assert trend.headline().trained == 0


def test_the_trend_asks_the_same_number_of_queries_for_any_number_of_people(office):
    """Counting the past weeks (the first time) and reading them back (later) each take as many."""
    first, kept = count_statements(trend.headline), count_statements(trend.headline)
    db.session.execute(delete(TrendWeek))
    import_people([(f"more{n}@example.com", f"Dept {n % 7}") for n in range(60)])
    assert (count_statements(trend.headline), count_statements(trend.headline)) == (first, kept)


@pytest.mark.parametrize(("part", "whole", "percent"), [(0, 0, 0), (0, 5, 0), (5, 5, 100), (1, 200, 1),
                                                        (199, 200, 99), (1, 3, 33)])  # fmt: skip
def test_shares_say_none_or_all_only_when_it_is_so(part, whole, percent):
    assert trend.share(part, whole) == percent


def test_the_no_department_row_shows_its_people(client, make_user, office):
    sign_in_as(client, make_user, "hr")
    page = client.get("/hr/").get_data(as_text=True)
    row = re.search(r'<th scope="row">No department</th>(.*?)</tr>', page, re.S).group(1)
    # Not started: 1 person, 100% (the count was shown as 0 where it could not be a link).
    assert re.sub(r"<[^>]+>|\s+", " ", row).split() == [
        "0", "(0%)", "0", "(0%)", "1", "(100%)", "0", "(0%)", "0", "(0%)", "0", "(0%)", "1"]  # fmt: skip


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".").replace(" ,", ",")


def test_the_dashboard_opens_with_the_headline_and_the_trend(client, make_user, office):
    sign_in_as(client, make_user, "hr")  # an employee too: 7 people are assigned the course
    page = client.get("/hr/").get_data(as_text=True)
    headline = page[page.index('<section class="headline"') : page.index("</section>")]
    assert page.index('<section class="headline"') < page.index('<section class="course-chart"')
    text = words(headline)
    assert "2 of 7 people (29%) are complete and current on every course assigned to them." in text
    assert 'role="img"' in headline and "The table below gives every number." in headline
    assert headline.count("<rect ") == 12 and headline.count('<tr><th scope="row">') == 12
    assert "(this week, so far)" in headline
    assert "<caption>People complete and current on every course assigned then, at the end of" in headline
    assert 'tabindex="0"' in headline and 'aria-label="Fully trained, week by week"' in headline
    sales = client.get("/hr/?department=Sales").get_data(as_text=True)
    assert "1 of 4 people (25%) is complete and current on every course assigned to them, in Sales." in words(
        sales
    )


def test_the_dashboard_works_out_statuses_in_one_statement(client, make_user, office):
    """Its charts and its headline are counted from one pass over the status rows (issue 17)."""
    sign_in_as(client, make_user, "hr")
    for url in ("/hr/", "/hr/?department=Sales&course=basics"):
        sent = statements_during(lambda url=url: client.get(url).get_data())
        assert sum("course_standing" in statement for statement in sent) == 1, url


def test_an_empty_dashboard_has_no_headline(client, make_user, app):
    sign_in_as(client, make_user, "hr")
    page = client.get("/hr/").get_data(as_text=True)
    assert "No course is assigned to anyone yet." in page and 'class="headline"' not in page
