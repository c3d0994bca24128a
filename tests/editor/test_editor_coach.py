"""Editors manage the response coach's rules in the browser: try, save, publish, history, diff, restore."""

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from tests.editor.test_editor_drafts import opened_state
from training.coach import versions as coach_versions
from training.db import db
from training.models import CoachRulesVersion, ContentDraft

EDIT = "/editor/coach/edit"
ORDER_RULE = """policy: policies/demo.md
rules:
  - id: order-number
    category: leak
    severity: block
    section: secrets
    patterns: ['(?<![\\w-])KH-\\d{7}(?!\\d)']
    message: Order numbers identify a customer
"""
ACCOUNT_RULE = """policy: policies/demo.md
rules:
  - id: account-number
    category: leak
    severity: block
    section: secrets
    patterns: ['(?<![\\w-])ACC-\\d{8}(?!\\d)']
    message: Account numbers are private
"""
REPLY = "Thanks Dan, your order KH-1234567 and account ACC-12345678 are on their way."


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library (no coach rules yet) imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def save(client, text: str):
    return client.post(EDIT, data={**opened_state(client, EDIT), "text": text, "save": "1"})


def publish(client, note: str = "", url: str = "/editor/coach/publish"):
    return client.post(url, data={**opened_state(client, url), "note": note})


def published(client, text: str, note: str = "") -> None:
    assert save(client, text).status_code == 302
    assert publish(client, note).status_code == 302


def findings(page: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<li id="finding-\d+"[^>]*>.*?<span>(.*?)</span>', page, re.S)]


def test_the_editor_list_links_to_the_coach_rules(client, editor):
    page = client.get("/editor/").get_data(as_text=True)
    assert "<h2>Response coach</h2>" in page and 'href="/editor/coach/edit"' in page


def test_a_reply_is_tried_against_the_rules_in_the_form_not_the_published_ones(client, editor):
    published(client, ORDER_RULE)
    response = client.post(EDIT, data={**opened_state(client, EDIT), "text": ACCOUNT_RULE, "reply": REPLY})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<label for="reply">A reply to try the rules on</label>' in page
    assert "What these rules find in the reply" in page
    assert [f.split(" (")[0] for f in findings(page)] == ["Account numbers are private"]
    assert "ACC-12345678<sup" in page and "KH-1234567<sup" not in page
    # Trying stores nothing: no draft, and the coach still uses the published rules.
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert [r.id for r in coach_versions.current_rules("/nowhere").rules] == ["order-number"]


def test_rules_with_problems_are_shown_by_line_and_nothing_is_saved(client, editor):
    broken = ORDER_RULE.replace("severity: block", "severity: loud")
    line = broken.splitlines().index("  - id: order-number") + 1  # the coach names the rule's line
    response = save(client, broken)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf"<strong>Line {line}:</strong> [^<]*severity", page)
    assert "nothing was saved or published" in page
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert unescape(re.search(r'name="text"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)[1]) == broken


def test_saving_and_publishing_puts_the_rules_in_force_without_retraining(client, editor):
    published(client, ORDER_RULE, note="First rules")
    assert save(client, ACCOUNT_RULE).status_code == 302
    draft = db.session.scalar(select(ContentDraft))
    assert (draft.kind, draft.key, draft.text) == ("coach", "rules", ACCOUNT_RULE)
    review = client.get("/editor/coach/publish").get_data(as_text=True)
    assert "What changes from version 1" in review and "<ins>" in review
    assert "Nobody has anything to redo" in review
    assert 'name="retrain"' not in review
    response = publish(client, "Account numbers")
    assert response.headers["Location"].endswith("/editor/coach/history")
    newest = db.session.scalar(select(CoachRulesVersion).order_by(CoachRulesVersion.number.desc()))
    assert (newest.number, newest.source, newest.author, newest.note) == (
        2, ACCOUNT_RULE, "ed@example.com", "Account numbers"
    )  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert [r.id for r in coach_versions.current_rules("/nowhere").rules] == ["account-number"]


def test_history_lists_every_version_and_diffs_any_two(client, editor):
    published(client, ORDER_RULE, note="First rules")
    published(client, ACCOUNT_RULE, note="Account numbers")
    page = client.get("/editor/coach/history").get_data(as_text=True)
    assert "<h1>History: the response coach's rules</h1>" in page
    assert page.index("Account numbers") < page.index("First rules")
    assert 'href="/editor/coach/diff?old=1&amp;new=2"' in page
    diff = client.get("/editor/coach/diff?old=1&new=2").get_data(as_text=True)
    assert re.search(r"<del>[^<]*order-number[^<]*</del>", diff)
    assert re.search(r"<ins>[^<]*account-number[^<]*</ins>", diff)
    assert client.get("/editor/coach/diff?old=1&new=9").status_code == 404


def test_an_old_version_can_be_restored_as_a_new_version(client, editor):
    published(client, ORDER_RULE)
    published(client, ACCOUNT_RULE)
    assert "Publish version 1 again" in client.get("/editor/coach/restore/1").get_data(as_text=True)
    assert publish(client, url="/editor/coach/restore/1").status_code == 302
    newest = db.session.scalar(select(CoachRulesVersion).order_by(CoachRulesVersion.number.desc()))
    assert (newest.number, newest.source, newest.note) == (3, ORDER_RULE, "Restored version 1")


def test_publishing_the_same_rules_again_or_without_a_draft_is_refused(client, editor):
    published(client, ORDER_RULE)
    page = client.get("/editor/coach/publish").get_data(as_text=True)
    assert "There is no draft of the rules to publish" in page
    response = client.post("/editor/coach/restore/1", data={"revision": "", "number": "1"})
    assert response.status_code == 422
    assert "Nothing to publish: these are the rules of version 1" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CoachRulesVersion)) == 1


