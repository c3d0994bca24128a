"""The learner's pages keep what is published in memory, and show a new version at once (issue 17).

Each page asks the database one small question (has anything been published since?) instead of
reading every course, item and fingerprint again; the quiz player keeps quiz versions by id.
"""

import shutil

import pytest

from tests.conftest import FIXTURES
from tests.sql_capture import statements_during
from training.editor import library as content


def start(client) -> int:
    response = client.post("/quizzes/basics-quiz/start", data={"token": "tok-1"})
    return int(response.headers["Location"].rsplit("/", 1)[1])


def republish_lesson(root, old: str, new: str) -> None:
    shutil.copytree(FIXTURES / "content", root)
    lesson = root / "courses" / "basics" / "basics-reading.md"
    lesson.write_text(lesson.read_text().replace(old, new))
    content.import_directory(root)


def test_lesson_page_shows_a_version_published_after_the_last_was_kept(client, employee, tmp_path):
    assert "<h2>Be kind</h2>" in client.get("/lessons/basics-reading").get_data(as_text=True)
    republish_lesson(tmp_path / "content", "## Be kind", "## Be kinder")
    page = client.get("/lessons/basics-reading").get_data(as_text=True)
    assert "<h2>Be kinder</h2>" in page and "<h2>Be kind</h2>" not in page
    assert 'name="version" type="hidden" value="2"' in page


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/lessons/basics-reading", 4),  # who is signed in, the team menu, anything published?, completions
        ("/quizzes/basics-quiz", 5),  # the same, and the learner's attempts
        ("/attempt", 4),  # who, the team menu, the attempt with its result, its answers
    ],
)
def test_learner_page_reads_what_is_published_from_memory(client, employee, path, most):
    if path == "/attempt":
        path = f"/attempts/{start(client)}"
    client.get(path)  # keeps what is published
    assert len(statements_during(lambda: client.get(path))) <= most


def test_quiz_answer_loads_the_attempt_once(client, employee):
    attempt_id = start(client)
    client.get(f"/attempts/{attempt_id}")
    sent = statements_during(
        lambda: client.post(f"/attempts/{attempt_id}", data={"step_id": "first", "choice": "kind"})
    )
    assert sum("FROM attempt_answer" in s for s in sent) == 1, sent


def test_lesson_of_another_kind_or_unknown_is_not_found(client, employee):
    assert client.get("/lessons/basics-quiz").status_code == 404
    assert client.get("/quizzes/basics-reading").status_code == 404
    assert client.get("/lessons/no-such-lesson").status_code == 404
