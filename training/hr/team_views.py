"""The managers' team page: `/team`, for anyone named as an active person's manager.

Access is decided once, here: a visitor is sent to sign in and a signed-in person who manages
nobody gets 403, before any view runs. What a manager may see and remind is narrowed to their own
reports by the service, so a report of someone else is a 404.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from training.accounts import mail
from training.errors import NotFound, ValidationFailed
from training.forms import ActionForm
from training.hr import team
from training.i18n import refusal

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.before_request
@login_required
def require_manager():
    if not team.manages_anyone(current_user):
        abort(403)


@bp.app_context_processor
def team_link() -> dict:
    """Let the site menu ask, only when it is drawn, whether the signed-in person has a team."""
    return {"manages_team": lambda: current_user.is_authenticated and team.manages_anyone(current_user)}


@bp.get("")
def index():
    rows = team.team_rows(current_user)
    return render_template("hr/team.html", rows=rows, form=ActionForm())


@bp.post("/remind/<int:user_id>/<course_id>")
def remind(user_id: int, course_id: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        sent = team.send_reminder(current_user, user_id, course_id)
    except NotFound:
        abort(404)
    except (ValidationFailed, mail.MailError) as exc:
        flash(refusal(exc), "error")
        return redirect(url_for("team.index"))
    if sent:
        flash(gettext("Reminder sent."), "success")
    else:
        flash(
            gettext("A reminder about this course already went to them today; they get at most one a day."),
            "info",
        )
    return redirect(url_for("team.index"))
