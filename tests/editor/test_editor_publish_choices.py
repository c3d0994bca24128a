"""What the editor chooses when publishing: retraining or not (no default), and a policy's effective date."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from tests.editor.test_editor_publish import (
    LESSON,
    POLICY,
    change_policy,
    do_publish,
    form_state,
    publish_page,
)
from training.content import versions
from training.db import db
from training.editor import drafts as editing
from training.editor.retraining import trivial_change
from training.models import PolicyVersion

RADIO = re.compile(r'<input( checked)? id="retrain-\d" name="retrain" type="radio" value="(yes|no)">')
SUGGESTS_NO = "Suggested: No retraining."
SUGGESTS_YES = "Suggested: Requires retraining."


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def policy_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PolicyVersion))


def edit_policy(client, old: str, new: str) -> None:
    """Save a draft of the demo policy with `old` replaced, under a new version label."""
    text = page_text(client, POLICY)
    assert old in text
    assert save(client, POLICY, bump_version(text.replace(old, new))).status_code == 302


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def longdate(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize(
    ("old", "new", "trivial"),
    [
        ("We recieve mail.", "We receive mail.", True),
        ("Never post order numbers.", "Never post order-numbers!", True),
        ("Acknowledge,\napologise,  move", "Acknowledge, apologise, move", True),
        ("Email us.", "email us.", True),
        ("Read teh rules.", "Read the rules.", True),
        ("Never post order numbers.", "Never post order emails.", False),  # a changed word
        ("Never post order numbers.", "Never post order numbers or emails.", False),  # words added
        ("Never post order numbers.", "Never post numbers.", False),  # a word removed
        ("You must not post.", "You must now post.", False),  # a short word, not a swap
        ("Within 14 days.", "Within 15 days.", False),  # a number
        ("Post one number.", "Post one numbers.", False),  # letters added at the end: another word
        ("You must post. You must ask.", "You most post. You must ask.", False),  # a word still used
    ],
)
def test_only_whitespace_punctuation_or_spelling_within_a_word_is_a_trivial_change(old, new, trivial):
    assert trivial_change(old, new) is trivial


def test_publish_page_asks_to_choose_retraining_with_neither_option_selected(client, editor):
    change_policy(client)
    page = publish_page(client).get_data(as_text=True)
    assert "<legend>Does this change require retraining?</legend>" in page
    assert RADIO.findall(page) == [("", "yes"), ("", "no")]
    assert '<label for="retrain-0">Requires retraining</label>' in page
    assert '<label for="retrain-1">No retraining</label>' in page


def test_publishing_without_choosing_retraining_is_refused_and_publishes_nothing(client, editor):
    change_policy(client)
    response = do_publish(client, retrain=None)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="retrain-error">Choose “Requires retraining” or “No retraining”.</p>' in page
    assert 'aria-describedby="retrain-help retrain-hint retrain-error"' in page
    assert policy_count() == 1
    assert editing.find_draft("policy", "demo") is not None


def test_a_spelling_fix_proposes_no_retraining_but_selects_nothing(client, editor):
    edit_policy(client, "apologise, move", "apologize, move")
    page = publish_page(client).get_data(as_text=True)
    assert SUGGESTS_NO in page and SUGGESTS_YES not in page
    assert RADIO.findall(page) == [("", "yes"), ("", "no")]


def test_a_changed_word_proposes_retraining(client, editor):
    edit_policy(client, "Never post order numbers.", "Never post order emails.")
    page = publish_page(client).get_data(as_text=True)
    assert SUGGESTS_YES in page and SUGGESTS_NO not in page
    assert RADIO.findall(page) == [("", "yes"), ("", "no")]


def test_a_lesson_punctuation_fix_proposes_no_retraining(client, editor):
    save(client, LESSON, page_text(client, LESSON).replace("order number.", "order number!"))
    page = publish_page(client, "items", "basics-secrets").get_data(as_text=True)
    assert SUGGESTS_NO in page
    assert RADIO.findall(page) == [("", "yes"), ("", "no")]


def test_a_new_course_item_needs_no_retraining_choice(client, editor):
    client.post("/editor/courses/basics/new/lesson", data={"item_id": "basics-extra", "title": "Extra",
                                                            "covers": ["demo#secrets"]})  # fmt: skip
    page = publish_page(client, "items", "basics-extra").get_data(as_text=True)
    assert '<input type="hidden" name="retrain" value="yes">' in page
    assert "Does this change require retraining?" not in page and 'name="effective"' not in page


def test_effective_date_is_asked_for_and_defaults_to_today(client, editor):
    change_policy(client)
    page = publish_page(client).get_data(as_text=True)
    assert '<label for="effective">Effective from</label>' in page
    assert form_state(page)["effective"] == today().isoformat()
    assert re.search(rf"<h1>Publish policy: Demo policy, effective {longdate(today())}</h1>", page)


@pytest.mark.parametrize(
    ("effective", "error"),
    [("", "Give the date this version takes effect."), ("2026-02-30", "Give a date such as 2026-07-01.")],
)
def test_a_missing_or_invalid_effective_date_is_refused(client, editor, effective, error):
    change_policy(client)
    response = do_publish(client, effective=effective)
    assert response.status_code == 422
    assert f'<p class="error" id="effective-error">{error}</p>' in response.get_data(as_text=True)
    assert policy_count() == 1


def test_the_chosen_effective_date_is_what_the_version_the_employee_and_the_export_say(
    client, editor, auth, make_user, runner, tmp_path
):
    assert versions.current(PolicyVersion, "demo").effective == dt.date(2026, 1, 1)  # as imported
    change_policy(client)
    assert do_publish(client, effective="2026-03-09").status_code == 302
    version = versions.current(PolicyVersion, "demo")
    assert version.effective == dt.date(2026, 3, 9)
    assert "\neffective: 2026-03-09\n" in version.source
    history = client.get("/editor/policies/demo/history").get_data(as_text=True)
    assert "<td>9 March 2026</td>" in history and "<td>1 January 2026</td>" in history

    assert runner.invoke(args=["content", "export", str(tmp_path)]).exit_code == 0
    assert "\neffective: 2026-03-09\n" in (tmp_path / "policies" / "demo.md").read_text()

    auth.logout()
    auth.login(make_user(email="reader@example.com").email)
    page = client.get("/policies/demo").get_data(as_text=True)
    assert "<span>Effective 9 March 2026</span>" in page


@pytest.mark.parametrize("effective", ["1900-01-01", "2999-12-31"])
def test_a_date_far_in_the_past_or_future_is_allowed(client, editor, effective):
    change_policy(client)
    assert do_publish(client, effective=effective).status_code == 302
    assert versions.current(PolicyVersion, "demo").effective == dt.date.fromisoformat(effective)


def test_restoring_asks_for_retraining_and_the_effective_date(client, editor):
    change_policy(client)
    do_publish(client, effective="2026-02-01")
    review = client.get("/editor/policies/demo/restore/1").get_data(as_text=True)
    state = form_state(review)
    assert state["effective"] == today().isoformat()
    assert RADIO.findall(review) == [("", "yes"), ("", "no")]
    refused = client.post("/editor/policies/demo/restore/1", data=state)
    assert refused.status_code == 422 and policy_count() == 2
    restored = client.post(
        "/editor/policies/demo/restore/1", data=state | {"retrain": "no", "effective": "2026-04-01"}
    )
    assert restored.status_code == 302
    version = versions.current(PolicyVersion, "demo")
    assert (version.number, version.effective, version.retrain) == (3, dt.date(2026, 4, 1), False)
    assert "\neffective: 2026-04-01\n" in version.source
