"""HR reads one attempt of a person: its whole path, read only."""

from flask import render_template

from training.db import db
from training.hr.views import bp
from training.learning import attempts, path
from training.models import User


@bp.get("/people/<int:user_id>/attempts/<int:attempt_id>")
def person_attempt(user_id: int, attempt_id: int):
    person = db.get_or_404(User, user_id)
    walked = path.attempt_path(person, attempt_id)
    return render_template(
        "hr/attempt.html", person=person, view=walked.view, steps=walked.steps,
        newer=attempts.replaced_by(walked.view),
    )  # fmt: skip
