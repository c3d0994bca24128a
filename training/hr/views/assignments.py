"""HR's assignments: assign a course to everyone, departments or people; remove, keeping history."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from training.errors import NotFound, ValidationFailed
from training.forms import ActionForm
from training.hr import dashboard
from training.hr.forms import AssignForm
from training.hr.views import bp
from training.i18n import refusal
from training.status import assignments as assignment_service


@bp.route("/assignments", methods=["GET", "POST"])
def assignments():
    titles = dashboard.course_titles()
    form = AssignForm().offer(dashboard.departments(), titles)
    if form.validate_on_submit():
        try:
            rows = assignment_service.assign_many(
                current_user, form.course.data, form.scope.data, _targets(form), **form.due
            )
        except (ValidationFailed, NotFound) as exc:
            field = form.emails if form.scope.data == "person" else form.course
            field.errors = [*field.errors, refusal(exc)]
        else:
            flash(_assigned(form, titles[form.course.data], len(rows)), "success")
            return redirect(url_for("hr.assignments"))
    rows = assignment_service.described()
    return render_template(
        "hr/assignments.html", form=form, titles=titles, action=ActionForm(),
        active=sorted((r for r in rows if r.assignment.removed_at is None), key=lambda r: _order(r, titles)),
        removed=sorted((r for r in rows if r.assignment.removed_at), key=lambda r: r.assignment.removed_at,
                       reverse=True),
    ), (422 if form.errors else 200)  # fmt: skip


def _targets(form: AssignForm) -> list[str]:
    if form.scope.data == "department":
        return form.departments.data
    return assignment_service.split_emails(form.emails.data) if form.scope.data == "person" else []


def _assigned(form: AssignForm, title: str, count: int) -> str:
    if form.scope.data == "everyone":
        return gettext("%(course)s assigned (everyone).", course=title)
    if form.scope.data == "department":
        return ngettext(
            "%(course)s assigned (%(num)d department).", "%(course)s assigned (%(num)d departments).",
            count, course=title,
        )  # fmt: skip
    return ngettext(
        "%(course)s assigned (%(num)d person).", "%(course)s assigned (%(num)d people).", count, course=title
    )


def _order(row, titles: dict[str, str]):
    """Active assignments by course title; within a course the default first, then newest."""
    a = row.assignment
    return (titles.get(a.course_id, a.course_id).lower(), a.source != "course", -a.created_at.timestamp())


@bp.post("/assignments/<int:assignment_id>/remove")
def remove_assignment(assignment_id: int):
    if ActionForm().validate_on_submit():
        try:
            assignment_service.remove(current_user, assignment_id)
        except (ValidationFailed, NotFound) as exc:
            flash(refusal(exc), "error")
        else:
            flash(gettext("Assignment removed. It is kept in the history below."), "success")
    return redirect(url_for("hr.assignments"))
