"""The API's request and response shapes: they validate requests and make the OpenAPI document."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from training.accounts.users import normalise_email
from training.i18n import LANGUAGES
from training.status.query import STATUSES

MAX_PAGE = 500
# An address as the API accepts it, in ASCII: the document says so, and email_validator checks it.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,40}"
_LABEL = r"[A-Za-z0-9]{1,20}(-[A-Za-z0-9]{1,20}){0,2}"
_ADDRESS = rf"{_ATOM}(\.{_ATOM}){{0,4}}@({_LABEL}\.){{1,4}}[A-Za-z]{{2,20}}"
EMAIL = rf"^{_ADDRESS}$"
EMAIL_OR_EMPTY = rf"^({_ADDRESS})?$"
# Cursors are positions the API gave out; any such number is a valid place to go on from.
CURSOR = r"^[0-9]{1,15}$"
# Free text the API is sent holds no NUL character: PostgreSQL's text cannot store one, and the
# app refuses one in an address before any view (training/web.py); the document says so.
TEXT = r"^[^\x00]*$"
NAME = r"^[^\x00]*[^\s\x00][^\x00]*$"  # and not only spaces


Language = Literal[tuple(LANGUAGES)]  # the interface's languages (training/i18n.py)


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _email(value: str | None) -> str | None:
    return None if value in (None, "") else normalise_email(value)


class Page(Shape):
    limit: int = Field(100, ge=1, le=MAX_PAGE, description="How many rows to answer at most.")
    cursor: str | None = Field(None, pattern=CURSOR, description="`next_cursor` of the page before.")


class PeopleQuery(Page):
    department: str | None = Field(
        None, min_length=1, max_length=100, pattern=TEXT, description="Only people in this department."
    )
    active: bool | None = Field(None, description="Only active (true) or deactivated (false) people.")
    email: str | None = Field(None, pattern=EMAIL, description="Only the person with this address.")

    _check_email = field_validator("email")(_email)


class PersonIn(Shape):
    """A person as the HR system knows them; created, or updated if the address exists (upsert)."""

    email: str = Field(pattern=EMAIL)
    name: str = Field(min_length=1, max_length=200, pattern=NAME)
    department: str = Field("", max_length=100, pattern=TEXT)
    manager_email: str = Field("", pattern=EMAIL_OR_EMPTY)
    language: Language | None = Field(
        None, description="The person's interface language; left as it is when not sent."
    )

    _check_email = field_validator("email")(normalise_email)
    _check_manager = field_validator("manager_email")(lambda v: _email(v) or "")


class PeopleSyncQuery(Shape):
    dry_run: bool = Field(False, description="Answer what would change, and change nothing.")


class PeopleSync(Shape):
    """The HR system's full list: everyone listed is made to match it, everyone else is deactivated."""

    people: list[PersonIn] = Field(max_length=50000)


class FieldChange(Shape):
    before: str
    after: str


class PersonChange(Shape):
    email: str
    changes: dict[str, FieldChange] = Field(description="By field: its value before and after.")


class KeptActive(Shape):
    email: str
    reason: str = Field(description="Why this person, missing from the list, was not deactivated.")


class SyncResult(Shape):
    """What a sync changed (or, for a dry run, would change), by email address."""

    created: list[str]
    updated: list[PersonChange]
    reactivated: list[str]
    deactivated: list[str]
    kept: list[KeptActive]
    unchanged: int
    dry_run: bool


class Person(Shape):
    id: int
    email: str
    name: str
    department: str
    manager_email: str
    language: Language | None = Field(
        description="The person's interface language, or null: their browser's, else the default."
    )
    roles: list[str]
    active: bool
    created_at: datetime
    deactivated_at: datetime | None


class PersonList(Shape):
    items: list[Person]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class Department(Shape):
    name: str
    people: int = Field(description="Active people in the department.")


class DepartmentList(Shape):
    items: list[Department]


class Course(Shape):
    id: str
    title: str
    summary: str
    version: int = Field(description="The current version's number.")
    published_at: datetime
    items: list[str]
    audience: list[str] | str
    due_days: int


class CourseList(Shape):
    items: list[Course]


class Section(Shape):
    id: str
    heading: str


class Policy(Shape):
    id: str
    title: str
    version: int
    label: str
    effective: date
    published_at: datetime
    sections: list[Section]


class PolicyList(Shape):
    items: list[Policy]


class AssignmentQuery(Shape):
    course: str | None = Field(None, min_length=1, max_length=100, pattern=TEXT)
    include_removed: bool = False


class AssignmentIn(Shape):
    """Assign a course to everyone, a department or one person, due on a date or after N days."""

    course: str = Field(min_length=1, max_length=100, pattern=TEXT)
    scope: Literal["everyone", "department", "person"]
    department: str | None = Field(None, max_length=100, pattern=TEXT, description="With scope `department`.")
    email: str | None = Field(None, pattern=EMAIL, description="With scope `person`.")
    due_date: date | None = Field(None, description="Either this or `due_days`.")
    due_days: int | None = Field(None, ge=0, le=3650, description="Days after the person got the assignment.")

    _check_email = field_validator("email")(_email)


class Assignment(Shape):
    id: int
    course: str
    scope: str
    department: str | None
    email: str | None
    due_date: date | None
    due_days: int | None
    source: str
    created_at: datetime
    removed_at: datetime | None


class AssignmentList(Shape):
    items: list[Assignment]


class Status(Shape):
    course: str
    status: Literal[STATUSES]
    due_date: date
    completed_at: datetime | None
    stale_items: list[str] = Field(description="Items to do again because they changed since done.")
    extended: bool = Field(description="The due date is an extension HR gave.")


class PersonStatuses(Shape):
    person: Person
    statuses: list[Status]


class ReportQuery(Shape):
    format: Literal["ndjson", "csv"] = "ndjson"
    department: str | None = Field(None, min_length=1, max_length=100, pattern=TEXT)
    course: str | None = Field(None, min_length=1, max_length=100, pattern=TEXT)
    status: Literal[STATUSES] | None = None
    limit: int | None = Field(None, ge=1, le=10000, description="Rows per page; all rows when absent.")
    cursor: str | None = Field(None, pattern=CURSOR, description="From the `Link: rel=next` header.")


class ReportRow(Shape):
    """One line of the NDJSON report (the CSV has the same columns)."""

    email: str
    name: str
    department: str
    course: str
    status: Literal[STATUSES]
    due_date: date
    completed_at: datetime | Literal[""]
    stale_items: list[str]


class AcknowledgementQuery(Page):
    email: str | None = Field(None, pattern=EMAIL)
    policy: str | None = Field(None, min_length=1, max_length=100, pattern=TEXT)

    _check_email = field_validator("email")(_email)


class Acknowledgement(Shape):
    id: int
    email: str
    policy: str
    version: int = Field(description="The policy version's number.")
    version_label: str
    acknowledged_at: datetime


class AcknowledgementList(Shape):
    items: list[Acknowledgement]
    next_cursor: str | None


class ProblemDetails(BaseModel):
    """RFC 9457 problem details; `errors` lists each invalid field of a 422."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None
