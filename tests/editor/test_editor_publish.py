"""Publishing drafts: what changes, who becomes outdated, retraining or not, history and restore."""

import re

import pytest
from sqlalchemy import func, select

from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from training.content import versions
from training.db import db
from training.learning import attempts
from training.learning import courses as learning
from training.models import ContentDraft, ItemFingerprint, ItemVersion, PolicyVersion
from training.status import query as status_query

POLICY = "/editor/policies/demo/edit"
LESSON = "/editor/items/basics-secrets/edit"
GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def complete_basics(user) -> None:
    """Complete every item of the basics course, as the learner would have."""
    learning.complete_lesson(user, "basics-reading")
    learning.complete_lesson(user, "basics-secrets")
    attempt = attempts.start_attempt(user, "basics-quiz", f"setup-{user.id}")
    for step_id, choices in GOOD_PATH:
        attempts.answer(user, attempt.id, step_id, choices)


@pytest.fixture
def learners(make_user, library):
    return make_learners(make_user)


def make_learners(make_user) -> dict:
    """Two people who completed the basics course and one who only read the first lesson."""
    done = [make_user(email=f"done{n}@example.com") for n in (1, 2)]
    for user in done:
        complete_basics(user)
    started = make_user(email="started@example.com")
    learning.complete_lesson(started, "basics-reading")
    assert [status_query.statuses_for(u.id)["basics"] for u in done] == ["completed", "completed"]
    return {"done": done, "started": started}


def statuses(learners) -> list[str]:
    people = [*learners["done"], learners["started"]]
    return [status_query.statuses_for(u.id)["basics"] for u in people]


def change_policy(client, old="Never post order numbers.", new="Never post order numbers or emails."):
    text = page_text(client, POLICY)
    assert old in text
    assert save(client, POLICY, bump_version(text.replace(old, new))).status_code == 302


def publish_page(client, kinds="policies", key="demo"):
    return client.get(f"/editor/{kinds}/{key}/publish")


def form_state(page: str) -> dict:
    """What the page's publish form sends untouched: its state, and a policy's effective date."""
    return dict(
        re.findall(
            r'name="(revision|number|effective)"(?: required)? type="(?:hidden|date)" value="([^"]*)"', page
        )
    )


def do_publish(client, kinds="policies", key="demo", retrain=True, note="", **fields):
    """Publish as an editor would: `retrain` None chooses nothing; `fields` (e.g. effective) override."""
    page = publish_page(client, kinds, key).get_data(as_text=True)
    data = {**form_state(page), "note": note} | fields
    if retrain is not None:
        data["retrain"] = "yes" if retrain else "no"
    return client.post(f"/editor/{kinds}/{key}/publish", data=data)


def fingerprint_counts() -> dict[str, int]:
    query = select(ItemFingerprint.item_id, func.count()).group_by(ItemFingerprint.item_id)
    return {item_id: n for item_id, n in db.session.execute(query).all()}


def outdated_count(page: str) -> int:
    return int(re.search(r'class="outdated-count">(\d+)<', page)[1])


def test_a_changed_policy_that_keeps_its_version_label_is_refused(client, editor, learners):
    text = page_text(client, POLICY)
    save(client, POLICY, text.replace("Never post order numbers.", "Never post emails."))
    page = publish_page(client)
    assert page.status_code == 422
    assert "the text changed but `version` is still &#39;1&#39;" in page.get_data(as_text=True)
    assert do_publish(client).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


def test_review_shows_changed_sections_and_people_who_would_be_outdated(client, editor, learners):
    change_policy(client)
    response = publish_page(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '“Secrets” (#secrets) <span class="tag tag-changed">changed</span>' in page
    assert re.search(r"<ins>[^<]*or emails\.", page)
    assert "Unchanged: “Speaking” (#speaking), “Complaints” (#complaints)." in page
    assert outdated_count(page) == 2
    assert "something to redo (from: Keeping secrets)" in page


def test_publishing_with_retraining_makes_exactly_the_counted_people_outdated(client, editor, learners):
    change_policy(client)
    predicted = outdated_count(publish_page(client).get_data(as_text=True))
    response = do_publish(client, retrain=True, note="Emails are personal data too")
    assert response.status_code == 302
    assert statuses(learners) == ["outdated", "outdated", "in_progress"]
    assert predicted == 2
    version = versions.current(PolicyVersion, "demo")
    assert (version.number, version.author, version.note, version.retrain) == (
        2, "ed@example.com", "Emails are personal data too", True,
    )  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(ContentDraft)) == 0
    stale = learning.course_view(learners["done"][0], "basics").stale
    assert [i.id for i in stale] == ["basics-secrets"]


