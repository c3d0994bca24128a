"""The bundled library keeps its own policy, gets its facts right and teaches the whole rubric (issue 10)."""

import re
from pathlib import Path

import pytest

from training.content import quiz as quizzes
from training.content.reader import read_library

BUNDLED = Path(__file__).parents[2] / "content"
LIBRARY = read_library(BUNDLED)
# UK numbers Ofcom keeps for drama and fiction: 01632 960xxx, 07700 900xxx and freephone 0808 157 0xxx.
FICTION = re.compile(r"^(?:01632960|07700900|08081570)\d{3}$")
PHONE = re.compile(r"(?<![\w+])(?:\+44[ ]?|0)\d(?:[ -]?\d){8,9}(?!\w)")
DAN = "complaints-scenario"
# The choices (or "*" for every choice, and a draft step itself) with which Alex replies to Dan in public.
DAN_PUBLIC = {
    "late-delivery": "*",
    "late-delivery-fallout": {"a", "c"},
    "order-number-posted": {"b", "c"},
    "draft-rebooked": "*",
    "pile-on": {"c"},
}


def quiz(item_id: str) -> dict:
    return LIBRARY.items[item_id].quiz


def all_texts() -> list[tuple[str, str]]:
    texts = [(f"policies/{p.id}.md", p.source) for p in LIBRARY.policies.values()]
    return texts + [(f"{i.course_id}/{i.id}", i.source) for i in LIBRARY.items.values()]


def options(step: dict) -> list[list[str]]:
    """The answers that lead somewhere different: each choice, or the one right set of a multi-select."""
    if quizzes.is_draft(step):
        return [[]]
    if quizzes.is_multi(step):
        return [sorted(quizzes.correct_ids(step))]
    return [[c["id"]] for c in step["choices"]]


def moves(data: dict):
    """Yield (step, chosen ids, next step id or None) for every answer of every step."""
    for step in data["steps"]:
        for chosen in options(step):
            yield step, chosen, quizzes.next_step_id(data, step["id"], chosen)


def is_right(step: dict, chosen: list[str]) -> bool:
    return quizzes.is_draft(step) or set(chosen) == quizzes.correct_ids(step)


def test_library_has_no_problems():
    assert LIBRARY.problems == []


@pytest.mark.parametrize(("where", "text"), all_texts(), ids=lambda v: v if "/" in str(v)[:40] else "")
def test_phone_numbers_in_examples_are_in_ranges_kept_for_fiction(where, text):
    numbers = {re.sub(r"\D", "", n).replace("44", "0", 1) if n.startswith("+") else re.sub(r"\D", "", n)
               for n in PHONE.findall(text)}  # fmt: skip
    assert [n for n in numbers if not FICTION.match(n)] == []
    assert "0800 123 4567" not in text


def test_a_right_answer_never_makes_a_third_public_reply_to_dan():
    """The policy allows two public replies to anyone; the scenario's right answers keep to it."""
    data = quiz(DAN)
    seen, todo = set(), [(data["steps"][0]["id"], 0)]
    while todo:  # every (step, replies so far) a learner can reach; paths are too many to list
        step_id, count = todo.pop()
        if step_id is None or (step_id, count) in seen:
            continue
        seen.add((step_id, count))
        step = quizzes.step_by_id(data, step_id)
        for chosen in options(step):
            public = DAN_PUBLIC.get(step_id, set())
            replies = count + (public == "*" or bool(set(chosen) & set(public)))
            if replies > count:
                assert replies <= 2 or not is_right(step, chosen), (step_id, chosen)
            todo.append((quizzes.next_step_id(data, step_id, chosen), replies))


def test_the_threat_comes_straight_after_the_post_by_the_same_person():
    before = {step["id"] for step, _, after in moves(quiz(DAN)) if after == "threat-post"}
    assert before == {"abusive-post"}


