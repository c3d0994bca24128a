"""HR assigns courses to everyone, departments or named people; removing keeps the history."""

import re
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import FIXTURES
from training.accounts import users
from training.db import db, utcnow
from training.editor import library as content_service
from training.errors import NotFound, ValidationFailed
from training.hr import people as hr_people
from training.models import Assignment, User
from training.status import assignments
from training.status import query as status_query

CSV_HEADER = b"email,name,department,manager_email,role\n"


@pytest.fixture
def no_default(library):
    """The test course without its front-matter audience, so only HR's assignments count."""
    db.session.execute(update(Assignment).where(Assignment.source == "course").values(removed_at=utcnow()))
    db.session.commit()


@pytest.fixture
def hr_user(make_user):
    return make_user(email="hr@example.com", name="Hana HR", roles="hr", department="People")


def import_people(*rows: str) -> None:
    users.import_csv(CSV_HEADER + "".join(f"{row}\n" for row in rows).encode())


def person(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def due_of(user: User, course_id: str = "basics"):
    rows = status_query.status_query(user_id=user.id)
    return db.session.scalar(select(rows.c.due_date).where(rows.c.course_id == course_id))


def hr_assignments() -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment).where(Assignment.source == "hr"))


def today():
    return utcnow().date()


def test_department_assignment_reaches_people_imported_later(no_default, hr_user):
    import_people("early@example.com,Early,Sales,,employee")
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=10)
    import_people("late@example.com,Late,Sales,,employee", "other@example.com,Other,Legal,,employee")
    assert status_query.statuses_for(person("late@example.com").id) == {"basics": "not_started"}
    assert status_query.statuses_for(person("early@example.com").id) == {"basics": "not_started"}
    assert status_query.statuses_for(person("other@example.com").id) == {}


def backdate(email: str, days: int) -> None:
    """Make the person's account, and their time in their department, `days` old."""
    long_ago = utcnow() - timedelta(days=days)
    db.session.execute(
        update(User).where(User.email == email).values(created_at=long_ago, department_since=long_ago)
    )
    db.session.commit()


def test_days_count_from_when_the_person_got_the_course(no_default, hr_user):
    import_people("old@example.com,Old Timer,Sales,,employee")
    backdate("old@example.com", 100)
    row = assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=10)[0]
    row.created_at = utcnow() - timedelta(days=5)
    db.session.commit()
    import_people("new@example.com,New Starter,Sales,,employee")
    assert due_of(person("old@example.com")) == today() + timedelta(days=5)
    assert due_of(person("new@example.com")) == today() + timedelta(days=10)


def test_fixed_due_date_is_the_same_for_everyone(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee", "b@example.com,B,Legal,,employee")
    due = today() + timedelta(days=3)
    assignments.assign_many(hr_user, "basics", "everyone", due_date=due)
    assert due_of(person("a@example.com")) == due == due_of(person("b@example.com"))


def test_named_people_are_assigned_by_email_in_any_case(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee", "b@example.com,B,Sales,,employee")
    rows = assignments.assign_many(
        hr_user, "basics", "person", ["A@Example.com", " b@example.com"], due_days=7
    )
    assert {r.user_id for r in rows} == {person("a@example.com").id, person("b@example.com").id}
    assert status_query.statuses_for(hr_user.id) == {}


def test_unknown_addresses_are_all_named_and_nothing_is_assigned(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee")
    with pytest.raises(ValidationFailed) as caught:
        emails = ["a@example.com", "x@example.com", "y@example.com"]
        assignments.assign_many(hr_user, "basics", "person", emails, due_days=7)
    assert "x@example.com, y@example.com" in str(caught.value)
    assert hr_assignments() == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"due_days": 5, "due_date": utcnow().date()}, "either a due date or a number of days"),
        ({}, "either a due date or a number of days"),
        ({"due_days": -1}, "between 0 and 3650"),
        ({"due_date": utcnow().date() - timedelta(days=1)}, "in the past"),
    ],
)
def test_due_rule_must_be_one_sensible_value(no_default, hr_user, kwargs, message):
    with pytest.raises(ValidationFailed, match=message):
        assignments.assign_many(hr_user, "basics", "everyone", **kwargs)


def test_unknown_course_is_refused(no_default, hr_user):
    with pytest.raises(NotFound):
        assignments.assign_many(hr_user, "nope", "everyone", due_days=1)


