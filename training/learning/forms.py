"""The learner's forms: lessons, quiz steps, draft replies and acknowledgements; no database access."""

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from training.content.quiz import shown_order
from training.forms import ID_RANGE


class LessonReadForm(FlaskForm):
    """ "Mark as read", with the version of the lesson the learner had in front of them."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional(), ID_RANGE])


class StartQuizForm(FlaskForm):
    token = HiddenField(validators=[DataRequired(), Length(max=64)])


ONE_ANSWER = _l("Choose one answer")
ALL_THAT_APPLY = _l("Select all that apply")


@dataclass(frozen=True)
class Option:
    """One choice of a quiz step as the page writes it: `<input id=... value=...> <label>`."""

    id: str
    value: str
    label: Markup
    checked: bool


@dataclass(frozen=True)
class AnswerForm:
    """A quiz step's choices: radio buttons, or checkboxes where more than one answer is right.

    No WTForms form: the page writes the token and the step's id itself, and the choices are
    checked where they are recorded (attempts.answer), which is what a form would only repeat.
    """

    step_id: str
    multi: bool
    options: tuple[Option, ...]
    errors: tuple[str, ...] = ()

    @property
    def legend(self) -> str:
        return str(ALL_THAT_APPLY if self.multi else ONE_ANSWER)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.multi else "radio"


def answer_form(
    step: dict, seed: int | str, picked: Sequence[str] = (), errors: Sequence[str] = ()
) -> AnswerForm:
    """The choices of one quiz step, in the order `seed` (the attempt's id) gives them, so the right
    answer is not always in the same place, yet a reload of the same attempt shows the same order.

    `picked` are the choices sent with an answer that was refused, shown ticked again (the first
    only where one answer is asked for); `errors` say why.
    """
    multi = sum(1 for c in step["choices"] if c["correct"]) > 1
    ticked = set(picked) if multi else set(picked[:1])
    options = tuple(
        # text_html was rendered and sanitised once, at publish.
        Option(f"choice-{n}", c["id"], Markup(c["text_html"]), c["id"] in ticked)  # noqa: S704
        for n, c in enumerate(shown_order(step, seed))
    )
    return AnswerForm(step["id"], multi, options, tuple(errors))


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
