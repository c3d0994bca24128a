"""The quiz step's choices, written by the step page itself: exactly as WTForms wrote them when the
page built a form for them (issue 17 took WTForms off the step page; what the learner gets must not
change), checked against WTForms' own fields as a reference, on the page and after a refused answer."""

import re

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField

from training.content.quiz import shown_order
from training.forms import MultiCheckboxField
from training.learning.forms import answer_form
from training.status import published

STEP = {
    "id": "first-reply",
    "choices": [
        {"id": "a", "text_html": "Say <em>sorry</em> &amp; move to DMs", "correct": True},
        {"id": "b", "text_html": "Argue", "correct": False},
        {"id": "c", "text_html": "Ignore it", "correct": False},
    ],
}
MULTI = {**STEP, "id": "several", "choices": [dict(c, correct=c["id"] != "c") for c in STEP["choices"]]}
CHOICE = re.compile(r'<input (?:checked )?id="choice-\d+"[^>]*> <label for="choice-\d+">.*?</label>')


class _One(Form):
    choice = RadioField()


class _All(Form):
    choice = MultiCheckboxField()


def reference(step: dict, seed: int, picked: list[str]) -> list[str]:
    """The choices as WTForms writes them, for the same order and the same answer sent."""
    multi = sum(1 for c in step["choices"] if c["correct"]) > 1
    form = (_All if multi else _One)(MultiDict([("choice", p) for p in picked]) if picked else None)
    form.choice.choices = [(c["id"], Markup(c["text_html"])) for c in shown_order(step, seed)]  # noqa: S704
    return [f"{option()} {option.label()}" for option in form.choice]


def written(page: str) -> list[str]:
    return CHOICE.findall(page)


def start(client) -> int:
    response = client.post("/quizzes/basics-quiz/start", data={"token": "tok-1"})
    return int(response.headers["Location"].rsplit("/", 1)[1])


def step_of(step_id: str) -> dict:
    return next(s for s in published.now().items["basics-quiz"].quiz["steps"] if s["id"] == step_id)


def test_the_step_page_writes_its_choices_as_wtforms_did(client, employee):
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    first = step_of("first")
    assert written(page) == reference(first, attempt_id, []) and len(written(page)) == 2
    assert '<input type="hidden" name="step_id" value="first">' in page
    assert "<legend>Choose one answer</legend>" in page and 'type="radio"' in page
    # Refused: two answers where one is asked for; the first is ticked again, as WTForms did.
    refused = client.post(f"/attempts/{attempt_id}", data={"step_id": "first", "choice": ["rude", "kind"]})
    assert refused.status_code == 422
    assert written(refused.get_data(as_text=True)) == reference(first, attempt_id, ["rude", "kind"])
    assert (
        client.post(f"/attempts/{attempt_id}", data={"step_id": "first", "choice": "kind"}).status_code == 303
    )
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    third = step_of("third")
    assert written(page) == reference(third, attempt_id, []) and 'type="checkbox"' in page
    assert "<legend>Select all that apply</legend>" in page
    refused = client.post(f"/attempts/{attempt_id}", data={"step_id": "third", "choice": ["name", "nope"]})
    assert refused.status_code == 422
    shown = refused.get_data(as_text=True)
    assert written(shown) == reference(third, attempt_id, ["name", "nope"])
    assert 'aria-describedby="choice-error"' in shown and 'id="choice-error"' in shown


@pytest.mark.parametrize("step", [STEP, MULTI], ids=["one answer", "all that apply"])
@pytest.mark.parametrize("picked", [[], ["b"], ["a", "b"], ["z"]])
def test_the_choices_keep_the_attempts_order_and_tick_what_was_sent(step, picked):
    form = answer_form(step, 7, picked, ["Choose one answer."] if picked else [])
    assert [o.value for o in form.options] == [c["id"] for c in shown_order(step, 7)]
    assert [o.id for o in form.options] == ["choice-0", "choice-1", "choice-2"]
    ticked = [o.value for o in form.options if o.checked]
    sent = picked if step is MULTI else picked[:1]  # a radio button keeps the first value sent
    assert sorted(ticked) == sorted(p for p in sent if p in {"a", "b", "c"})
    assert (form.multi, form.input_type) == ((True, "checkbox") if step is MULTI else (False, "radio"))
    assert form.step_id == step["id"] and form.errors == (("Choose one answer.",) if picked else ())
    labels = {o.value: o.label for o in form.options}
    assert isinstance(labels["a"], Markup)  # sanitised at publish, written as it is
    assert str(labels["a"]) == STEP["choices"][0]["text_html"]
