"""HR's pages: assignments, the completion dashboard, people, exports, evidence, invitations.

Access is decided once, here: every route of this blueprint needs the hr or admin role, checked
on the server before any view runs. Each area of HR lives in its own module of this package.
"""

from flask import Blueprint, abort
from flask_login import current_user, login_required

bp = Blueprint("hr", __name__, url_prefix="/hr")


@bp.before_request
@login_required
def require_hr():
    if not current_user.has_role("hr"):
        abort(403)


from training.hr.views import (  # noqa: E402,F401 - routes register on bp
    assignments,
    attempts,
    certificates,
    dashboard,
    evidence,
    exports,
    invites,
    people,
)
