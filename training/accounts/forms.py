"""Forms for signing in, the first administrator, password links and invitations; no database access."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length

from training.accounts.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from training.i18n import LANGUAGES


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        description=_l("The address you sign in with. We email a link to choose a new password."),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[DataRequired(), Email(), Length(max=254)],
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(count)s characters. A short sentence works well.", count=MIN_PASSWORD_LENGTH
        ),
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l(
                    "Passwords must be %(low)s to %(high)s characters long.",
                    low=MIN_PASSWORD_LENGTH,
                    high=MAX_PASSWORD_LENGTH,
                ),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        description=_l("The language of this site's pages and of the emails it sends you."),
        choices=[SelectChoice("", _l("As my browser asks"))] + [SelectChoice(*c) for c in LANGUAGES.items()],
        validators=[AnyOf(["", *LANGUAGES])],
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    password = SetPasswordForm.password
    confirm = SetPasswordForm.confirm


class InviteForm(FlaskForm):
    """HR's choice: everyone not yet invited, or the people ticked in the table."""

    scope = StringField(validators=[AnyOf(["new", "selected"], _l("Choose whom to invite."))])
    people = SelectMultipleField(coerce=int, validate_choice=False)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    next = HiddenField()


class SetupForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        description=_l(
            "At least %(count)s characters. A short sentence works well.", count=MIN_PASSWORD_LENGTH
        ),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )
