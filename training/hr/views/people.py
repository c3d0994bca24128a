"""HR's people table, the person page, and deactivating or reactivating a person."""

from dataclasses import dataclass

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from training.db import db
from training.errors import Forbidden, ValidationFailed
from training.forms import ActionForm
from training.hr import dashboard
from training.hr import people as hr_people
from training.hr.forms import DeactivateForm, ExtensionForm, PeopleFilterForm, page_number
from training.hr.views import bp
from training.i18n import long_date, refusal
from training.models import User
from training.status import due_extensions
from training.status import report as reports

PAGE_SIZE = 50


@dataclass
class Pager:
    """Which page of a long list is shown; `number` is clamped to the pages there are."""

    number: int
    total: int
    size: int = PAGE_SIZE

    def __post_init__(self):
        self.number = min(max(1, self.number), self.pages)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def last_row(self) -> int:
        return min(self.total, self.offset + self.size)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and those near this one; None marks a gap."""
        wanted = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        shown = sorted(p for p in wanted if 1 <= p <= self.pages)
        result: list[int | None] = []
        for page in shown:
            if result and page - result[-1] > 1:
                result.append(None)
            result.append(page)
        return result


@bp.context_processor
def hr_links() -> dict:
    """Let HR templates link to pages that other parts of HR add, only once they exist."""
    return {"hr_has": lambda endpoint: endpoint in current_app.view_functions}


def filter_choices(form):
    """Offer the departments and courses there are in a filter form; return the form."""
    return form.offer(dashboard.departments(), dashboard.course_titles())


@bp.get("/people")
def people():
    form = filter_choices(PeopleFilterForm(formdata=request.args))
    filters = form.people_filter()
    pager = Pager(page_number(request.args.get("page")), reports.count(filters))
    rows = list(reports.completion_rows(filters, pager.offset, pager.size))
    params = form.chosen | {"sort": filters.sort, "desc": "1" if filters.descending else None}
    return render_template(
        "hr/people.html", form=form, filters=filters, rows=rows, pager=pager, params=params,
        titles=dashboard.course_titles(),
    )  # fmt: skip


@bp.get("/people/deactivated")
def inactive():
    pager = Pager(page_number(request.args.get("page")), hr_people.inactive_count())
    people = hr_people.inactive_people(pager.offset, pager.size)
    return render_template("hr/inactive.html", people=people, pager=pager)


@bp.get("/people/<int:user_id>")
def person(user_id: int):
    return _person_page(user_id, ExtensionForm(prefix="extension"))


def _person_page(user_id: int, extension_form: ExtensionForm, status: int = 200):
    record = hr_people.person_record(user_id)
    extension_form.offer({course.view.course_id: course.view.title for course in record.assigned})
    return render_template(
        "hr/person.html", record=record, form=ActionForm(), extension_form=extension_form
    ), status


@bp.post("/people/<int:user_id>/extensions")
def extend(user_id: int):
    form = ExtensionForm(prefix="extension").offer(dashboard.course_titles())
    if form.validate_on_submit():
        try:
            due_extensions.extend(
                current_user, user_id, form.course.data, form.due_date.data, form.reason.data
            )
        except ValidationFailed as exc:
            form.course.errors = [*form.course.errors, refusal(exc)]
        else:
            flash(
                gettext(
                    "New due date set: %(date)s. The reason is kept.", date=long_date(form.due_date.data)
                ),
                "success",
            )
            return redirect(url_for("hr.person", user_id=user_id))
    return _person_page(user_id, form, 422)


@bp.get("/people/<int:user_id>/deactivate")
def confirm_deactivate(user_id: int):
    user = db.get_or_404(User, user_id)
    if not user.active:
        return redirect(url_for("hr.person", user_id=user_id))
    return render_template("hr/deactivate.html", user=user, form=DeactivateForm(confirm="yes"))


@bp.post("/people/<int:user_id>/deactivate")
def deactivate(user_id: int):
    if not DeactivateForm().validate_on_submit():  # not confirmed: ask on the confirmation page
        flash(gettext("Nothing was changed: confirm the deactivation on this page."), "error")
        return redirect(url_for("hr.confirm_deactivate", user_id=user_id))
    return _set_active(user_id, False)


@bp.post("/people/<int:user_id>/reactivate")
def reactivate(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    if ActionForm().validate_on_submit():
        try:
            user = hr_people.set_active(current_user, user_id, active)
        except (ValidationFailed, Forbidden) as exc:
            flash(refusal(exc), "error")
        else:
            if active:
                flash(gettext("%(name)s is reactivated: they can sign in again.", name=user.name), "success")
            else:
                flash(gettext("%(name)s is deactivated; their records are kept.", name=user.name), "success")
    return redirect(url_for("hr.person", user_id=user_id))
