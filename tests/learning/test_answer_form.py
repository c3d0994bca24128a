"""The quiz step's form: built from two classes made once, its choices written by a macro exactly
as WTForms writes them (issue 17 made both cheaper; what the learner gets must not change)."""

import pytest
from werkzeug.datastructures import MultiDict

from training.learning.forms import answer_form

STEP = {
    "id": "first-reply",
    "choices": [
        {"id": "a", "text_html": "Say <em>sorry</em> &amp; move to DMs", "correct": True},
        {"id": "b", "text_html": "Argue", "correct": False},
        {"id": "c", "text_html": "Ignore it", "correct": False},
    ],
}
MULTI = {**STEP, "id": "several", "choices": [dict(c, correct=c["id"] != "c") for c in STEP["choices"]]}


def macro_output(app, form) -> list[str]:
    macro = app.jinja_env.get_template("_macros.html").module.choice_option
    return [str(macro(option)) for option in form.choice]


def wtforms_output(form) -> list[str]:
    return [f"{option()} {option.label()}" for option in form.choice]


@pytest.mark.parametrize("step", [STEP, MULTI], ids=["one answer", "all that apply"])
@pytest.mark.parametrize("picked", [[], ["b"], ["a", "b"]])
def test_each_choice_is_written_as_wtforms_writes_it(app, step, picked):
    with app.test_request_context("/"):
        shown = answer_form(step, 7)
        posted = answer_form(step, 7, MultiDict([("step_id", step["id"]), *[("choice", p) for p in picked]]))
        for form in (shown, posted):
            assert macro_output(app, form) == wtforms_output(form)
        written = "".join(macro_output(app, posted))
        assert written.count("<input checked ") == (len(picked) if step is MULTI else min(len(picked), 1))
        assert 'type="checkbox"' in written if step is MULTI else 'type="radio"' in written
        assert "<em>sorry</em> &amp; move" in written and isinstance(macro_output(app, shown)[0], str)


def test_each_form_has_its_own_step_and_choices_and_validates_them(app):
    with app.test_request_context("/", method="POST"):
        app.config["WTF_CSRF_ENABLED"] = False
        one = answer_form(STEP, 7, MultiDict([("step_id", STEP["id"]), ("choice", "b")]))
        many = answer_form(MULTI, 7, MultiDict([("step_id", MULTI["id"]), ("choice", "z")]))
        assert (one.step_id.data, many.step_id.data) == (STEP["id"], MULTI["id"])
        assert one.validate() and not many.validate()  # "z" is no choice of the step
        assert not one.multi and many.multi
        fresh = answer_form(STEP, 7)
        assert fresh.step_id.data == STEP["id"] and fresh.choice.data is None
        assert sorted(str(c.label.text) for c in fresh.choice) == sorted(
            c["text_html"] for c in STEP["choices"]
        )
