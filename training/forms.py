"""Form parts every package uses; each package keeps its own forms in its `forms.py`."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.validators import NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from training.db import MAX_ID

# On every field that carries an id or a version number: a larger number is a form error, not a 500.
ID_RANGE = NumberRange(min=1, max=MAX_ID)


def id_number(value: str) -> int:
    """Read an id or version number from a query string: `request.args.get("old", type=id_number)`.

    Anything but a number from 1 to MAX_ID raises ValueError, which `get` turns into None.
    """
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ID))):
        raise ValueError("not an id")
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise ValueError("not an id")
    return number


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons such as "Sign out" or "Deactivate"."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
