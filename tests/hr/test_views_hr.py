"""HR's pages: who may open them, the dashboard, the people table, a person, the reports."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.hr.test_dashboard import GOOD_PATH, WRONG_PATH, change_policy, import_people, play
from tests.status.test_extensions import EXTENSION
from tests.status.test_reports import complete_course
from training.accounts import users
from training.db import db, utcnow
from training.learning import acknowledgements
from training.learning import courses as learning
from training.models import Assignment, CourseProgress, DueExtension, User

# One request per route of this work; GETs answer 200 to hr and admin, POSTs redirect.
ROUTES = [
    ("GET", "/hr/"),
    ("GET", "/hr/?department=Sales&course=basics&status=completed"),
    ("GET", "/hr/people"),
    ("GET", "/hr/people?sort=due_date&desc=1&page=2&search=x"),
    ("GET", "/hr/people/deactivated"),
    ("GET", "/hr/people/{other}"),
    ("GET", "/hr/people/{other}/deactivate"),
    ("POST", "/hr/people/{other}/deactivate"),
    ("POST", "/hr/people/{other}/reactivate"),
    ("POST", "/hr/people/{other}/extensions"),
    ("GET", "/hr/assignments"),
    ("POST", "/hr/assignments"),
    ("POST", "/hr/assignments/1/remove"),
    ("GET", "/hr/outdated"),
    ("GET", "/hr/insight"),
]
CONFIRM = {"confirm": "yes"}  # what the deactivation's confirmation page sends


@pytest.fixture
def other(make_user, library):
    return make_user(email="other@example.com", name="Otto Other", department="Sales")


def sign_in_as(client, make_user, roles: str) -> User:
    user = make_user(email=f"{roles.replace(' ', '-')}@example.com", roles=roles, department="People")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return user


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, other, method, url):
    response = client.open(url.format(other=other.id), method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("roles", ["employee", "editor"])
@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_employees_and_editors_are_refused(client, make_user, other, roles, method, url):
    sign_in_as(client, make_user, roles)
    response = client.open(url.format(other=other.id), method=method, data={"course": "basics"} | EXTENSION)
    assert response.status_code == 403
    assert db.session.get(User, other.id).active
    assert db.session.scalar(select(DueExtension.id)) is None


@pytest.mark.parametrize("roles", ["hr", "admin"])
@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_hr_and_admins_are_let_in(client, make_user, other, roles, method, url):
    sign_in_as(client, make_user, roles)
    data = {"course": "basics", "scope": "everyone", "due_kind": "days", "due_days": "5"} | EXTENSION
    response = client.open(url.format(other=other.id), method=method, data=data)
    assert response.status_code == (200 if method == "GET" else 302)


def test_every_hr_route_refuses_employees_whoever_built_it(app, client, make_user, library):
    """A sweep over the blueprint, so routes added later by other work are covered too."""
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("hr.")]
    assert len(rules) >= 10
    urls = [(m, _sample_url(r)) for r in rules for m in sorted(r.methods - {"HEAD", "OPTIONS"})]
    for method, url in urls:
        assert client.open(url, method=method).status_code == 302, url
    sign_in_as(client, make_user, "employee")
    for method, url in urls:
        assert client.open(url, method=method).status_code == 403, url


def _sample_url(rule) -> str:
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", rule.rule)


def test_an_employee_cannot_see_another_persons_page(client, make_user, other):
    sign_in_as(client, make_user, "employee")
    assert client.get(f"/hr/people/{other.id}").status_code == 403


# The dashboard


@pytest.fixture
def hr(client, make_user, library):
    return sign_in_as(client, make_user, "hr")


@pytest.fixture
def office(library):
    people = import_people([
        ("s-done@example.com", "Sales"), ("s-idle@example.com", "Sales"),
        ("l-idle1@example.com", "Legal"), ("l-idle2@example.com", "Legal"),
    ])  # fmt: skip
    complete_course(people[0])
    return people


def test_the_dashboards_filters_are_each_found_by_their_label_alone(client, hr, office):
    """A field is found by its visible label ("Course"), as a screen reader's list of form fields or a
    test's get_by_label does, which also matches any aria-label that holds the same word: the charts
    are named by their <title> instead, so no aria-label on the page holds a field's label."""
    page = client.get("/hr/").get_data(as_text=True)
    labels = [
        re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    ]
    assert {"Department", "Course", "Status"} <= set(labels), labels
    aria = re.findall(r'aria-label="([^"]*)"', page)
    assert '<svg class="chart trend"' in page and '<svg class="chart"' in page
    clashes = [(label, name) for label in labels for name in aria if label and label.lower() in name.lower()]
    assert clashes == []


