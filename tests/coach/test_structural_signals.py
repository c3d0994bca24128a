"""Tone and leak found by the shape of a sentence rather than one phrase (issue 10, round 2).

Every case is written here in words of its own, unlike the replies of the labelled sets, so that
a test holds the class (advice about next time, irony without emoji, a policy quoted at the
customer, a figure only the company knows, digits said in words) and not one reply.
"""

from pathlib import Path

import pytest

from tests.coach import quality
from training.coach import check as coach
from training.coach.text import normalise

CONTENT = Path(__file__).parents[2] / "content"
TERMS, NAMES = quality.policy_terms(), quality.public_names()
SIGNED = "Hi Amira, I'm sorry about this. {} Please DM us at @KestrelHomeHelp. – Tom"


@pytest.fixture(scope="module")
def rules():
    return coach.load_rules(CONTENT / "coach.yaml")


def blocking(reply, rules, category, kind=None):
    result = coach.check(reply, rules, extra_terms=TERMS, public_names=NAMES, kind=kind)
    return [(f.rule, reply[f.start : f.end]) for f in result.findings
            if f.category == category and f.severity == "block"]  # fmt: skip


TONE = [
    ("instructs-customer", "In future, please keep an eye on your tracking emails."),
    ("instructs-customer", "It's always best to read the care label first."),
    ("instructs-customer", "The fixing guide wasn't followed, which is often why doors drop."),
    ("instructs-customer", "Our fitter did knock twice."),
    ("instructs-customer", "Express delivery is only used when it's requested at checkout."),
    ("irony", "Seriously. A scratch on the back panel."),
    ("irony", "Well, that's one way to spend a Sunday."),
    ("irony", "Did you honestly expect it to survive the dog?"),
    ("irony", "Five tweets in one morning is quite the effort."),
    ("irony", "Brave choice, putting a glass table in a toddler's room."),
    ("passive-aggressive", "We'll help as soon as you're calm enough, rather than ranting."),
    ("passive-aggressive", "Under section 7.1 of our terms, returns need a receipt."),
    ("passive-aggressive", "May we remind you that our drivers deserve respect."),
    ("minimises", "That's simply the way oak ages."),
    ("minimises", "It's really easy: you just tap 'Returns' in the app."),
    ("minimises", "As the listing clearly states, it ships flat-packed."),
    ("minimises", "We haven't heard this from other customers."),
    ("minimises", "Kestrel Home accepts no liability for that."),
    ("boasts", "We've been making beds for over sixty years."),
    ("boasts", "We're disappointed to read this review."),
    ("disputes", "That's not strictly true, Amira."),
    ("disputes", "We at no point offered free fitting."),
]


@pytest.mark.parametrize(("rule_id", "text"), TONE)
def test_a_shape_of_bad_tone_is_blocked_by_its_rule(rules, rule_id, text):
    reply = SIGNED.format(text)
    assert rule_id in {rule for rule, _ in blocking(reply, rules, "tone")}, blocking(reply, rules, "tone")


LEAKS = [
    ("phone-number", "Is your number oh seven seven double oh, nine double oh, three one five?"),
    ("card-ending", "We refunded the Visa ending 4 4 0 7."),
    ("card-ending", "It went back to the card with the last four three-one-one-nine."),
    ("order-number", "Is that order five five two, six one three eight?"),
    ("internal-figures", "We shifted well over 30,000 of those last year."),
    ("internal-figures", "We're aiming for 95% on-time this quarter."),
    ("internal-figures", "We barely make £8 on each cushion."),
    ("internal-figures", "The Crewe site is five fitters down this week."),
    ("internal-places", "Our manufacturer Oakhaven ran out of walnut veneer."),
    ("internal-places", "The returns team is being outsourced in spring."),
    ("internal-places", "Our solicitors are talking to yours."),
    ("colleague-details", "Marta only joined in June, so she's still learning."),
    ("colleague-details", "He's on the early shift tomorrow."),
    ("colleague-details", "You'll find her art on her personal TikTok."),
    ("hints-unreleased", "You'll love what we have lined up for autumn."),
]


@pytest.mark.parametrize(("rule_id", "text"), LEAKS)
def test_a_leak_of_a_general_class_is_blocked_by_its_rule(rules, rule_id, text):
    reply = SIGNED.format(text)
    assert rule_id in {rule for rule, _ in blocking(reply, rules, "leak")}, blocking(reply, rules, "leak")


GOOD = [
    (
        "Hi Amira, I'm sorry it was left outside. That shouldn't happen without your say-so. "
        "Please DM us at @KestrelHomeHelp and we'll put it right. – Tom",
        "complaint",
    ),
    (
        "Hi Amira, sorry the email didn't arrive. It's worth checking your spam folder, and if it's not "
        "there, DM us at @KestrelHomeHelp. – Tom",
        "complaint",
    ),
    (
        "Hi Amira, please DM us at @KestrelHomeHelp rather than posting your card details here, and "
        "we'll sort the double charge today. I'm sorry. – Tom",
        "complaint",
    ),
    (
        "Correction: the Alder desk is £189, as the product page says, not £169. Sorry for the slip. – Tom",
        "correction",
    ),
    ("Thanks, Amira! The team at our Daventry warehouse will love this. – Tom", "praise"),
    ("Hi Amira, one or two sizes are back in stock now, and the sale ends on the 4th. – Tom", "question"),
    (
        "Hi Amira, that's not right and I'm sorry: we promised Tuesday and didn't turn up. "
        "Please DM us at @KestrelHomeHelp. – Tom",
        "complaint",
    ),
    (
        "Oh no, Amira, I'm sorry. Next time you're in the Leeds store, ask for me. "
        "DM us at @KestrelHomeHelp in the meantime. – Tom",
        "complaint",
    ),
    (
        "We'd like to get your refund moving. Please DM us at @KestrelHomeHelp and we'll chase it. – Tom",
        "abuse",
    ),
]


@pytest.mark.parametrize(("reply", "kind"), GOOD)
def test_an_honest_reply_near_those_shapes_passes(rules, reply, kind):
    result = coach.check(reply, rules, extra_terms=TERMS, public_names=NAMES, kind=kind)
    assert result.passed, [(f.rule, reply[f.start : f.end]) for f in result.findings if f.severity == "block"]


def test_digits_said_in_words_are_read_as_digits_only_in_a_run_of_four_or_more():
    assert normalise("call oh one six three two, nine six oh").text == "call 01632960"
    assert normalise("the last four two-two-nine-one").text == "the last four 2291"
    assert normalise("Oh no, one or two of them").text == "Oh no, one or two of them"
    spoken = normalise("ring double oh four four")
    assert spoken.text == "ring 0044" and spoken.original(5, 9) == (5, 24)
