"""The content editor's pages: the library, new content, editing with preview, publishing, history."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from training.content.files import MAX_FILE_BYTES, Problem
from training.editor import courses as editing_courses
from training.editor import drafts as editing
from training.editor import forms
from training.editor import history as editing_history
from training.editor import publish as editing_publish
from training.editor.review import text_diff
from training.errors import Conflict, ValidationFailed
from training.forms import id_number
from training.hr import dashboard
from training.hr import insight as hr_insight
from training.hr.forms import FilterForm
from training.web import checks_nul_itself

bp = Blueprint("editor", __name__, url_prefix="/editor")
KINDS = {"policies": "policy", "courses": "course", "items": "item"}
ANY_KIND = "<any(policies, courses, items):kinds>/<key>"


@bp.before_request
@login_required
def require_editor():
    """Every page here is for editors; admins hold every role."""
    if not current_user.has_role("editor"):
        abort(403)


@bp.errorhandler(413)
def too_large(error):
    message = (
        f"That text is too long to send. A content file may be at most {MAX_FILE_BYTES:,} bytes (1 MiB)."
    )
    return render_template("errors/error.html", code=413, title="Text too long", message=message), 413


def _problems(exc: ValidationFailed) -> list[Problem]:
    return exc.problems or [Problem("", None, str(exc))]


def _status(form, problems) -> int:
    return 422 if problems or form.errors else 200


def _settings(form) -> editing_courses.CourseSettings:
    return editing_courses.CourseSettings(
        form.title.data, form.summary.data or "", editing_courses.audience_from_text(form.audience.data),
        form.due_days.data, form.description.data or "",
    )  # fmt: skip


def _conflict(form, kind: str, key: str, yours: str, exc: Conflict) -> dict:
    """Describe both texts after a refused save, and point the form at the text now saved."""
    opened = editing.open_text(kind, key)
    form.set_state(opened.revision, opened.number)
    by = opened.draft.updated_by if opened.draft else opened.current.author if opened.current else ""
    return {"message": str(exc), "theirs": opened.text, "by": by, "diff": text_diff(opened.text, yours)}


@bp.get("/")
def index():
    policies, courses = editing_history.overview()
    return render_template("editor/index.html", policies=policies, courses=courses)


@bp.get("/insight")
def insight():
    """Scenario insight, so editors see which wrong judgements to teach better; counts, no names."""
    titles = dashboard.course_titles()
    form = FilterForm(formdata=request.args).offer([], titles)  # by course only: no departments here
    quizzes = hr_insight.insight(None, form.value("course"))
    wrong = hr_insight.common_wrong(quizzes)
    return render_template("editor/insight.html", form=form, quizzes=quizzes, wrong=wrong, titles=titles)


@bp.route("/courses/new", methods=["GET", "POST"])
def new_course():
    form = forms.offer_sections(forms.NewCourseForm(), editing.section_choices())
    problems = []
    if form.validate_on_submit():
        first = (form.first_kind.data, form.item_id.data, form.item_title.data, form.covers.data)
        try:
            editing_courses.create_course(current_user, form.course_id.data, _settings(form), first)
        except ValidationFailed as exc:
            problems = _problems(exc)
        else:
            flash("Course and first item created as drafts: write the item, then publish it.", "success")
            return redirect(url_for(".edit", kinds="items", key=form.item_id.data))
    return render_template("editor/new_course.html", form=form, problems=problems), _status(form, problems)


@bp.route("/courses/<course_id>/new/<any(lesson, quiz):kind>", methods=["GET", "POST"])
def new_item(course_id: str, kind: str):
    editing.target("course", course_id)
    form = forms.offer_sections(forms.NewItemForm(), editing.section_choices())
    problems = []
    if form.validate_on_submit():
        try:
            editing_courses.create_item(
                current_user, course_id, kind, form.item_id.data, form.title.data, form.covers.data
            )
        except ValidationFailed as exc:
            problems = _problems(exc)
        else:
            flash(f"New {kind} created as a draft.", "success")
            return redirect(url_for(".edit", kinds="items", key=form.item_id.data))
    page = render_template(
        "editor/new_item.html", form=form, problems=problems, kind=kind, course_id=course_id
    )
    return page, _status(form, problems)


@bp.route("/courses/<course_id>/settings", methods=["GET", "POST"])
def course_settings(course_id: str):
    opened, course = editing_courses.working_course(course_id)
    settings = editing_courses.settings_of(course)
    form = forms.CourseForm(
        revision=opened.revision, number=str(opened.number), title=settings.title, summary=settings.summary,
        audience=editing_courses.audience_as_text(settings.audience), due_days=settings.due_days,
        description=settings.description_md,
    )  # fmt: skip
    problems, preview, conflict = [], {}, None
    if form.validate_on_submit():
        try:
            if form.save.data:
                editing_courses.save_course(current_user, course_id, _settings(form), *form.state)
                flash("Course draft saved. Learners still see the published version.", "success")
                return redirect(url_for(".course_settings", course_id=course_id))
            problems, preview = editing_courses.try_settings(course_id, _settings(form))
        except ValidationFailed as exc:
            problems = _problems(exc)
        except Conflict as exc:
            yours = editing_courses.settings_text(course_id, _settings(form))
            conflict = _conflict(form, "course", course_id, yours, exc)
    status = 409 if conflict else _status(form, problems)
    page = render_template(
        "editor/course.html", form=form, opened=opened, problems=problems, preview=preview, conflict=conflict
    )
    return page, status


@bp.get("/courses/<course_id>/order")
def order(course_id: str):
    opened, course = editing_courses.working_course(course_id)
    titles = editing.item_titles(course.items)
    waiting = editing.item_titles(editing_courses.unlisted_items(course_id, course.items))
    return render_template(
        "editor/order.html", opened=opened, items=course.items, titles=titles, waiting=waiting
    )


@bp.post("/courses/<course_id>/order")
def move(course_id: str):
    form = forms.MoveForm()
    if form.validate_on_submit():
        try:
            editing_courses.move_item(
                current_user, course_id, form.item_id.data, int(form.offset.data), *form.state
            )
        except Conflict:
            flash(
                "Someone else changed this course after you opened the page. This is the order now.", "error"
            )
        except ValidationFailed as exc:
            flash(str(exc), "error")
    return redirect(url_for(".order", course_id=course_id))


@bp.route("/<any(policies, items):kinds>/<key>/edit", methods=["GET", "POST"])
@checks_nul_itself("text")  # content/files.py names the line with the NUL character
def edit(kinds: str, key: str):
    kind = KINDS[kinds]
    opened = editing.open_text(kind, key)
    form = forms.TextForm(text=opened.text, revision=opened.revision, number=str(opened.number))
    form.text.description = forms.TEXT_HELP.format(file=opened.target.file_name)
    problems, preview, conflict = [], {}, None
    if form.validate_on_submit():
        try:
            if form.save.data:
                editing.save_draft(current_user, kind, key, form.text.data or "", *form.state)
                flash("Draft saved. Learners still see the published version.", "success")
                return redirect(url_for(".edit", kinds=kinds, key=key))
            problems, preview = editing.try_text(kind, key, form.text.data or "")
        except ValidationFailed as exc:
            problems = _problems(exc)
        except Conflict as exc:
            conflict = _conflict(form, kind, key, editing.normalise(form.text.data or ""), exc)
    status = 409 if conflict else _status(form, problems)
    page = render_template(
        "editor/edit.html", form=form, opened=opened, kinds=kinds, problems=problems, preview=preview,
        conflict=conflict,
    )  # fmt: skip
    return page, status


@bp.route(f"/{ANY_KIND}/publish", methods=["GET", "POST"])
def publish(kinds: str, key: str):
    form, error = forms.PublishForm(), None
    if form.validate_on_submit():
        try:
            version = editing_publish.publish_draft(
                current_user, KINDS[kinds], key, *form.state, form.retrain.data, form.note.data or ""
            )
        except (Conflict, ValidationFailed) as exc:
            error = exc
        else:
            flash(f"Published version {version.number}. Learners see it now.", "success")
            return redirect(url_for(".history", kinds=kinds, key=key))
    return _review_page(kinds, key, form, error, partial(editing_publish.review_draft, KINDS[kinds], key))


@bp.route(f"/{ANY_KIND}/restore/<int:number>", methods=["GET", "POST"])
def restore(kinds: str, key: str, number: int):
    form, error = forms.PublishForm(), None
    if form.validate_on_submit():
        try:
            version = editing_publish.restore(
                current_user,
                KINDS[kinds],
                key,
                number,
                form.state[1],
                form.retrain.data,
                form.note.data or "",
            )
        except (Conflict, ValidationFailed) as exc:
            error = exc
        else:
            flash(f"Version {number} is published again as version {version.number}.", "success")
            return redirect(url_for(".history", kinds=kinds, key=key))
    review = partial(editing_publish.review_restore, KINDS[kinds], key, number)
    return _review_page(kinds, key, form, error, review, restoring=number)


def _review_page(kinds: str, key: str, form, error, make_review, restoring: int | None = None):
    """Render what publishing would change, with the form; or why it cannot be published."""
    problems = _problems(error) if isinstance(error, ValidationFailed) else []
    try:
        review, opened = make_review()
    except ValidationFailed as exc:
        review, opened, problems = None, editing.open_text(KINDS[kinds], key), _problems(exc)
    if review is not None and (not form.is_submitted() or isinstance(error, Conflict)):
        form.set_state(opened.revision, opened.number)
        form.retrain.data = review.retrain_default
    status = 409 if isinstance(error, Conflict) else 422 if problems or form.errors else 200
    page = render_template(
        "editor/publish.html", kinds=kinds, key=key, form=form, review=review, opened=opened,
        problems=problems, conflict=error if status == 409 else None, restoring=restoring,
    )  # fmt: skip
    return page, status


@bp.post(f"/{ANY_KIND}/discard")
def discard(kinds: str, key: str):
    form = forms.StateForm()
    if form.validate_on_submit():
        try:
            editing_publish.discard_draft(current_user, KINDS[kinds], key, *form.state)
        except (Conflict, ValidationFailed) as exc:
            flash(f"The draft was not discarded. {exc}", "error")
        else:
            flash("Draft discarded.", "success")
    return redirect(url_for(".index"))


@bp.get(f"/{ANY_KIND}/history")
def history(kinds: str, key: str):
    opened = editing.open_text(KINDS[kinds], key)
    versions = editing_history.all_versions(KINDS[kinds], key)
    return render_template("editor/history.html", kinds=kinds, key=key, opened=opened, versions=versions)


@bp.get(f"/{ANY_KIND}/diff")
def diff(kinds: str, key: str):
    old, new = request.args.get("old", type=id_number), request.args.get("new", type=id_number)
    if old is None or new is None:
        abort(404)
    changes = editing_history.diff(KINDS[kinds], key, old, new)
    opened = editing.open_text(KINDS[kinds], key)
    return render_template(
        "editor/diff.html", kinds=kinds, key=key, opened=opened, changes=changes, old=old, new=new
    )