def test_dashboard_draws_an_accessible_bar_per_department_and_the_same_numbers_in_a_table(client, hr, office):
    page = client.get("/hr/").get_data(as_text=True)
    svg = page[page.index('<svg class="chart"') : page.index("</svg>", page.index('<svg class="chart"'))]
    assert 'role="img"' in svg and "<title>Basics: people by status in 3 departments" in svg
    assert "<title>Sales: Completed, 1 of 2 (50%)</title>" in svg
    assert "<title>Legal: Not started, 2 of 2 (100%)</title>" in svg
    assert ">50%</text>" in svg  # wide segments carry their share as text, not colour alone
    table = page[page.index('<table class="table numbers">') :]
    row = re.search(r'<th scope="row">Legal</th>(.*?)</tr>', table, re.S).group(1)
    # completed, in progress, not started, outdated, overdue, expired, total
    assert re.sub(r"<[^>]+>|\s+", " ", row).split() == [
        "0", "(0%)", "0", "(0%)", "2", "(100%)", "0", "(0%)", "0", "(0%)", "0", "(0%)", "2",
    ]  # fmt: skip
    assert "<caption>Basics: people by department and status" in table


def test_dashboard_filters_are_labelled_selects_in_a_get_form(client, hr, office):
    page = client.get("/hr/").get_data(as_text=True)
    form = page[page.index('<form method="get"') : page.index("</form>", page.index('<form method="get"'))]
    for name in ("department", "course", "status"):
        assert f'<label for="{name}">' in form and f'<select id="{name}" name="{name}">' in form
    assert '<button type="submit" class="button">Apply filters</button>' in form


def test_dashboard_filter_by_department_and_status(client, hr, office):
    page = client.get("/hr/?department=Legal").get_data(as_text=True)
    assert '<th scope="row">Legal</th>' in page and '<th scope="row">Sales</th>' not in page
    assert '<option selected value="Legal">' in page
    page = client.get("/hr/?status=completed").get_data(as_text=True)
    assert '<th scope="row">Sales</th>' in page and '<th scope="row">Legal</th>' not in page


def test_dashboard_ignores_unknown_filter_values(client, hr, office):
    response = client.get("/hr/?department=Nowhere&status=bogus&course=<x>")
    assert response.status_code == 200
    assert '<th scope="row">Legal</th>' in response.get_data(as_text=True)


def test_dashboard_counts_link_to_those_people(client, hr, office):
    page = client.get("/hr/").get_data(as_text=True)
    assert 'href="/hr/people?course=basics&amp;status=not_started&amp;department=Legal">2</a>' in page


def test_dashboard_without_assignments_says_so(client, make_user, app):
    sign_in_as(client, make_user, "hr")
    assert "No course is assigned to anyone yet." in client.get("/hr/").get_data(as_text=True)


# The people table


@pytest.fixture
def crowd(hr, library):
    return import_people([(f"p{n:03}@example.com", "Sales" if n % 2 else "Legal") for n in range(120)])


def emails_on(page: str) -> list[str]:
    return re.findall(r"<td>(p\d{3}@example\.com|[\w.-]+@example\.com)</td>", page)


