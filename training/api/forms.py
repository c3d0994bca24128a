"""The admin's form for a new API token."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from training.api.tokens import EXPIRY_DAYS, MAX_NAME
from training.forms import MultiCheckboxField


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=MAX_NAME)],
        description=_l("Which system holds it, e.g. “Workday sync”. Every use is logged with this name."),
    )
    scopes = MultiCheckboxField(
        _l("Scopes"),
        choices=[
            SelectChoice("read", _l("Read: people, courses, statuses, reports, evidence")),
            SelectChoice("write", _l("Write: create and update people and assignments")),
        ],
        default=["read"],
        validators=[DataRequired(message=_l("Choose at least one scope."))],
    )
    days = SelectField(
        _l("Expires after"),
        choices=[SelectChoice(str(d), _l("%(num)s days", num=d)) for d in EXPIRY_DAYS],  # 30 to 365
        default="90",
    )
