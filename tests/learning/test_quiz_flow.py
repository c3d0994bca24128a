"""A quiz step costs one POST and one page: the feedback on a step is shown above the next one (issue 17)."""

import re

from sqlalchemy import func, select

from tests.sql_capture import statements_during
from training.db import db
from training.models import AttemptAnswer

GOOD_PATH = {"first": ["kind"], "third": ["name", "dm"], "last": ["social"]}  # the basics quiz, all right
HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)


def walk_quiz(client, answers: dict[str, list[str]]) -> tuple[list[str], str]:
    """Take the basics quiz as a browser does, from its page to the result: answer each form shown,
    follow each redirect and each link onward. Return the requests made and the result page."""
    requests: list[str] = []

    def send(method: str, url: str, data: dict | None = None):
        requests.append(f"{method} {url}")
        return client.open(url, method=method, data=data)

    send("GET", "/quizzes/basics-quiz")
    url = send("POST", "/quizzes/basics-quiz/start", {"token": "walk"}).headers["Location"]
    while True:
        page = send("GET", url).get_data(as_text=True)
        if found := re.search(r'name="step_id"[^>]*value="([^"]+)"', page):
            step = found[1]
            url = send("POST", url.split("?")[0], {"step_id": step, "choice": answers[step]}).headers[
                "Location"
            ]
        elif found := re.search(r'href="([^"]+)">(Continue|See your result)</a>', page):
            url = found[1]  # a page of its own for the feedback, with a link on
        else:
            return requests, page


def headings(page: str) -> list[tuple[int, str]]:
    return [(int(level), re.sub(r"<[^>]+>", "", text).strip()) for level, text in HEADING.findall(page)]


def test_a_whole_attempt_is_one_post_and_one_page_per_step(client, employee):
    requests, result = walk_quiz(client, GOOD_PATH)
    steps = len(GOOD_PATH)
    # The quiz page, the start and its step page, then per step the answer and the page after it:
    # 9 requests for 3 steps (12 when the feedback was a page of its own between them).
    assert len(requests) == 3 + 2 * steps, requests
    assert [r.split()[0] for r in requests[3:]] == ["POST", "GET"] * steps
    assert "Passed: 100%" in result
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == steps


def test_feedback_on_a_wrong_path_comes_before_the_post_it_led_to(client, employee):
    client.post("/quizzes/basics-quiz/start", data={"token": "wrong"})
    response = client.post("/attempts/1", data={"step_id": "first", "choice": ["rude"]})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert headings(page)[:5] == [
        (1, "Basics quiz"),
        (2, "Feedback on step 1: Not quite"),
        (3, "Your answer"),
        (3, "The better answer"),
        (2, "Step 2 of 4"),
    ]
    order = [
        "Feedback on step 1",
        "Arguing in public makes it worse.",
        "They are angrier now.",
        'value="recover"',
    ]
    assert [page.index(text) for text in order] == sorted(page.index(text) for text in order)


def test_the_last_feedback_is_above_the_result(client, employee):
    requests, result = walk_quiz(client, GOOD_PATH)
    assert requests[-1].endswith("?answered=last")
    assert [h for h in headings(result) if h[0] <= 2][:3] == [
        (1, "Basics quiz"),
        (2, "Feedback on step 3: Good call"),
        (2, "Passed: 100%"),
    ]


def test_a_reload_shows_the_feedback_again_and_records_nothing(client, employee):
    client.post("/quizzes/basics-quiz/start", data={"token": "reload"})
    first = client.post("/attempts/1", data={"step_id": "first", "choice": ["kind"]})
    again = client.post("/attempts/1", data={"step_id": "first", "choice": ["rude"]})  # a double submit
    assert first.headers["Location"] == again.headers["Location"] == "/attempts/1?answered=first"
    for _ in range(2):
        assert "Feedback on step 1: Good call" in client.get("/attempts/1?answered=first").get_data(
            as_text=True
        )
    assert db.session.scalars(select(AttemptAnswer.choice_ids)).all() == [["kind"]]


def test_an_old_feedback_link_shows_only_the_current_step(client, employee):
    client.post("/quizzes/basics-quiz/start", data={"token": "old"})
    client.post("/attempts/1", data={"step_id": "first", "choice": ["kind"]})
    client.post("/attempts/1", data={"step_id": "third", "choice": ["name", "dm"]})
    page = client.get("/attempts/1?answered=first").get_data(as_text=True)
    assert "Feedback on step" not in page
    assert headings(page)[0] == (1, "Step 3 of 3")
    assert "Signing makes it human" in client.get("/attempts/1/feedback/third").get_data(as_text=True)


def test_the_feedback_above_a_step_costs_no_statement_of_its_own(client, employee):
    """The attempt is loaded once for the page: the feedback reads the answers already loaded."""
    client.post("/quizzes/basics-quiz/start", data={"token": "cost"})
    client.post("/attempts/1", data={"step_id": "first", "choice": ["kind"]})
    client.get("/attempts/1")  # warm the caches
    plain = statements_during(lambda: client.get("/attempts/1"))
    with_feedback = statements_during(lambda: client.get("/attempts/1?answered=first"))
    assert len(with_feedback) == len(plain), with_feedback