def test_people_table_shows_fifty_rows_a_page_with_page_links(client, crowd):
    page = client.get("/hr/people").get_data(as_text=True)
    assert len(emails_on(page)) == 50
    assert "Rows 1–50 of 121" in page
    assert '<nav aria-label="Pages"' in page
    assert re.search(r'href="/hr/people\?page=1[^"]*" aria-current="page"', page)
    page3 = client.get("/hr/people?page=3").get_data(as_text=True)
    assert len(emails_on(page3)) == 21 and "Rows 101–121 of 121" in page3
    assert client.get("/hr/people?page=99").status_code == 200  # clamped to the last page


def test_people_table_sorts_by_a_column_and_marks_it_with_aria_sort(client, crowd):
    page = client.get("/hr/people?sort=email&desc=1").get_data(as_text=True)
    assert emails_on(page)[:2] == ["p119@example.com", "p118@example.com"]
    header = re.search(r'<th scope="col" aria-sort="descending">\s*<a href="([^"]+)">Email', page)
    assert header and header.group(1) == "/hr/people?sort=email"  # clicking again sorts ascending
    assert page.count("aria-sort=") == 1
    assert 'href="/hr/people?sort=due_date"' in page


def test_people_table_filters_and_searches_and_keeps_them_in_page_links(client, crowd):
    page = client.get("/hr/people?department=Sales&search=P11").get_data(as_text=True)
    assert emails_on(page) == [f"p11{n}@example.com" for n in (1, 3, 5, 7, 9)]
    page = client.get("/hr/people?department=Legal&sort=name").get_data(as_text=True)
    assert "Rows 1–50 of 60" in page
    assert 'href="/hr/people?page=2&amp;department=Legal&amp;sort=name"' in page


@pytest.fixture
def five_states(hr, library):
    """Sales people named so that the alphabet and urgency disagree, one in each status."""
    people = dict(zip(  # noqa: B905 - the same five on both sides
        ("overdue", "outdated", "not_started", "in_progress", "completed"),
        import_people([("e-late@example.com", "Sales"), ("d-stale@example.com", "Sales"),
                       ("c-idle@example.com", "Sales"), ("b-busy@example.com", "Sales"),
                       ("a-done@example.com", "Sales")]),
    ))  # fmt: skip
    complete_course(people["completed"])
    learning.complete_lesson(people["in_progress"], "basics-reading")
    db.session.add(CourseProgress(user_id=people["outdated"].id, course_id="basics", fingerprint="0" * 64,
                                  started_at=utcnow(), completed_at=utcnow()))  # fmt: skip
    db.session.add(Assignment(course_id="basics", scope="person", user_id=people["overdue"].id, source="hr",
                              due_date=utcnow().date() - timedelta(days=3), created_at=utcnow()))  # fmt: skip
    db.session.commit()
    return people


def test_sorting_by_status_puts_the_most_urgent_first(client, five_states):
    urgency = [
        five_states[s].email for s in ("overdue", "outdated", "not_started", "in_progress", "completed")
    ]
    page = client.get("/hr/people?department=Sales&sort=status").get_data(as_text=True)
    assert emails_on(page) == urgency
    page = client.get("/hr/people?department=Sales&sort=status&desc=1").get_data(as_text=True)
    assert emails_on(page) == urgency[::-1]


@pytest.mark.parametrize(("search", "found"), [("%", ["pct@example.com"]), ("a_b", ["a_b@example.com"])])
def test_people_search_takes_percent_and_underscore_literally(client, hr, library, search, found):
    import_people([("a_b@example.com", "Sales"), ("axb@example.com", "Sales"), ("pct@example.com", "Sales")])
    db.session.execute(
        User.__table__.update().where(User.email == "pct@example.com").values(name="Pat 100% Sure")
    )
    db.session.commit()
    page = client.get("/hr/people", query_string={"search": search}).get_data(as_text=True)
    assert emails_on(page) == found


def test_people_rows_link_to_the_person_page(client, crowd):
    page = client.get("/hr/people?search=p007").get_data(as_text=True)
    person = db.session.scalar(select(User).where(User.email == "p007@example.com"))
    assert f'<a href="/hr/people/{person.id}">P007</a>' in page


