"""HR's view of a person shows, for each attempt, how many drafts each written reply took."""

import pytest

from tests.learning import test_drafts
from tests.learning.test_drafts import GOOD, LEAKY, start_at_draft, submit
from training.editor import library

# The draft-step library of the draft tests, with the coach's rules and the bundled policy.
tree = test_drafts.tree


@pytest.fixture
def app_config(app_config, tree):
    return dict(app_config, CONTENT_DIR=str(tree))


def test_person_page_shows_the_drafts_of_each_attempt(client, make_user, auth, tree):
    library.import_directory(tree)
    writer = make_user(email="writer@example.com", name="Wren Writer")
    make_user(email="hr@example.com", roles="hr")
    auth.login(writer.email)
    first = start_at_draft(client)
    submit(client, first, LEAKY, 1)
    submit(client, first, LEAKY + " Sorry.", 2)
    submit(client, first, GOOD, 3)
    second = client.post("/quizzes/basics-quiz/start", data={"token": "again"}).headers["Location"]
    client.post(second, data={"step_id": "pick", "choice": ["good"]})
    submit(client, second, GOOD, 1)
    client.post("/logout")
    auth.login("hr@example.com")
    page = client.get(f"/hr/people/{writer.id}").get_data(as_text=True)
    assert '<th scope="col">Written replies</th>' in page
    assert "<li><code>write</code>: Safe on the first draft (1 draft)</li>" in page
    assert "<li><code>write</code>: Safe after 3 drafts (3 drafts)</li>" in page
    # Newest attempt first, as the table's caption says.
    assert page.index("Safe on the first draft") < page.index("Safe after 3 drafts")
