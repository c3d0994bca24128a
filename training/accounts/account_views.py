"""A person's own account: their language, change the password, sign out everywhere.

Access is decided once, here: every route of this blueprint needs a signed-in person.
"""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from training.accounts import sessions, signin, users
from training.accounts.forms import ChangePasswordForm, LanguageForm
from training.errors import ValidationFailed
from training.forms import ActionForm
from training.i18n import in_language, language_for

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def require_login():
    """Only the signed-in person's own account is shown here."""


@bp.route("/", methods=["GET", "POST"])
def index():
    form = ChangePasswordForm()
    # With LOCAL_LOGIN=0 passwords are switched off: none is shown or changed here.
    if current_app.config["LOCAL_LOGIN"] and form.validate_on_submit():
        try:
            signin.change_password(
                current_user, form.current.data, form.password.data, request.remote_addr or ""
            )
        except ValidationFailed as exc:
            form.current.errors.append(str(exc))
        else:
            sessions.close()  # the new password ended every session of theirs, this one too
            flash(
                gettext("Password changed, and you are signed out everywhere. Sign in with the new one."),
                "success",
            )
            return redirect(url_for("auth.login"))
    code = 422 if form.errors else 200
    return _page(form, LanguageForm(language=current_user.language)), code


@bp.post("/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        return _page(ChangePasswordForm(formdata=None), form), 422
    users.set_language(current_user, form.language.data)
    # Said in the language the next page speaks: this request's person was read before the change.
    with in_language(language_for(form.language.data)):
        flash(gettext("Your language is saved."), "success")
    return redirect(url_for("account.index"))


def _page(form: ChangePasswordForm, language: LanguageForm) -> str:
    return render_template(
        "accounts/account.html", form=form, language_form=language, sign_out=ActionForm(),
        local_login=current_app.config["LOCAL_LOGIN"],
    )  # fmt: skip


@bp.post("/sign-out-everywhere")
def sign_out_everywhere():
    if ActionForm().validate_on_submit():
        sessions.end_everywhere(current_user)
        flash(gettext("You are signed out in every browser, this one too."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("account.index"))
