"""The learner's pages keep what is published in memory, and show a new version at once (issue 17).

Each page asks the database one small question (has anything been published since?) instead of
reading every course, item and fingerprint again; the quiz player keeps quiz versions by id.
"""

import shutil

import pytest

from tests.conftest import FIXTURES
from tests.content_edits import bump_version
from tests.sql_capture import statements_during
from training.editor import library as content
from training.learning import acknowledgements


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
    assert '<input type="hidden" name="version" value="2">' in page


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


def test_home_page_asks_for_a_policy_version_published_after_the_last_was_kept(client, employee, tmp_path):
    acknowledgements.acknowledge(employee, "demo", acknowledgements.current("demo").id)
    assert "Policies to acknowledge" not in client.get("/").get_data(as_text=True)  # keeps the policies
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    policy = root / "policies" / "demo.md"
    policy.write_text(bump_version(policy.read_text().replace("Only the social", "Only the trained social")))
    content.import_directory(root)
    page = client.get("/").get_data(as_text=True)
    assert "Policies to acknowledge" in page and "Demo policy, version 2</a>" in page
    acknowledgements.acknowledge(employee, "demo", acknowledgements.current("demo").id)
    assert "Policies to acknowledge" not in client.get("/").get_data(as_text=True)
    text = policy.read_text().replace("version:", "retrain: false\nversion:")
    policy.write_text(bump_version(text.replace("trained social", "trained Social")))  # a typo fixed
    content.import_directory(root)  # asks no one again, and changes no course's fingerprint
    assert "Policies to acknowledge" not in client.get("/").get_data(as_text=True)


def test_home_page_names_the_current_version_of_a_policy_owed(client, employee, tmp_path):
    assert "Demo policy, version 1</a>" in client.get("/").get_data(as_text=True)
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    policy = root / "policies" / "demo.md"
    text = policy.read_text().replace("version:", "retrain: false\nversion:")
    policy.write_text(bump_version(text.replace("Only the social", "Only the Social")))
    content.import_directory(root)  # no course's fingerprint changes: the policy's own count shows it
    assert "Demo policy, version 2</a>" in client.get("/").get_data(as_text=True)
