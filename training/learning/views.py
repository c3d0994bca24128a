"""The learner's pages: home, course, lesson and the scenario quiz player."""

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from training.certificates import records as certificates
from training.content import quiz as quizzes
from training.errors import Conflict, ValidationFailed
from training.forms import ActionForm
from training.i18n import language
from training.learning import acknowledgements, attempts, kept_pages, path, reading
from training.learning import courses as learning
from training.learning import replies as drafts
from training.learning.forms import DraftForm, LessonReadForm, StartQuizForm, answer_form

bp = Blueprint("learn", __name__)


@bp.before_request
def read_stamps_with_person():
    """A kept page is found by stamps read with the person, so this asks before they are loaded."""
    kept_pages.read_with_person()


@bp.before_request
@login_required
def require_login():
    """Every page here is for signed-in people; any role may learn."""


@bp.get("/")
@kept_pages.kept("learning/home.html")
def home():
    assigned, others = learning.my_courses(current_user)
    reading.courses(assigned + others, language())
    owed = acknowledgements.owed(current_user, {item.id for course in assigned for item in course.items})
    return {"assigned": assigned, "others": others, "owed": reading.policy_titles(owed, language())}


@bp.get("/courses/<course_id>")
@kept_pages.kept("learning/course.html")
def course(course_id: str):
    view = learning.course_view(current_user, course_id)
    reading.courses([view], language())
    done = view.status == "completed"
    certificate_id = certificates.latest_id(current_user.id, course_id) if done else None
    return {"course": view, "certificate_id": certificate_id}


@bp.get("/lessons/<item_id>")
@kept_pages.kept("learning/lesson.html")
def lesson(item_id: str):
    view, item, version = learning.outline(current_user, item_id, "lesson")
    reading.courses([view], language())
    # "Mark as read" is two hidden fields and a button, written by the template: LessonReadForm
    # checks them when they come back, and building it here only to print them cost a sixth of the page.
    return {"course": view, "item": item, "version": reading.item(version, language())}


@bp.post("/lessons/<item_id>/complete")
def complete_lesson(item_id: str):
    form = LessonReadForm()
    if form.validate_on_submit():
        try:
            read_in = reading.language_read(item_id, language())
            learning.complete_lesson(current_user, item_id, form.version.data, read_in)
        except Conflict as exc:
            flash(str(exc), "error")
            return redirect(url_for("learn.lesson", item_id=item_id))
        flash(gettext("Lesson marked as read."), "success")
        return redirect(_after_reading(item_id))
    return redirect(url_for("learn.course", course_id=learning.course_of(item_id)))


def _after_reading(item_id: str) -> str:
    """The course's next item, lesson or quiz, or the course page after its last item."""
    view = learning.course_view(current_user, learning.course_of(item_id))
    ids = [item.id for item in view.items]
    following = view.items[ids.index(item_id) + 1] if item_id in ids[:-1] else None
    if following is None:
        return url_for("learn.course", course_id=view.course_id)
    return url_for("learn.lesson" if following.kind == "lesson" else "learn.quiz", item_id=following.id)


@bp.get("/quizzes/<item_id>")
def quiz(item_id: str):
    view, item, version = learning.outline(current_user, item_id, "quiz")
    reading.courses([view], language())
    version = reading.item(version, language())
    form = StartQuizForm(token=secrets.token_urlsafe(16))
    past = attempts.recent(current_user, item_id)
    return render_template(
        "learning/quiz.html", course=view, item=item, version=version, form=form, past=past
    )