@pytest.mark.parametrize("item", [i for i in LIBRARY.items.values() if i.kind == "quiz"], ids=lambda i: i.id)
def test_a_reply_greets_only_a_name_the_post_gives(item):
    for step in item.quiz["steps"]:
        texts = [c["text"] for c in step.get("choices", [])] + [step.get("guidance", "")]
        for name in {n for text in texts for n in re.findall(r"\bHi ([A-Z][a-z]+)\b", text)}:
            assert name in step["prompt"], f"{step['id']} greets {name}, who the post doesn't name"


# Each rubric point: words its course's lessons use to teach it, and the quiz step that tests it.
C, S, K = "responding-to-complaints", "speaking-for-the-company", "keeping-confidential"
RUBRIC = {
    "pause and re-read": (S, ["read your own words as a stranger"], "before-posting"),
    "never complain back or blame": (C, ["never blame"], "late-delivery"),
    "confident, not smug": (C, ["confident, not smug"], "wrong-about-returns"),
    "ask for clarification": (C, ["one short, friendly question"], "clarify-question"),
    "ignore plain abuse": (C, ["pure abuse", "gets no reply"], "plain-abuse"),
    "the internet is forever": (S, ["online for good"], "sale-date-mistake"),
    "fast, with quality": (C, ["fast is only half the target"], "busy-queue"),
    "move details to a private channel": (C, ["move to private"], "order-number-posted"),
    "sign with a name": (S, ["sign every public reply"], "sign-replies"),
    "only trained people speak": (S, ["loud", "lasting"], "complaint-under-ad"),
    "open about agencies and employment": (S, ["#ad", "say that you work here"],
                                           "agency-replies"),
    "leaks of data, products and internal matters": (K, ["customer data", "code names",
                                                     "internal systems"], "what-is-confidential"),
    "keep up with policy and platform changes": (S, ["keeping up"], "policy-update"),
    "route feedback and capture what is learned": (C, ["rota log"], "end-of-shift"),
}  # fmt: skip


@pytest.mark.parametrize("point", RUBRIC)
def test_each_rubric_point_is_taught_with_an_example_and_tested_with_feedback(point):
    course_id, words, step_id = RUBRIC[point]
    items = [LIBRARY.items[i] for i in LIBRARY.courses[course_id].items]
    lessons = " ".join(i.body_md for i in items if i.kind == "lesson").lower().replace("’", "'")
    assert [w for w in words if w not in lessons] == []
    steps = [s for i in items if i.kind == "quiz" for s in i.quiz["steps"] if s["id"] == step_id]
    assert len(steps) == 1, f"no step {step_id!r} in {course_id}"
    assert all(len(c["feedback"].split()) >= 12 for c in steps[0]["choices"])


ACCURATE = [
    ("a deadline in our terms never removes consumer rights", "social-media", "no term of ours can remove"),
    (
        "the duty manager decides on a reply pointing to support",
        "social-media",
        "points the person to support",
    ),
    ("whistleblowing is an exception", "social-media", "whistleblowing procedure"),
    ("replies under our own posts on X can be hidden", "social-media", "on X we can hide replies"),
    ("deletion is no guarantee", "social-media", "deleting is never a guarantee"),
    (
        "the 48-hour note is wrong, not only cold",
        "complaints-scenario",
        "no 48-hour note in our terms can take",
    ),
    ("self-harm is not met with silence", "complaints-hard-cases", "never simply ignore the post"),
    (
        "the scenario sends a self-harm post to the duty manager",
        "complaints-scenario",
        "she decides how we reply",
    ),
]


@pytest.mark.parametrize(("fact", "where", "words"), ACCURATE, ids=[a[0] for a in ACCURATE])
def test_the_library_states_the_facts_reviewers_found_missing(fact, where, words):
    source = LIBRARY.policies[where].source if where in LIBRARY.policies else LIBRARY.items[where].source
    assert words in " ".join(source.split())


def test_no_lesson_or_policy_implies_nothing_on_x_can_be_hidden():
    for where, text in all_texts():
        assert "A post on X that mentions us isn't ours to hide" not in text, where
        assert "Threats of violence or self-harm" not in text, where
