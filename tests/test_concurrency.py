"""Concurrent submissions: SQLite takes the write lock up front, so nobody sees "locked"."""

import threading

from sqlalchemy import func, select

from tests.conftest import PASSWORD
from training.db import db
from training.models import Attempt, AttemptResult, Completion

THREADS = 20
GOOD_PATH = [("first", ["kind"]), ("third", ["name", "dm"]), ("last", ["social"])]


def test_twenty_learners_submitting_at_once_store_twenty_attempts(app, library, make_user):
    emails = [make_user(email=f"c{n}@example.com").email for n in range(THREADS)]
    db.session.remove()  # release this thread's connection before the crowd arrives
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def learner(email: str, index: int) -> None:
        try:
            client = app.test_client()
            client.post("/login", data={"email": email, "password": PASSWORD})
            barrier.wait()
            started = client.post("/quizzes/basics-quiz/start", data={"token": f"t{index}"})
            attempt = started.headers["Location"].rsplit("/", 1)[1]
            for step, choices in GOOD_PATH:
                response = client.post(f"/attempts/{attempt}", data={"step_id": step, "choice": choices})
                assert response.status_code == 303, response.get_data(as_text=True)[:500]
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=learner, args=(e, i)) for i, e in enumerate(emails)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == THREADS
    assert db.session.scalar(select(func.count()).select_from(AttemptResult)) == THREADS
    assert db.session.scalar(select(func.count()).select_from(Completion)) == THREADS
