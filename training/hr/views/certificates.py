"""HR and certificates: revoking one with a reason, and every certificate as a ZIP."""

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user

from training.certificates import bundle, document, records
from training.certificates import revoke as revocations
from training.certificates.forms import RevokeForm
from training.errors import Conflict, ValidationFailed
from training.forms import id_number
from training.hr.views import bp
from training.i18n import refusal


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
def revoke_certificate(certificate_id: int):
    view = records.visible(current_user, certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            revocations.revoke(current_user, certificate_id, form.reason.data)
        except (ValidationFailed, Conflict) as exc:
            form.reason.errors = [*form.reason.errors, refusal(exc)]
        else:
            flash(
                gettext("The certificate of %(name)s is revoked; the reason is kept.", name=view.holder.name),
                "success",
            )
            return redirect(url_for("hr.person", user_id=view.holder.id))
    status = 422 if form.errors else 200
    return render_template("certificates/revoke.html", form=form, **document.context(view)), status


@bp.get("/certificates.zip")
def certificates_zip():
    course_id = request.args.get("course") or None
    user_id = request.args.get("person", type=id_number)
    if request.args.get("person") and user_id is None:
        raise ValidationFailed(
            "The person in the address is not a number; open their page and download from there."
        )
    parts = [f"person-{user_id}" if user_id else "", course_id or ""]
    name = "-".join(["certificates", *filter(None, parts)]) + ".zip"
    archive = bundle.zip_file(course_id, user_id)
    return send_file(archive, mimetype="application/zip", as_attachment=True, download_name=name)
