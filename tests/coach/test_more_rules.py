"""Leaks, tone and false alarms the coach learned in issue 10, each marked on its own text."""

from pathlib import Path

import pytest

from tests.coach import quality
from training.coach import check as coach

CONTENT = Path(__file__).parents[2] / "content"
TERMS, NAMES = quality.policy_terms(), quality.public_names()
SIGNED = "Hi Amira, I'm sorry about this. {} Please DM us at @KestrelHomeHelp. – Tom"


@pytest.fixture(scope="module")
def rules():
    return coach.load_rules(CONTENT / "coach.yaml")


def check(reply, rules, **kwargs):
    return coach.check(reply, rules, extra_terms=TERMS, public_names=NAMES, **kwargs)


def marked(result, reply, category):
    return [(f.rule, reply[f.start : f.end]) for f in result.findings if f.category == category]


LEAKS = [
    ("phone-number", "Ring him on (212) 555-0199.", "(212) 555-0199"),
    ("phone-number", "Ring him on 212-555-0199.", "212-555-0199"),
    ("phone-number", "Ring him on +1 212 555 0199.", "+1 212 555 0199"),
    ("phone-number", "Ring the Dublin shop on +353 1 555 0123.", "+353 1 555 0123"),
    ("phone-number", "Ring her on 01632 960001.", "01632 960001"),
    ("phone-number", "Ring her on 07700 900 123.", "07700 900 123"),
    ("card-ending", "The card ending 4242 was declined.", "4242"),
    ("card-ending", "Your Visa ending in 4242 was charged.", "4242"),
    ("card-ending", "The last four digits 4242 match.", "4242"),
    ("card-ending", "The last 4 digits of your card are 4242.", "4242"),
    ("ticket-number", "Your ticket 104928 is open.", "104928"),
    ("ticket-number", "Your case number is 55213.", "55213"),
    ("ticket-number", "It's logged under reference AB-99812.", "AB-99812"),
    ("ticket-number", "Complaint ref: 661029 is with the team.", "661029"),
    ("confidential-term", "Aurora is nearly here.", "Aurora"),
    ("confidential-term", "Keep an eye out for the aurora range.", "aurora"),
    ("hints-unreleased", "Something big is coming.", "Something big is coming"),
    ("hints-unreleased", "Watch this space.", "Watch this space"),
    ("hints-unreleased", "We can't say too much 🤐", "can't say too much"),
    ("internal-matters", "Our system crashed last night.", "Our system crashed"),
    ("internal-matters", "The warehouse system went down on Monday.", "The warehouse system went down"),
    ("internal-matters", "We're thousands of orders behind.", "thousands of orders behind"),
    ("internal-matters", "There's a backlog of 4,000 parcels.", "backlog of 4,000"),
    ("internal-matters", "We're short-staffed this week.", "short-staffed"),
    ("internal-matters", "The Leeds store is closing down in March.", "closing down"),
    ("internal-matters", "There are redundancies in the call centre.", "redundancies"),
    ("internal-matters", "We've had a data breach.", "We've had a data breach"),
    ("internal-matters", "We only sold 200 of these last month.", "We only sold 200"),
    ("hints-unreleased", "Our smart range is launching in March.", "is launching in March"),
    ("order-number", "Your order 48213907 is at the depot.", "48213907"),
    ("account-number", "Your account number is 30418275.", "30418275"),
    ("colleague-details", "Sarah is on holiday until Monday.", "on holiday until"),
    ("delivery-slot", "We'll be there 8-12 on Tuesday.", "8-12 on Tuesday"),
    ("internal-matters", "There was a flood at our Daventry warehouse.", "flood at our Daventry warehouse"),
    ("internal-matters", "We had a system outage.", "system outage"),
    ("internal-matters", "We missed our targets this month.", "missed our targets"),
    ("hints-unreleased", "Our new garden range is due in spring.", "new garden range is due in spring"),
    ("hints-unreleased", "The price will drop next week.", "price will drop"),
    ("hints-unreleased", "It's going on sale next week.", "going on sale next"),
    ("colleague-details", "Dave's been sacked over this.", "Dave's been sacked"),
    ("colleague-details", "Your fitter is off sick.", "Your fitter is off sick"),
    ("colleague-details", "He's on a final warning.", "He's on a final warning"),
    ("named-customer-order", "That's Mrs Okafor's order.", "Mrs Okafor's order"),
    ("customer-data-in-ai", "I pasted your complaint into ChatGPT.", "pasted your complaint into ChatGPT"),
    ("delivery-slot", "Your delivery is now Thursday 8am–12pm.", "Thursday 8am–12pm"),
    ("delivery-slot", "Your delivery slot is Friday afternoon.", "Friday afternoon"),
    ("delivery-slot", "Our driver will be with you on Friday 10am-2pm.", "Friday 10am-2pm"),
    ("delivery-slot", "We've rebooked you for Thursday between 8 and 12.", "Thursday between 8 and 12"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS)
def test_new_leak_is_blocked_and_marked(rules, rule_id, text, leak):
    reply = SIGNED.format(text)
    result = check(reply, rules)
    assert (rule_id, leak) in marked(result, reply, "leak")
    assert not result.passed


def test_emoji_hint_is_marked_on_the_emoji(rules):
    reply = SIGNED.format("New ovens? 👀")
    assert marked(check(reply, rules), reply, "leak") == [("hints-unreleased", "👀")]


def test_delivery_slot_with_a_street_is_a_leak_but_each_alone_is_not(rules):
    both = SIGNED.format("The driver will be on Larch Close between 8 and 12.")
    assert marked(check(both, rules), both, "leak") == [
        ("delivery-slot-and-street", "Larch Close"), ("delivery-slot-and-street", "between 8 and 12"),
    ]  # fmt: skip
    for text in ["The driver will come between 8 and 12.", "The driver will find Larch Close.",
                 "Our Queen Street store is open 9am-5pm."]:  # fmt: skip
        reply = SIGNED.format(text)
        assert marked(check(reply, rules), reply, "leak") == [], text


@pytest.mark.parametrize(
    "text",
    ["It costs £1,299.99 and arrives in 3 weeks.", "Delivery is on 14/03/2026 at 10:30.",
     "The 2026-03-14 slot runs 08:00–22:00.", "Order 3 chairs, save 20%.", "Case in point: 3 days.",
     "Ticket prices start at £12,000 for 2 people.", "It works with Google Nest and Nest Hub.",
     "Your nest of tables is on its way.", "We saw the aurora borealis.",
     "Call 0808 157 0192 (8am to 10pm).", "Ring +44 808 157 0192.", "Our website is down the page.",
     "Our team will be in touch by 5pm.", "Orders placed by 2pm leave today.",
     "The last four weeks have been busy.", "Reference the FAQ for sizes.",
     "Sorry to hear you've been off sick.", "Your account was suspended by mistake.",
     "Your delivery will arrive by 5pm.", "Our vans deliver between 7am and 7pm.",
     "We never put customers' details into AI tools.", "Our phone lines are open 8am to 8pm.",
     "We'll contact the courier today.", "Your new sofa is arriving next week.",
     "Our spring collection is in store now."],
)  # fmt: skip
def test_ordinary_numbers_and_names_are_not_leaks(rules, text):
    reply = SIGNED.format(text)
    assert marked(check(reply, rules), reply, "leak") == []


def test_public_names_come_from_the_caller(rules):
    reply = SIGNED.format("It works with Google Nest.")
    assert marked(coach.check(reply, rules, extra_terms=TERMS), reply, "leak") == [
        ("confidential-term", "Nest")
    ]
    assert check(reply, rules).passed


TONE = [
    ("Thanks SO much for your patience.", "sarcasm"),
    ("It must be nice having so much free time.", "sarcasm"),
    ("Enjoy your new sofa 😉", "sarcasm"),
    ("Our records show the driver knocked at 10:02.", "blames-customer"),
    ("The driver knocked twice and nobody answered.", "blames-customer"),
    ("Please make sure someone is in next time.", "blames-customer"),
    ("Next time, please check the measurements.", "blames-customer"),
    ("You were told at checkout that it takes 10 days.", "blames-customer"),
    ("You should have measured the door.", "blames-customer"),
    ("You signed the delivery note.", "blames-customer"),
    ("Damage must be reported within 48 hours.", "defensive"),
    ("It's company policy and rules are rules.", "defensive"),
    ("It's peak season 🤷", "dismissive"),
    ("Honestly, people are overreacting.", "dismissive"),
    ("You get what you pay for.", "smug"),
    ("Glad something went right for once!", "sarcasm"),
    ("We did try to call you three times.", "blames-customer"),
    ("You ordered the wrong size.", "blames-customer"),
    ("If you had measured properly this wouldn't have happened.", "blames-customer"),
    ("The courier is responsible for this.", "blames-others"),
    ("The delivery note clearly states it.", "defensive"),
    ("Perhaps read the instructions more carefully?", "defensive"),
    ("There's really nothing we can do.", "dismissive"),
    ("Good luck finding a better price elsewhere!", "sarcasm"),
    ("We did NOT lose your parcel.", "defensive"),
    ("Our policy clearly states 30 days.", "defensive"),
    ("Please contact the manufacturer directly.", "blames-others"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rule_id"), TONE)
def test_new_bad_tone_is_blocked(rules, text, rule_id):
    reply = SIGNED.format(text)
    result = check(reply, rules)
    assert rule_id in [f.rule for f in result.findings if f.severity == "block"]
    assert not result.passed


def test_the_lessons_bad_example_blocks_even_with_a_dm_offer(rules):
    reply = ("Hi Dan, sorry for the trouble. Our records show the driver knocked at 10:02 and no one "
             "answered, so please make sure someone is in next time. DM us. – Alex")  # fmt: skip
    result = check(reply, rules)
    assert not result.passed
    blocks = {f.rule: f.category for f in result.findings if f.severity == "block"}
    # Blame, and (since round 13) the delivery record read out in public, which is the customer's.
    assert blocks["blames-customer"] == "tone" and blocks.get("records-and-history") == "leak"


@pytest.mark.parametrize(
    "text",
    ["You should have had a call from us, and that's on us.", "You should have been told about the delay.",
     "You should've received it on Monday.", "I'm sorry you were told the wrong date.",
     "You were told Monday, which was our mistake.", "Thanks so much for your patience.",
     "We're SO glad it arrived.", "Our records show the refund went through yesterday."],
)  # fmt: skip
def test_an_apology_that_owns_the_mistake_passes(rules, text):
    result = check(SIGNED.format(text), rules)
    assert result.passed, result.findings
    assert [f.rule for f in result.findings if f.category == "tone"] == []


KINDS = [
    ("praise", "Thank you so much, Amy! Glad the sofa is a hit with the family. – Sam", True),
    ("praise", "So pleased you love it, Amy. – Sam", True),
    ("correction", "Correction: the sale ends Friday, not Sunday. Sorry for the mix-up. – Maya", True),
    ("question", "Yes, we deliver to Northern Ireland for most items. – Aoife", True),
    ("press", "Thanks for asking. Please email press@kestrelhome.example for the press office. – Sam",
     True),
    ("press", "Thanks for getting in touch, we're looking into it. – Sam", False),
    ("complaint", "Thank you so much, Amy! Glad the sofa is a hit with the family. – Sam", False),
    ("abuse", "Sorry your wardrobe is late. – Sam", False),
    ("abuse", "Sorry your wardrobe is late; DM us and I'll find it. – Sam", True),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "reply", "passes"), KINDS)
def test_good_practice_suits_the_kind_of_post(rules, kind, reply, passes):
    result = check(reply, rules, kind=kind)
    assert result.passed == passes, result.findings


def test_without_a_kind_a_reply_answers_a_complaint(rules):
    praise = "Thank you so much, Amy! Glad the sofa is a hit with the family. – Sam"
    assert [f.rule for f in check(praise, rules).findings] == ["apologise", "private-channel"]
    assert check(praise, rules, kind="complaint").findings == check(praise, rules).findings


def test_a_correction_or_a_word_to_the_press_is_only_advised_to_be_signed(rules):
    correction = "Correction: the sale ends on Friday, not Sunday. Sorry for the mix-up."
    result = check(correction, rules, kind="correction")
    assert result.passed
    assert [(f.rule, f.severity) for f in result.findings] == [("signature-suggested", "warn")]
    assert not check(correction, rules, kind="complaint").passed


def test_a_personal_post_that_says_where_you_work_needs_no_signature(rules):
    reply = (
        "Sorry to hear that! I work at Kestrel Home. The quickest way to sort it is a DM to @KestrelHomeHelp."
    )
    assert check(reply, rules).passed
    assert not check(reply.replace("I work at Kestrel Home. ", ""), rules).passed


LESSON_BAD_EXAMPLES = [
    "Unfortunately deliveries here are handled by our courier partner, so this is outside our control.",
    "We're sorry if you feel your experience did not meet your expectations.",
    "As clearly stated on our website, returns are 30 days. Hope that clears things up! 🙂",
    "Ugh, the courier's been a nightmare this week, it's not just you.",
    "The warehouse sent the wrong item.",
    "The store should have told you.",
    "Please mind your language or we'll block you.",
    "He's worked here twelve years and never had a single complaint!",
]


@pytest.mark.parametrize("text", LESSON_BAD_EXAMPLES)
def test_the_lessons_bad_examples_are_blocked_for_tone_even_when_signed_with_a_dm(rules, text):
    result = check(f"Sorry, Jo. {text} DM us. – Sam", rules)
    assert any(f.category == "tone" and f.severity == "block" for f in result.findings), result.findings


def test_press_enquiry_gets_its_own_good_practice(rules):
    result = check("Thanks for asking, we're looking into it. – Sam", rules, kind="press")
    assert [(f.rule, f.category, f.severity) for f in result.findings] == [
        ("press-office", "practice", "block")
    ]
    assert "press@kestrelhome.example" in result.findings[0].message


PHONE_RULE = """\
  - id: phone
    category: leak
    severity: block
    section: confidential-information
    detect: phone-numbers
    region: GB
    other_regions: [US]
    allow: ["0808 157 0192"]
    message: No phone numbers
"""


def write_rules(tmp_path, rules_yaml):
    (tmp_path / "policies").mkdir(exist_ok=True)
    policy = (CONTENT / "policies" / "social-media.md").read_text(encoding="utf-8")
    (tmp_path / "policies" / "social-media.md").write_text(policy, encoding="utf-8")
    path = tmp_path / "coach.yaml"
    path.write_text(f"policy: policies/social-media.md\nrules:\n{rules_yaml}", encoding="utf-8")
    return path


def test_a_phone_rule_reads_numbers_in_its_regions(tmp_path):
    rules = coach.load_rules(write_rules(tmp_path, PHONE_RULE))
    reply = "Ring 020 7946 0958, 1-800-555-0199 or 0808 157 0192."
    assert [reply[f.start : f.end] for f in coach.check(reply, rules).findings] == [
        "020 7946 0958", "1-800-555-0199",
    ]  # fmt: skip
    gb_only = coach.load_rules(
        write_rules(tmp_path, PHONE_RULE.replace("other_regions: [US]", "other_regions: []"))
    )
    assert [reply[f.start : f.end] for f in coach.check(reply, gb_only).findings] == ["020 7946 0958"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("region: GB", "region: Britain"), "'Britain' is not a region code for phone numbers"),
        (("other_regions: [US]", "other_regions: [XX]"), "'XX' is not a region code"),
        (
            ("severity: block", "severity: block\n    kinds: [complaint, moan]"),
            "`kinds`: unknown kind 'moan'",
        ),
        (("severity: block", "severity: block\n    kinds: complaint"), "`kinds` must be a list"),
        (
            ("region: GB", "region: GB\n    patterns: ['x']"),
            "unknown key(s) for detect 'phone-numbers': patterns",
        ),
    ],
)
def test_bad_keys_of_the_new_rules_are_reported_with_their_line(tmp_path, change, problem):
    problems = coach.validate_rules_file(write_rules(tmp_path, PHONE_RULE.replace(*change)))
    assert any(line == 3 and problem in message for line, message in problems), problems


