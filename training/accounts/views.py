"""Sign in, sign out, password links ("forgot password", invitations) and the first-run page."""

import hmac

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user

from training.accounts import invites, mail, sessions, setup, signin, sso, sso_people, users
from training.accounts.forms import ForgotPasswordForm, LoginForm, SetPasswordForm, SetupForm
from training.accounts.safety import safe_next
from training.errors import ValidationFailed
from training.extensions import limiter
from training.forms import ActionForm
from training.i18n import N_

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; failures are limited per account and per address by `signin`, not per route."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.home"))
    form = LoginForm(next=request.args.get("next", ""))
    code = 200
    local = current_app.config["LOCAL_LOGIN"]  # with LOCAL_LOGIN=0 no password signs anyone in
    if local and form.validate_on_submit():
        try:
            user = signin.sign_in(form.email.data, form.password.data, request.remote_addr or "")
        except signin.SignInRefused as exc:
            form.password.errors.append(str(exc))
            code = 429 if exc.reason == "limited" else 200
        else:
            sessions.start(user)
            return redirect(safe_next(form.next.data) or url_for("learn.home"))
    return render_template(
        "accounts/login.html", form=form, local_login=local, needs_setup=not users.any_users(),
        sso_name=sso.provider_name() if sso.enabled() else None,
    ), code  # fmt: skip


@bp.get("/login/sso")
@limiter.limit(_login_limit)
def sso_start():
    """Leave for the company's provider to sign in.

    A link, not a form: the site's CSP (form-action 'self') stops a form's redirect to another
    site, and starting a sign-in is harmless; only the callback, bound to this browser, signs in.
    """
    if not sso.enabled():
        abort(404)
    callback = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.sso_callback")
    try:
        return sso.begin(callback, request.args.get("next"))
    except sso.SsoRefused as exc:
        return _sso_refused(exc)


@bp.get("/login/sso/callback")
@limiter.limit(_login_limit)
def sso_callback():
    """Come back from the provider: sign in the person it vouches for, or say why not."""
    if not sso.enabled():
        abort(404)
    try:
        claims, next_path = sso.finish()
        user = sso_people.sign_in(claims, sso_people.rules(), sso.provider_name())
    except sso.SsoRefused as exc:
        signin.record_refusal(exc.email, request.remote_addr or "", exc.reason)
        return _sso_refused(exc)
    sessions.start(user)
    return redirect(next_path or url_for("learn.home"))


def _sso_refused(exc: sso.SsoRefused):
    page = render_template("accounts/sso_refused.html", message=str(exc), provider=sso.provider_name())
    response = make_response(page, exc.status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/logout")
def logout():
    if ActionForm().validate_on_submit():
        if current_user.is_authenticated:
            sessions.end(current_user)
        flash(gettext("You are signed out."), "info")
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
            sessions.start(user)
            flash(gettext("Your administrator account is ready."), "success")
            return redirect(url_for("learn.home"))
    return render_template("accounts/setup.html", form=form)


FORGOT_ANSWER = N_(
    "If an account exists for that address, we have sent it a link to choose a new password. "
    "The link works once and expires soon. Check your inbox, and your spam folder."
)


def _after_response(app, email: str):
    """Send the reset email once the response is on its way, so it cannot change the response."""

    def send() -> None:
        with app.app_context():
            try:
                invites.request_reset(email)
            except mail.MailError as exc:
                app.logger.warning("password reset email not sent: %s", exc)

    return send


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    if not current_app.config["LOCAL_LOGIN"]:
        abort(404)  # passwords are switched off: the company's sign-in is the only way
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # Same answer, same work in the request, whether the address exists or not.
        flash(gettext(FORGOT_ANSWER), "info")
        response = redirect(url_for("auth.login"))
        response.call_on_close(_after_response(current_app._get_current_object(), form.email.data))
        return response
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def set_password(token: str):
    if not current_app.config["LOCAL_LOGIN"]:
        abort(404)  # passwords are switched off: no link sets one or signs anyone in
    state = invites.check(token)
    form = SetPasswordForm()
    if state.status == "valid" and form.validate_on_submit():
        try:
            user = invites.use(token, form.password.data)
        except invites.LinkInvalid as exc:
            state = invites.LinkState(exc.status)
        except ValidationFailed as exc:
            form.password.errors.append(str(exc))
        else:
            sessions.start(user)
            flash(gettext("Your password is set and you are signed in."), "success")
            return redirect(url_for("learn.home"))
    code = {"valid": 200, "unknown": 404}.get(state.status, 410)
    response = make_response(render_template("accounts/set_password.html", state=state, form=form), code)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
