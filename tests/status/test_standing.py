"""Status after several publishes: what a past completion means against the current content."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.sql_capture import matching_during, plan, statements_during
from tests.status import test_policy_versions
from tests.status.test_policy_versions import GOOD_PATH, edit, statuses
from training.db import db, utcnow
from training.editor import library as content_service
from training.learning import acknowledgements as policies
from training.learning import courses as learning
from training.models import Completion, CourseFingerprint, CourseProgress, CourseStanding, PolicyVersion
from training.status import due_extensions
from training.status import query as status_query
from training.status import redo as hr_outdated
from training.status import report as reports

# The same library and people as the policy version tests.
tree, people = test_policy_versions.tree, test_policy_versions.people
SPEAKING = ("Only the social team speaks", "Only the trained social team speaks")
SECRETS = ("Never post order numbers.", "Never post order or phone numbers.")
COURSE = "courses/basics/course.md"
ITEMS = "items: [basics-reading, basics-secrets, basics-quiz]"


def row(email, course="basics"):
    return next(r for r in reports.completion_rows() if (r["email"], r["course"]) == (email, course))


def stale(user, course="basics"):
    return [i.id for i in learning.course_view(user, course).stale]


def take_quiz(client, token):
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": token}).headers["Location"]
    for step, choices in GOOD_PATH:
        client.post(attempt, data={"step_id": step, "choice": choices})


def in_days(days: int):
    return utcnow().date() + timedelta(days=days)


def test_a_no_retraining_fix_is_not_counted_again_by_a_later_retraining_publish(tree, people):
    done, _ = people
    edit(tree, "policies/demo.md", *SECRETS, retrain=False)
    path = tree / "policies/demo.md"
    path.write_text(path.read_text().replace("retrain: false\n", ""))
    edit(tree, "policies/demo.md", *SPEAKING)
    assert statuses(done) == {"basics": "outdated", "secrets-course": "completed"}
    assert stale(done) == ["basics-quiz"]


def test_turning_retraining_back_on_without_a_change_asks_nothing(tree, people):
    done, _ = people
    policies.acknowledge(done, "demo", policies.current("demo").id)
    edit(tree, "policies/demo.md", *SECRETS, retrain=False)
    path = tree / "policies/demo.md"
    path.write_text(path.read_text().replace("retrain: false\n", "").replace('version: "2"', 'version: "3"'))
    content_service.import_directory(tree)
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 3
    assert statuses(done) == {"basics": "completed", "secrets-course": "completed"}
    assert policies.owed(done) == []


def test_removing_an_item_keeps_those_who_completed_the_course_completed(tree, people):
    done, _ = people
    path = tree / COURSE
    path.write_text(path.read_text().replace(ITEMS, "items: [basics-secrets, basics-quiz]"))
    (tree / "courses/basics/basics-reading.md").unlink()
    content_service.import_directory(tree)
    assert statuses(done)["basics"] == "completed"
    assert row(done.email)["stale_items"] == []


def test_adding_an_item_asks_completers_to_do_it_by_the_courses_due_days(tree, people):
    done, idle = people
    path = tree / COURSE
    path.write_text(path.read_text().replace(ITEMS, ITEMS[:-1] + ", basics-extra]"))
    (tree / "courses/basics/basics-extra.md").write_text(
        "---\nid: basics-extra\ntitle: Extra\ncovers: [demo#speaking]\n---\nMore.\n"
    )
    content_service.import_directory(tree)
    view = learning.course_view(done, "basics")
    assert (view.status, view.due) == ("outdated", in_days(30))
    assert [i.state for i in view.items] == ["done", "done", "done", "todo"]
    assert row(done.email)["stale_items"] == ["basics-extra"]
    assert "“Extra” added to the course" in view.stale_reason
    assert statuses(idle)["basics"] == "not_started"


def test_a_later_change_keeps_the_earlier_due_date_and_names_both_changes(tree, people):
    done, _ = people
    edit(tree, "policies/demo.md", *SPEAKING)
    assert learning.course_view(done, "basics").due == in_days(10)  # the policy's grace_days
    edit(tree, "courses/basics/basics-secrets.md", "Never post an order number.", "Never post an order id.")
    view = learning.course_view(done, "basics")
    assert view.due == in_days(10)
    assert stale(done) == ["basics-secrets", "basics-quiz"]
    (listed,) = [r for r in hr_outdated.page() if r.course_id == "basics"]
    assert "Demo policy version 2: “Speaking” changed (published" in listed.reason
    assert "“Keeping secrets” changed" in listed.reason
    assert listed.due_date == in_days(10)


def test_a_missed_due_date_is_not_extended_by_a_later_change(tree, people):
    done, _ = people
    edit(tree, "policies/demo.md", *SPEAKING)
    five_days_ago = in_days(-5)
    # As if the change had been published long ago: its due date has passed.
    for change in db.session.scalars(select(CourseFingerprint).where(CourseFingerprint.changes.is_not(None))):
        change.changes = {item: dict(c, due=five_days_ago.isoformat()) for item, c in change.changes.items()}
    db.session.execute(update(CourseStanding).values(stale_due=five_days_ago))
    db.session.commit()
    assert statuses(done)["basics"] == "overdue"
    edit(tree, "courses/basics/basics-secrets.md", "Never post an order number.", "Never post an order id.")
    assert statuses(done)["basics"] == "overdue"
    assert learning.course_view(done, "basics").due == five_days_ago


def test_undoing_a_change_makes_completers_complete_again(tree, people, client):
    done, _ = people
    edit(tree, "policies/demo.md", *SPEAKING)
    assert statuses(done)["basics"] == "outdated"
    edit(tree, "policies/demo.md", *reversed(SPEAKING))
    assert statuses(done)["basics"] == "completed"


def test_who_redid_an_item_before_the_change_was_undone_is_complete_once_they_acknowledge(
    tree, people, client
):
    done, _ = people
    edit(tree, "policies/demo.md", *SPEAKING)
    take_quiz(client, "redo")
    assert statuses(done)["basics"] == "completed"
    edit(tree, "policies/demo.md", *reversed(SPEAKING))
    assert stale(done) == []  # their first completion counts again
    policies.acknowledge(done, "demo", policies.current("demo").id)
    assert statuses(done)["basics"] == "completed"


def test_a_quiz_replaced_mid_attempt_counts_for_the_version_played(tree, people, client):
    done, _ = people
    edit(tree, "policies/demo.md", *SPEAKING)
    attempt = client.post("/quizzes/basics-quiz/start", data={"token": "mid"}).headers["Location"]
    client.post(attempt, data={"step_id": GOOD_PATH[0][0], "choice": GOOD_PATH[0][1]})
    edit(tree, "courses/basics/basics-quiz.quiz.yaml", "title: Basics quiz", "title: Basics quiz, revised")
    for step, choices in GOOD_PATH[1:]:
        client.post(attempt, data={"step_id": step, "choice": choices})
    newest = db.session.scalars(select(Completion).order_by(Completion.id.desc())).first()
    assert newest.item_version_id == 1
    assert newest.fingerprint != learning.item_fingerprint("basics-quiz").fingerprint
    assert statuses(done)["basics"] == "outdated"
    assert stale(done) == ["basics-quiz"]
    page = client.get(attempt).get_data(as_text=True)
    assert "was updated while you were taking it" in page


def test_a_quiz_unchanged_while_played_shows_no_update_notice(tree, people, client):
    take_quiz(client, "calm")
    attempt = db.session.scalars(select(Completion).order_by(Completion.id.desc())).first().attempt_id
    assert "was updated while you were taking it" not in client.get(f"/attempts/{attempt}").get_data(
        as_text=True
    )


@pytest.mark.parametrize(("retrain", "recorded"), [(True, False), (False, True)])
def test_a_lesson_changed_while_open_must_be_read_again(tree, client, auth, make_user, retrain, recorded):
    reader = make_user(email="reader@example.com")
    auth.login(reader.email)
    page = client.get("/lessons/basics-secrets").get_data(as_text=True)
    assert '<input type="hidden" name="version" value="1">' in page
    edit(tree, "courses/basics/basics-secrets.md", "Never post an order number.", "Never post an order id.",
         retrain=retrain)  # fmt: skip
    response = client.post("/lessons/basics-secrets/complete", data={"version": "1"}, follow_redirects=True)
    assert ("updated while you had it open" in response.get_data(as_text=True)) is not recorded
    assert ("basics-secrets" in status_query.completed_item_ids(reader.id, ["basics-secrets"])) is recorded


def test_a_whitespace_only_edit_of_a_lesson_is_not_a_change_to_redo(tree, people):
    done, _ = people
    path = tree / "courses/basics/basics-secrets.md"
    path.write_text(path.read_text().replace("\n", "\r\n").replace("an order", "an   order"))
    result = content_service.import_directory(tree)
    assert result.published == ["lesson basics-secrets (v2)"]
    assert statuses(done)["basics"] == "completed"


def test_report_lists_stale_items_of_people_who_had_not_finished(tree, client, auth, make_user):
    half = make_user(email="half@example.com")
    auth.login(half.email)
    take_quiz(client, "half")
    edit(tree, "policies/demo.md", *SPEAKING)
    assert row(half.email)["status"] == "in_progress"
    assert row(half.email)["stale_items"] == ["basics-quiz"] == stale(half)


def test_covering_another_section_names_it_and_falls_due_by_the_courses_days(tree, people):
    done, _ = people
    lesson = "courses/secrets-course/secrets-lesson.md"
    edit(tree, lesson, "covers: [demo#secrets]", "covers: [demo#secrets, demo#speaking]")
    view = learning.course_view(done, "secrets-course")
    assert view.status == "outdated"
    assert view.stale_reason == f"“Secrets lesson” now also covers “Speaking” (published {utcnow().date()})"
    assert view.due == in_days(30)


@pytest.mark.parametrize("command", ["check", "import"])
def test_a_changed_policy_that_keeps_its_label_is_refused_with_its_line(tree, people, runner, command):
    path = tree / "policies/demo.md"
    path.write_text(path.read_text().replace(*SPEAKING))
    result = runner.invoke(args=["content", command, str(tree)])
    assert result.exit_code == 1
    assert (
        "policies/demo.md:4: the text changed but `version` is still '1', the label of the published version"
        in result.output
    )
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


PER_PERSON_TABLES = {
    "user_account", "course_progress", "completion", "acknowledgement", "attempt", "attempt_answer",
    "attempt_result", "draft_reply", "evidence_entry", "sent_reminder",
}  # fmt: skip


def writes_during(action) -> list[str]:
    """Run `action` and return the INSERT, UPDATE and DELETE statements it sent."""
    writes = ("INSERT", "UPDATE", "DELETE")
    return [s for s in statements_during(action) if s.lstrip().upper().startswith(writes)]


def test_publishing_writes_no_per_person_row_and_the_same_statements_for_2_people_or_32(
    tree, people, make_user
):
    def publish(old, new) -> list[str]:
        writes = writes_during(lambda: edit(tree, "policies/demo.md", old, new))
        touched = {re.match(r"\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", w, re.I)[1] for w in writes}
        assert not touched & PER_PERSON_TABLES, touched
        return writes

    with_two = publish(*SPEAKING)
    for n in range(30):
        learning.complete_lesson(make_user(email=f"extra{n}@example.com"), "basics-secrets")
    with_32 = publish(SPEAKING[1], "Only the trained social media team speaks")
    assert len(with_32) == len(with_two), (with_two, with_32)


@pytest.mark.parametrize(("extended_to", "due"), [(40, 40), (3, 10)])
def test_hr_can_give_more_time_to_redo_stale_items_but_not_less(tree, people, make_user, extended_to, due):
    done, _ = people
    hr_user = make_user(email="hr@example.com", roles="hr")
    edit(tree, "policies/demo.md", *SPEAKING)
    due_extensions.extend(hr_user, done.id, "basics", in_days(extended_to), "On leave")
    view = learning.course_view(done, "basics")
    assert (view.status, view.due) == ("outdated", in_days(due))
    assert row(done.email)["due_date"] == in_days(due).isoformat()


def test_a_later_change_with_an_earlier_deadline_brings_the_due_date_forward_and_names_both(tree, people):
    """The lesson is stale from its own change (due by the course's 30 days) when a policy change with
    10 grace days hits a section it covers: 10 days stands, and both changes are named."""
    done, _ = people
    edit(tree, "courses/basics/basics-secrets.md", "Never post an order number.", "Never post an order id.")
    assert learning.course_view(done, "basics").due == in_days(30)
    edit(tree, "policies/demo.md", *SECRETS)
    view = learning.course_view(done, "basics")
    assert view.due == in_days(10)
    assert "“Keeping secrets” changed (version 2" in view.stale_reason
    assert "Demo policy version 2: “Secrets” changed" in view.stale_reason
    completed_against = db.session.scalar(
        select(CourseProgress.fingerprint).where(
            CourseProgress.user_id == done.id, CourseProgress.course_id == "basics"
        )
    )
    newest = select(func.max(CourseStanding.course_fingerprint_id)).where(
        CourseStanding.past_fingerprint == completed_against
    )
    changes = db.session.scalar(
        select(CourseStanding.changes).where(
            CourseStanding.past_fingerprint == completed_against,
            CourseStanding.course_fingerprint_id == newest.scalar_subquery(),
        )
    )
    assert [c["due"] for c in changes["basics-secrets"]] == [in_days(30).isoformat(), in_days(10).isoformat()]


def test_publishing_finds_the_work_done_sets_pointed_at_through_the_index(tree, people, make_user):
    """A publish asks which work-done sets someone's progress in the course points at, set by set
    through the index on (course_id, fingerprint): reading everyone's progress in the course made a
    publish at 50,000 people cost 1.7 times one at 10,000 (tests/perf/bench_status.py)."""
    for n in range(6):
        learning.complete_lesson(make_user(email=f"more{n}@example.com"), "basics-secrets")
    sent = matching_during(
        lambda: edit(tree, "policies/demo.md", *SPEAKING), r"\bFROM work_done\b(?s:.*)\bcourse_progress\b"
    )
    assert sent, "the publish asked nothing about work-done sets"
    for statement, parameters in sent:
        found = plan(statement, parameters)
        assert "ix_course_progress_course_fingerprint" in found, found
        assert "SCAN course_progress" not in found and "Seq Scan on course_progress" not in found, found
