"""Forms of the editor's pages; no database access here."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Regexp

from training.forms import MultiCheckboxField

ID_HELP = "Lowercase letters, digits and hyphens. It names the file and never changes."
TEXT_HELP = (
    "The whole file {file}, in the format of content/README.md. Preview shows it as learners will see it; "
    "Save draft keeps it for editors only."
)
AUDIENCE_HELP = "Type all, or the names of the departments that must take it, separated by commas."


class StateForm(FlaskForm):
    """The state a page was opened on: the draft's revision and the published version number."""

    revision = HiddenField(validators=[Length(max=32)])
    number = HiddenField(validators=[Regexp(r"^\d{1,9}$")])

    @property
    def state(self) -> tuple[str, int]:
        return self.revision.data or "", int(self.number.data)

    def set_state(self, revision: str, number: int) -> None:
        """Point the form at the state now current, e.g. after a conflict."""
        self.revision.data, self.number.data = revision, str(number)


class TextForm(StateForm):
    text = TextAreaField("Text", render_kw={"rows": 28, "spellcheck": "true"})
    preview = SubmitField("Preview")
    save = SubmitField("Save draft")


class CourseFields(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    summary = StringField("Summary", description="One line for the home page.", validators=[Length(max=500)])
    audience = StringField(
        "Who must take it",
        default="all",
        description=AUDIENCE_HELP,
        validators=[DataRequired(), Length(max=2000)],
    )
    due_days = IntegerField(
        "Due after (days)",
        default=30,
        validators=[InputRequired(), NumberRange(0, 3650)],
        description="Counted from the day a person first gets the course.",
    )
    description = TextAreaField(
        "Description (markdown)", render_kw={"rows": 8}, validators=[Length(max=100_000)]
    )


class CourseForm(StateForm, CourseFields):
    preview = SubmitField("Preview")
    save = SubmitField("Save draft")


class NewItemForm(FlaskForm):
    item_id = StringField("Id", description=ID_HELP, validators=[DataRequired(), Length(max=100)])
    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    covers = MultiCheckboxField(
        "Policy sections it covers", choices=[], validators=[DataRequired("Choose at least one section.")]
    )


class NewCourseForm(CourseFields):
    course_id = StringField("Course id", description=ID_HELP, validators=[DataRequired(), Length(max=100)])
    first_kind = RadioField(
        "Its first item",
        choices=[SelectChoice("lesson", "A lesson"), SelectChoice("quiz", "A scenario quiz")],
        default="lesson",
        validators=[InputRequired()],
    )
    item_id = NewItemForm.item_id
    item_title = StringField("Title of the first item", validators=[DataRequired(), Length(max=300)])
    covers = NewItemForm.covers


class PublishForm(StateForm):
    retrain = BooleanField(
        "Requires retraining",
        description="People who completed what this changes must redo it. Leave unticked for a typo fix: "
        "the new version is published and completions stay valid.",
    )
    note = StringField("Note for the history", validators=[Length(max=500)])


class MoveForm(StateForm):
    item_id = HiddenField(validators=[DataRequired(), Length(max=100)])
    offset = HiddenField(validators=[AnyOf(["-1", "1"])])


def offer_sections(form, sections: list[tuple[str, str]]):
    """Let `form.covers` offer these ("policy#section", label) pairs."""
    form.covers.choices = [SelectChoice(value, label) for value, label in sections]
    return form
