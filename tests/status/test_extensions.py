"""HR gives one person more time on a course: a new due date with a reason, kept as history."""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DatabaseError

from tests.conftest import PASSWORD
from tests.status.test_assignments import (
    age_assignments,
    backdate,
    due_of,
    import_people,
    person,
    status_of,
    today,
)
from training.db import db, utcnow
from training.errors import ValidationFailed
from training.models import Assignment, DueExtension
from training.status import assignments
from training.status import due_extensions as extensions
from training.status import query as status_query
from training.status import report as reports

# The person page's form, filled in well; tests change one field at a time.
EXTENSION = {
    "extension-course": "basics",
    "extension-due_date": (utcnow() + timedelta(days=45)).date().isoformat(),
    "extension-reason": "On parental leave",
}


@pytest.fixture
def hr_user(make_user):
    return make_user(email="hr@example.com", name="Hana HR", roles="hr", department="People")


@pytest.fixture
def no_default(library):
    """The test course without its front-matter audience, so only HR's assignments count."""
    db.session.execute(update(Assignment).where(Assignment.source == "course").values(removed_at=utcnow()))
    db.session.commit()


@pytest.fixture
def sales(no_default, hr_user):
    """Two Sales people whose department assignment fell due five days ago."""
    import_people("ann@example.com,Ann,Sales,,employee", "ben@example.com,Ben,Sales,,employee")
    backdate("ann@example.com", 100)
    backdate("ben@example.com", 100)
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=10)
    age_assignments(15)
    return person("ann@example.com"), person("ben@example.com")


def test_an_extension_gives_one_person_more_time(sales, hr_user):
    ann, ben = sales
    assert status_of(ann) == "overdue"
    extensions.extend(hr_user, ann.id, "basics", today() + timedelta(days=40), "On leave until next month")
    assert due_of(ann) == today() + timedelta(days=40) and status_of(ann) == "not_started"
    assert due_of(ben) == today() - timedelta(days=5) and status_of(ben) == "overdue"
    counts = {(status, n) for _, _, status, n in status_query.status_counts()}
    assert ("overdue", 1) in counts and ("not_started", 1) in counts


def test_the_newest_extension_counts_and_every_one_is_kept(sales, hr_user, make_user):
    ann, _ = sales
    boss = make_user(email="boss@example.com", name="Bo Boss", roles="hr")
    extensions.extend(hr_user, ann.id, "basics", today() + timedelta(days=40), "Parental leave")
    extensions.extend(boss, ann.id, "basics", today() + timedelta(days=20), "Back earlier than planned")
    assert due_of(ann) == today() + timedelta(days=20)
    [newest, first] = extensions.history(ann.id)["basics"]
    assert (newest.extension.reason, newest.granted_by) == ("Back earlier than planned", "Bo Boss")
    assert (first.extension.reason, first.granted_by) == ("Parental leave", "Hana HR")
    in_force = next(r for r in reports.completion_rows() if (r["user_id"], r["course"]) == (ann.id, "basics"))
    assert (in_force["due_date"], in_force["extended"]) == ((today() + timedelta(days=20)).isoformat(), True)


def test_an_extension_overrides_the_earliest_of_overlapping_assignments(sales, hr_user):
    ann, ben = sales
    assignments.assign_many(hr_user, "basics", "person", ["ann@example.com", "ben@example.com"], due_days=4)
    extensions.extend(hr_user, ann.id, "basics", today() + timedelta(days=60), "Long-term sick leave")
    assert due_of(ann) == today() + timedelta(days=60)
    assert due_of(ben) == today() - timedelta(days=5)  # the earlier of the two


def test_an_extension_outlives_a_move_but_not_the_assignment(sales, hr_user):
    ann, _ = sales
    extensions.extend(hr_user, ann.id, "basics", today() + timedelta(days=40), "On leave")
    import_people("ann@example.com,Ann,Legal,,employee")
    assert status_of(ann) is None  # no longer assigned: nothing to be due
    import_people("ann@example.com,Ann,Sales,,employee")
    assert due_of(ann) == today() + timedelta(days=40)


@pytest.mark.parametrize(
    ("course", "days", "reason", "message"),
    [
        ("basics", -1, "On leave", "in the past"),
        ("basics", 10, "   ", "Say why"),
        ("basics", 10, "x" * 501, "at most 500 characters"),
        ("nope", 10, "On leave", "not assigned to them"),
        ("basics", 5 * 365 + 2, "On leave", "over 5 years ahead"),
    ],
)
def test_bad_extensions_are_refused(sales, hr_user, course, days, reason, message):
    ann, _ = sales
    with pytest.raises(ValidationFailed, match=message):
        extensions.extend(hr_user, ann.id, course, today() + timedelta(days=days), reason)
    assert db.session.scalar(select(func.count()).select_from(DueExtension)) == 0


