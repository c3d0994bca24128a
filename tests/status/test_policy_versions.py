"""A new policy version makes exactly the right people outdated on exactly the right items."""

import shutil
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXTURES
from tests.content_edits import bump_version
from tests.sql_capture import statements_during
from training.db import db, utcnow
from training.editor import library as content_service
from training.learning import acknowledgements as policies
from training.learning import courses as learning
from training.models import Acknowledgement, CourseProgress, PolicyVersion
from training.status import report as reports

GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]
SECRETS_COURSE = """---
id: secrets-course
title: Secrets course
items: [secrets-lesson]
audience: all
due_days: 30
---
"""
SECRETS_LESSON = """---
id: secrets-lesson
title: Secrets lesson
covers: [demo#secrets]
---
Keep them.
"""


@pytest.fixture
def tree(tmp_path, app):
    """A copy of the test library with a second course, imported."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    (root / "courses" / "secrets-course").mkdir()
    (root / "courses" / "secrets-course" / "course.md").write_text(SECRETS_COURSE)
    (root / "courses" / "secrets-course" / "secrets-lesson.md").write_text(SECRETS_LESSON)
    content_service.import_directory(root)
    return root


def edit(root, relative, old, new, retrain=None):
    path = root / relative
    text = path.read_text()
    assert old in text
    text = text.replace(old, new)
    if relative.startswith("policies/"):
        text = bump_version(text)
    if retrain is not None:
        text = text.replace("---\n", f"---\nretrain: {str(retrain).lower()}\n", 1)
    path.write_text(text)
    return content_service.import_directory(root)


def complete_basics(client):
    client.post("/lessons/basics-reading/complete")
    client.post("/lessons/basics-secrets/complete")
    token = f"t{utcnow().timestamp()}"
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": token}).headers["Location"]
    for step, choices in GOOD_PATH:
        client.post(attempt, data={"step_id": step, "choice": choices})


@pytest.fixture
def people(tree, client, auth, make_user):
    """A completer of both courses and a person who never started."""
    done = make_user(email="done@example.com")
    idle = make_user(email="idle@example.com")
    auth.login(done.email)
    complete_basics(client)
    client.post("/lessons/secrets-lesson/complete")
    return done, idle


def statuses(user):
    return {cid: learning.course_view(user, cid).status for cid in ("basics", "secrets-course")}


def test_changing_one_section_outdates_only_the_covering_course_for_completers(tree, people):
    done, idle = people
    assert statuses(done) == {"basics": "completed", "secrets-course": "completed"}
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    assert statuses(done) == {"basics": "outdated", "secrets-course": "completed"}
    assert statuses(idle) == {"basics": "not_started", "secrets-course": "not_started"}
    view = learning.course_view(done, "basics")
    assert [i.id for i in view.stale] == ["basics-quiz"]
    assert view.due == (utcnow() + timedelta(days=10)).date()  # grace_days of the demo policy
    assert "Speaking" in view.stale_reason


def test_publish_writes_no_row_per_person(tree, people):
    before = db.session.scalars(select(CourseProgress).order_by(CourseProgress.user_id)).all()
    snapshot = [(p.user_id, p.course_id, p.fingerprint, p.completed_at) for p in before]
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    db.session.expire_all()
    after = db.session.scalars(select(CourseProgress).order_by(CourseProgress.user_id)).all()
    assert [(p.user_id, p.course_id, p.fingerprint, p.completed_at) for p in after] == snapshot


def test_report_lists_stale_items_of_outdated_people(tree, people):
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    rows = {(r["email"], r["course"]): r for r in reports.completion_rows()}
    assert rows[("done@example.com", "basics")]["status"] == "outdated"
    assert rows[("done@example.com", "basics")]["stale_items"] == ["basics-quiz"]
    assert rows[("done@example.com", "secrets-course")]["stale_items"] == []
    assert rows[("idle@example.com", "basics")]["stale_items"] == []


def test_redoing_the_stale_item_returns_the_course_to_completed(tree, people, client):
    done, _ = people
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "redo"}).headers["Location"]
    for step, choices in GOOD_PATH:
        client.post(attempt, data={"step_id": step, "choice": choices})
    view = learning.course_view(done, "basics")
    assert (view.status, view.percent, view.stale) == ("completed", 100, [])


def test_retrain_false_keeps_completions_valid_and_asks_no_acknowledgement(tree, people, client):
    done, _ = people
    policy_id = "demo"
    policies.acknowledge(done, policy_id, policies.current(policy_id).id)
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the social team speak", retrain=False)
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 2
    assert statuses(done) == {"basics": "completed", "secrets-course": "completed"}
    assert policies.owed(done) == []


def test_material_lesson_change_makes_it_stale_but_a_non_material_one_does_not(tree, people):
    done, _ = people
    edit(tree, "courses/secrets-course/secrets-lesson.md", "Keep them.", "Keep them safe.", retrain=False)
    assert statuses(done)["secrets-course"] == "completed"
    lesson = tree / "courses/secrets-course/secrets-lesson.md"
    lesson.write_text(lesson.read_text().replace("retrain: false", "retrain: true"))
    edit(tree, "courses/secrets-course/secrets-lesson.md", "Keep them safe.", "Never share them.")
    assert statuses(done)["secrets-course"] == "outdated"
    assert [i.id for i in learning.course_view(done, "secrets-course").stale] == ["secrets-lesson"]


def test_removed_section_is_published_and_shown_as_removed(tree, people):
    done, _ = people
    policies.acknowledge(done, "demo", policies.current("demo").id)
    for lesson in ("courses/basics/basics-secrets.md", "courses/secrets-course/secrets-lesson.md"):
        path = tree / lesson
        path.write_text(path.read_text().replace("demo#secrets", "demo#complaints"))
    edit(tree, "policies/demo.md", "## Secrets {#secrets}\nNever post order numbers.\n", "")
    changes = policies.changes(done, "demo")
    removed = [s for s in changes.sections if s.kind == "removed"]
    assert [s.section_id for s in removed] == ["secrets"]


def test_item_covering_a_removed_section_is_reported_by_check(tree):
    text = (
        (tree / "policies/demo.md")
        .read_text()
        .replace("## Secrets {#secrets}\nNever post order numbers.\n", "")
    )
    (tree / "policies/demo.md").write_text(text)
    problems = [str(p) for p in content_service.check_directory(tree)]
    assert any("basics-secrets.md" in p and "demo#secrets" in p for p in problems)


def test_changes_are_shown_since_the_version_last_acknowledged(tree, people):
    done, _ = people
    v1 = policies.current("demo")
    policies.acknowledge(done, "demo", v1.id)
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    edit(tree, "policies/demo.md", "move to a private channel", "move to a private channel quickly")
    view = policies.changes(done, "demo")
    assert view.since.id == v1.id and view.current.number == 3
    kinds = {s.section_id: s.kind for s in view.sections}
    assert kinds == {"speaking": "changed", "complaints": "changed", "secrets": "unchanged"}
    speaking = next(s for s in view.sections if s.section_id == "speaking")
    assert '<p>Only the <span class="visually-hidden">added: </span><ins>trained </ins>social' in str(
        speaking.diff_html
    )
    assert "<del>" not in str(speaking.diff_html)


def test_acknowledging_twice_records_once(tree, people, client):
    done, _ = people
    version = policies.current("demo")
    data = {"version_id": version.id, "confirm": "y"}
    client.post("/policies/demo/acknowledge", data=data)
    client.post("/policies/demo/acknowledge", data=data)
    records = db.session.scalars(select(Acknowledgement)).all()
    assert len(records) == 1
    assert records[0].version_label == "1"
    assert set(records[0].sections) == {"speaking", "complaints", "secrets"}
    assert records[0].acknowledged_at.tzinfo is not None


def test_new_version_asks_for_acknowledgement_and_shows_it_on_home(tree, people, client):
    done, _ = people
    policies.acknowledge(done, "demo", policies.current("demo").id)
    assert policies.owed(done) == []
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    assert [v.number for v in policies.owed(done)] == [2]
    assert "Policies to acknowledge" in client.get("/").get_data(as_text=True)
    page = client.get("/policies/demo").get_data(as_text=True)
    assert "What changed since version 1" in page and "<ins>trained" in page


def test_acknowledgement_of_a_superseded_version_is_refused(tree, people):
    done, _ = people
    old = policies.current("demo")
    edit(tree, "policies/demo.md", "Only the social team speaks", "Only the trained social team speaks")
    with pytest.raises(policies.ValidationFailed):
        policies.acknowledge(done, "demo", old.id)


def test_acknowledge_without_ticking_the_box_records_nothing(tree, people, client):
    response = client.post("/policies/demo/acknowledge", data={"version_id": policies.current("demo").id})
    assert response.status_code == 422
    assert "Tick the box" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Acknowledgement)) == 0


def test_the_home_page_asks_as_many_statements_for_three_policies_owed_as_for_one(
    tree, client, make_user, auth
):
    """The policies owed are two statements however many there are (issue 17): once a statement a
    policy, and another for its sections, which the list of titles never shows."""
    make_user(email="new@example.com")
    auth.login("new@example.com")

    def home() -> tuple[int, str]:
        client.get("/")  # warm: what is published is read once, then kept
        sent = statements_during(lambda: client.get("/"))
        return len(sent), client.get("/").get_data(as_text=True)

    one, page = home()
    assert "Demo policy, version 1" in page
    for extra in ("press", "privacy"):
        text = (tree / "policies" / "demo.md").read_text()
        (tree / "policies" / f"{extra}.md").write_text(
            text.replace("id: demo", f"id: {extra}").replace("Demo policy", f"{extra.title()} policy")
        )
    edit(
        tree,
        "courses/secrets-course/secrets-lesson.md",
        "[demo#secrets]",
        "[demo#secrets, press#speaking, privacy#secrets]",
    )
    three, page = home()
    owed = page.split('id="owed-heading"')[1].split("</section>")[0]
    assert [t in owed for t in ("Demo policy", "Press policy", "Privacy policy")] == [True] * 3
    assert three == one
