"""The admin's form for a new API token."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from training.api.tokens import EXPIRY_DAYS, MAX_NAME
from training.forms import MultiCheckboxField


class TokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[DataRequired(), Length(max=MAX_NAME)],
        description="Which system holds it, e.g. “Workday sync”. Every use is logged with this name.",
    )
    scopes = MultiCheckboxField(
        "Scopes",
        choices=[
            SelectChoice("read", "Read: people, courses, statuses, reports, evidence"),
            SelectChoice("write", "Write: create and update people and assignments"),
        ],
        default=["read"],
        validators=[DataRequired(message="Choose at least one scope.")],
    )
    days = SelectField(
        "Expires after", choices=[SelectChoice(str(d), f"{d} days") for d in EXPIRY_DAYS], default="90"
    )
