"""Ten requests with one Idempotency-Key at once create one assignment; none fails with a 500."""

from sqlalchemy import func, select

from tests.api.conftest import Api
from tests.test_hostile_battery import crowd
from training.db import db
from training.models import Assignment

BODY = {"course": "basics", "scope": "department", "department": "Sales", "due_days": 7}


def test_one_key_sent_ten_times_at_once_creates_once(app, make_token, library):
    token = make_token()
    clients = [Api(app.test_client(), token) for _ in range(10)]
    answers = []

    def send(index: int) -> None:
        response = clients[index].post("/assignments", json=BODY, headers={"Idempotency-Key": "burst"})
        answers.append((response.status_code, response.headers.get("Idempotent-Replayed")))

    assert crowd(10, send) == []
    statuses = [status for status, _ in answers]
    assert set(statuses) <= {201, 409} and statuses.count(201) >= 1
    assert [replayed for status, replayed in answers if status == 201].count(None) == 1  # one made it
    made = db.session.scalar(select(func.count(Assignment.id)).where(Assignment.department == "Sales"))
    assert made == 1
