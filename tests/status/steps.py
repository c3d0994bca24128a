"""The steps of a random history, for test_status_model.py: each draws what it needs with Hypothesis
from the model's present state and returns what it does, as words and as a History step."""

from datetime import timedelta

from hypothesis import strategies as st

from tests.status.histories import NEW_ITEMS, SECTION_IDS, History, title
from tests.status.model import Item, ItemText, Period, PolicyText

GRACE = (1, 5, 10, 30)
RETRAIN = (True, True, False)  # publishes asking for retraining, drawn twice as often
DAYS = (1, 2, 3, 5, 8, 13, 21, 34, 55)  # 55: past every recertification period


def wait(h: History, draw):
    days = draw(st.sampled_from(DAYS))
    return f"{days} days pass (to {(h.model.now + timedelta(days=days)).date()})", "wait", days


def complete_item(h: History, draw):
    person = draw(st.sampled_from(sorted(h.model.people)))
    item = draw(st.sampled_from([i for c in assigned(h, person) for i in h.model.courses[c].items]))
    return f"{person} completes {item}", "complete", person, [item]


def complete_course(h: History, draw):
    person = draw(st.sampled_from(sorted(h.model.people)))
    course = draw(st.sampled_from(assigned(h, person)))
    todo = [i for i in h.model.courses[course].items if not h.model.valid(h.model.people[person], i)]
    return f"{person} completes course {course} (does {todo})", "complete", person, todo


def redo_course(h: History, draw):
    """Do every item of a course again, whether done or not (a renewal when the person is due again)."""
    person = draw(st.sampled_from(sorted(h.model.people)))
    course = draw(st.sampled_from(assigned(h, person)))
    items = list(h.model.courses[course].items)
    return f"{person} does every item of {course} again", "complete", person, items


def renew_course(h: History, draw):
    """Someone due again redoes a course they must recertify: every item, or all but one."""
    person, course = draw(st.sampled_from(due_again(h)))
    items = list(h.model.courses[course].items)
    if len(items) > 1 and draw(st.booleans()):
        items.pop(draw(st.integers(0, len(items) - 1)))
    return f"{person} renews {course} (does {items})", "complete", person, items


def due_again(h: History) -> list[tuple[str, str]]:
    """(person, course) pairs where the person completed the course and is due to recertify it."""
    return [
        (key, course) for key, person in sorted(h.model.people.items()) for course in assigned(h, key)
        if h.model.complete_now(person, h.model.courses[course])
        and h.model.due_again(person, h.model.courses[course])
    ]  # fmt: skip


PERIODS = (Period(7, "days", "1 week"), Period(14, "days", "2 weeks"), Period(30, "days", "30 days"),
           Period(1, "months", "1 month"), Period(2, "months", "2 months"))  # fmt: skip


def set_recertify(h: History, draw):
    """Give a course `recertify_every`, change it or take it out."""
    course = draw(st.sampled_from(sorted(h.model.courses)))
    period = draw(st.sampled_from([*PERIODS, None]))
    said = f"recertify every {period.text}" if period else "no recertification"
    return f"{course}: {said}", "set_recertify", course, period


def assigned(h: History, person: str) -> list[str]:
    return [c for c in sorted(h.model.courses) if h.model.assigned_due(h.model.people[person], c)]


def covered(h: History) -> set[str]:
    """The sections that items of the courses cover (a policy may not drop them)."""
    return {s for i in h.model.in_courses() for s in h.model.items[i].current.covers}


def sections(h: History) -> list[str]:
    return [s for s, _ in h.model.policies[-1].sections]


def new_policy(h: History, draw, texts) -> PolicyText:
    grace = draw(st.sampled_from(GRACE))
    retrain = draw(st.sampled_from(RETRAIN))
    return PolicyText(f"P{len(h.model.policies) + 1:02d}", grace, retrain, tuple(texts))


def said(text: PolicyText) -> str:
    return f"policy {text.label} (grace {text.grace}, retrain {text.retrain})"


def edit_policy(h: History, draw):
    """Reword some sections, perhaps add one, perhaps remove one no item covers."""
    current = dict(h.model.policies[-1].sections)
    changed = draw(st.sets(st.sampled_from(sorted(current)), min_size=1))
    texts = {s: h.wording() if s in changed else w for s, w in current.items()}
    free = [s for s in SECTION_IDS if s not in current]
    if free and draw(st.booleans()):
        texts[free[0]] = h.wording()
    spare = sorted(set(current) - covered(h))
    removed = draw(st.sampled_from([None, *spare])) if spare and len(texts) > 1 else None
    texts.pop(removed, None)
    text = new_policy(h, draw, texts.items())
    return (
        f"{said(text)}: {sorted(changed)} reworded, sections now {sorted(texts)}",
        "publish_policy",
        text,
        {},
    )


def restore_policy(h: History, draw):
    old = draw(st.sampled_from(restorable_policies(h)))
    text = PolicyText(old.label, old.grace, draw(st.sampled_from([True, False])), old.sections)
    return f"{said(text)} restored", "publish_policy", text, {}


def restorable_policies(h: History) -> list[PolicyText]:
    current = h.model.policies[-1]
    return [p for p in dict.fromkeys(h.model.policies[:-1])
            if covered(h) <= dict(p.sections).keys() and p.sections != current.sections]  # fmt: skip


