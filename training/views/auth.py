"""Sign in, sign out and the first-run page that creates the first admin."""

import hmac

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from training.errors import ValidationFailed
from training.extensions import limiter
from training.forms import ActionForm, LoginForm, SetupForm
from training.services import setup, users
from training.views.safety import safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(form.next.data) or url_for("learn.home"))
        form.password.errors.append("That email address and password do not match an active account.")
    return render_template("auth/login.html", form=form, needs_setup=not users.any_users())


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def first_run(token: str):
    expected = setup.current_token(current_app.instance_path)
    if users.any_users() or not expected or not hmac.compare_digest(token, expected):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = setup.create_first_admin(
                current_app.instance_path, form.name.data, form.email.data, form.password.data
            )
        except ValidationFailed as exc:
            form.password.errors.append(str(exc))
        else:
            login_user(user)
            flash("Your administrator account is ready.", "success")
            return redirect(url_for("learn.home"))
    return render_template("auth/setup.html", form=form)