def test_the_earliest_due_date_wins_when_a_course_is_assigned_twice(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee")
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=20)
    assignments.assign_many(hr_user, "basics", "person", ["a@example.com"], due_days=4)
    assert due_of(person("a@example.com")) == today() + timedelta(days=4)


def test_removing_keeps_the_row_as_history(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee")
    row = assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=10)[0]
    assignments.remove(hr_user, row.id)
    assert status_query.statuses_for(person("a@example.com").id) == {}
    kept = db.session.get(Assignment, row.id)
    assert kept.removed_at is not None and kept.removed_by == hr_user.id
    described = {r.assignment.id: r for r in assignments.described()}
    assert described[row.id].removed_by == "Hana HR" and described[row.id].created_by == "Hana HR"


def test_a_course_default_cannot_be_removed_by_hr(library, hr_user):
    default = db.session.scalar(select(Assignment).where(Assignment.source == "course"))
    with pytest.raises(ValidationFailed, match="front matter"):
        assignments.remove(hr_user, default.id)
    assert db.session.get(Assignment, default.id).removed_at is None


def test_deactivated_people_in_an_assigned_department_have_no_status(no_default, hr_user):
    import_people("a@example.com,A,Sales,,employee")
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=10)
    person("a@example.com").active = False
    db.session.commit()
    assert status_query.statuses_for(person("a@example.com").id) == {}


def age_assignments(days: int) -> None:
    db.session.execute(update(Assignment).values(created_at=utcnow() - timedelta(days=days)))
    db.session.commit()


def status_of(user: User, course_id: str = "basics") -> str | None:
    return status_query.statuses_for(user.id).get(course_id)


def test_moving_into_a_department_counts_its_days_from_the_move(no_default, hr_user):
    import_people("mover@example.com,Mo Mover,Legal,,employee")
    backdate("mover@example.com", 365)
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=30)
    age_assignments(60)
    import_people("mover@example.com,Mo Mover,Sales,,employee")
    mover = person("mover@example.com")
    assert (utcnow() - mover.department_since) < timedelta(minutes=1)
    assert due_of(mover) == today() + timedelta(days=30)
    assert status_of(mover) == "not_started"


def test_staying_in_the_department_keeps_the_due_date(no_default, hr_user):
    import_people("stay@example.com,Sam Stay,Sales,,employee")
    backdate("stay@example.com", 365)
    assignments.assign_many(hr_user, "basics", "department", ["Sales"], due_days=30)
    age_assignments(60)
    import_people("stay@example.com,Sam Stayer,Sales,hr@example.com,employee")  # renamed, same department
    assert due_of(person("stay@example.com")) == today() - timedelta(days=30)
    assert status_of(person("stay@example.com")) == "overdue"


def test_a_course_default_for_a_department_counts_from_the_move_too(app, hr_user, tmp_path):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    course = root / "courses" / "basics" / "course.md"
    course.write_text(course.read_text().replace("audience: all", "audience: [Sales]"))
    content_service.import_directory(root)
    import_people("mover@example.com,Mo Mover,Legal,,employee", "old@example.com,Old Hand,Sales,,employee")
    backdate("mover@example.com", 365)
    backdate("old@example.com", 365)
    age_assignments(60)
    import_people("mover@example.com,Mo Mover,Sales,,employee")
    assert due_of(person("mover@example.com")) == today() + timedelta(days=30)
    assert status_of(person("old@example.com")) == "overdue"


def test_a_reactivated_person_gets_the_days_afresh(library, hr_user):
    import_people("back@example.com,Bea Back,Sales,,employee")
    backdate("back@example.com", 100)
    age_assignments(100)  # the course's default: everyone, 30 days
    back = person("back@example.com")
    assert status_of(back) == "overdue"
    hr_people.set_active(hr_user, back.id, False)
    hr_people.set_active(hr_user, back.id, True)
    assert back.reactivated_at is not None
    assert due_of(back) == today() + timedelta(days=30)
    assert status_of(back) == "not_started"


def test_split_emails_accepts_commas_semicolons_and_lines():
    assert assignments.split_emails("a@x.org, b@x.org;c@x.org\n d@x.org ") == [
        "a@x.org", "b@x.org", "c@x.org", "d@x.org",
    ]  # fmt: skip


