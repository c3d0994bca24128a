"""The certificate pages: a person's own (HR sees everyone's) and the public verification page.

Access is decided once per blueprint: `bp` needs a signed-in person, and `records.visible` lets
only the holder or HR see a certificate (anyone else gets the 404 of a certificate that does not
exist). `public` needs nobody signed in and is rate-limited per address, since its codes are the
only thing standing between a guesser and the names on certificates.
"""

from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user, login_required

from training.certificates import document, records
from training.certificates.issue import normalise
from training.errors import NotFound
from training.extensions import limiter

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
public = Blueprint("verify", __name__)


@bp.before_request
@login_required
def require_sign_in():
    """Every route here is for signed-in people; which certificate they may see is checked per view."""


@bp.get("/<int:certificate_id>")
def show(certificate_id: int):
    view = records.visible(current_user, certificate_id)
    return render_template("certificates/show.html", **document.context(view))


@bp.get("/<int:certificate_id>.pdf")
def pdf(certificate_id: int):
    view = records.visible(current_user, certificate_id)
    disposition = f'attachment; filename="{document.file_name(view)}"'
    return Response(
        document.pdf(view), mimetype="application/pdf", headers={"Content-Disposition": disposition}
    )


def _verify_limit() -> str:
    return current_app.config["VERIFY_RATE_LIMIT"]


@public.get("/verify/<code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    try:
        view = records.by_code(normalise(code)[:64])
    except NotFound:
        return render_template("certificates/unknown.html"), 404
    return render_template("certificates/verify.html", view=view)