def test_an_extension_may_reach_five_years_ahead(sales, hr_user):
    ann, _ = sales
    latest = extensions.latest_due_date(today())
    assert 5 * 365 < (latest - today()).days <= 5 * 366
    extensions.extend(hr_user, ann.id, "basics", latest, "Secondment abroad")
    assert due_of(ann) == latest
    message = f"over 5 years ahead; give {latest.isoformat()} or earlier"
    with pytest.raises(ValidationFailed, match=message):
        extensions.extend(hr_user, ann.id, "basics", latest + timedelta(days=1), "Secondment abroad")


def test_extensions_of_people_not_assigned_the_course_are_refused(no_default, hr_user):
    import_people("free@example.com,Free,Legal,,employee")
    with pytest.raises(ValidationFailed, match="not assigned"):
        extensions.extend(hr_user, person("free@example.com").id, "basics", today(), "On leave")


@pytest.mark.parametrize(
    "statement", ["UPDATE due_extension SET reason = 'changed'", "DELETE FROM due_extension"]
)
def test_extensions_cannot_be_changed_or_deleted(sales, hr_user, statement):
    ann, _ = sales
    extensions.extend(hr_user, ann.id, "basics", today() + timedelta(days=40), "On leave")
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.scalar(select(DueExtension.reason)) == "On leave"


# The person page


@pytest.fixture
def hr(client, hr_user, library):
    client.post("/login", data={"email": hr_user.email, "password": PASSWORD})
    return hr_user


def written(iso: str) -> str:
    """A date as an English page writes it in full: "17 January 2027"."""
    return format_date(date.fromisoformat(iso), "long", locale="en_GB")


def test_hr_gives_one_person_more_time_and_the_pages_show_it(client, hr, library):
    import_people("ann@example.com,Ann,Sales,,employee", "ben@example.com,Ben,Sales,,employee")
    ann = person("ann@example.com")
    due = EXTENSION["extension-due_date"]
    response = client.post(f"/hr/people/{ann.id}/extensions", data=EXTENSION)
    assert response.status_code == 302
    page = client.get(f"/hr/people/{ann.id}").get_data(as_text=True)
    assert f"New due date set: {written(due)}. The reason is kept." in page
    assert f'<span>Due <time datetime="{due}">{written(due)}</time> (extended)</span>' in page
    assert f'New due date <time datetime="{due}">{written(due)}</time>, set by Hana HR on ' in page
    assert "“On parental leave”" in page
    table = client.get("/hr/people?department=Sales").get_data(as_text=True)
    extended = f'<td><time datetime="{due}">{written(due)}</time> <span class="meta">extended</span></td>'
    assert extended in table
    assert table.count('<span class="meta">extended</span>') == 1  # Ben keeps his due date


def test_every_new_due_date_is_kept_on_the_person_page(client, hr, library):
    import_people("ann@example.com,Ann,Sales,,employee")
    ann = person("ann@example.com")
    client.post(f"/hr/people/{ann.id}/extensions", data=EXTENSION)
    later = (utcnow() + timedelta(days=90)).date().isoformat()
    again = {"extension-due_date": later, "extension-reason": "Leave extended"}
    client.post(f"/hr/people/{ann.id}/extensions", data=EXTENSION | again)
    page = client.get(f"/hr/people/{ann.id}").get_data(as_text=True)
    assert f'<span>Due <time datetime="{later}">' in page and "</time> (extended)</span>" in page
    history = page[page.index("Every due date set for Basics (2)") :]
    assert history.index("Leave extended") < history.index("On parental leave")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"extension-due_date": ""}, "extension-due_date", "Give the new due date."),
        ({"extension-due_date": "2001-01-01"}, "extension-due_date", "The new due date is in the past."),
        ({"extension-due_date": "9999-12-31"}, "extension-due_date", "is over 5 years ahead"),
        ({"extension-reason": " "}, "extension-reason", "Say why they get a new due date."),
        ({"extension-reason": "x" * 501}, "extension-reason", "at most 500"),
        ({"extension-course": "nope"}, "extension-course", "Not a valid choice"),
    ],
)
def test_bad_new_due_dates_are_explained_on_their_field(client, hr, library, data, field, message):
    import_people("ann@example.com,Ann,Sales,,employee")
    ann = person("ann@example.com")
    response = client.post(f"/hr/people/{ann.id}/extensions", data=EXTENSION | data)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', response.get_data(as_text=True))
    assert error and message in error.group(1)
    assert db.session.scalar(select(DueExtension.id)) is None


def test_a_course_not_assigned_to_the_person_cannot_get_a_new_due_date(client, hr, library):
    import_people("ann@example.com,Ann,Sales,,employee")
    ann = person("ann@example.com")
    db.session.execute(update(Assignment).values(removed_at=utcnow()))
    db.session.commit()
    response = client.post(f"/hr/people/{ann.id}/extensions", data=EXTENSION)
    assert response.status_code == 422
    assert "not assigned to them" in response.get_data(as_text=True)