@bp.post("/quizzes/<item_id>/start")
def start_quiz(item_id: str):
    form = StartQuizForm()
    if not form.validate_on_submit():
        flash(gettext("The form had expired; start the quiz again."), "error")
        return redirect(url_for("learn.quiz", item_id=item_id))
    attempt = attempts.start_attempt(current_user, item_id, form.token.data)
    return redirect(url_for("learn.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
def attempt(attempt_id: int):
    """The current step, or the result; above it the feedback on the step just answered."""
    view = reading.attempt(attempts.load(current_user, attempt_id), language())
    feedback = _feedback_on(view, request.args.get("answered", ""))
    if view.current_step is None:
        course_id = learning.course_of(view.version.item_id)
        return render_template(
            "learning/result.html", view=view, course_id=course_id, review=path.steps_of(view),
            changed=attempts.changed_since_start(view), newer=attempts.replaced_by(view), feedback=feedback,
        )  # fmt: skip
    if quizzes.is_draft(view.current_step):
        return _draft_page(view, feedback=feedback)
    form = answer_form(view.current_step, view.attempt.id)
    return render_template(
        "learning/step.html", view=view, step=view.current_step, form=form, feedback=feedback
    )


def _feedback_on(view, step_id: str) -> dict | None:
    """What to show about `step_id` when it is the step answered last, else None (an old link)."""
    if not view.answers or view.answers[-1].step_id != step_id:
        return None
    step = next(s for s in view.quiz["steps"] if s["id"] == step_id)
    coach = _coach_context(view, step_id) if quizzes.is_draft(step) else {}
    return {"number": len(view.answers), "step": step, "answer": view.answers[-1], **coach}


def _answered(attempt_id: int, step_id: str) -> str:
    """The attempt page with the feedback on `step_id` above what comes next."""
    return url_for("learn.attempt", attempt_id=attempt_id, answered=step_id)


def _draft_page(view, form=None, status=200, feedback=None):
    step = view.current_step
    coach = _coach_context(view, step["id"])
    text = coach["latest"].text if coach["latest"] else ""
    form = form or DraftForm(step_id=step["id"], revision=coach["tries"] + 1, reply=text)
    return render_template(
        "learning/draft_step.html", view=view, step=step, form=form, feedback=feedback, **coach
    ), status


def _coach_context(view, step_id: str) -> dict:
    """The learner's latest reply at a draft step, cut into pieces for highlighting."""
    replies = drafts.replies(view.attempt.id, step_id)
    latest = replies[-1] if replies else None
    pieces = drafts.segments(latest.text, latest.findings) if latest else []
    outcome = drafts.DraftOutcome.of(step_id, replies)
    return {"latest": latest, "pieces": pieces, "tries": len(replies), "outcome": outcome}


@bp.post("/attempts/<int:attempt_id>/draft")
def submit_draft(attempt_id: int):
    view = attempts.load(current_user, attempt_id)
    form = DraftForm()
    if view.current_step is None or not form.validate_on_submit():
        return (
            _draft_page(view, form, 422)
            if view.current_step
            else redirect(url_for("learn.attempt", attempt_id=attempt_id))
        )
    rules = drafts.rules_for(current_app.config["CONTENT_DIR"])
    try:
        reply = drafts.submit(
            current_user, attempt_id, form.step_id.data, form.reply.data, form.revision.data, rules,
            reading.item(view.version, language()).language,
        )  # fmt: skip
    except (Conflict, ValidationFailed) as exc:
        flash(str(exc), "error")
        return redirect(url_for("learn.attempt", attempt_id=attempt_id))
    if reply.passed:
        return redirect(_answered(attempt_id, reply.step_id), 303)
    return redirect(url_for("learn.attempt", attempt_id=attempt_id, _anchor="coach"), 303)


@bp.post("/attempts/<int:attempt_id>/move-on")
def move_on(attempt_id: int):
    step_id = request.form.get("step_id", "")
    if ActionForm().validate_on_submit():
        try:
            read_in = reading.item(attempts.load(current_user, attempt_id).version, language()).language
            drafts.move_on(current_user, attempt_id, step_id, read_in)
        except (Conflict, ValidationFailed) as exc:
            flash(str(exc), "error")
            return redirect(url_for("learn.attempt", attempt_id=attempt_id))
    return redirect(_answered(attempt_id, step_id), 303)


@bp.post("/attempts/<int:attempt_id>")
def answer(attempt_id: int):
    view = attempts.load(current_user, attempt_id)
    step = view.current_step
    posted = request.form.get("step_id", "")
    if step is None or posted != step["id"] or quizzes.is_draft(step):
        return redirect(_after_replay(view, posted), 303)
    shown = reading.attempt(view, language())  # the words in the reader's language; the ids the same
    # The form's token was checked before this view ran (CSRFProtect, for every form); the choices
    # are checked where they are recorded, and shown again with what was wrong.
    picked = request.form.getlist("choice")
    try:
        attempts.answer(current_user, attempt_id, step["id"], picked, view, shown.version.language)
    except ValidationFailed as exc:
        form = answer_form(shown.current_step, attempt_id, picked, [str(exc)])
        return render_template("learning/step.html", view=shown, step=shown.current_step, form=form), 422
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(url_for("learn.attempt", attempt_id=attempt_id))
    return redirect(_answered(attempt_id, step["id"]), 303)


def _after_replay(view, step_id: str) -> str:
    """Send a replayed or double-submitted form to what that step already recorded: the attempt
    page with its feedback while it is the step answered last, else the step's feedback page."""
    if view.answers and view.answers[-1].step_id == step_id:
        return _answered(view.attempt.id, step_id)
    if any(a.step_id == step_id for a in view.answers):
        return url_for("learn.feedback", attempt_id=view.attempt.id, step_id=step_id)
    return url_for("learn.attempt", attempt_id=view.attempt.id)


@bp.get("/attempts/<int:attempt_id>/feedback/<step_id>")
def feedback(attempt_id: int, step_id: str):
    view = reading.attempt(attempts.load(current_user, attempt_id), language())
    answered = next((a for a in view.answers if a.step_id == step_id), None)
    if answered is None:
        abort(404)
    step = next(s for s in view.quiz["steps"] if s["id"] == step_id)
    template = "learning/draft_feedback.html" if quizzes.is_draft(step) else "learning/feedback.html"
    return render_template(template, view=view, step=step, answer=answered, **_coach_context(view, step_id))
