"""Forms of the editor's pages; no database access here."""

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Regexp

from training.content.quiz import ANSWERS
from training.forms import MultiCheckboxField
from training.i18n import N_

ID_HELP = _l("Lowercase letters, digits and hyphens. It names the file and never changes.")
# Help with the file's name filled in where a form shows it (views.py).
TEXT_HELP = N_(
    "The whole file %(file)s, in the format of content/README.md. Preview shows it as learners will see "
    "it; Save draft keeps it for editors only."
)
TRANSLATION_HELP = N_(
    "The whole file %(file)s: the words of the source in the other language, under the same headings, "
    "section ids, steps and choices (content/README.md, Translations)."
)
# What a draft step's reply answers, as the coach's trial names it (the value stays the file's word).
ANSWER_LABELS = {
    "complaint": _l("Complaint"),
    "question": _l("Question"),
    "praise": _l("Praise"),
    "abuse": _l("Abuse"),
    "press": _l("Press"),
    "correction": _l("Correction"),
}
AUDIENCE_HELP = _l("Type all, or the names of the departments that must take it, separated by commas.")


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
    text = TextAreaField(_l("Text"), render_kw={"rows": 28, "spellcheck": "true"})
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))


class CourseFields(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    summary = StringField(
        _l("Summary"), description=_l("One line for the home page."), validators=[Length(max=500)]
    )
    audience = StringField(
        _l("Who must take it"),
        default="all",
        description=AUDIENCE_HELP,
        validators=[DataRequired(), Length(max=2000)],
    )
    due_days = IntegerField(
        _l("Due after (days)"),
        default=30,
        validators=[InputRequired(), NumberRange(0, 3650)],
        description=_l("Counted from the day a person first gets the course."),
    )
    description = TextAreaField(
        _l("Description (markdown)"), render_kw={"rows": 8}, validators=[Length(max=100_000)]
    )


class CourseForm(StateForm, CourseFields):
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))


