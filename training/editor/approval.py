"""Four-eyes publishing: one editor asks, a second editor approves, and only then is it published.

It applies to policies whose front matter says `four_eyes: true`, or to every policy when
FOUR_EYES_PUBLISHING=1 and the policy does not say `four_eyes: false` (a change that turns it off
still needs approval, because the version in force asks for it). The request keeps the exact
text and the choices made; the approver sees the same review and publishes exactly that. Both
names go into the version (author, approved_by) and into the evidence ledger (an "approval").
"""

import datetime as dt

from sqlalchemy import select

from training.content import export, versions
from training.db import db, utcnow
from training.editor import drafts as editing
from training.editor import publish as editing_publish
from training.errors import Conflict, NotFound, ValidationFailed
from training.evidence import ledger as evidence
from training.i18n import N_
from training.models import PolicyApproval, PublishRequest, User

MAX_REASON = 500
ALREADY = {
    "approved": N_("This request was already approved."),
    "withdrawn": N_("This request was already withdrawn."),
    "declined": N_("This request was already declined."),
}


def open_request(kind: str, key: str) -> PublishRequest | None:
    return db.session.scalar(
        select(PublishRequest).where(
            PublishRequest.kind == kind, PublishRequest.key == key, PublishRequest.outcome.is_(None)
        )
    )


def request(
    user: User, kind: str, key: str, revision: str, number: int, retrain: bool, note: str,
    effective: dt.date | None, restoring: int | None = None,
) -> PublishRequest:  # fmt: skip
    """Ask a second editor to approve publishing the draft (or old version `restoring` again)."""
    where = editing.target(kind, key)
    if open_request(kind, key) is not None:
        raise Conflict(
            N_(
                "Approval is already asked for a change to this policy: it must be decided or withdrawn "
                "first."
            )
        )
    if kind == "policy" and effective is None:
        raise ValidationFailed(N_("Give the date this version takes effect."))
    if restoring is None:
        editing.expect_state(where, revision, number)
        draft = editing.find_draft(kind, key)
        if draft is None:
            raise ValidationFailed(N_("There is no draft to publish."))
        text, draft_revision = draft.text, draft.revision
    else:
        current = versions.current(kind, key)
        if current is None or current.number != number:
            raise Conflict(N_("Another version was published after you opened this page."))
        text, draft_revision = export.published_text(editing.version_of(kind, key, restoring)), None
    editing_publish.review_text(user, where, text)  # refuses what could not be published
    note = note or (f"Restored version {restoring}" if restoring else "")
    row = PublishRequest(
        kind=kind, key=key, text=text, draft_revision=draft_revision, restoring=restoring, base_number=number,
        retrain=retrain, effective=effective, note=note, requested_by=user.id, requested_at=utcnow(),
    )  # fmt: skip
    db.session.add(row)
    db.session.commit()
    return row


def approve(user: User, request_id: int):
    """Publish what was requested, as the requester's version approved by `user`."""
    row = _open(request_id)
    if row.requested_by == user.id:
        raise ValidationFailed(N_("You asked for this approval: a second editor must give it."))
    where = editing.target(row.kind, row.key)
    current = versions.current(row.kind, row.key)
    if (current.number if current else 0) != row.base_number:
        raise Conflict(N_("Another version was published after the request: withdraw it and ask again."))
    draft = editing.find_draft(row.kind, row.key) if row.draft_revision else None
    if row.draft_revision and (draft is None or draft.revision != row.draft_revision):
        raise Conflict(N_("The draft changed after approval was asked: withdraw the request and ask again."))
    requester = db.session.get(User, row.requested_by)
    version = editing_publish.publish_approved(
        requester, where, row.text, row.retrain, row.note, row.effective
    )
    version.approved_by = user.email
    now = utcnow()
    row.outcome, row.decided_by, row.decided_at = "approved", user.id, now
    if draft is not None:
        db.session.delete(draft)
    approval = PolicyApproval(
        policy_version_id=version.id, request_id=row.id, requested_by=row.requested_by, approved_by=user.id,
        requested_at=row.requested_at, approved_at=now,
    )  # fmt: skip
    db.session.add(approval)
    evidence.append("approval", approval)
    db.session.commit()
    return version


def withdraw(user: User, request_id: int, reason: str = "") -> PublishRequest:
    """End a request unpublished: withdrawn by the requester, or declined by another editor with a reason."""
    row = _open(request_id)
    reason = (reason or "").strip()
    if row.requested_by != user.id and not reason:
        raise ValidationFailed(N_("Say why you decline it, so the editor who asked knows what to change."))
    if len(reason) > MAX_REASON:
        raise ValidationFailed(N_("Keep the reason to at most {count} characters.").format(count=MAX_REASON))
    row.outcome = "withdrawn" if row.requested_by == user.id else "declined"
    row.decided_by, row.decided_at, row.reason = user.id, utcnow(), reason
    db.session.commit()
    return row


def get(request_id: int) -> PublishRequest:
    row = db.session.get(PublishRequest, request_id)
    if row is None:
        raise NotFound("No such request for approval.")
    return row


def _open(request_id: int) -> PublishRequest:
    row = get(request_id)
    if row.outcome is not None:
        raise Conflict(ALREADY[row.outcome])
    return row


def requester_name(row: PublishRequest) -> str:
    user = db.session.get(User, row.requested_by)
    return f"{user.name} ({user.email})" if user else "someone"


def waiting() -> list[PublishRequest]:
    """Every open request, oldest first: what editors are asked to approve."""
    query = select(PublishRequest).where(PublishRequest.outcome.is_(None)).order_by(PublishRequest.id)
    return list(db.session.scalars(query))


def publish_or_request(
    user: User, kind: str, key: str, revision: str, number: int, retrain: bool, note: str,
    effective: dt.date | None, restoring: int | None = None,
):  # fmt: skip
    """Publish the draft (or old version `restoring`) now, or, where four eyes apply, ask for approval.

    Returns the new version, or the PublishRequest made.
    """
    if restoring is None:
        draft = editing.find_draft(kind, key)
        text = draft.text if draft is not None else None
    else:
        text = export.published_text(editing.version_of(kind, key, restoring))
    if text is not None and editing_publish.needs_approval(kind, key, text):
        return request(user, kind, key, revision, number, retrain, note, effective, restoring)
    if restoring is None:
        return editing_publish.publish_draft(user, kind, key, revision, number, retrain, note, effective)
    return editing_publish.restore(user, kind, key, restoring, number, retrain, note, effective)


def pending(kind: str, key: str) -> tuple[PublishRequest | None, bool]:
    """The open request for this policy, if any, and whether its draft is still the one requested."""
    row = open_request(kind, key)
    if row is None or row.draft_revision is None:
        return row, row is not None
    draft = editing.find_draft(kind, key)
    return row, draft is not None and draft.revision == row.draft_revision
