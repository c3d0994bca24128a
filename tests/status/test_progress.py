"""Completions carry fingerprints, and status follows them."""

from sqlalchemy import select

from training.content.publish import fingerprint
from training.db import db
from training.learning import courses as learning
from training.models import Completion, ItemVersion, PolicySection


def test_completion_records_item_version_and_covered_section_hashes(client, employee):
    client.post("/lessons/basics-reading/complete")
    completion = db.session.scalar(select(Completion))
    version = db.session.scalar(select(ItemVersion).where(ItemVersion.item_id == "basics-reading"))
    section = db.session.scalar(select(PolicySection).where(PolicySection.section_id == "complaints"))
    assert completion.item_version_id == version.id
    assert completion.sections == {"demo#complaints": section.material_hash}
    assert completion.fingerprint == fingerprint(
        version.material_hash, f"demo#complaints={section.material_hash}"
    )


def test_passing_quiz_completion_keeps_score_and_attempt(client, employee):
    client.post("/quizzes/basics-quiz/start", data={"token": "x"})
    for step, choices in [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]:
        client.post("/attempts/1", data={"step_id": step, "choice": choices})
    completion = db.session.scalar(select(Completion))
    assert (completion.item_id, completion.score, completion.attempt_id) == ("basics-quiz", 100, 1)
    assert set(completion.sections) == {"demo#complaints", "demo#speaking"}


def test_course_status_moves_from_not_started_to_completed(client, employee):
    assert learning.course_view(employee, "basics").status == "not_started"
    client.post("/lessons/basics-reading/complete")
    assert learning.course_view(employee, "basics").status == "in_progress"
    client.post("/lessons/basics-secrets/complete")
    client.post("/quizzes/basics-quiz/start", data={"token": "x"})
    for step, choices in [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]:
        client.post("/attempts/1", data={"step_id": step, "choice": choices})
    view = learning.course_view(employee, "basics")
    assert (view.status, view.percent) == ("completed", 100)
    assert view.completed_at is not None


def test_earliest_due_date_wins_when_assignments_overlap(client, employee, make_user):
    from datetime import timedelta

    from training.db import utcnow
    from training.status import assignments

    hr = make_user(email="hr@example.com", roles="hr")
    default_due = learning.course_view(employee, "basics").due
    soon = utcnow().date() + timedelta(days=3)
    row = assignments.assign(hr, "basics", "person", email=employee.email, due_date=soon)
    assert learning.course_view(employee, "basics").due == soon
    assignments.remove(hr, row.id)
    assert learning.course_view(employee, "basics").due == default_due


def test_department_assignment_reaches_people_imported_later(app, library, make_user):
    from training.status import assignments
    from training.status import query as status_query

    hr = make_user(email="hr@example.com", roles="hr", department="People")
    assignments.assign(hr, "basics", "department", department="Sales", due_days=5)
    later = make_user(email="late@example.com", department="Sales")
    rows = status_query.status_query(user_id=later.id)
    due = {r.course_id: r.due_date for r in db.session.execute(select(rows))}
    assert due["basics"] == (later.created_at.date() + __import__("datetime").timedelta(days=5))
