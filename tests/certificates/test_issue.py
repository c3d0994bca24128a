"""Completing a course issues one certificate, with what it was earned against, in the ledger."""

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from tests.certificates.conftest import certificates_of, complete_course, pass_quiz
from tests.conftest import PASSWORD
from training.certificates import issue
from training.db import db
from training.evidence import ledger
from training.evidence.verify import verify_ledger
from training.learning import courses as learning
from training.models import Certificate, CourseFingerprint, EvidenceEntry


def test_completing_the_course_issues_a_certificate_with_the_versions_it_was_earned_against(learner):
    learning.complete_lesson(learner, "basics-reading")
    learning.complete_lesson(learner, "basics-secrets")
    assert certificates_of(learner) == []  # not complete yet
    pass_quiz(learner)
    [certificate] = certificates_of(learner)
    current = db.session.scalar(select(CourseFingerprint).order_by(CourseFingerprint.id.desc()))
    assert certificate.course_id == "basics" and certificate.course_title == "Basics"
    assert certificate.course_fingerprint == current.fingerprint
    assert [i["item"] for i in certificate.items] == ["basics-reading", "basics-secrets", "basics-quiz"]
    assert {i["version"] for i in certificate.items} == {1}
    assert certificate.items[0]["title"] == "Reading complaints"
    assert certificate.policies == [{"policy": "demo", "title": "Demo policy", "version": "1"}]
    assert certificate.issued_at is not None


def test_verification_codes_are_random_and_long(learner, make_user):
    other = make_user(email="other@example.com")
    complete_course(learner)
    complete_course(other)
    codes = [c.code for c in certificates_of(learner) + certificates_of(other)]
    assert len(set(codes)) == 2
    assert all(len(code) == 24 and code.isalnum() and code.isupper() for code in codes)
    assert len({issue.new_code() for _ in range(1000)}) == 1000


def test_the_certificate_is_in_the_evidence_ledger_and_the_ledger_checks(learner):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    entry = db.session.scalar(select(EvidenceEntry).where(EvidenceEntry.kind == "certificate"))
    assert (entry.record_id, entry.user_id) == (certificate.id, learner.id)
    assert entry.payload["code"] == certificate.code
    assert entry.payload["course_fingerprint"] == certificate.course_fingerprint
    assert verify_ledger().ok


def tamper(statement: str) -> None:
    """Run SQL past the append-only guard, as someone with direct write access to the database could."""
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        for table in ("certificate", "certificate_revocation"):
            for action in ("update", "delete"):
                db.session.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{action}"))
    else:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))  # triggers stay put
    db.session.execute(text(statement))
    db.session.commit()


def test_a_certificate_altered_behind_the_applications_back_fails_the_ledger_check(learner):
    complete_course(learner)
    tamper("UPDATE certificate SET course_title = 'Something else'")
    report = verify_ledger()
    assert [(p.kind, "course_title" in p.message) for p in report.problems] == [("certificate", True)]


@pytest.mark.parametrize(
    "statement", ["UPDATE certificate SET course_title = 'x'", "DELETE FROM certificate"]
)
def test_the_database_refuses_to_change_or_delete_a_certificate(learner, statement):
    complete_course(learner)
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()
    assert len(certificates_of(learner)) == 1


def test_completing_again_with_nothing_new_issues_no_second_certificate(learner):
    complete_course(learner)
    learning.complete_lesson(learner, "basics-reading")  # already recorded
    pass_quiz(learner, token="second-try")  # a second pass of the same version
    learning.update_course_progress(learner, "basics")
    db.session.commit()
    assert len(certificates_of(learner)) == 1


def test_issuing_twice_for_the_same_work_returns_the_one_certificate(learner):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    state = learning.status_query.course_states()["basics"]
    assert issue.issue(learner.id, state, certificate.work_fingerprint) is certificate
    assert len(certificates_of(learner)) == 1


def test_the_database_refuses_a_second_certificate_for_the_same_work(learner):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    copy = {c.name: getattr(certificate, c.name) for c in Certificate.__table__.columns if c.name != "id"}
    with pytest.raises(IntegrityError):
        db.session.add(Certificate(**copy | {"code": issue.new_code()}))
        db.session.flush()
    db.session.rollback()


def test_concurrent_submissions_of_the_last_lesson_issue_one_certificate(app, learner):
    learning.complete_lesson(learner, "basics-reading")
    pass_quiz(learner)
    db.session.commit()
    db.session.remove()
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            client = app.test_client()
            client.post("/login", data={"email": "lee@example.com", "password": PASSWORD})
            barrier.wait(timeout=60)
            response = client.post("/lessons/basics-secrets/complete", data={})
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
    assert (
        db.session.scalar(
            select(func.count()).select_from(EvidenceEntry).where(EvidenceEntry.kind == "certificate")
        )
        == 1
    )
    assert verify_ledger().ok


def test_certificate_and_revocation_are_kinds_of_evidence():
    assert {"certificate", "revocation"} <= set(ledger.KINDS)
