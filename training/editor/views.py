"""The content editor's pages: the library, new content, editing with preview, publishing, history."""

from dataclasses import dataclass
from functools import partial

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from training.coach import catalogue
from training.content.files import MAX_FILE_BYTES, Problem
from training.editor import approval, forms, translating
from training.editor import courses as editing_courses
from training.editor import drafts as editing
from training.editor import history as editing_history
from training.editor import publish as editing_publish
from training.editor.review import text_diff
from training.errors import Conflict, ValidationFailed
from training.forms import id_number
from training.hr import dashboard, exports
from training.hr import insight as hr_insight
from training.hr.forms import FilterForm, page_number
from training.hr.views.people import Pager
from training.i18n import N_, language, number
from training.models import PublishRequest
from training.status import redo
from training.web import checks_nul_itself

bp = Blueprint("editor", __name__, url_prefix="/editor")
KINDS = {"policies": "policy", "courses": "course", "items": "item"}
KINDS_OF = {kind: kinds for kinds, kind in KINDS.items()}  # "policy" -> "policies"
ANY_KIND = "<any(policies, courses, items):kinds>/<key>"
# What became of a request for approval, as the flashes name it (stored in English).
OUTCOMES = {"approved": N_("approved"), "withdrawn": N_("withdrawn"), "declined": N_("declined")}


@bp.before_request
@login_required
def require_editor():
    """Every page here is for editors; admins hold every role."""
    if not current_user.has_role("editor"):
        abort(403)


@bp.errorhandler(413)
def too_large(error):
    message = _(
        "That text is too long to send. A content file may be at most %(bytes)s bytes (1 MiB).",
        bytes=number(MAX_FILE_BYTES),
    )
    return render_template("errors/error.html", code=413, title=_("Text too long"), message=message), 413


def outcome_label(outcome: str) -> str:
    return _(OUTCOMES[outcome]) if outcome in OUTCOMES else outcome


def said(text: str) -> Markup:
    """What a service said, in the reader's language where the catalogue has it, else marked English."""
    local = text if language() == "en" else catalogue.translation(text)
    if local is None:
        return Markup('<span lang="en">{}</span>').format(text)
    return Markup("{}").format(local)


def reason(exc: Exception) -> Markup:
    """Why a service refused, as `said` shows it."""
    return said(str(exc))


def because(what: str, exc: Exception) -> Markup:
    """A flash that says what did not happen, then why."""
    return Markup("{} {}").format(what, reason(exc))


def _problems(exc: ValidationFailed) -> list[Problem]:
    return exc.problems or [Problem("", None, reason(exc))]  # a Markup message says its own language


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
    return {"message": reason(exc), "theirs": opened.text, "by": by, "diff": text_diff(opened.text, yours)}


@bp.get("/")
def index():
    policies, courses = editing_history.overview()
    titles = {row.key: row.title for row in policies}
    return render_template(
        "editor/index.html", policies=policies, courses=courses, waiting=approval.waiting(), titles=titles,
        coach=editing.open_text("coach", editing.COACH_KEY), stale=translating.stale(), KINDS_OF=KINDS_OF,
    )  # fmt: skip


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
            flash(_("Course and first item created as drafts: write the item, then publish it."), "success")
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
            flash(
                _("New quiz created as a draft.") if kind == "quiz" else _("New lesson created as a draft."),
                "success",
            )
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
                flash(_("Course draft saved. Learners still see the published version."), "success")
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
                _("Someone else changed this course after you opened the page. This is the order now."),
                "error",
            )
        except ValidationFailed as exc:
            flash(because(_("Not moved."), exc), "error")
    return redirect(url_for(".order", course_id=course_id))


@bp.route("/<any(policies, items):kinds>/<key>/edit", methods=["GET", "POST"])
@checks_nul_itself("text")  # content/files.py names the line with the NUL character
def edit(kinds: str, key: str):
    kind = KINDS[kinds]
    opened = editing.open_text(kind, key)
    form = forms.TextForm(text=opened.text, revision=opened.revision, number=str(opened.number))
    form.text.description = _(forms.TEXT_HELP, file=opened.target.file_name)
    problems, preview, conflict = [], {}, None
    if form.validate_on_submit():
        try:
            if form.save.data:
                editing.save_draft(current_user, kind, key, form.text.data or "", *form.state)
                flash(_("Draft saved. Learners still see the published version."), "success")
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
    form, error = forms.publish_form(KINDS[kinds]), None
    if form.validate_on_submit():
        try:
            done = approval.publish_or_request(
                current_user, KINDS[kinds], key, *form.state, form.requires_retraining, form.note.data or "",
                form.effective_date,
            )  # fmt: skip
        except (Conflict, ValidationFailed) as exc:
            error = exc
        else:
            return _published(done, kinds, key)
    return _review_page(
        kinds, key, form, error, partial(editing_publish.review_draft, current_user, KINDS[kinds], key)
    )


