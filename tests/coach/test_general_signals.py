"""Leaks and tone found by what they are, not by one set's wording (issue 10, round 3).

The rules under test were written from the policy's own lists (what counts as customer data,
internal systems, incidents, business information and colleagues' details), before a blind set
measured them. Every case is written here in words of its own; the good replies beside them
show what the rules must leave alone.
"""

import pytest

from tests.coach import test_structural_signals as structural
from training.coach import check as coach

TERMS, NAMES, blocking = structural.TERMS, structural.NAMES, structural.blocking
rules = structural.rules  # the same module-wide fixture
SIGNED = "Hi Ines, I'm sorry about this. {} Please DM us at @KestrelHomeHelp. – Ravi"


LEAKS = [
    ("reference-numbers", "Your tracking number is JD0146000062; it's out for delivery.", "JD0146000062"),
    ("reference-numbers", "I've raised return RMA-448210 for the mirror.", "RMA-448210"),
    ("long-number", "It's under 55810243 on our side.", "55810243"),
    ("secret-codes", "The driver has the key safe code 4471 now.", "4471"),
    ("secret-codes", "Your temporary password is Sofa2026 until you change it.", "Sofa2026"),
    ("internal-contacts", "I've put you through to Product Safety on internal 4911.", "4911"),
    ("internal-contacts", "I've shared it in #ops-escalations for the day team.", "#ops-escalations"),
    ("customer-street", "I can see you're on Linden Avenue, so it's the Leeds depot.", "Linden Avenue"),
    ("delivery-details", "The driver left it behind your side gate at lunchtime.", None),
    ("incidents-and-plans", "Some customer details were exposed for an hour on Tuesday.", None),
    ("incidents-and-plans", "For a while the app showed other customers' orders.", None),
    ("incidents-and-plans", "Trading Standards are already looking at the heaters.", None),
    ("incidents-and-plans", "A few other customers have had the same kettle overheat.", None),
    ("incidents-and-plans", "That lamp is being discontinued in the spring anyway.", None),
    ("incidents-and-plans", "We're opening a new showroom in Bath, so it'll be easier then.", None),
    ("incidents-and-plans", "We're switching couriers because of exactly this.", None),
    ("incidents-and-plans", "Our drivers are paid per drop, which is part of the problem.", None),
    ("colleague-identity", "Your driver, Tom Hughes, has been spoken to.", "Tom Hughes"),
    ("colleague-identity", "She's going through a divorce, which is no excuse.", None),
    ("hints-unreleased", "We're working on a cordless version, so hang on.", None),
    ("hints-unreleased", "There's a new range in the works that may suit you.", None),
    ("hints-unreleased", "It's all under wraps for now, but you won't be disappointed.", None),
]


@pytest.mark.parametrize(("rule", "sentence", "marked"), LEAKS)
def test_a_leak_is_caught_by_its_kind_whatever_the_wording(rules, rule, sentence, marked):
    found = blocking(SIGNED.format(sentence), rules, "leak")
    if marked:  # a more particular rule may mark the same characters first
        assert marked in [text for _, text in found], found
    else:
        assert rule in [r for r, _ in found], found


TONE = [
    "Apparently the box was already open when it arrived.",
    "You claim the legs were loose, and we'll look.",
    "Our driver *did* knock before leaving the card.",
    "Did you even open the instructions?",
    "Don't you think one star is a bit much?",
    "Really? We've never seen that happen.",
    "We'll have to block you if this carries on.",
    "I'm sure you'll understand that we can't do more.",
    "We're looking into it 🤦",
]


@pytest.mark.parametrize("sentence", TONE)
def test_doubt_mockery_and_threats_are_stopped(rules, sentence):
    assert blocking(SIGNED.format(sentence), rules, "tone"), sentence


HI, BYE = "Hi Ines, ", " – Ravi"
GOOD = [
    ("complaint", "I'm sorry your order still says 'processing' after three weeks. That isn't right. "
                  "Please DM us at @KestrelHomeHelp and I'll chase it today."),
    ("question", "tap 'Notify me' on the product page and we'll email you when it's back."),
    ("complaint", "I'm so sorry. Could you tell us whether it was the online order or the one from our "
                  "Bath store? Then DM us at @KestrelHomeHelp."),
    ("complaint", "sorry, that model has been discontinued, and we'd love to help you find a similar "
                  "one. DM us at @KestrelHomeHelp."),
    ("complaint", "our store on King Street is open until 8 tonight, and the team there can swap it for "
                  "you. Sorry for the trouble; DM @KestrelHomeHelp if that's easier."),
    ("complaint", "we're working on a fix for the app today, and I'm sorry it logged you out. DM us at "
                  "@KestrelHomeHelp if it happens again."),
    ("complaint", "call us free on 0808 157 0192, or DM @KestrelHomeHelp, and we'll book a new date. "
                  "Sorry for the wait."),
    ("praise", "thank you! Tom and the team will be thrilled 👏"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "reply"), GOOD)
def test_honest_replies_near_those_rules_pass(rules, kind, reply):
    reply = HI + reply + BYE
    result = coach.check(reply, rules, extra_terms=TERMS, public_names=NAMES, kind=kind)
    assert result.passed, [(f.rule, reply[f.start : f.end]) for f in result.findings if f.severity == "block"]
