"""HR's reports: the completion dashboard, who is out of date and why, and scenario insight."""

from flask import render_template, request

from training.hr import dashboard as dashboard_service
from training.hr import insight as hr_insight
from training.hr.forms import FilterForm, page_number
from training.hr.views import bp
from training.hr.views.people import Pager, filter_choices
from training.status import redo


@bp.get("/")
def dashboard():
    form = filter_choices(FilterForm(formdata=request.args))
    status = form.value("status")
    department, course = form.value("department"), form.value("course")
    charts, headline = dashboard_service.overview(department, course, status)
    return render_template("hr/dashboard.html", form=form, charts=charts, status=status, headline=headline)


@bp.get("/outdated")
def outdated():
    form = filter_choices(FilterForm(formdata=request.args))
    department, course = form.value("department"), form.value("course")
    pager = Pager(page_number(request.args.get("page")), redo.count(department, course))
    rows = redo.page(department, course, offset=pager.offset, limit=pager.size)
    return render_template(
        "hr/outdated.html", form=form, rows=rows, pager=pager, params=form.chosen,
        titles=dashboard_service.course_titles(),
    )  # fmt: skip


@bp.get("/insight")
def insight():
    form = filter_choices(FilterForm(formdata=request.args))
    quizzes = hr_insight.insight(form.value("department"), form.value("course"))
    return render_template(
        "hr/insight.html", form=form, quizzes=quizzes, wrong=hr_insight.common_wrong(quizzes),
        titles=dashboard_service.course_titles(),
    )  # fmt: skip
