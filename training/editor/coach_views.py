"""The editor's pages for the response coach's rules: edit and try, publish or restore, history, diff.

They hang on the editor blueprint, whose before_request lets only editors and admins in.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.editor import coach as coach_editing
from training.editor import drafts as editing
from training.editor import forms
from training.editor import publish as editing_publish
from training.editor.views import _conflict, _problems, _status, because, bp, reason
from training.errors import Conflict, ValidationFailed
from training.forms import id_number

KIND, KEY = coach_editing.KIND, coach_editing.KEY


@bp.route("/coach/edit", methods=["GET", "POST"])
def coach_edit():
    opened = coach_editing.open_rules()
    form = forms.CoachRulesForm(text=opened.text, revision=opened.revision, number=str(opened.number))
    problems, trial, conflict, tried = [], None, None, False
    if form.validate_on_submit():
        try:
            if form.save.data:
                coach_editing.save(current_user, form.text.data or "", *form.state)
                flash(_("Draft of the rules saved. The coach still uses the published rules."), "success")
                return redirect(url_for(".coach_edit"))
            problems, trial = coach_editing.try_rules(
                form.text.data or "", form.reply.data or "", form.situation()
            )
            tried = True
        except ValidationFailed as exc:
            problems = _problems(exc)
        except Conflict as exc:
            conflict = _conflict(form, KIND, KEY, editing.normalise(form.text.data or ""), exc)
    page = render_template(
        "editor/coach.html", form=form, opened=opened, problems=problems, trial=trial, conflict=conflict,
        tried=tried,
    )  # fmt: skip
    return page, 409 if conflict else _status(form, problems)


@bp.route("/coach/publish", methods=["GET", "POST"])
def coach_publish():
    return _publish_page(None)


@bp.route("/coach/restore/<int:number>", methods=["GET", "POST"])
def coach_restore(number: int):
    return _publish_page(number)


def _publish_page(restoring: int | None):
    """Show what publishing the draft (or an old version again) changes, and publish it."""
    form, error = forms.CoachPublishForm(), None
    if form.validate_on_submit():
        try:
            version = coach_editing.publish_rules(current_user, *form.state, form.note.data or "", restoring)
        except (Conflict, ValidationFailed) as exc:
            error = exc
        else:
            flash(_published(restoring, version.number), "success")
            return redirect(url_for(".coach_history"))
    problems, changes = _problems(error) if isinstance(error, ValidationFailed) else [], None
    try:
        changes, opened = coach_editing.review(restoring)
    except ValidationFailed as exc:
        opened, problems = coach_editing.open_rules(), _problems(exc)
    if changes is not None and (not form.is_submitted() or isinstance(error, Conflict)):
        form.set_state(opened.revision, opened.number)
    status = 409 if isinstance(error, Conflict) else 422 if problems or form.errors else 200
    page = render_template(
        "editor/coach_publish.html", form=form, opened=opened, changes=changes, problems=problems,
        conflict=reason(error) if status == 409 else None, restoring=restoring,
    )  # fmt: skip
    return page, status


def _published(restoring: int | None, number: int) -> str:
    if restoring:
        return _(
            "Version %(old)s of the rules is in force again as version %(new)s. The coach checks every new "
            "reply with it.", old=restoring, new=number,
        )  # fmt: skip
    return _("Published version %(number)s. The coach checks every new reply with it.", number=number)


@bp.post("/coach/discard")
def coach_discard():
    form = forms.StateForm()
    if form.validate_on_submit():
        try:
            editing_publish.discard_draft(current_user, KIND, KEY, *form.state)
        except (Conflict, ValidationFailed) as exc:
            flash(because(_("The draft was not discarded."), exc), "error")
        else:
            flash(_("Draft of the rules discarded."), "success")
    return redirect(url_for(".index"))


@bp.get("/coach/history")
def coach_history():
    opened = coach_editing.open_rules()
    return render_template("editor/coach_history.html", opened=opened, versions=coach_editing.every_version())


@bp.get("/coach/diff")
def coach_diff():
    old, new = request.args.get("old", type=id_number), request.args.get("new", type=id_number)
    if old is None or new is None:
        abort(404)
    changes = coach_editing.diff(old, new)
    return render_template("editor/coach_diff.html", changes=changes, old=old, new=new)