TOGETHER_RULE = """\
  - id: both
    category: leak
    severity: block
    section: confidential-information
    detect: together
    all_of: [['Larch Close'], ['8-12']]
    message: Not both
"""


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (TOGETHER_RULE.replace("all_of: [['Larch Close'], ['8-12']]", "all_of: [['Larch Close']]"),
         "`all_of` must be a list of at least two lists"),
        (TOGETHER_RULE.replace("['8-12']", "['(8-12']"), "`all_of` list 2: pattern 1 ('(8-12') is not"),
        (TOGETHER_RULE.replace("['8-12']", "[]"), "`all_of` list 2 must be a non-empty list"),
        ("  - id: x\n    category: tone\n    severity: block\n    section: complaints\n"
         "    phrases: [you were told]\n    unless: ['(sorry']\n    message: Not this\n",
         "`unless` pattern 1 ('(sorry') is not a valid regular expression"),
    ],
)  # fmt: skip
def test_bad_together_and_unless_keys_are_reported(tmp_path, rule, problem):
    problems = coach.validate_rules_file(write_rules(tmp_path, rule))
    assert any(problem in message for _, message in problems), problems


def test_together_reports_only_when_every_list_and_the_context_match(tmp_path):
    rules = coach.load_rules(write_rules(tmp_path, TOGETHER_RULE + "    context: ['driver']\n"))
    assert coach.check("The driver comes to Larch Close at 8-12.", rules).findings
    assert not coach.check("Larch Close is open 8-12.", rules).findings
    assert not coach.check("The driver comes to Larch Close.", rules).findings


def test_unless_excuses_only_matches_inside_it(tmp_path):
    rule = ("  - id: x\n    category: tone\n    severity: block\n    section: complaints\n"
            "    phrases: [you were told]\n    unless: ['sorry you were told']\n"
            "    message: Not it\n")  # fmt: skip
    rules = coach.load_rules(write_rules(tmp_path, rule))
    assert coach.check("I'm sorry you were told Monday.", rules).passed
    assert not coach.check("You were told Monday. Sorry you were told twice.", rules).passed
