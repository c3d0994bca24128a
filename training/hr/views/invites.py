"""Invitations: people imported without a password get a link to choose one."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from training.accounts import invites
from training.accounts.forms import InviteForm
from training.db import utcnow
from training.errors import ValidationFailed
from training.hr.views import bp
from training.i18n import refusal

SHOWN = 500  # rows on the page; "everyone not yet invited" reaches the rest


@bp.get("/invitations")
def invitations():
    rows, waiting, new = invites.waiting(limit=SHOWN)
    return render_template(
        "hr/invitations.html",
        rows=rows,
        waiting=waiting,
        new=new,
        shown=SHOWN,
        now=utcnow(),
        form=InviteForm(),
    )


@bp.post("/invitations")
def send_invitations():
    form = InviteForm()
    if not form.validate_on_submit():
        flash(gettext("Choose whom to invite."), "error")
        return redirect(url_for("hr.invitations"))
    if form.scope.data == "selected" and not form.people.data:
        flash(gettext("Tick the people to invite first."), "error")
        return redirect(url_for("hr.invitations"))
    try:
        result = invites.invite(current_user, user_ids=form.people.data, all_new=form.scope.data == "new")
    except ValidationFailed as exc:  # passwords are switched off
        flash(refusal(exc), "error")
        return redirect(url_for("hr.invitations"))
    _report(result)
    return redirect(url_for("hr.invitations"))


def _report(result: invites.InviteResult) -> None:
    if result.sent:
        flash(
            ngettext(
                "Invitation sent to %(num)d person.", "Invitation sent to %(num)d people.", len(result.sent)
            ),
            "success",
        )
    elif not result.failed and not result.skipped:
        flash(gettext("Nobody to invite: everyone new has been invited already."), "info")
    for email, why in result.skipped:
        flash(gettext("Not invited: %(email)s, %(why)s.", email=email, why=gettext(why)), "info")
    for failure in result.failed:
        flash(
            gettext(
                "Not sent: %(failure)s. Nothing was recorded for them; try again later.", failure=failure
            ),
            "error",
        )