@bp.route(f"/{ANY_KIND}/restore/<int:number>", methods=["GET", "POST"])
def restore(kinds: str, key: str, number: int):
    form, error = forms.publish_form(KINDS[kinds]), None
    if form.validate_on_submit():
        try:
            done = approval.publish_or_request(
                current_user, KINDS[kinds], key, "", form.state[1], form.requires_retraining,
                form.note.data or "", form.effective_date, restoring=number,
            )  # fmt: skip
        except (Conflict, ValidationFailed) as exc:
            error = exc
        else:
            return _published(done, kinds, key, restored=number)
    review = partial(editing_publish.review_restore, current_user, KINDS[kinds], key, number)
    return _review_page(kinds, key, form, error, review, restoring=number)


def _published(done, kinds: str, key: str, restored: int | None = None):
    """Say what happened: published, or asked for a second editor's approval."""
    if isinstance(done, PublishRequest):
        flash(_("Approval asked: a second editor must approve it before it is published."), "success")
        return redirect(url_for(".approval_request", request_id=done.id))
    if restored:
        flash(
            _("Version %(old)s is published again as version %(new)s.", old=restored, new=done.number),
            "success",
        )
    else:
        flash(_("Published version %(number)s. Learners see it now.", number=done.number), "success")
    return redirect(url_for(".history", kinds=kinds, key=key))


def _review_page(kinds: str, key: str, form, error, make_review, restoring: int | None = None):
    """Render what publishing would change, with the form; or why it cannot be published."""
    problems = _problems(error) if isinstance(error, ValidationFailed) else []
    try:
        review, opened = make_review()
    except ValidationFailed as exc:
        review, opened, problems = None, editing.open_text(KINDS[kinds], key), _problems(exc)
    if review is not None and (not form.is_submitted() or isinstance(error, Conflict)):
        form.set_state(opened.revision, opened.number)
        form.retrain.data = None  # what changes may differ now: the editor chooses again
    status = 409 if isinstance(error, Conflict) else 422 if problems or form.errors else 200
    page = render_template(
        "editor/publish.html", kinds=kinds, key=key, form=form, review=review, opened=opened,
        problems=problems, conflict=reason(error) if status == 409 else None, restoring=restoring,
        affected=_affected(review, kinds, key, restoring) if review else None,
        pending=_pending(KINDS[kinds], key), notes=[said(note) for note in review.notes] if review else [],
    )  # fmt: skip
    return page, status


@dataclass
class PendingRequest:
    """An open request for a second editor's approval, as the publish and approval pages show it."""

    row: PublishRequest
    requester: str
    mine: bool
    current: bool  # its draft is still the one requested


def _pending(kind: str, key: str) -> PendingRequest | None:
    row, current = approval.pending(kind, key)
    if row is None:
        return None
    return PendingRequest(row, approval.requester_name(row), row.requested_by == current_user.id, current)


@bp.get("/approvals/<int:request_id>")
def approval_request(request_id: int):
    """The review of what a request would publish, with approve and decline (or withdraw)."""
    row = approval.get(request_id)
    kinds = KINDS_OF[row.kind]
    if row.outcome is not None:
        flash(_("That request was %(outcome)s.", outcome=outcome_label(row.outcome)), "success")
        return redirect(url_for(".history", kinds=kinds, key=row.key))
    problems, review = [], None
    try:
        review = editing_publish.review_text(current_user, editing.target(row.kind, row.key), row.text)
    except ValidationFailed as exc:
        problems = _problems(exc)
    pending = _pending(row.kind, row.key)
    page = render_template(
        "editor/publish.html", kinds=kinds, key=row.key, form=None, review=review,
        opened=editing.open_text(row.kind, row.key), problems=problems, conflict=None,
        restoring=row.restoring, approving=pending, decline_form=forms.DeclineForm(),
        affected=_affected(review, kinds, row.key, row.restoring, request_id) if review else None,
        notes=[said(note) for note in review.notes] if review else [],
    )  # fmt: skip
    return page, 422 if problems else 200


@bp.post("/approvals/<int:request_id>/approve")
def approve_request(request_id: int):
    form = forms.DeclineForm()
    row = approval.get(request_id)
    kinds = KINDS_OF[row.kind]
    if form.validate_on_submit():
        try:
            version = approval.approve(current_user, request_id)
        except (Conflict, ValidationFailed) as exc:
            flash(because(_("Not published."), exc), "error")
            return redirect(url_for(".approval_request", request_id=request_id))
        flash(
            _("Approved: version %(number)s is published. Learners see it now.", number=version.number),
            "success",
        )
    return redirect(url_for(".history", kinds=kinds, key=row.key))