def test_download_links_carry_the_same_filters_and_order(app, client, crowd):
    page = client.get("/hr/people?department=Sales&status=not_started&sort=name").get_data(as_text=True)
    query = "department=Sales&amp;status=not_started&amp;sort=name"
    assert f'href="/hr/people/export.csv?{query}" download>Download CSV' in page
    assert f'href="/hr/people/export.xlsx?{query}" download>Download XLSX' in page


# A person


@pytest.fixture
def learner(library):
    [person] = import_people([("lee@example.com", "Sales")])
    play(person, WRONG_PATH, "first")
    complete_course(person)
    acknowledgements.acknowledge(person, "demo", acknowledgements.current("demo").id)
    return person


def test_person_page_shows_items_attempts_and_acknowledgements(client, hr, learner):
    page = client.get(f"/hr/people/{learner.id}").get_data(as_text=True)
    assert "<h1>Lee</h1>" in page and '<span class="badge badge-completed">Completed</span>' in page
    assert page.count('<td class="state-done">Done</td>') == 3
    attempts = page[page.index("<h4>Attempts at Basics quiz</h4>") :]
    assert re.search(r"<td>100%</td>\s*<td>Passed</td>", attempts)
    assert re.search(r"<td>0%</td>\s*<td>Not passed</td>", attempts)
    assert f'href="/hr/people/{learner.id}/evidence.csv" download>CSV</a>' in page
    acks = page[page.index("<h2>Acknowledgements</h2>") :]
    assert "<td>Demo policy</td><td>1</td>" in acks


def test_person_page_shows_stale_items_after_a_policy_change(client, hr, learner, tmp_path):
    change_policy(tmp_path)
    page = client.get(f"/hr/people/{learner.id}").get_data(as_text=True)
    assert '<td class="state-stale">Stale: redo</td>' in page
    assert "What changed: Demo policy version 2: “Secrets” changed" in page


def test_person_page_shows_when_each_item_was_completed_and_against_which_version(client, hr, learner):
    page = client.get(f"/hr/people/{learner.id}").get_data(as_text=True)
    done = re.findall(
        r'<td class="state-done">Done</td>\s*<td>(\d{4}-\d\d-\d\d \d\d:\d\d UTC)</td>\s*<td>version (\d+) '
        r'<span class="meta">fingerprint <code>([0-9a-f]{12})</code></span>( · 100%)?</td>',
        page,
    )
    assert len(done) == 3 and {version for _, version, _, _ in done} == {"1"}
    assert [score for *_, score in done].count(" · 100%") == 1  # the quiz, with its score


def test_person_page_says_which_policy_acknowledgement_is_owed(client, hr, library):
    [person] = import_people([("new@example.com", "Sales")])
    page = client.get(f"/hr/people/{person.id}").get_data(as_text=True)
    assert (
        "New owes an acknowledgement of:" in page
        and "<li>Demo policy, version 1 (effective 1 January 2026, published" in page
    )
    acknowledgements.acknowledge(person, "demo", acknowledgements.current("demo").id)
    page = client.get(f"/hr/people/{person.id}").get_data(as_text=True)
    assert "owes an acknowledgement" not in page and "No acknowledgement owed" in page
    assert "<tr><td>Demo policy</td><td>1</td><td>1 January 2026</td>" in page  # label, effective date


def test_unknown_person_is_not_found(client, hr):
    assert client.get("/hr/people/999").status_code == 404


