"""The draft step's box: its place in the quiz and the character count a script adds to it."""

import re
from pathlib import Path

from tests.learning.test_drafts import app_config, learner, start_at_draft, tree  # noqa: F401

STATIC = Path(__file__).parents[2] / "static"


def test_draft_step_shows_its_place_in_the_quiz(client, learner):  # noqa: F811
    page = client.get(start_at_draft(client)).get_data(as_text=True)
    assert "<h1>Step 2 of 2: write the reply</h1>" in page
    assert '<progress max="2" value="1" aria-label="Quiz progress"' in page


def test_draft_box_has_a_polite_count_that_only_a_script_reveals(client, learner):  # noqa: F811
    page = client.get(start_at_draft(client)).get_data(as_text=True)
    assert "At most 200 characters." in page  # the limit as text, with or without scripts
    wrapper = '<div class="char-count" data-char-count="reply" data-max="200" hidden>'
    counter = re.search(re.escape(wrapper) + "(.*?)</div>", page, re.S)
    assert counter, "the counter is missing or not hidden until the script shows it"
    assert '<p class="visually-hidden" data-spoken aria-live="polite"></p>' in counter.group(1)
    scripts = re.findall(r"<script([^>]*)>", page)
    assert all("src=" in attrs for attrs in scripts), "the CSP forbids inline scripts"
    assert any("/static/js/char-count.js" in attrs for attrs in scripts)
    response = client.get("/static/js/char-count.js")
    assert response.status_code == 200
    response.close()
    assert 'addEventListener("input"' in (STATIC / "js" / "char-count.js").read_text()
