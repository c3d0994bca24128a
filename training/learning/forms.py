"""The learner's forms: lessons, quiz steps, draft replies and acknowledgements; no database access."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from training.content.quiz import shown_order
from training.forms import ID_RANGE, MultiCheckboxField


class LessonReadForm(FlaskForm):
    """ "Mark as read", with the version of the lesson the learner had in front of them."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional(), ID_RANGE])


class StartQuizForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


class _OneAnswer(FlaskForm):
    step_id = HiddenField()
    choice = RadioField(_l("Choose one answer"), validators=[InputRequired(_l("Choose an answer."))])


class _AllThatApply(FlaskForm):
    step_id = HiddenField()
    choice = MultiCheckboxField(
        _l("Select all that apply"), validators=[DataRequired(_l("Choose at least one answer."))]
    )


def answer_form(step: dict, seed: int | str, formdata=None) -> FlaskForm:
    """Build the form for one quiz step: radio buttons, or checkboxes for multi-select.

    The choices appear in the order `seed` (the attempt's id) gives them, so the right answer
    is not always in the same place, yet a reload of the same attempt shows the same order.
    The two form classes are built once; each form gets its step's id and choices.
    """
    # text_html was rendered and sanitised once, at publish.
    ordered = shown_order(step, seed)
    choices = [SelectChoice(c["id"], Markup(c["text_html"])) for c in ordered]  # noqa: S704
    multi = sum(1 for c in step["choices"] if c["correct"]) > 1
    kind = _AllThatApply if multi else _OneAnswer
    form = kind(formdata=formdata, step_id=step["id"]) if formdata is not None else kind(step_id=step["id"])
    form.choice.choices = choices
    form.multi = multi
    return form


class AcknowledgeForm(FlaskForm):
    version_id = IntegerField(widget=HiddenInput(), validators=[InputRequired(), ID_RANGE])
    confirm = BooleanField(
        validators=[DataRequired(_l("Tick the box to confirm you have read this version."))]
    )


class DraftForm(FlaskForm):
    step_id = HiddenField(validators=[DataRequired()])
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired(), ID_RANGE])
    reply = TextAreaField(
        _l("Your public reply"),
        description=_l(
            "Write the reply exactly as you would post it. The coach checks it against the policy."
        ),
        validators=[DataRequired(_l("Write your reply before submitting it.")), Length(max=20000)],
    )
