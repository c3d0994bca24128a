"""HR withdraws a certificate, saying why; the revocation is its own append-only row."""

from sqlalchemy.exc import IntegrityError

from training.db import db, utcnow
from training.errors import Conflict, Forbidden, NotFound, ValidationFailed
from training.evidence import ledger as evidence
from training.i18n import N_
from training.models import Certificate, CertificateRevocation, User

MAX_REASON = 1000


def revoke(actor: User, certificate_id: int, reason: str) -> CertificateRevocation:
    """Revoke a certificate with a reason, in one transaction; a certificate is revoked once."""
    if not actor.has_role("hr"):
        raise Forbidden("Only HR can revoke certificates.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(N_("Say why the certificate is revoked."))
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"Keep the reason to at most {MAX_REASON} characters.")
    if db.session.get(Certificate, certificate_id) is None:
        raise NotFound("No such certificate.")
    revocation = CertificateRevocation(
        certificate_id=certificate_id, revoked_by=actor.id, reason=reason, revoked_at=utcnow()
    )
    try:
        with db.session.begin_nested():
            db.session.add(revocation)
    except IntegrityError:
        db.session.rollback()
        raise Conflict(N_("This certificate was already revoked.")) from None
    evidence.append("revocation", revocation)
    db.session.commit()
    return revocation
