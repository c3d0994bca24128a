"""Four-eyes publishing: a policy change needs a second editor's approval before it is published."""

import re

import pytest
from sqlalchemy import func, select

from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from tests.editor.test_editor_publish import complete_basics
from training.content import versions
from training.db import db, utcnow
from training.editor import approval
from training.editor import publish as editing_publish
from training.errors import ValidationFailed
from training.evidence import verify
from training.models import ContentDraft, EvidenceEntry, PolicyApproval, PolicyVersion, PublishRequest

POLICY = "/editor/policies/demo/edit"


def policy_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(PolicyVersion))


def draft_policy(client, four_eyes: bool | None = True, new="Never post order numbers or emails.") -> None:
    text = page_text(client, POLICY).replace("Never post order numbers.", new)
    if four_eyes is not None:
        text = text.replace("grace_days: 10\n", f"grace_days: 10\nfour_eyes: {str(four_eyes).lower()}\n")
    assert save(client, POLICY, bump_version(text)).status_code == 302


def ask(client, retrain="yes", note="Emails are personal data"):
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    data = dict(re.findall(r'name="(revision|number)" type="hidden" value="([^"]*)"', page))
    data |= {"retrain": retrain, "note": note, "effective": "2027-01-15"}
    return client.post("/editor/policies/demo/publish", data=data)


@pytest.fixture
def editors(make_user, auth, library):
    ann = make_user(email="ann@example.com", name="Ann Author", roles="editor")
    bo = make_user(email="bo@example.com", name="Bo Approver", roles="editor")
    auth.login(ann.email)
    return ann, bo


def switch(auth, email: str) -> None:
    auth.logout()
    auth.login(email)


def test_a_four_eyes_policy_is_not_published_by_its_author_alone(client, editors):
    draft_policy(client)
    page = client.get("/editor/policies/demo/publish").get_data(as_text=True)
    assert "Ask a second editor to approve" in page
    response = ask(client)
    assert response.status_code == 302
    assert policy_versions() == 1
    (row,) = approval.waiting()
    assert (row.retrain, row.effective.isoformat(), row.note) == (
        True,
        "2027-01-15",
        "Emails are personal data",
    )
    assert response.headers["Location"].endswith(f"/editor/approvals/{row.id}")
    own = client.get(f"/editor/approvals/{row.id}").get_data(as_text=True)
    assert "Withdraw the request" in own and "Approve and publish" not in own
    client.post(f"/editor/approvals/{row.id}/approve")
    assert policy_versions() == 1
    with pytest.raises(ValidationFailed, match="second editor"):
        approval.approve(editors[0], row.id)


def test_the_service_refuses_to_publish_it_directly(client, editors):
    draft_policy(client)
    draft = db.session.scalar(select(ContentDraft).where(ContentDraft.key == "demo"))
    with pytest.raises(ValidationFailed, match="four eyes"):
        editing_publish.publish_draft(
            editors[0], "policy", "demo", draft.revision, 1, True, "", utcnow().date()
        )
    assert policy_versions() == 1


def test_a_second_editor_sees_the_same_review_and_publishes_by_approving(client, auth, editors, make_user):
    complete_basics(make_user(email="learner@example.com", name="Lee Learner"))
    draft_policy(client)
    ask(client)
    (row,) = approval.waiting()
    switch(auth, "bo@example.com")
    index = client.get("/editor/").get_data(as_text=True)
    assert "Waiting for a second editor" in index and f"/editor/approvals/{row.id}" in index
    page = client.get(f"/editor/approvals/{row.id}").get_data(as_text=True)
    assert "Approve and publish" in page and "Ann Author (ann@example.com)" in page
    assert "learner@example.com" in page  # who gets something to redo, as on the author's review
    assert re.search(r"<ins>[^<]*emails", page)
    response = client.post(f"/editor/approvals/{row.id}/approve")
    assert response.status_code == 302
    version = versions.current(PolicyVersion, "demo")
    assert (version.number, version.author, version.approved_by) == (2, "ann@example.com", "bo@example.com")
    assert (version.effective.isoformat(), version.note, version.retrain) == (
        "2027-01-15", "Emails are personal data", True,
    )  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    (evidence,) = db.session.scalars(select(EvidenceEntry).where(EvidenceEntry.kind == "approval"))
    assert evidence.payload["requested_by"] == "ann@example.com"
    assert evidence.payload["approved_by"] == "bo@example.com"
    assert evidence.payload["version"] == version.label
    assert verify.verify_ledger().ok
    history = client.get("/editor/policies/demo/history").get_data(as_text=True)
    assert "approved by bo@example.com" in history


def test_a_draft_changed_after_the_request_cannot_be_approved(client, auth, editors):
    draft_policy(client)
    ask(client)
    (row,) = approval.waiting()
    text = page_text(client, POLICY)
    save(client, POLICY, text.replace("or emails", "or email addresses"))
    switch(auth, "bo@example.com")
    page = client.get(f"/editor/approvals/{row.id}").get_data(as_text=True)
    assert "The draft changed after approval was asked" in page
    assert "Approve and publish" not in page
    client.post(f"/editor/approvals/{row.id}/approve")
    assert policy_versions() == 1
    assert approval.open_request("policy", "demo").id == row.id


def test_declining_needs_a_reason_and_withdrawing_does_not(client, auth, editors):
    draft_policy(client)
    ask(client)
    (row,) = approval.waiting()
    switch(auth, "bo@example.com")
    client.post(f"/editor/approvals/{row.id}/withdraw", data={"reason": ""})
    assert approval.open_request("policy", "demo") is not None
    client.post(f"/editor/approvals/{row.id}/withdraw", data={"reason": "Say which emails"})
    assert db.session.get(PublishRequest, row.id).outcome == "declined"
    switch(auth, "ann@example.com")
    ask(client)
    (again,) = approval.waiting()
    client.post(f"/editor/approvals/{again.id}/withdraw", data={"reason": ""})
    assert db.session.get(PublishRequest, again.id).outcome == "withdrawn"
    assert policy_versions() == 1
    assert db.session.scalar(select(func.count()).select_from(PolicyApproval)) == 0


def test_the_environment_default_applies_where_the_policy_says_nothing(app, client, editors):
    app.config["FOUR_EYES_PUBLISHING"] = True
    draft_policy(client, four_eyes=None)
    ask(client)
    assert policy_versions() == 1 and len(approval.waiting()) == 1


def test_a_policy_may_opt_out_of_the_default(app, client, editors):
    app.config["FOUR_EYES_PUBLISHING"] = True
    draft_policy(client, four_eyes=False)
    assert ask(client).status_code == 302
    assert policy_versions() == 2 and approval.waiting() == []


def test_turning_four_eyes_off_needs_the_approval_the_current_version_asks_for(client, auth, editors):
    draft_policy(client)
    ask(client)
    switch(auth, "bo@example.com")
    client.post(f"/editor/approvals/{approval.waiting()[0].id}/approve")
    assert policy_versions() == 2
    text = page_text(client, POLICY).replace("four_eyes: true", "four_eyes: false")
    save(client, POLICY, bump_version(text.replace("or emails", "or email addresses")))
    ask(client)
    assert policy_versions() == 2 and len(approval.waiting()) == 1


def test_four_eyes_must_be_true_or_false(client, editors):
    text = page_text(client, POLICY).replace("grace_days: 10\n", "grace_days: 10\nfour_eyes: maybe\n")
    response = save(client, POLICY, bump_version(text), action="preview")
    assert "`four_eyes` must be true or false" in response.get_data(as_text=True)