class NewItemForm(FlaskForm):
    item_id = StringField(_l("Id"), description=ID_HELP, validators=[DataRequired(), Length(max=100)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    covers = MultiCheckboxField(
        _l("Policy sections it covers"),
        choices=[],
        validators=[DataRequired(_l("Choose at least one section."))],
    )


class NewCourseForm(CourseFields):
    course_id = StringField(
        _l("Course id"), description=ID_HELP, validators=[DataRequired(), Length(max=100)]
    )
    first_kind = RadioField(
        _l("Its first item"),
        choices=[SelectChoice("lesson", _l("A lesson")), SelectChoice("quiz", _l("A scenario quiz"))],
        default="lesson",
        validators=[InputRequired()],
    )
    item_id = NewItemForm.item_id
    item_title = StringField(_l("Title of the first item"), validators=[DataRequired(), Length(max=300)])
    covers = NewItemForm.covers


class PublishForm(StateForm):
    # No default: the editor decides each time, even for what looks like a typo fix.
    retrain = RadioField(
        _l("Does this change require retraining?"),
        choices=[SelectChoice("yes", _l("Requires retraining")), SelectChoice("no", _l("No retraining"))],
        description=_l(
            "Requires retraining: people who completed what this changes must redo it. "
            "No retraining, for a typo fix: the new version is published and completions stay valid."
        ),
        invalid_choice_message=_l("Choose “Requires retraining” or “No retraining”."),
    )
    note = StringField(_l("Note for the history"), validators=[Length(max=500)])
    effective_date: dt.date | None = None  # only a policy has one

    @property
    def requires_retraining(self) -> bool:
        return self.retrain.data == "yes"


class RequiredDateField(DateField):
    """A date field that reports an empty value once, as missing rather than also as invalid."""

    def process_formdata(self, valuelist):
        super().process_formdata([value for value in valuelist if value.strip()])


class PolicyPublishForm(PublishForm):
    effective = RequiredDateField(
        _l("Effective from"),
        default=lambda: dt.datetime.now(dt.UTC).date(),
        description=_l(
            "The date this version takes effect, shown with it to everyone and written in the "
            "policy file. Today (UTC) unless you choose another."
        ),
        validators=[InputRequired(_l("Give the date this version takes effect."))],
        invalid_value_message=_l("Give a date such as 2026-07-01."),
    )

    @property
    def effective_date(self) -> dt.date | None:
        return self.effective.data


def publish_form(kind: str) -> PublishForm:
    """The publish (or restore) form: a policy's also asks for its effective date."""
    return PolicyPublishForm() if kind == "policy" else PublishForm()


class MoveForm(StateForm):
    item_id = HiddenField(validators=[DataRequired(), Length(max=100)])
    offset = HiddenField(validators=[AnyOf(["-1", "1"])])


def offer_sections(form, sections: list[tuple[str, str]]):
    """Let `form.covers` offer these ("policy#section", label) pairs."""
    form.covers.choices = [SelectChoice(value, label) for value, label in sections]
    return form


class DeclineForm(FlaskForm):
    """Decline (or, for the editor who asked, withdraw) a request for four-eyes approval."""

    reason = TextAreaField(
        _l("Why you decline it"),
        description=_l("The editor who asked sees this. Not needed to withdraw your own request."),
        validators=[Length(max=500)],
        render_kw={"rows": 3},
    )


class CoachRulesForm(TextForm):
    """The coach's rules, with a sample reply to try them on before saving."""

    text = TextAreaField(
        _l("Rules (coach.yaml)"),
        description=_l(
            "The whole file coach.yaml, in the format its comments describe. Try the rules on a "
            "reply to see what they find; Save draft keeps them for editors only."
        ),
        render_kw={"rows": 28, "spellcheck": "false", "class": "code"},
    )
    reply = TextAreaField(
        _l("A reply to try the rules on"),
        description=_l("Checked against the rules in the box above, saved or not, not the rules in force."),
        validators=[Length(max=5000)],
        render_kw={"rows": 4},
    )
    answers = SelectField(
        _l("What the reply answers"),
        choices=[SelectChoice(kind, ANSWER_LABELS[kind]) for kind in ANSWERS],
        default="complaint",
        description=_l(
            "The kind of post, as a draft step's `answers` says: good-practice rules apply by kind."
        ),
        validators=[AnyOf(ANSWERS)],
    )
    customer = StringField(
        _l("The customer's name (optional)"),
        description=_l("As a draft step's `customer`: a reply that greets someone else is off-topic."),
        validators=[Length(max=100)],
    )
    must_address = TextAreaField(
        _l("What the reply must address (optional)"),
        description=_l(
            "As a draft step's `must_address`: one point a line, its alternatives separated by "
            "commas, such as: sorry, apologi*"
        ),
        validators=[Length(max=2000)],
        render_kw={"rows": 3},
    )
    must_not_mention = TextAreaField(
        _l("Details it must not mention (optional)"),
        description=_l(
            "As a draft step's `must_not_mention`: one detail a line, such as a street or a date."
        ),
        validators=[Length(max=2000)],
        render_kw={"rows": 2},
    )
    preview = SubmitField(_l("Try the rules"))

    def situation(self) -> dict:
        """The fields of a draft step that the trial reply answers, as the step would give them."""
        return {
            "answers": self.answers.data,
            "customer": (self.customer.data or "").strip() or None,
            "must_address": [
                [part.strip() for part in line.split(",") if part.strip()]
                for line in _lines(self.must_address.data)
            ],
            "must_not_mention": _lines(self.must_not_mention.data),
        }


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CoachPublishForm(StateForm):
    """Publishing the coach's rules: no retraining to choose, since no completion depends on them."""

    note = StringField(_l("Note for the history"), validators=[Length(max=500)])


class TranslationForm(FlaskForm):
    """A new version of a translation: the whole file, as `content check` reads it."""

    text = TextAreaField(
        _l("Translation"), validators=[DataRequired(_l("Write the translation.")), Length(max=1_000_000)]
    )  # the help, with the file's name, is set by the view (TRANSLATION_HELP)
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)])
    submit = SubmitField(_l("Publish translation"))