def test_a_save_over_a_colleagues_newer_draft_is_refused_and_keeps_both_texts(client, editor):
    stale = opened_state(client, EDIT)
    assert save(client, ORDER_RULE).status_code == 302
    response = client.post(EDIT, data={**stale, "text": ACCOUNT_RULE, "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not saved: someone else saved first" in page and "account-number" in page
    assert db.session.scalar(select(ContentDraft.text)) == ORDER_RULE


def test_a_draft_of_the_rules_can_be_discarded(client, editor):
    published(client, ORDER_RULE)
    save(client, ACCOUNT_RULE)
    response = client.post("/editor/coach/discard", data=opened_state(client, EDIT))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    assert (
        unescape(
            re.search(
                r'name="text"[^>]*>\r?\n?(.*?)</textarea>', client.get(EDIT).get_data(as_text=True), re.S
            )[1]
        )
        == ORDER_RULE
    )


DM_RULE = (
    ORDER_RULE
    + """  - id: private-channel
    category: practice
    detect: missing
    required: true
    section: complaints
    kinds: [complaint]
    phrases: [DM]
    message: Offer to carry on in a private message
"""
)


@pytest.mark.parametrize(("answers", "found"), [("complaint", ["Offer to carry on"]), ("praise", [])])
def test_a_reply_is_tried_as_an_answer_to_the_chosen_kind_of_post(client, editor, answers, found):
    data = {
        **opened_state(client, EDIT),
        "text": DM_RULE,
        "reply": "Thank you, Dan! – Alex",
        "answers": answers,
    }
    page = client.post(EDIT, data=data).get_data(as_text=True)
    assert '<label for="answers">What the reply answers</label>' in page
    assert "What these rules find in the reply" in page
    assert [f[: len("Offer to carry on")] for f in findings(page)] == found


CUSTOMER_RULE = (
    ORDER_RULE
    + """  - id: other-customer
    category: situation
    severity: block
    section: complaints
    detect: customer
    not_names: [Thanks]
    message: This reply greets {name}, but the post you are answering is from {customer}
"""
)


@pytest.mark.parametrize(("customer", "found"), [("Sam", ["This reply greets Dan"]), ("Dan", []), ("", [])])
def test_a_reply_is_tried_as_an_answer_to_the_named_customer(client, editor, customer, found):
    data = {
        **opened_state(client, EDIT),
        "text": CUSTOMER_RULE,
        "reply": "Hi Dan, thanks!",
        "customer": customer,
    }
    page = client.post(EDIT, data=data).get_data(as_text=True)
    assert "What these rules find in the reply" in page
    assert [f[: len("This reply greets Dan")] for f in findings(page)] == found


def test_an_unknown_kind_of_post_is_refused_on_the_form(client, editor):
    data = {**opened_state(client, EDIT), "text": DM_RULE, "reply": "Thanks", "answers": "gossip"}
    response = client.post(EDIT, data=data)
    assert response.status_code == 422
    assert 'id="answers-error"' in response.get_data(as_text=True)


def test_a_draft_and_version_of_the_rules_carry_the_signed_in_editors_name(client, editor):
    forged = {
        "author": "other@example.com",
        "updated_by": "other@example.com",
        "created_by": "other@example.com",
    }
    response = client.post(
        EDIT, data={**opened_state(client, EDIT), **forged, "text": ORDER_RULE, "save": "1"}
    )
    assert response.status_code == 302
    draft = db.session.scalar(select(ContentDraft))
    assert (draft.created_by, draft.updated_by) == ("ed@example.com", "ed@example.com")
    url = "/editor/coach/publish"
    assert client.post(url, data={**opened_state(client, url), **forged}).status_code == 302
    assert db.session.scalar(select(CoachRulesVersion.author)) == "ed@example.com"


def test_trying_valid_rules_without_a_reply_says_they_have_no_problems(client, editor):
    page = client.post(EDIT, data={**opened_state(client, EDIT), "text": ORDER_RULE}).get_data(as_text=True)
    assert "The rules have no problems. Write a reply above to see what they find in it." in page
    assert "What these rules find in the reply" not in page


SITUATION_RULES = (
    ORDER_RULE
    + """  - id: must-address
    category: situation
    severity: block
    section: complaints
    detect: must-address
    message: This reply does not yet answer the post; it needs to say {missing}
  - id: thread-detail
    category: leak
    severity: block
    section: secrets
    detect: must-not-mention
    message: '"{detail}" comes from the thread, so never repeat it in public'
"""
)


def test_a_reply_is_tried_against_what_a_step_says_it_must_address_and_never_mention(client, editor):
    data = {
        **opened_state(client, EDIT), "text": SITUATION_RULES, "reply": "Sorry Dan, see you at 14 Mill Lane.",
        "must_address": "sorry, apologi*\nDM, direct message", "must_not_mention": "14 Mill Lane\nTuesday",
    }  # fmt: skip
    page = client.post(EDIT, data=data).get_data(as_text=True)
    assert '<label for="must_address">What the reply must address (optional)</label>' in page
    shown = findings(page)
    [missing] = [f for f in shown if f.startswith("This reply does not yet answer the post")]
    assert "DM" in missing and "sorry" not in missing  # the apology is there; the private channel is not
    assert sum(f.startswith('"14 Mill Lane" comes from the thread') for f in shown) == 1
    assert not any("Tuesday" in f for f in shown)