def remove_covered_section(h: History, draw):
    """Remove a section that items cover, each of them covering another section instead (one import)."""
    section = draw(st.sampled_from(sorted(repointable(h))))
    items = {}
    for item_id in h.model.in_courses():
        current = h.model.items[item_id].current
        if section in current.covers:
            instead = draw(st.sampled_from([s for s in sections(h) if s not in current.covers]))
            covers = tuple(sorted({*current.covers, instead} - {section}))
            items[item_id] = ItemText(current.text, covers, current.retrain)
    text = new_policy(h, draw, ((s, w) for s, w in h.model.policies[-1].sections if s != section))
    moved = {i: t.covers for i, t in items.items()}
    return f"{said(text)} removes {section}; items now cover {moved}", "publish_policy", text, items


def repointable(h: History) -> set[str]:
    texts = [h.model.items[i].current for i in h.model.in_courses()]
    return {s for s in covered(h) if all(set(sections(h)) - set(t.covers) for t in texts if s in t.covers)}


def edit_item(h: History, draw):
    """Reword a lesson or quiz, or have it cover one more section, or both; retraining or not."""
    item = h.model.items[draw(st.sampled_from(h.model.in_courses()))]
    reworded = draw(st.booleans())
    also = draw(st.sampled_from([None, *sorted(set(sections(h)) - set(item.current.covers))]))
    retrain = draw(st.sampled_from(RETRAIN))
    covers = tuple(sorted({*item.current.covers, *([also] if also else [])}))
    text = ItemText(h.wording() if reworded else item.current.text, covers, retrain)
    if text == item.current:
        text = ItemText(h.wording(), covers, retrain)
    return f"{item.id} edited: wording {text.text}, covers {covers}, retrain {retrain}", "publish_item", \
        item.id, text  # fmt: skip


def restore_item(h: History, draw):
    item_id = draw(st.sampled_from(restorable_items(h)))
    number = draw(st.sampled_from(restorable_versions(h, item_id)))
    retrain = draw(st.sampled_from([True, False]))
    return (
        f"{item_id} version {number} restored (retrain {retrain})",
        "restore_item",
        item_id,
        number,
        retrain,
    )


def restorable_versions(h: History, item_id: str) -> list[int]:
    item = h.model.items[item_id]
    return [
        n for n, t in enumerate(item.versions, 1) if t != item.current and set(t.covers) <= set(sections(h))
    ]


def restorable_items(h: History) -> list[str]:
    return [i for i in h.model.in_courses() if restorable_versions(h, i)]


def add_item(h: History, draw):
    item_id = next(i for i in NEW_ITEMS if i not in h.model.items)
    course = draw(st.sampled_from(sorted(h.model.courses)))
    covers = tuple(sorted(draw(st.sets(st.sampled_from(sections(h)), min_size=1, max_size=2))))
    text = ItemText(h.wording(), covers, True)
    item = Item(item_id, "lesson", course, title(item_id, "lesson"), text.text)
    return f"{item_id} (covers {covers}) added to {course}", "add_item", item, text


def remove_item(h: History, draw):
    course = draw(st.sampled_from([c for c, v in sorted(h.model.courses.items()) if len(v.items) > 1]))
    item = draw(st.sampled_from(h.model.courses[course].items))
    return f"{item} taken out of {course}", "remove_item", item


def assign(h: History, draw):
    person = draw(st.sampled_from(sorted(h.model.people)))
    course = draw(st.sampled_from(sorted(h.model.courses)))
    days = draw(st.integers(0, 30))
    if draw(st.booleans()):
        due = h.model.now.date() + timedelta(days=days)
        return f"HR assigns {course} to {person}, due on {due}", "assign", person, course, due, None
    return f"HR assigns {course} to {person}, due in {days} days", "assign", person, course, None, days


def extend(h: History, draw):
    person = draw(st.sampled_from(sorted(h.model.people)))
    course = draw(st.sampled_from(assigned(h, person)))
    due = h.model.now.date() + timedelta(days=draw(st.integers(0, 40)))
    return f"HR gives {person} until {due} on {course}", "extend", person, course, due


# Every history completes items, changes content and lets days pass; each uses some of the other
# kinds of step only (swarm testing), so that rarer combinations pile up. Repeats are drawn more often.
CORE = (wait, wait, complete_item, complete_item, complete_course, complete_course, edit_policy, edit_policy,
        edit_item, edit_item, set_recertify, redo_course, renew_course, renew_course)  # fmt: skip
OPTIONAL = (restore_policy, restore_item, remove_covered_section, add_item, remove_item, assign, extend)
WEIGHT = {restore_item: 2}
NEEDS = {
    renew_course: due_again,
    restore_policy: restorable_policies,
    restore_item: restorable_items,
    remove_covered_section: repointable,
    add_item: lambda h: [i for i in NEW_ITEMS if i not in h.model.items],
    remove_item: lambda h: [c for c in h.model.courses.values() if len(c.items) > 1],
}


def kinds(chosen) -> list:
    return [*CORE, *(k for k in OPTIONAL if k in chosen for _ in range(WEIGHT.get(k, 1)))]


def possible(h: History, kinds_: list) -> list:
    """The kinds of step that can be taken in the history's present state."""
    return [k for k in kinds_ if k not in NEEDS or NEEDS[k](h)]