@bp.post("/approvals/<int:request_id>/withdraw")
def withdraw_request(request_id: int):
    form = forms.DeclineForm()
    row = approval.get(request_id)
    if form.validate_on_submit():
        try:
            row = approval.withdraw(current_user, request_id, form.reason.data or "")
        except (Conflict, ValidationFailed) as exc:
            flash(because(_("Nothing changed."), exc), "error")
            return redirect(url_for(".approval_request", request_id=request_id))
        flash(
            _("The request is %(outcome)s; nothing was published.", outcome=outcome_label(row.outcome)),
            "success",
        )
    return redirect(url_for(".edit", kinds=KINDS_OF[row.kind], key=row.key))


@dataclass
class AffectedList:
    """One page of the people a publish would give something to redo, as the review shows it."""

    rows: list
    pager: Pager
    search: str
    endpoint: str
    csv_endpoint: str
    params: dict
    course_titles: dict[str, str]
    csv_params: dict


def _affected(
    review, kinds: str, key: str, restoring: int | None, request_id: int | None = None
) -> AffectedList:
    search = (request.args.get("q") or "").strip()[:100]
    rows = redo.matching(review.affected, search)
    pager = Pager(page_number(request.args.get("page")), len(rows))
    params = {"kinds": kinds, "key": key} | ({"number": restoring} if restoring else {}) | (
        {"q": search} if search else {})  # fmt: skip
    endpoint = ".restore" if restoring else ".publish"
    csv_endpoint, csv_params = f"{endpoint}_affected_csv", params
    if request_id is not None:  # the approver's page pages through itself
        endpoint, params = ".approval_request", {"request_id": request_id} | ({"q": search} if search else {})
    return AffectedList(
        rows[pager.offset : pager.offset + pager.size], pager, search, endpoint, csv_endpoint,
        params, dashboard.course_titles(), csv_params,
    )  # fmt: skip


@bp.get(f"/{ANY_KIND}/publish/affected.csv")
def publish_affected_csv(kinds: str, key: str):
    return _affected_csv(partial(editing_publish.review_draft, current_user, KINDS[kinds], key), key)


@bp.get(f"/{ANY_KIND}/restore/<int:number>/affected.csv")
def restore_affected_csv(kinds: str, key: str, number: int):
    return _affected_csv(
        partial(editing_publish.review_restore, current_user, KINDS[kinds], key, number), key
    )


def _affected_csv(make_review, key: str):
    """The whole list of the review, with retraining or (?retraining=no) without, as a download."""
    try:
        review, _ = make_review()
    except ValidationFailed as exc:
        abort(409, str(exc))
    rows = review.affected_without if request.args.get("retraining") == "no" else review.affected
    rows = redo.matching(rows, request.args.get("q"))
    name = f"affected-by-{key}.csv"
    return Response(exports.affected_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@bp.post(f"/{ANY_KIND}/discard")
def discard(kinds: str, key: str):
    form = forms.StateForm()
    if form.validate_on_submit():
        try:
            editing_publish.discard_draft(current_user, KINDS[kinds], key, *form.state)
        except (Conflict, ValidationFailed) as exc:
            flash(because(_("The draft was not discarded."), exc), "error")
        else:
            flash(_("Draft discarded."), "success")
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


# The coach's rules have their own pages on this blueprint (and behind its editor check).
from training.editor import coach_views  # noqa: E402, F401


@bp.route("/translations/<any(policies, courses, items):kinds>/<key>/<language>", methods=["GET", "POST"])
def translation(kinds: str, key: str, language: str):
    """A translation with the source's changes since it was made; publishing records the source now."""
    opened = translating.open_translation(KINDS[kinds], key, language)
    form, problems = forms.TranslationForm(), []
    if form.validate_on_submit():
        try:
            translating.save(current_user, KINDS[kinds], key, language, form.text.data, form.note.data or "")
        except ValidationFailed as exc:
            problems = _problems(exc)
        else:
            flash(_("Translation published."), "success")
            return redirect(url_for(".index"))
    elif not form.is_submitted():
        form.text.data = opened.text
    form.text.description = _(forms.TRANSLATION_HELP, file=opened.name)
    page = render_template("editor/translation.html", kinds=kinds, opened=opened, form=form,
                           problems=problems)  # fmt: skip
    return page, _status(form, problems)