# The assignments page


@pytest.fixture
def signed_in_hr(client, auth, hr_user, no_default):
    import_people("s1@example.com,Sam Sales,Sales,,employee", "l1@example.com,Lee Legal,Legal,,employee")
    auth.login(hr_user.email)
    return hr_user


def post(client, **data):
    form = {"course": "basics", "scope": "everyone", "due_kind": "days", "due_days": "30"} | data
    return client.post("/hr/assignments", data=form)


def test_page_offers_existing_departments_and_labels_every_field(client, signed_in_hr):
    page = client.get("/hr/assignments").get_data(as_text=True)
    assert re.findall(r'name="departments"[^>]*value="([^"]+)"', page) == ["Legal", "People", "Sales"]
    for field_id in ("course", "emails", "due_days", "due_date"):
        assert f'<label for="{field_id}">' in page
    assert "<legend>Assign to</legend>" in page and "<legend>Due</legend>" in page


def test_hr_assigns_a_course_to_departments(client, signed_in_hr):
    response = post(client, scope="department", departments=["Sales", "Legal"], due_days="12")
    assert response.status_code == 302
    rows = db.session.scalars(select(Assignment).where(Assignment.source == "hr")).all()
    assert sorted(r.department for r in rows) == ["Legal", "Sales"]
    assert {(r.due_days, r.created_by) for r in rows} == {(12, signed_in_hr.id)}
    page = client.get("/hr/assignments").get_data(as_text=True)
    assert "Basics assigned (2 departments)." in page
    assert "Department: Sales" in page and "12 days after each person gets it" in page


def test_hr_assigns_named_people_with_a_fixed_date(client, signed_in_hr):
    due = today() + timedelta(days=9)
    response = post(client, scope="person", emails="s1@example.com\nl1@example.com", due_kind="date",
                    due_date=due.isoformat())  # fmt: skip
    assert response.status_code == 302
    assert due_of(person("l1@example.com")) == due
    page = client.get("/hr/assignments").get_data(as_text=True)
    assert "Lee Legal (l1@example.com)" in page and f'By <time datetime="{due.isoformat()}">' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"scope": "department"}, "departments", "Choose a department."),
        ({"scope": "person", "emails": ""}, "emails", "Give at least one email address."),
        ({"scope": "person", "emails": "nobody@example.com"}, "emails", "No person with the email address"),
        ({"due_kind": "date", "due_date": ""}, "due_date", "Give a due date."),
        ({"due_kind": "date", "due_date": "2001-01-01"}, "due_date", "The due date is in the past."),
        ({"due_days": ""}, "due_days", "Give a number of days."),
        ({"due_days": "5000"}, "due_days", "from 0 to 3650"),
        ({"scope": "department", "departments": ["Nowhere"]}, "departments", "is not a valid choice"),
    ],
)
def test_bad_assignments_are_explained_on_their_field(client, signed_in_hr, data, field, message):
    response = post(client, **data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1)
    assert hr_assignments() == 0


def test_course_default_is_listed_read_only_and_hr_ones_can_be_removed(client, signed_in_hr):
    db.session.execute(update(Assignment).where(Assignment.source == "course").values(removed_at=None))
    db.session.commit()
    post(client, scope="department", departments=["Sales"])
    page = client.get("/hr/assignments").get_data(as_text=True)
    assert "Course default (front matter)" in page
    assert page.count("/remove") == 1
    hr_row = db.session.scalar(select(Assignment).where(Assignment.source == "hr"))
    response = client.post(f"/hr/assignments/{hr_row.id}/remove")
    assert response.status_code == 302
    page = client.get("/hr/assignments").get_data(as_text=True)
    assert "It is kept in the history below." in page
    history = page[page.index("<details") :]
    assert "Removed assignments (1)" in history and "Department: Sales" in history and "Hana HR" in history


def test_removing_a_course_default_through_the_page_is_refused(client, signed_in_hr):
    default = db.session.scalar(select(Assignment).where(Assignment.source == "course"))
    db.session.execute(update(Assignment).where(Assignment.id == default.id).values(removed_at=None))
    db.session.commit()
    client.post(f"/hr/assignments/{default.id}/remove")
    assert "change it there" in client.get("/hr/assignments").get_data(as_text=True)
    assert db.session.get(Assignment, default.id).removed_at is None