def test_deactivating_keeps_records_stops_sign_in_and_counting(client, hr, make_user, library):
    person = make_user(email="leaver@example.com", name="Lea Leaver", department="Legal")
    learning.complete_lesson(person, "basics-reading")
    response = client.post(f"/hr/people/{person.id}/deactivate", data=CONFIRM, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Lea Leaver is deactivated; their records are kept." in page
    assert "Reactivate Lea Leaver" in page and "Reading complaints" in page  # evidence still shown
    user = db.session.get(User, person.id)
    assert not user.active and user.deactivated_at is not None
    assert '<th scope="row">Legal</th>' not in client.get("/hr/").get_data(as_text=True)
    assert "Lea Leaver" in client.get("/hr/people/deactivated").get_data(as_text=True)
    assert users.authenticate("leaver@example.com", PASSWORD) is None


def test_a_deactivated_persons_open_session_ends(app, client, hr, make_user, library):
    person = make_user(email="leaver@example.com", name="Lea Leaver")
    leaver = app.test_client()
    with app.app_context():  # an app context per request, so that Flask-Login loads the person afresh
        leaver.post("/login", data={"email": "leaver@example.com", "password": PASSWORD})
        assert leaver.get("/").status_code == 200
    client.post(f"/hr/people/{person.id}/deactivate", data=CONFIRM)
    with app.app_context():
        assert leaver.get("/").status_code == 302


def test_reactivating_lets_the_person_back_and_counts_them_again(client, hr, make_user, library):
    person = make_user(email="back@example.com", name="Bea Back", department="Legal")
    client.post(f"/hr/people/{person.id}/deactivate", data=CONFIRM)
    page = client.post(f"/hr/people/{person.id}/reactivate", follow_redirects=True).get_data(as_text=True)
    assert "Bea Back is reactivated: they can sign in again." in page
    user = db.session.get(User, person.id)
    assert user.active and user.deactivated_at is None
    assert '<th scope="row">Legal</th>' in client.get("/hr/").get_data(as_text=True)


def test_hr_cannot_deactivate_themselves_or_an_admin(client, hr, make_user):
    admin = make_user(email="boss@example.com", roles="admin")
    response = client.post(f"/hr/people/{hr.id}/deactivate", data=CONFIRM, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You cannot deactivate your own account." in page
    response = client.post(f"/hr/people/{admin.id}/deactivate", data=CONFIRM, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Only an administrator can change" in page
    assert db.session.get(User, hr.id).active and db.session.get(User, admin.id).active


# The reports


def test_outdated_page_names_the_change_when_and_the_new_due_date(client, hr, learner, tmp_path):
    change_policy(tmp_path)
    page = client.get("/hr/outdated").get_data(as_text=True)
    row = re.search(r"<tr><td><a href=\"/hr/people/\d+\">Lee</a>.*?</tr>", page, re.S).group(0)
    assert "“Secrets” changed" in row and "UTC" in row
    due = learning.course_view(learner, "basics").due.isoformat()
    assert f'<td><time datetime="{due}">' in row
    assert "No one is out of date" in client.get("/hr/outdated?department=People").get_data(as_text=True)


def test_insight_page_lists_choices_with_wrong_ones_first(client, hr, library):
    wrong, right = import_people([("w@example.com", "Sales"), ("r@example.com", "Sales")])
    play(wrong, WRONG_PATH, "w")
    play(right, GOOD_PATH, "r")
    page = client.get("/hr/insight").get_data(as_text=True)
    assert "<h2>Most common wrong judgements</h2>" in page
    assert "<strong>100%</strong> (1 of 1) chose “Block them”" in page
    first = page[page.index("<h3>Step 1</h3>") : page.index("<h3>Step 2</h3>")]
    assert first.index("Tell them they are wrong") < first.index("Thank them and move to DMs")
    assert '<td class="verdict">Wrong</td>' in first and '<td class="num">50%</td>' in first
    assert 'name="department"' in page  # HR may narrow it to a department


@pytest.mark.parametrize(
    ("roles", "code"), [("editor", 200), ("hr editor", 200), ("employee", 403), ("hr", 403)]
)
def test_editors_reach_scenario_insight_through_their_own_pages(client, make_user, library, roles, code):
    """HR's blueprint stays HR-only; editors have the same insight under /editor/."""
    sign_in_as(client, make_user, roles)
    assert client.get("/editor/insight").status_code == code
    assert client.get("/hr/insight").status_code == (200 if "hr" in roles else 403)
