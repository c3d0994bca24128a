"""The learner's path through the web pages: courses, lessons, the quiz player."""

import re

from sqlalchemy import func, select

from training.db import db
from training.learning import attempts
from training.models import Attempt, AttemptAnswer, AttemptResult, Completion


def start(client, item_id="basics-quiz", token="tok-1"):
    response = client.post(f"/quizzes/{item_id}/start", data={"token": token})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def answer(client, attempt_id, step_id, *choices):
    return client.post(f"/attempts/{attempt_id}", data={"step_id": step_id, "choice": list(choices)})


def test_home_lists_assigned_course_with_due_date_and_progress(client, employee):
    page = client.get("/").get_data(as_text=True)
    assert "Basics" in page and "Due " in page and "0% done" in page
    assert "Not started" in page


def test_lesson_renders_sanitised_markdown(client, employee):
    page = client.get("/lessons/basics-reading").get_data(as_text=True)
    assert "<h2>Be kind</h2>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_marking_a_lesson_read_twice_records_one_completion(client, employee):
    client.post("/lessons/basics-reading/complete")
    client.post("/lessons/basics-reading/complete")
    count = db.session.scalar(select(func.count()).select_from(Completion))
    assert count == 1
    assert "33% done" in client.get("/").get_data(as_text=True)


def test_quiz_good_path_skips_the_recovery_step_and_passes(client, employee):
    attempt_id = start(client)
    assert "A customer is angry" in client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    response = answer(client, attempt_id, "first", "kind")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}?answered=first")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "moving to a private channel calms things" in page  # the feedback, above the next step
    assert "Which belong in a reply" in page  # branched past "recover"
    bookmarked = client.get(f"/attempts/{attempt_id}/feedback/first").get_data(as_text=True)
    assert "moving to a private channel calms things" in bookmarked
    answer(client, attempt_id, "third", "name", "dm")
    answer(client, attempt_id, "last", "social")
    result = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Passed" in result and "100%" in result
    steps = db.session.scalars(select(AttemptAnswer.step_id).order_by(AttemptAnswer.position)).all()
    assert steps == ["first", "third", "last"]


def test_quiz_wrong_choice_branches_to_recovery_and_scores_the_path(client, employee):
    attempt_id = start(client)
    answer(client, attempt_id, "first", "rude")
    assert "They are angrier now" in client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    answer(client, attempt_id, "recover", "sorry")
    answer(client, attempt_id, "third", "name")  # misses one of two correct choices
    answer(client, attempt_id, "last", "social")
    result = db.session.scalar(select(AttemptResult))
    assert (result.score, result.passed) == (50, False)
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0


def test_multi_select_needs_exactly_the_correct_set(client, employee):
    attempt_id = start(client)
    answer(client, attempt_id, "first", "kind")
    answer(client, attempt_id, "third", "name", "dm", "order")
    recorded = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.step_id == "third"))
    assert recorded.choice_ids == ["name", "dm", "order"] and recorded.correct is False


def test_single_select_step_refuses_two_choices(client, employee):
    attempt_id = start(client)
    response = answer(client, attempt_id, "first", "kind", "rude")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0


def test_a_step_sent_without_a_choice_says_so_beside_the_choices(client, employee):
    attempt_id = start(client)
    for choices in ([], ["kind", "rude"], ["no-such-choice"]):
        response = answer(client, attempt_id, "first", *choices)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, choices
        assert 'aria-describedby="choice-error"' in page and 'id="choice-error">Choose' in page, choices
        assert 'name="choice"' in page and '<input type="hidden" name="step_id" value="first">' in page
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 0


def test_double_submitted_step_records_one_answer(client, employee):
    attempt_id = start(client)
    first = answer(client, attempt_id, "first", "kind")
    second = answer(client, attempt_id, "first", "rude")  # replayed form, different choice
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    answers = db.session.scalars(select(AttemptAnswer)).all()
    assert [(a.step_id, a.choice_ids) for a in answers] == [("first", ["kind"])]


def test_a_step_submitted_at_once_twice_keeps_the_answer_that_won(client, employee):
    attempt_id = start(client)
    seen_before = attempts.load(employee, attempt_id)  # the slower of two submits read the attempt first
    answer(client, attempt_id, "first", "kind")  # ... then the other wrote its answer
    kept = attempts.answer(employee, attempt_id, "first", ["rude"], seen_before)
    assert (kept.step_id, kept.choice_ids) == ("first", ["kind"])
    answers = db.session.scalars(select(AttemptAnswer)).all()
    assert [(a.step_id, a.choice_ids) for a in answers] == [("first", ["kind"])]


def test_double_clicked_start_opens_one_attempt(client, employee):
    assert start(client, token="same") == start(client, token="same")
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_retake_after_failing_keeps_both_attempts(client, employee):
    first = start(client, token="a")
    for step, choice in [("first", "rude"), ("recover", "block"), ("third", "order"), ("last", "anyone")]:
        answer(client, first, step, choice)
    second = start(client, token="b")
    for step, choices in [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]:
        answer(client, second, step, *choices)
    results = db.session.scalars(select(AttemptResult).order_by(AttemptResult.attempt_id)).all()
    assert [(r.score, r.passed) for r in results] == [(0, False), (100, True)]
    page = client.get("/quizzes/basics-quiz").get_data(as_text=True)
    assert "Not passed" in page and "Passed" in page


def test_quiz_page_lists_the_ten_newest_attempts_and_counts_them_all(client, employee):
    finished = start(client, token="first")
    for step, choice in [("first", "rude"), ("recover", "block"), ("third", "order"), ("last", "anyone")]:
        answer(client, finished, step, choice)
    opened = [start(client, token=f"again-{n}") for n in range(11)]  # eleven more, left unfinished
    page = client.get("/quizzes/basics-quiz").get_data(as_text=True)
    rows = re.findall(r"<tr><td>.*?</tr>", page, re.S)
    assert len(rows) == 10 and "Your 10 newest attempts of 12." in page
    links = re.findall(r'href="/attempts/(\d+)"', page)
    assert [int(n) for n in links] == opened[::-1][:10]  # newest first, each unfinished one continued
    assert "Not passed</td>" not in page  # the oldest, the finished one, is beyond the ten


def test_a_short_history_is_listed_whole_without_a_count(client, employee):
    first = start(client, token="only")
    page = client.get("/quizzes/basics-quiz").get_data(as_text=True)
    assert f'href="/attempts/{first}"' in page and "newest attempts of" not in page


def test_choices_are_labelled_radio_buttons(client, employee):
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    for match in re.finditer(r'<input[^>]*type="radio"[^>]*id="([^"]+)"', page):
        assert f'<label for="{match[1]}">' in page
    assert "Thank them and move to DMs</label>" in page


def test_another_persons_attempt_is_not_found(client, employee, make_user, auth):
    attempt_id = start(client)
    other = make_user(email="other@example.com")
    auth.logout()
    auth.login(other.email)
    assert client.get(f"/attempts/{attempt_id}").status_code == 404


def test_completing_every_item_completes_the_course(client, employee):
    client.post("/lessons/basics-reading/complete")
    client.post("/lessons/basics-secrets/complete")
    attempt_id = start(client)
    for step, choices in [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]:
        answer(client, attempt_id, step, *choices)
    page = client.get("/").get_data(as_text=True)
    assert "100% done" in page and "Completed" in page
