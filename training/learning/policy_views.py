"""Policies for learners: read the current version, see what changed, acknowledge it."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from training.errors import ValidationFailed
from training.i18n import language
from training.learning import acknowledgements, reading
from training.learning.forms import AcknowledgeForm

bp = Blueprint("policies", __name__, url_prefix="/policies")


@bp.before_request
@login_required
def require_login():
    """Every signed-in person may read policies and acknowledge them."""


@bp.get("/<policy_id>")
def changes(policy_id: str):
    view = reading.policy_changes(acknowledgements.changes(current_user, policy_id), language())
    form = AcknowledgeForm(version_id=view.current.id)
    return render_template("learning/policy_changes.html", view=view, form=form)


@bp.post("/<policy_id>/acknowledge")
def acknowledge(policy_id: str):
    form = AcknowledgeForm()
    if form.validate_on_submit():
        try:
            read_in = reading.policy_language(acknowledgements.current(policy_id), language())
            acknowledgements.acknowledge(current_user, policy_id, form.version_id.data, read_in)
        except (ValidationFailed, ValueError) as exc:
            flash(str(exc), "error")
            return redirect(url_for("policies.changes", policy_id=policy_id))
        flash(gettext("Thank you. Your acknowledgement is recorded."), "success")
        return redirect(url_for("learn.home"))
    view = reading.policy_changes(acknowledgements.changes(current_user, policy_id), language())
    return render_template("learning/policy_changes.html", view=view, form=form), 422
