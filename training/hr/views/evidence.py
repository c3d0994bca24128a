"""Evidence for auditors: the ledger's bundles and CSV, for everyone or one person."""

from flask import render_template, request

from training.db import db, utcnow
from training.evidence import bundles as evidence_export
from training.hr import exports
from training.hr.forms import PersonSearchForm
from training.hr.views import bp
from training.hr.views.exports import CSV, download
from training.models import User

JSONL = "application/x-ndjson; charset=utf-8"


@bp.get("/evidence")
def evidence():
    form = PersonSearchForm(request.args)
    person = count = None
    head = evidence_export.ledger_head()
    if request.args and form.validate():
        person = evidence_export.find_person(form.email.data)
        if person is None:
            form.email.errors.append("No person has this email address.")
        else:
            count = evidence_export.count_for(person.id, head)
    return render_template("hr/evidence.html", form=form, person=person, count=count, head=head)


def _name(scope: str, extension: str) -> str:
    return f"evidence-{scope}-{utcnow().date().isoformat()}.{extension}"


@bp.get("/evidence/everyone.jsonl")
def evidence_bundle():
    return download(evidence_export.bundle_lines(), _name("everyone", "jsonl"), JSONL)


@bp.get("/evidence/everyone.csv")
def evidence_csv():
    return download(exports.evidence_csv_chunks(), _name("everyone", "csv"), CSV)


@bp.get("/people/<int:user_id>/evidence.jsonl")
def person_evidence(user_id: int):
    person = db.get_or_404(User, user_id)
    return download(evidence_export.bundle_lines(person), _name(f"person-{user_id}", "jsonl"), JSONL)


@bp.get("/people/<int:user_id>/evidence.csv")
def person_evidence_csv(user_id: int):
    person = db.get_or_404(User, user_id)
    return download(exports.evidence_csv_chunks(person), _name(f"person-{user_id}", "csv"), CSV)
