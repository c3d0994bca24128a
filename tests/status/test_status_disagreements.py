"""Histories on which the product and the rules (tests/status/model.py) disagreed, kept as regressions.

The first, Ann's piled-up changes, is the bug found before these tests; test_status_model.py finds
it again when it is put back. test_status_model.py found the others: the course's completion was
kept from the moment a completion made it complete, where the rules go by what the person's
completions make valid now (an item taken out, a change undone, a partial redo), and a section
removed from the policy was not named as a policy change.
"""

from datetime import date

import pytest
from sqlalchemy import select

from tests.status.model import Item, ItemText, PolicyText
from training.db import db
from training.status import query as status_query
from training.status import redo
from training.status import report as reports

DEC = {day: date(2026, 12, day) for day in range(1, 32)}  # the histories start on 2 December 2026


def row(h, person: str, course: str = "c1"):
    rows = db.session.execute(select(status_query.status_query())).all()
    return next(r for r in rows if (r.user_id, r.course_id) == (h.users[person].id, course))


def listed(h, person: str, course: str = "c1"):
    return next((r for r in redo.every() if r.key == (h.users[person].id, course)), None)


def reworded(h, *sections: str, grace: int) -> PolicyText:
    """The current policy with these sections reworded, as a new version with `grace` days."""
    current = h.model.policies[-1]
    texts = tuple((s, h.wording() if s in sections else w) for s, w in current.sections)
    return PolicyText(f"P{len(h.model.policies) + 1:02d}", grace, True, texts)


def edited(h, item_id: str) -> ItemText:
    current = h.model.items[item_id].current
    return ItemText(h.wording(), current.covers, True)


def test_a_later_change_with_an_earlier_deadline_brings_the_due_date_forward_and_names_both(history):
    """Ann's quiz is stale from a quiz change (due 16 December) when a policy change with 5 grace days
    rewords a section the quiz covers: she is due 7 December, and both changes are named."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a", "b", "q"])
    h.take("publish_item", "q", edited(h, "q"))
    assert row(h, "ann").due_date == DEC[16]
    h.take("publish_policy", reworded(h, "s3", grace=5), {})
    assert (row(h, "ann").status, row(h, "ann").due_date) == ("outdated", DEC[7])
    entry = listed(h, "ann")
    assert (entry.due_date, entry.items) == (DEC[7], ("q",))
    for reasons in (row(h, "ann").stale_reason.split("; "), entry.reasons):
        assert any("“Quiz Q” changed (version 2, published 2026-12-02)" in r for r in reasons), reasons
        assert any("version P02" in r and "published 2026-12-02" in r for r in reasons), reasons


@pytest.mark.parametrize("way", ["the last item taken out", "the change undone"])
def test_a_course_is_complete_once_every_item_is_valid_even_without_a_further_completion(history, way):
    """Shrunk by Hypothesis: ann completes a and b; q is taken out of the course. Or: ann completes a,
    a is reworded, she completes b and q, a's first version is restored. Every item she must do is
    done: completed. The product said in_progress, at 100% and with nothing left to do."""
    h = history
    h.start({"c1": 14, "c2": 14})
    if way == "the last item taken out":
        h.take("complete", "ann", ["a", "b"])
        h.take("remove_item", "q")
    else:
        h.take("complete", "ann", ["a"])
        h.take("publish_item", "a", edited(h, "a"))
        h.take("complete", "ann", ["b", "q"])
        h.take("restore_item", "a", 1, True)
    assert row(h, "ann").status == "completed"


def test_a_restored_text_done_before_counts_again_after_a_later_redo(history):
    """Found by Hypothesis (in 7 steps; this is their core): ann completes the course; a is reworded;
    she completes a again; a's first version is restored. Her first completion of a was made against
    that text, so it is valid again: completed. The product said outdated, with nothing to redo."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a", "b", "q"])
    h.take("publish_item", "a", edited(h, "a"))
    h.take("complete", "ann", ["a"])
    h.take("restore_item", "a", 1, True)
    assert (row(h, "ann").status, listed(h, "ann")) == ("completed", None)


