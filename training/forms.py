"""Form parts every package uses; each package keeps its own forms in its `forms.py`."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons such as "Sign out" or "Deactivate"."""


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