def test_publishing_without_retraining_keeps_completions_valid(client, editor, learners):
    prints = fingerprint_counts()
    change_policy(client)
    assert do_publish(client, retrain=False).status_code == 302
    assert statuses(learners) == ["completed", "completed", "in_progress"]
    version = versions.current(PolicyVersion, "demo")
    assert version.number == 2 and version.retrain is False
    assert "Never post order numbers or emails." in [s.body_md.strip() for s in version.sections]
    assert fingerprint_counts() == prints  # no item's fingerprint changed


def test_learners_see_the_new_lesson_only_once_it_is_published(client, editor, learners, auth):
    text = page_text(client, LESSON).replace(
        "Never post an order number.", "Never post an order number or email."
    )
    save(client, LESSON, text)
    review = publish_page(client, "items", "basics-secrets").get_data(as_text=True)
    assert outdated_count(review) == 2
    assert re.search(r"<ins>[^<]*or email\.", review)
    assert do_publish(client, "items", "basics-secrets", retrain=True).status_code == 302
    assert statuses(learners) == ["outdated", "outdated", "in_progress"]
    auth.logout()
    auth.login("done1@example.com")
    page = client.get("/lessons/basics-secrets").get_data(as_text=True)
    assert "order number or email." in page


def test_a_lesson_typo_fix_without_retraining_keeps_people_completed(client, editor, learners):
    save(client, LESSON, page_text(client, LESSON).replace("order number.", "order number!"))
    assert do_publish(client, "items", "basics-secrets", retrain=False).status_code == 302
    assert statuses(learners) == ["completed", "completed", "in_progress"]
    versions = db.session.scalars(select(ItemVersion).where(ItemVersion.item_id == "basics-secrets")).all()
    assert [v.retrain for v in versions] == [True, False]
    assert versions[0].material_hash == versions[1].material_hash


def test_publishing_an_unchanged_draft_is_refused(client, editor):
    save(client, POLICY, page_text(client, POLICY))
    page = publish_page(client).get_data(as_text=True)
    assert "Nothing to publish: this is the same as the current version 1." in page
    response = do_publish(client)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


def test_publish_is_refused_when_the_draft_changed_after_the_review(client, editor):
    change_policy(client)
    page = publish_page(client).get_data(as_text=True)
    state = form_state(page)
    change_policy(client, "or emails.", "or email addresses.")
    response = client.post("/editor/policies/demo/publish", data={**state, "retrain": "yes"})
    assert response.status_code == 409
    assert "This page now shows the latest state" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


def test_history_lists_every_version_with_author_time_and_note(client, editor):
    change_policy(client)
    do_publish(client, note="Emails too")
    page = client.get("/editor/policies/demo/history").get_data(as_text=True)
    assert "content import" in page and "ed@example.com" in page and "Emails too" in page
    assert re.search(r"<td>2 \(“2”\)</td>", page) and re.search(r"<td>1 \(“1”\)</td>", page)
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", page)) >= 2


def test_diff_between_two_versions_marks_added_and_removed_words(client, editor):
    change_policy(client)
    do_publish(client)
    page = client.get("/editor/policies/demo/diff?old=1&new=2").get_data(as_text=True)
    assert "“Secrets” (#secrets)" in page and "<ins>" in page
    backwards = client.get("/editor/policies/demo/diff?old=2&new=1").get_data(as_text=True)
    assert "<del>" in backwards
    assert client.get("/editor/policies/demo/diff?old=1&new=9").status_code == 404
    assert client.get("/editor/policies/demo/diff?old=x&new=1").status_code == 404


def test_restoring_an_old_version_publishes_it_as_a_new_version(client, editor, learners):
    change_policy(client)
    do_publish(client)
    review = client.get("/editor/policies/demo/restore/1").get_data(as_text=True)
    assert "Restore version 1 of Demo policy" in review
    response = client.post("/editor/policies/demo/restore/1", data={**form_state(review), "retrain": "yes"})
    assert response.status_code == 302
    versions = db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.number)).all()
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[2].note == "Restored version 1"
    assert [s.text_hash for s in versions[2].sections] == [s.text_hash for s in versions[0].sections]


def test_restore_with_a_stale_page_is_refused(client, editor):
    change_policy(client)
    do_publish(client)
    response = client.post(
        "/editor/policies/demo/restore/1",
        data={"revision": "", "number": "1", "retrain": "yes", "effective": "2026-02-01"},
    )
    assert response.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 2


def test_review_of_a_long_quiz_shows_only_the_lines_around_a_change(client, editor):
    url = "/editor/items/basics-quiz/edit"
    text = page_text(client, url).replace("Blocking looks like hiding.", "Blocking looks evasive.")
    save(client, url, text)
    review = publish_page(client, "items", "basics-quiz").get_data(as_text=True)
    diff = review[review.index('<div class="diff">') :].split("</div>")[0]
    assert diff.startswith('<div class="diff"><span class="hunk">Line 27</span>        text: Block them')
    assert "<del>like hiding." in diff and "<ins>evasive." in diff
    assert "Who may speak for the company?" not in diff  # far from the change