def test_items_redone_no_longer_count_for_the_due_date_or_the_reasons(history):
    """Shrunk by Hypothesis: ann completes the course; a and b are reworded; she redoes a; a's change is
    still named. Here a policy change with 5 grace days makes a and q stale (due 7 December) and b is
    reworded (due 16 December); she redoes a and q on the 3rd, so only b is left: due the 16th, only
    b's change named. The product kept the 7th: overdue on the 8th."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a", "b", "q"])
    h.take("publish_policy", reworded(h, "s1", grace=5), {})
    h.take("publish_item", "b", edited(h, "b"))
    h.take("wait", 1)
    h.take("complete", "ann", ["a", "q"])
    h.take("wait", 5)
    assert (row(h, "ann").status, row(h, "ann").due_date) == ("outdated", DEC[16])
    assert listed(h, "ann").reasons == ("“Lesson B” changed (version 2, published 2026-12-02)",)


def test_removing_a_covered_section_is_a_policy_change_named_and_due_by_its_grace_days(history):
    """Shrunk by Hypothesis (with s1, a and q): ann completes the course; policy P02 (1 grace day)
    removes s3, and in the same import (as `content check` requires) q and c cover another section
    instead. q's completion was made against s3, which is gone: P02 is named and due by its grace
    days, 3 December. The product named only "now also covers" and gave the course's 14 days."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a", "b", "q"])
    current = h.model.policies[-1]
    text = PolicyText("P02", 1, True, tuple((s, w) for s, w in current.sections if s != "s3"))
    quiz, lesson = h.model.items["q"].current, h.model.items["c"].current
    repointed = {"q": ItemText(quiz.text, ("s1", "s2"), True), "c": ItemText(lesson.text, ("s1", "s2"), True)}
    h.take("publish_policy", text, repointed)
    assert (row(h, "ann").status, row(h, "ann").due_date) == ("outdated", DEC[3])
    assert any("version P02" in r for r in listed(h, "ann").reasons)


def test_an_item_taken_out_of_a_course_does_not_count_as_starting_it(history):
    """Shrunk by Hypothesis: ann completes a; a is taken out of the course. Nothing she did is in the
    course now: not_started. The product said in_progress."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a"])
    h.take("remove_item", "a")
    assert row(h, "ann").status == "not_started"


def test_a_course_completed_by_taking_an_item_out_goes_outdated_when_a_done_item_changes(history):
    """Ann completes a and b; q is taken out, so she has completed the course without a further
    completion. When a is reworded she had completed it once: outdated, due by a's change (the course's
    14 days), not in progress by her assignment's date; redoing a completes it again."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "ann", ["a", "b"])
    h.take("wait", 3)
    h.take("remove_item", "q")
    assert row(h, "ann").status == "completed"
    assert row(h, "ann").completed_at is not None
    h.take("wait", 2)
    h.take("publish_item", "a", edited(h, "a"))
    assert (row(h, "ann").status, row(h, "ann").due_date) == ("outdated", DEC[21])
    assert listed(h, "ann").items == ("a",)
    h.take("complete", "ann", ["a"])
    assert row(h, "ann").status == "completed"


def test_items_added_after_every_completed_item_was_taken_out_are_listed_to_redo(history):
    """Found by Hypothesis (issue 14's longer histories; this is its core): cat completes c2, whose
    only item is c; y is added to c2 and c taken out. She had completed the course, so she is
    outdated and redoes y. The report and the team page listed nothing to redo: none of her
    completions was of an item of the course as it is now."""
    h = history
    h.start({"c1": 14, "c2": 14})
    h.take("complete", "cat", ["c"])
    h.take("add_item", Item("x", "lesson", "c2", "Lesson X", 0), ItemText(h.wording(), ("s1",), True))
    h.take("remove_item", "c")
    line = next(
        r for r in reports.completion_rows() if (r["email"], r["course"]) == ("cat@example.com", "c2")
    )
    assert (line["status"], line["stale_items"]) == ("outdated", ["x"])
    state = status_query.course_states()["c2"]
    assert reports.stale_items(row(h, "cat", "c2"), state, None) == ["x"]
