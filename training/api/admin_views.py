"""The admin's page of API tokens: create (shown once), list and revoke.

Access is decided once, here: every route needs the admin role, checked on the server before any
view runs. The forms carry CSRF tokens as every form of the site does.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.api import tokens
from training.api.forms import TokenForm
from training.db import utcnow
from training.errors import NotFound, ValidationFailed
from training.forms import ActionForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def require_admin():
    if "admin" not in current_user.role_set:
        abort(403)


@bp.route("/tokens", methods=["GET", "POST"])
def api_tokens():
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        try:
            created = tokens.create(current_user, form.name.data, form.scopes.data, int(form.days.data))
        except ValidationFailed as exc:
            form.name.errors.append(str(exc))
        else:
            form = TokenForm(formdata=None)
    # The new token is shown in this answer only (no redirect): it is not kept anywhere to show again.
    return render_template(
        "api/tokens.html",
        form=form,
        created=created,
        rows=tokens.listing(),
        now=utcnow(),
    )


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        row = tokens.revoke(current_user, token_id)
    except NotFound:
        abort(404)
    flash(_("The API token “%(name)s” is revoked: it no longer opens the API.", name=row.name), "success")
    return redirect(url_for("admin.api_tokens"))
