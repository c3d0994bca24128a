"""The public page /verify/<code>: valid, superseded, valid again, revoked, unknown; nothing more shown."""

import pytest

from tests.certificates.conftest import certificates_of, complete_course
from training.certificates import issue, revoke
from training.editor import library as content_service
from training.hr import people as hr_people
from training.learning import courses as learning


def verify(client, code: str):
    return client.get(f"/verify/{code}")


def verdict(client, code: str) -> str:
    response = verify(client, code)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    found = [word for word in ("Valid.", "Superseded.", "Revoked") if word in page]
    assert len(found) == 1, found
    return found[0].rstrip(".").lower()


def test_a_new_certificate_is_valid_for_anyone_signed_in_or_not(client, learner):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    page = verify(client, certificate.code).get_data(as_text=True)
    assert "Valid." in page and "Lee Learner" in page and "Basics" in page
    assert verdict(client, issue.grouped(certificate.code)) == "valid"  # as printed, with dashes
    assert verdict(client, issue.grouped(certificate.code).lower()) == "valid"  # as typed


def test_a_material_change_supersedes_it_and_completing_again_issues_a_new_valid_one(client, learner, tree):
    complete_course(learner)
    [first] = certificates_of(learner)
    tree.change_secrets()
    assert verdict(client, first.code) == "superseded"
    learning.complete_lesson(learner, "basics-secrets")  # redo the changed lesson
    old, new = certificates_of(learner)
    assert old.id == first.id and new.code != first.code
    assert new.course_fingerprint != first.course_fingerprint
    assert [i["version"] for i in new.items if i["item"] == "basics-secrets"] == [2]
    assert verdict(client, new.code) == "valid"
    assert verdict(client, first.code) == "superseded"  # a newer certificate exists


def test_a_change_that_asks_for_no_retraining_leaves_it_valid(client, learner, tree):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    lesson = tree.root / "courses" / "basics" / "basics-secrets.md"
    text = lesson.read_text().replace("title: Keeping secrets\n", "title: Keeping secrets\nretrain: false\n")
    lesson.write_text(text.replace("order number.", "order number!"))
    content_service.import_directory(tree.root)
    assert verdict(client, certificate.code) == "valid"


def test_a_revoked_certificate_says_so_without_the_reason(client, learner, hr):
    complete_course(learner)
    [certificate] = certificates_of(learner)
    revoke.revoke(hr, certificate.id, "Completed by a colleague on their behalf")
    page = verify(client, certificate.code).get_data(as_text=True)
    assert verdict(client, certificate.code) == "revoked"
    assert "colleague" not in page


def test_an_unknown_code_is_a_clear_404(client, learner):
    complete_course(learner)
    for code in ("AAAABBBBCCCCDDDDEEEEFFFF", "nope", "x" * 500, certificates_of(learner)[0].code[:-1]):
        response = verify(client, code)
        assert response.status_code == 404
        assert "Certificate not found" in response.get_data(as_text=True)
        assert "Lee Learner" not in response.get_data(as_text=True)


def test_the_page_shows_no_more_than_name_course_and_dates(client, make_user, tree):
    person = make_user(email="private.person@example.com", name="Pat Private", department="Secret Squirrels")
    complete_course(person)
    [certificate] = certificates_of(person)
    page = verify(client, certificate.code).get_data(as_text=True)
    assert "Pat Private" in page and "Basics" in page
    leaks = ["private.person", "example.com", "Secret Squirrels", "Reading complaints", "Demo policy",
             certificate.course_fingerprint[:16], certificate.work_fingerprint[:16], "Sign out"]  # fmt: skip
    assert [leak for leak in leaks if leak in page] == []
    assert "Valid until" not in page  # the course has no recertify_every: it does not expire


@pytest.fixture
def limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute")


def test_the_verify_page_is_rate_limited_per_address(limited, client, learner):
    complete_course(learner)
    code = certificates_of(learner)[0].code
    answers = [verify(client, code).status_code for _ in range(3)] + [verify(client, "GUESS").status_code]
    assert answers == [200, 200, 200, 429]


def test_a_deactivated_persons_certificate_stands_for_their_work_as_the_course_is_now(
    client, learner, hr, tree
):
    # The status query counts active people only: for others, their work is judged against the course.
    complete_course(learner)
    [certificate] = certificates_of(learner)
    hr_people.set_active(hr, learner.id, False)
    assert verdict(client, certificate.code) == "valid"
    tree.change_secrets()
    assert verdict(client, certificate.code) == "superseded"
