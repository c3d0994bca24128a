"""Forms of HR's pages; no database access here: the views pass in the choices."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from training.db import utcnow
from training.forms import MultiCheckboxField
from training.i18n import long_date
from training.status.due_extensions import MAX_REASON, MAX_YEARS_AHEAD, latest_due_date
from training.status.query import STATUSES
from training.status.report import SORTS, PeopleFilter
from training.templating import STATUS_LABELS


class FilterForm(FlaskForm):
    """The GET form above the dashboard and the lists: every field optional."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    department = SelectField(_l("Department"), choices=[])
    course = SelectField(_l("Course"), choices=[])
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Any status"))]
        + [SelectChoice(s, _l(STATUS_LABELS[s])) for s in STATUSES],
    )

    def offer(self, departments: list[str], courses: dict[str, str]):
        """Fill the department and course choices; return the form."""
        self.department.choices = [SelectChoice("", gettext("All departments"))] + [
            SelectChoice(d) for d in departments
        ]
        self.course.choices = [SelectChoice("", gettext("All courses"))] + [
            SelectChoice(*c) for c in courses.items()
        ]
        return self

    def value(self, name: str) -> str | None:
        """Return the field's value if it is one of its choices, else None (ignored)."""
        field = self[name]
        allowed = {c.value for c in field.choices}
        return field.data if field.data and field.data in allowed else None

    @property
    def search_text(self) -> str | None:
        return None

    @property
    def chosen(self) -> dict[str, str]:
        """The valid non-empty filters, as query parameters for links."""
        chosen = {n: v for n in ("department", "course", "status") if (v := self.value(n))}
        return chosen | ({"search": self.search_text} if self.search_text else {})


class PeopleFilterForm(FilterForm):
    search = SearchField(_l("Name or email"), validators=[Length(max=200)])
    sort = HiddenField()
    desc = HiddenField()

    @property
    def search_text(self) -> str | None:
        text = (self.search.data or "").strip()[:200]
        return text or None

    def people_filter(self) -> PeopleFilter:
        sort = self.sort.data if self.sort.data in SORTS else "email"
        return PeopleFilter(
            department=self.value("department"), course=self.value("course"), status=self.value("status"),
            search=self.search_text, sort=sort, descending=self.desc.data == "1",
        )  # fmt: skip


def page_number(value: str | None) -> int:
    """Read a ?page= value: a whole number from 1; anything else is page 1."""
    digits = value is not None and value.isascii() and value.isdigit() and len(value) <= 6
    return int(value) if digits and int(value) > 0 else 1


SCOPE_CHOICES = [
    SelectChoice("everyone", _l("Everyone")),
    SelectChoice("department", _l("Departments")),
    SelectChoice("person", _l("Named people")),
]
DUE_CHOICES = [
    SelectChoice("days", _l("A number of days after each person gets it")),
    SelectChoice("date", _l("On a fixed date")),
]


class AssignForm(FlaskForm):
    # No HTML `required`: a required select must open on an empty choice (HTML), and this one opens
    # on a course; the server still says "Choose a course." when none comes.
    course = SelectField(
        _l("Course"),
        choices=[],
        validators=[InputRequired(_l("Choose a course."))],
        render_kw={"required": False},
    )
    scope = RadioField(
        _l("Assign to"), choices=SCOPE_CHOICES, default="everyone", validators=[InputRequired()]
    )
    departments = MultiCheckboxField(
        _l("Departments"), choices=[], description=_l("When assigning to departments.")
    )
    emails = TextAreaField(
        _l("Email addresses"),
        description=_l("When assigning to named people: one address per line, or separated by commas."),
        validators=[Length(max=20000)],
        render_kw={"rows": 3},
    )
    due_kind = RadioField(_l("Due"), choices=DUE_CHOICES, default="days", validators=[InputRequired()])
    due_days = IntegerField(
        _l("Number of days"),
        default=30,
        description=_l("Counted from the day the person gets the course: today, or when they join later."),
        validators=[Optional(), NumberRange(0, 3650, _l("Give a number of days from 0 to 3650."))],
    )
    due_date = DateField(
        _l("Due date"), description=_l("When the due rule is a fixed date."), validators=[Optional()]
    )

    def offer(self, departments: list[str], courses: dict[str, str]):
        self.departments.choices = [SelectChoice(d) for d in departments]
        self.course.choices = [SelectChoice(*c) for c in courses.items()]
        return self

    def validate(self, extra_validators=None) -> bool:
        """Check the fields that the chosen scope and due rule make necessary."""
        valid = super().validate(extra_validators)
        scope, kind, due_date = self.scope.data, self.due_kind.data, self.due_date.data
        no_emails = not (self.emails.data or "").strip()
        needs = [
            (scope == "department" and not self.departments.data, self.departments,
             gettext("Choose a department.")),
            (scope == "person" and no_emails, self.emails, gettext("Give at least one email address.")),
            (kind == "days" and self.due_days.data is None, self.due_days, gettext("Give a number of days.")),
            (kind == "date" and due_date is None, self.due_date, gettext("Give a due date.")),
            (kind == "date" and due_date is not None and due_date < utcnow().date(), self.due_date,
             gettext("The due date is in the past.")),
        ]  # fmt: skip
        for failed, field, message in needs:
            if failed:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    @property
    def due(self) -> dict:
        """The due rule as keyword arguments for the assignment service."""
        if self.due_kind.data == "date":
            return {"due_date": self.due_date.data}
        return {"due_days": self.due_days.data}


class ExtensionForm(FlaskForm):
    """HR gives one person a new due date for one of their courses, saying why."""

    # No HTML `required`: a required select must open on an empty choice (HTML), and this one opens
    # on a course; the server still says "Choose a course." when none comes.
    course = SelectField(
        _l("Course"),
        choices=[],
        validators=[InputRequired(_l("Choose a course."))],
        render_kw={"required": False},
    )
    due_date = DateField(_l("New due date"), validators=[InputRequired(_l("Give the new due date."))])
    reason = TextAreaField(
        _l("Reason"),
        description=_l("Kept with the new date as evidence, for example: on parental leave until March."),
        validators=[
            DataRequired(_l("Say why they get a new due date.")),
            Length(
                max=MAX_REASON,
                message=_l("Keep the reason to at most %(count)s characters.", count=MAX_REASON),
            ),
        ],
        render_kw={"rows": 2},
    )

    def offer(self, courses: dict[str, str]):
        """Offer the person's assigned courses, {course id: title}; return the form."""
        self.course.choices = [SelectChoice(*c) for c in courses.items()]
        return self

    def validate_due_date(self, field) -> None:
        if field.data is not None and field.data < utcnow().date():
            raise ValidationError(gettext("The new due date is in the past."))
        if field.data is not None and field.data > (latest := latest_due_date(utcnow().date())):
            raise ValidationError(
                gettext(
                    "The new due date is over %(years)s years ahead; give %(date)s or earlier.",
                    years=MAX_YEARS_AHEAD,
                    date=long_date(latest),
                )
            )


class DeactivateForm(FlaskForm):
    """Deactivating is posted only from its confirmation page, which sends `confirm`."""

    confirm = HiddenField(validators=[AnyOf(["yes"], _l("Confirm on this page first."))])


class PersonSearchForm(FlaskForm):
    """Find a person by email address; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
