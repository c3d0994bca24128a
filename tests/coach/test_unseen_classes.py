"""Classes of leak, tone and false alarm found on replies written without the rules (issue 10).

Each case is written here, not copied from a labelled set, so that the tests hold the class
(a masked card, an owned apology, a code name that is an everyday word) rather than one reply.
"""

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


def blocking(result, reply, category):
    return [(f.rule, reply[f.start : f.end]) for f in result.findings
            if f.category == category and f.severity == "block"]  # fmt: skip


def assert_leak_marked(rules, rule_id, text, leak):
    """`text`, in a signed reply, is blocked as a leak by `rule_id`, marking at least `leak` (None: any)."""
    reply = SIGNED.format(text)
    found = blocking(check(reply, rules), reply, "leak")
    assert any(rule == rule_id and (leak is None or leak in marked) for rule, marked in found), found


def assert_tone_blocked(rules, text, kind=None):
    """`text`, in a signed reply to a post of `kind`, is blocked for its tone."""
    reply = SIGNED.format(text)
    assert blocking(check(reply, rules, kind=kind), reply, "tone"), text


def assert_rules_pass(rules, reply, kind):
    """The rules block nothing in an honest reply (the second reader's findings aside)."""
    result = check(reply, rules, kind=kind)
    found = [(f.rule, reply[f.start : f.end]) for f in result.findings
             if f.severity == "block" and not f.rule.startswith("reads-like")]  # fmt: skip
    assert not found


LEAKS = [
    ("card-ending", "The Visa ****7731 was declined.", "7731"),
    ("card-ending", "The card xxxx-xxxx-xxxx-7731 was declined.", "7731"),
    ("card-ending", "The last digits of the card are 7731.", "7731"),
    ("confidential-term", "It was all part of #SkylarkLaunch.", "#SkylarkLaunch"),
    ("confidential-term", "Big thanks to the #projecthalcyon crew.", "#projecthalcyon"),
    ("confidential-term", "The perch system shows it as paid.", "perch"),
    ("hints-unreleased", "I'd hold off for a few weeks before buying.", "I'd hold off"),
    ("hints-unreleased", "It comes down to £299 soon.", "comes down to £2"),
    ("hint-wink", "New colours are on the way 😉", "😉"),
    ("internal-matters", "The Hull depot is 25 drivers short.", "25 drivers short"),
    ("internal-matters", "Our profit on beds is about 8%.", "Our profit on beds is about 8%"),
    ("internal-matters", "The York store closes in June.", "The York store closes in June"),
    ("internal-matters", "A mailing went to 3,400 customers in error.", "3,400 customers in error"),
    ("internal-matters", "Our safety team is investigating it.", "Our safety team is investigating"),
    ("internal-matters", "A pallet stack collapsed at the depot.", "A pallet stack collapsed"),
    ("colleague-details", "Priya is in on Mondays.", "Priya is in on Mondays"),
    ("colleague-details", "He was issued a formal warning.", "issued a formal warning"),
    ("colleague-details", "The engineer is off with a knee injury.", "off with a knee injury"),
    ("health-details", "Given your arthritis, we'll carry it in.", "your arthritis"),
    ("third-party", "Mr Hughes down the road had the same.", "Mr Hughes"),
    ("house-number", "The van was parked outside number 9 for a delivery to number 7.", "7"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS)
def test_a_class_of_leak_is_blocked_and_marked(rules, rule_id, text, leak):
    reply = SIGNED.format(text)
    assert (rule_id, leak) in blocking(check(reply, rules), reply, "leak")


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Thanks so much, Jo! A perfect place to perch with a brew. – Cara", "praise"),
        ("Hi Aurora, I'm sorry the lamp arrived broken. Please DM us at @KestrelHomeHelp. – Jo", "complaint"),
        ("Hi Mrs Patel, I'm sorry your chair is late. Please DM us at @KestrelHomeHelp. – Jo", "complaint"),
        ("Sorry, Ben, you shouldn't have had to chase us twice. Please DM us at @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Hi Ben, you were told Friday and we let that date slip. That's our mistake, and I'm sorry. "
         "Please DM us at @KestrelHomeHelp. – Jo", "complaint"),
        ("Correction: our post said the sale ends Sunday. That's not correct: it ends Friday. Sorry. – Jo",
         "correction"),
        ("Hi Ben, I'm sorry the instructions weren't clear, that's on us. Please DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Hi Ben, it's out of stock now, but DM us and we'll tell you when it's back. – Jo", "question"),
        ("Hi Ben, our Leeds store is open 9am to 8pm, Monday to Saturday. – Jo", "question"),
        ("Hi Ben, we'll take it up with the courier today and DM you. Sorry for the wait. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_known_false_alarm_class_passes(rules, reply, kind):
    result = check(reply, rules, kind=kind)
    assert result.passed, [(f.rule, reply[f.start : f.end]) for f in result.findings if f.severity == "block"]


@pytest.mark.parametrize(
    "text",
    [
        "It's always worth measuring before you order.",
        "If you add clearer directions, we'll try again.",
        "Most customers have no trouble building it.",
        "As mentioned in our last reply, it was sent.",
        "The listing does say it needs two people.",
        "Our team works really hard, and they're doing their best.",
        "We'd have been glad to help if you'd contacted us first.",
        "Charming. Anyway, we'll look into it.",
        "That's not accurate; it left on time.",
        "We've answered this twice already.",
        "The fitter shouldn't have said that.",
        "We've had issues with their quality for months.",
        "We can't control the weather!",
        "Anyone who replies to that account is an idiot.",
        "If you could manage to read our DMs this time, that would help.",
    ],
)
def test_a_class_of_bad_tone_is_blocked(rules, text):
    reply = SIGNED.format(text)
    assert blocking(check(reply, rules), reply, "tone"), text


def test_two_template_phrases_in_a_complaint_read_as_pasted(rules):
    one = "Hi Ben, thanks for reaching out. I'm sorry the bed is late. Please DM us at @KestrelHomeHelp. – Jo"
    two = one.replace("– Jo", "Have a great day! – Jo")
    assert check(one, rules).passed
    assert blocking(check(two, rules), two, "tone")
    praise = "Thanks for reaching out, Ben! So glad you love it. Have a great day! – Jo"
    assert check(praise, rules, kind="praise").passed


# Round 7 (development7.yaml): each class again in words of our own.
LEAKS_ROUND_7 = [
    (
        "order-number",
        "Your order is K H eight-three-one-one-four-zero-six.",
        "K H eight-three-one-one-four-zero-six",
    ),
    (
        "health-details",
        "Since your husband relies on a walking frame, the fitters will help.",
        "your husband relies on a walking frame",
    ),
    ("health-details", "As you're living with MS, we'll bring it upstairs.", "As you're living with MS"),
    ("incidents-and-plans", "We know about the privacy incident on Tuesday.", "privacy incident"),
    (
        "incidents-and-plans",
        "A glitch emailed invoices to several customers.",
        "emailed invoices to several customers",
    ),
    (
        "customer-data-in-ai",
        "I stuck your photos into ChatGPT to describe the damage.",
        "stuck your photos into ChatGPT",
    ),
    ("internal-figures", "We can do the £800 rate again for the spring reels.", "£800 rate"),
    (
        "records-and-history",
        "We can see you returned the lamp on 3 June.",
        "We can see you returned the lamp on 3 June",
    ),
    (
        "records-and-history",
        "Here's a screenshot of our system showing the booking.",
        "Here's a screenshot of our system",
    ),
    ("internal-details", "There's a recruitment freeze at the depot for now.", "recruitment freeze"),
    ("customer-street", "The driver was at the green gate on Willow Crescent.", "Willow Crescent"),
    ("internal-places", "We are legally liable for the damage to your car.", "are legally liable"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_7)
def test_a_class_of_leak_found_in_round_7_is_blocked_and_marked(rules, rule_id, text, leak):
    reply = SIGNED.format(text)
    assert (rule_id, leak) in blocking(check(reply, rules), reply, "leak")


@pytest.mark.parametrize(
    "text",
    [
        "We'll pop a £25 gift card in the post for you.",
        "Normally it's 14 days, but we'll swap it just this once.",
        "Our company accepts liability for the broken window.",
    ],
)
def test_a_promise_made_in_public_is_blocked(rules, text):
    # A leak since round 8: a decision only the private conversation makes, given away in public.
    reply = SIGNED.format(text)
    assert blocking(check(reply, rules), reply, "leak"), text


@pytest.mark.parametrize(
    "text",
    [
        "The colleague you spoke to on the phone should have booked it.",
        "I'm the only one on the desk tonight, with loads of these to answer.",
        "Our kettles meet all the safety standards, so I can't see how that could happen.",
        "That seems a little dramatic for one day's wait.",
        "Honestly, that's what you get with the other lot.",
        "Thanks for the life story, Jan!",
        "This looks like one of those paid-for reviews, so forgive me for doubting it.",
    ],
)
def test_a_class_of_bad_tone_found_in_round_7_is_blocked(rules, text):
    reply = SIGNED.format(text)
    assert blocking(check(reply, rules), reply, "tone"), text


@pytest.mark.parametrize(
    "reply",
    [
        "Sorry, Ben: we removed your post to protect your card details from fraudsters, not to silence you. "
        "We've sent you a DM. – Jo",
        "Sorry for the worry, Ben. Please don't click it: that page has nothing to do with us. "
        "Our only help account is "
        "@KestrelHomeHelp. – Jo",
        "Hi Ben, I'm so sorry the sofa was delivered to the wrong address. Please DM @KestrelHomeHelp. – Jo",
        "Hi Ben, could you DM @KestrelHomeHelp a photo of the label on the box? Sorry for the mix-up. – Jo",
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_7_passes(rules, reply):
    result = check(reply, rules, kind="complaint")
    assert result.passed, [(f.rule, reply[f.start : f.end]) for f in result.findings if f.severity == "block"]


LEAKS_ROUND_8 = [
    ("incidents-and-plans", "A Bath branch is pencilled in for the autumn.", "pencilled in"),
    ("incidents-and-plans", "Our new showroom opens in late March.", "showroom opens in late March"),
    ("people-and-partners", "It's Calder Weaving, who dye the linen for us.", "who dye the linen for us"),
    ("colleague-details", "The fitter has been stood down from installs for now.", "stood down"),
    ("colleague-details", "It was jo marsh at the leeds branch.", "jo marsh"),
    (
        "incidents-and-plans",
        "A fault leaked a number of customer email addresses.",
        "leaked a number of customer email",
    ),
    ("incidents-and-plans", "Only the units sold before March are affected.", "units sold before"),
    ("incidents-and-plans", "It's a small recall, so your kettle should be fine.", "kettle should be fine"),
    ("records-and-history", "The tracking shows your rug went out on 2 May.", "The tracking shows your"),
    ("promises-in-public", "Change your rating and get 10% off your next order.", "10% off your next order"),
    ("incidents-and-plans", "Relax, the Leeds store isn't going anywhere.", "store isn't going anywhere"),
    ("incidents-and-plans", "That rumour is simply untrue.", "That rumour is simply untrue"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_8)
def test_a_class_of_leak_found_in_round_8_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    "text",
    [
        "We're completely snowed under, so bear with us.",
        "It's been no picnic on our side either.",
        "Most of the emails we get are people asking about things already on the FAQ page.",
        "We'll get the drivers a satnav then.",
    ],
)
def test_a_class_of_bad_tone_found_in_round_8_is_blocked(rules, text):
    assert_tone_blocked(rules, text)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (
            "Hi Ben, I'm sorry the order was late. Please DM @KestrelHomeHelp. – Asha, Duty Manager, Leeds",
            "complaint",
        ),
        (
            "not speaking for them, but I work at Kestrel Home: ring 0808 157 0192 and they'll sort it – jo",
            "complaint",
        ),
        ("Hi Ben, the Leeds store is open until 8pm and isn't closing early today. – Jo", "question"),
        ("Hi Ben, the recall page lists the affected models, and it's kept up to date. – Jo", "question"),
        (
            "Thank you, Ben! We're overwhelmed by the kind messages, and that's great news from the Leeds "
            "store too. – Jo",
            "praise",
        ),
        (
            "Hi Ben, I'm sorry, it's hard for us to tell from the photo, and your delivery has been moved "
            "from Friday. Please DM @KestrelHomeHelp. – Jo",
            "complaint",
        ),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_8_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


def test_a_wink_after_a_smug_line_is_sarcasm_not_a_hint_at_a_product(rules):
    reply = "Hi Ben, you may want to read the returns page before ordering 😉 It's all there. – Jo"
    result = check(reply, rules, kind="question")
    assert ("sarcasm", "😉") in blocking(result, reply, "tone")
    assert not blocking(result, reply, "leak")
    launch = "Hi Ben, you may want to wait for May 😉 – Jo"
    assert ("hint-wink", "😉") in blocking(check(launch, rules, kind="question"), launch, "leak")


# Round 9 (development9.yaml): each class again in words of our own.
LEAKS_ROUND_9 = [
    # A store's closure hinted at without a date.
    (
        "internal-business",
        "I'd go to Bath instead, as the Bristol shop won't be open for very long.",
        "won't be open for very long",
    ),
    # Another customer named as a winner, or with their town.
    ("people-and-partners", "Congratulations to Tess Morgan, who won the rug!", "Tess Morgan"),
    ("people-and-partners", "The prize went to Owen Price in Conwy last week.", "Owen Price"),
    # What staff are told to do, and why it suits us.
    (
        "internal-business",
        "Staff are instructed to push the extended warranty first.",
        "Staff are instructed to",
    ),
    ("internal-business", "A swap is cheaper for us than a refund.", "cheaper for us"),
    # The size or harm of a scam aimed at our customers.
    ("incidents-and-plans", "That's the fourth copycat page since Easter.", "fourth copycat page since"),
    (
        "incidents-and-plans",
        "Sadly several people have already been scammed by it.",
        "several people have already been scammed",
    ),
    # The customer's street named as theirs, without a house number.
    ("customer-street", "Best not to post your Orchard Close address here.", "Orchard Close"),
    # A visit's day, with or without its hours; a place on the day's route.
    ("delivery-slot", "Good news: we've rearranged it for next Monday afternoon.", "next Monday afternoon"),
    ("delivery-slot", "You're drop 6 out of 11 today.", "drop 6 out of 11"),
    # When a coming sale starts, or what a coming catalogue or update holds.
    ("hints-unreleased", "The winter sale begins on 2 December.", "sale begins on 2 December"),
    ("hints-unreleased", "Keep an eye out: it's in the October brochure.", "in the October brochure"),
    (
        "hints-unreleased",
        "There'll be a statement about the kettle range next week.",
        "statement about the kettle range next week",
    ),
    # A colleague's health, what happens to them after a complaint, their shift, their name.
    ("colleague-details", "The engineer went home sick at lunchtime.", "The engineer went home sick"),
    ("colleague-details", "The adviser concerned has been given other duties.", "The adviser concerned has"),
    ("colleague-details", "Marta's shift ended an hour ago.", "Marta's shift"),
    ("colleague-details", "I've had a word with Gavin, who fitted your blinds.", "Gavin, who fitted"),
    # What the records hold, and a house found by its name.
    (
        "records-and-history",
        "We can see on your file that the first one was swapped.",
        "We can see on your file",
    ),
    ("records-and-history", "Holly Farm is just after the cattle grid.", "Holly Farm is just"),
    # Teams merged, a parcel's place in our buildings, an internal standard.
    (
        "internal-business",
        "We're combining the two returns teams this spring.",
        "combining the two returns teams",
    ),
    ("internal-business", "It was scanned out at 14:40 and sits in cage 12C.", "scanned out at 14:40"),
    ("internal-business", "Our internal target is two days.", "internal target"),
    # A maker named with what it makes; a fault others share.
    ("people-and-partners", "We've told Hartley Weaving, who make the throws.", "Hartley Weaving"),
    (
        "internal-matters",
        "It sounds like the same hinge defect others have reported.",
        "same hinge defect others",
    ),
    # A refund's amount promised in public; an email without its ending; an order number after a comma.
    ("personal-circumstances", "The £129.50 will be back in your account by Friday.", "£129.50 will be back"),
    ("email-address", "It went to r.jones12 at Hotmail, which may be old.", "r.jones12 at Hotmail"),
    ("order-number", "I've tracked down your order, 5520 1187.", "5520 1187"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_9)
def test_a_class_of_leak_found_in_round_9_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


def test_lecturing_before_a_complaint_found_in_round_9_is_blocked(rules):
    reply = SIGNED.format("Do check the FAQ before sending complaints.")
    assert blocking(check(reply, rules), reply, "tone")


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Initials after a dash sign a reply, as the policy allows where space is tight.
        ("Ben, I'm sorry the mirror arrived cracked. Please DM @KestrelHomeHelp and we'll replace it. – MT",
         "complaint"),
        ("Ben, I'm sorry the parcel is late. Please DM @KestrelHomeHelp so we can chase it. - RS", "abuse"),
        # An acknowledgement in other words: a point granted, pleasure at the news, praise passed on.
        ("Hi Ben, a fair question! The lamp is back in stock, and DM us if you'd like it reserved. – Jo",
         "complaint"),
        ("Oh that's brilliant to hear, Ben, enjoy the new sofa! – Jo", "praise"),
        ("It is, Ben! 🎉 We'd love to see it once it's built. – Jo", "praise"),
        ("How kind, Ben. I'll pass your lovely comments on to the Leeds team. – Jo", "praise"),
        # Something done to the customer that should not have been is not blame.
        ("Sorry, Ben, the checkout should have shown that. If you were charged when you shouldn't have been, "
         "DM us and we'll check. – Jo", "complaint"),
        # Near misses of the new leak classes.
        ("Hi Ben, the Leeds store won't be open much longer today: it closes at 6pm. – Jo", "question"),
        ("Hi Ben, the winner is picked at random and announced on this account. Good luck! – Jo", "question"),
        ("Hi Ben, the summer sale starts on 3 July, as announced on our website this morning. – Jo",
         "question"),
        ("Hi Ben, we'll get it rebooked for a day that suits you; please DM @KestrelHomeHelp. Sorry for the "
         "wait. – Jo", "complaint"),
        ("Hi Ben, that page isn't us, so please don't click its links. Thanks for checking. – Jo",
         "question"),
        ("Hi Ben, we don't comment on rumours, but our stores' hours are on kestrelhome.example/stores. – Jo",
         "question"),
        ("Hi Ben, I'm sorry you fell ill after the fall. Please DM @KestrelHomeHelp so we can help. – Jo",
         "complaint"),
        ("Hi Ben, collection is from bay 3 at the front of the store. – Jo", "question"),
        ("Hi Ben, refunds usually reach your card within 5 working days of us getting the item back. – Jo",
         "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_9_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


def test_a_word_in_capitals_after_a_dash_is_not_read_as_initials(rules):
    reply = "Ben, I'm sorry the parcel is late. Please DM @KestrelHomeHelp - OK"
    assert "signature" in [f.rule for f in check(reply, rules).findings]


LEAKS_ROUND_10 = [
    # A code name inside an idiom is still the code name said in public.
    ("confidential-term", "Those really were the halcyon days of flat-pack.", "halcyon"),
    # A colleague after a complaint: spoken to, looked after, kept off the floor; how new they were,
    # their probation, their route and years of service.
    ("colleague-details", "The fitter's been spoken to about it.", "'s been spoken to about"),
    (
        "colleague-details",
        "The cashier from the clip is being looked after by her team.",
        "cashier from the clip is being looked after",
    ),
    ("colleague-details", "He isn't working at the branch this week.", "isn't working at the branch"),
    ("colleague-details", "He was only on his second day on the tills.", "was only on his second day"),
    (
        "colleague-details",
        "That's Marek, he's been doing the Leeds route for nine years.",
        "Leeds route for nine",
    ),
    ("internal-details", "She's still within her probationary period.", "her probationary"),
    # A colleague put forward by full name, or by what they run for us.
    ("colleague-identity", "Please speak to Hannah Clarke about the shoot.", "Hannah Clarke"),
    ("colleague-identity", "She heads up partnerships for us.", "She heads up partnerships for us"),
    # A rumour answered with what I know; a statement before it is out; closures counted.
    ("incidents-and-plans", "As far as I know, no job cuts are planned.", "As far as I know, no job cuts"),
    (
        "incidents-and-plans",
        "Our comms team are drafting an announcement on the outage.",
        "drafting an announcement",
    ),
    ("incidents-and-plans", "Only two of our showrooms are shutting.", "two of our showrooms are shutting"),
    # A team's size or workload counted; a deal pending; a move with its time; stock from the factory.
    ("internal-business", "There are just four of us answering it all.", "There are just four of us"),
    ("internal-business", "We get about 9,000 emails a week.", "9,000 emails a week"),
    (
        "internal-business",
        "Nothing can be said until the contract is agreed.",
        "until the contract is agreed",
    ),
    ("internal-business", "Shelves are thin before the relocation next month.", "before the relocation next"),
    (
        "internal-business",
        "The next consignment from our supplier docks on Friday.",
        "consignment from our supplier",
    ),
    ("internal-figures", "Around 2,500 dehumidifiers returned so far.", "2,500 dehumidifiers returned"),
    # A new range with its start; a price out early.
    ("hints-unreleased", "Our new garden range, launching next spring, fixes that.", "launching next spring"),
    ("hints-unreleased", "The lower price went live early by mistake.", "price went live early"),
    # What the account, the delivery record, a call or a case shows.
    ("records-and-history", "I can see two refunds on your account from May.", "on your account"),
    ("records-and-history", "I can see the courier tried twice before noon.", "I can see the courier tried"),
    (
        "records-and-history",
        "We've reviewed the call recording from yesterday.",
        "reviewed the call recording",
    ),
    (
        "records-and-history",
        "I've located your complaint from the Bolton branch.",
        "located your complaint from",
    ),
    # The street a delivery reached; the delivery photo; a house number against another.
    ("customer-street", "Hope it got safely to Rowan Crescent!", "Rowan Crescent"),
    ("delivery-details", "The courier's photo shows it under a green bench.", "courier's photo shows"),
    ("house-number", "Sorry it went to 42 instead of 24.", "42"),
    # Part of a phone number in words; the start of an email address; a voucher with a word between.
    ("partial-identifiers", "We'll text the mobile ending two-seven-one.", "two-seven-one"),
    ("partial-identifiers", "Check your j.smith88 inbox.", "j.smith88"),
    ("promises-in-public", "I've popped a £25 apology voucher on your account.", "£25 apology voucher"),
    ("delivery-slot", "Your rug is coming Thursday, 9am–1pm.", "Thursday, 9am–1pm"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_10)
def test_a_class_of_leak_found_in_round_10_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    "text",
    [
        # The customer blamed: someone not in, their home's wiring, their reading.
        "Make sure somebody's home next time, please.",
        "It's almost certainly your electrics, not the lamp.",
        "You've misunderstood our post.",
        "You must have used the wrong code.",
        # Made small: easy if you do it right, as others manage.
        "It's easy enough if you read page 2 first.",
        "Most customers manage it in ten minutes.",
        # Patience asked of a waiting customer; our answers counted.
        "We would appreciate some patience, as we have loads of people to help.",
        "As we said in our previous reply, it's machine washable.",
        # Smug, sarcastic or rude: the answer called obvious, an insult taken as a prize, advice on
        # spending, other customers run down, the press run down.
        "The clue's in the name!",
        "Rudest firm in Britain? We'll take that title, then!",
        "Maybe cut back on lattes for a month?",
        "Pity the rest of them aren't this polite.",
        "That's shoddy journalism.",
        "An absurd allegation, frankly.",
    ],
)
def test_a_class_of_bad_tone_found_in_round_10_is_blocked(rules, text):
    assert_tone_blocked(rules, text)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Joy at the customer's news in other words.
        ("Congrats on the new home, Ben! Enjoy the sofa. – Jo", "praise"),
        ("Your cat has great taste, Ben! – Jo", "praise"),
        ("It's so lovely she's settled in, Ben. Long may it last! – Jo", "praise"),
        # Near misses of the new leak and tone classes.
        ("Hi Ben, thanks for your patience while we sort this. Please DM @KestrelHomeHelp. Sorry again. – Jo",
         "complaint"),
        ("Hi Ben, any statement from us will be on kestrelhome.example/news. – Jo", "question"),
        ("Hi Ben, I can see why that was frustrating, sorry. DM @KestrelHomeHelp and we'll check the order. "
         "– Jo", "complaint"),
        ("Hi Ben, the heater recall details are on kestrelhome.example/recall. Thanks for flagging. – Jo",
         "question"),
        ("Hi Ben, the sale price is on the product page now and runs till Sunday. – Jo", "question"),
        ("Hi Ben, it's real oak, and the full specs are on the product page. – Jo", "question"),
        ("Hi Ben, as far as I know the Leeds store opens at 9 on Sundays. – Jo", "question"),
        ("Hi Ben, the new range is in stores now. – Jo", "question"),
        ("Hi Ben, sorry the instructions were hard to follow. DM @KestrelHomeHelp with the step and we'll "
         "help. – Jo", "complaint"),
        ("Hi Ben, so sorry it went to the wrong address. Please DM @KestrelHomeHelp and we'll fix it. – Jo",
         "complaint"),
        ("Hi Ben, your email address is safe with us; please don't post it here. DM @KestrelHomeHelp. – Jo",
         "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_10_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_11 = [
    # A postcode district alone, where the customer is.
    ("records-and-history", "Vans to BD18 are fully booked this week.", "BD18"),
    ("records-and-history", "We can get a fitter out around NE6 on Monday.", "NE6"),
    # A data incident in everyday words, its size, what it did not touch.
    (
        "incidents-and-plans",
        "Some customer email addresses might have been accessed, sadly.",
        "customer email addresses might have been accessed",
    ),
    ("incidents-and-plans", "It was only about 300 accounts affected.", "about 300 accounts"),
    ("incidents-and-plans", "It's investigated, but just a few thousand customers.", "thousand customers"),
    ("incidents-and-plans", "No payment details were taken, promise.", "No payment details were taken"),
    # A legal claim against us discussed.
    ("incidents-and-plans", "The lawyers reckon we'll win.", "lawyers reckon"),
    ("incidents-and-plans", "Our solicitors are reviewing your claim.", "reviewing your claim"),
    ("incidents-and-plans", "The case is working its way through the courts", "its way through the courts"),
    # Jobs and teams moved or kept before it is announced.
    ("incidents-and-plans", "Don't worry, no redundancies are planned.", "no redundancies"),
    ("incidents-and-plans", "The call centre is relocating to Swansea.", "relocating to Swansea"),
    # A price before it is published.
    ("hints-unreleased", "The rug will be £99 in the January sale.", "will be £99 in the January"),
    ("hints-unreleased", "Walnut 🔜", "🔜"),
    # A colleague by role and name; how long they have worked here; their newness.
    ("colleague-identity", "Our returns administrator Priti Malhotra is on it.", "Priti Malhotra"),
    ("colleague-identity", "Dave's been with us for twenty years.", "Dave's been with us for twenty years"),
    ("colleague-details", "She's still in training, so please bear with her.", "She's still in training"),
    ("colleague-identity", "We'll ensure Sam gets extra training.", "ensure Sam gets extra training"),
    # A person's mailbox at our domain is still theirs.
    ("email-address", "Write to amy.lee@kestrelhome.example.", "amy.lee@kestrelhome.example"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_11)
def test_a_class_of_leak_found_in_round_11_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Homework set, questions counted, a platitude about money.
        ("Try doing a bit of googling before asking us.", "question"),
        ("If you'd actually read the label, you'd know.", "question"),
        ("As I've said several times, the answer is no.", "question"),
        ("Money doesn't grow on trees, sadly.", "question"),
        # A journalist or critics waved away.
        ("Your recent piece was totally one-sided.", "press"),
        ("Nothing to see here, honestly.", "press"),
        ("It's a handful of angry customers, that's all.", "complaint"),
        # A colleague told off in public; the same team blamed again.
        ("I'll give the driver a telling-off.", "complaint"),
        ("The depot has packed the wrong lamp again.", "complaint"),
        # Laughing at a complaint; a competitor's bar called low.
        ("Haha, that's one way to test a sofa!", "complaint"),
        ("Low bar, to be fair!", "praise"),
        # Our record held up against critics.
        ("We're still a great company to buy from.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_11_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Owning a mistake done to the customer, in the passive.
        ("Hi Ben, sorry, you shouldn't have been pressured to sign. DM @KestrelHomeHelp. – Jo", "complaint"),
        # A wince beside an apology; refusing to comment even off the record.
        ("Hi Ben, oh no 😬 sorry about the scratch! DM @KestrelHomeHelp to fix it. – Jo", "complaint"),
        ("Hi Ben, I can't say anything on or off the record; press@kestrelhome.example can. – Jo", "press"),
        # Near misses: a road, a published price, a new range in stock, looking at a fault properly.
        ("Hi Ben, sorry, the van was stuck on the M25. DM @KestrelHomeHelp to rebook. – Jo", "complaint"),
        ("Hi Ben, the armchair is £349 and the price is on the product page. – Jo", "question"),
        ("Hi Ben, the walnut finish is new in stock this week. – Jo", "question"),
        ("Hi Ben, sorry. We'd like to look at the kettle properly: DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Hi Ben, we'll read it first and reply by DM today. Sorry for the wait. – Jo", "complaint"),
        ("Hi Ben, we're aware of reports and will post an update here. – Jo", "question"),
        # A team's mailbox at our own domain; playing along with a joke in praise.
        ("Hi Ben, thanks for thinking of us! Email partnerships@kestrelhome.example. – Jo", "question"),
        ("Classic dog. The box always wins 😂", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_11_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_12 = [
    # An internal change given as the cause; an outage with its cause or fixers.
    (
        "incidents-and-plans",
        "The packers are still getting used to the new labelling kit.",
        "getting used to the new",
    ),
    ("incidents-and-plans", "We changed courier in Wales last month, sorry!", "changed courier"),
    ("incidents-and-plans", "The app went down after last night's release.", "after last night's release"),
    ("incidents-and-plans", "Our IT team are working on it now.", "IT team are working on"),
    # An investigation, an injury, a consultation, a recall's scope, a change before it is published.
    ("incidents-and-plans", "We'll know more when the inquiry is complete.", "when the inquiry is complete"),
    ("internal-matters", "Two of our drivers were injured, sadly.", None),
    ("incidents-and-plans", "Nothing's final until the staff consultation ends.", "staff consultation ends"),
    ("incidents-and-plans", "It's only one supplier's batch.", "one supplier's batch"),
    (
        "incidents-and-plans",
        "There's a new delivery charge coming in from next month.",
        "new delivery charge coming in",
    ),
    # Our own operations counted.
    ("internal-figures", "We sent 14,500 parcels last week!", "14,500 parcels"),
    ("internal-figures", "Our fitters do 6 installs a day.", "6 installs a day"),
    # A product's inside name; advice that gives a closure away; a wink after "ask them about".
    ("hints-unreleased", "The designers have code-named it Otter.", "code-named"),
    (
        "hints-unreleased",
        "I wouldn't book anything there after March.",
        "wouldn't book anything there after March",
    ),
    ("hint-wink", "Ask the press office about lamps 😉", "😉"),
    # A colleague's place of work; another customer by name or by where they live.
    ("colleague-details", "Priya is based in Derby now.", "Priya is based in"),
    ("records-and-history", "The other lady lives in your street, funnily enough.", "lives in your street"),
    ("records-and-history", "That reply was meant for Jenny Holt.", "Jenny Holt"),
    # A half address; liability and payment in other words.
    ("email-address", "It went to your kp.jones7@ inbox.", "kp.jones7@"),
    ("promises-compensation", "We'll pay for any repairs, of course.", "pay for any repairs"),
    ("promises-compensation", "I've authorised a £75 courtesy payment.", "authorised"),
    ("promises-compensation", "We're liable for the damage.", "liable"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_12)
def test_a_class_of_leak_found_in_round_12_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


def test_an_alternative_without_a_mark_is_marked_whole(rules):
    """A pattern whose alternatives mark different groups (or none) marks what each matched."""
    reply = SIGNED.format("Kim is still finding her feet.")
    assert ("colleague-identity", "still finding her feet") in blocking(check(reply, rules), reply, "leak")
    reply = SIGNED.format("The NG7 postcode area is busy.")
    assert ("records-and-history", "NG7") in blocking(check(reply, rules), reply, "leak")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Our post said to have been right, a rating argued, a rule said to be everyone's.
        ("The price was correct when we posted it.", "correction"),
        ("Two stars seems a bit much for a late van.", "complaint"),
        ("Other retailers charge for this too.", "question"),
        ("That's just how refunds work.", "question"),
        ("Easy mistake to make, honestly!", "correction"),
        # Told to check the website; critics waved away; a sarcastic thank-you.
        ("Always check the website before ordering.", "question"),
        ("It's all been blown out of proportion.", "press"),
        ("We're not closing, thank you very much.", "press"),
        # A competitor knocked; other customers' complaints held up; our post put on another team.
        ("Welcome to the winning side!", "praise"),
        ("What a nice change from the usual complaints!", "praise"),
        ("That was posted by the social team, not me.", "correction"),
        ("Good luck finding anyone who'll put up with you.", "abuse"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_12_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A colleague's mistake owned as ours; a scam account called out answers the post.
        ("Ben, sorry. Our fitter should never have left the mess – that's on us. DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Ben, that account isn't us. Our only help account is @KestrelHomeHelp; DM us. – Jo", "complaint"),
        # Near misses: public counts, an honest "we're working on it", a published recall notice.
        ("Hi Ben, thanks! Over 2,000 reviews are on our site, good and bad. – Jo", "praise"),
        ("Hi Ben, sorry for the wait, we're working on it and will DM you today. – Jo", "complaint"),
        ("Hi Ben, the recall notice is at kestrelhome.example/recall. – Jo", "question"),
        ("Hi Ben, it's based in our Leeds store, which opens at 9. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_12_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_13 = [
    # What the records show about a visit; the call listened to; a district as an address.
    ("records-and-history", "The tracking shows the courier left at 9:40.", "tracking shows the courier"),
    ("records-and-history", "I've listened back to your call from Monday.", "listened back to your call"),
    ("records-and-history", "We've got the BS3 address on file.", "BS3"),
    # A slot given as the answer; a colleague coached or new by role.
    ("delivery-slot", "Sorry, it's Monday 1–5pm, not Tuesday.", "Monday 1–5pm"),
    ("colleague-details", "The call handler has been given refresher training.", "given refresher training"),
    ("colleague-details", "Our Leeds supervisor is still settling in.", "still settling in"),
    # A supplier and its batch; a backlog or fault on our side; a security incident; another case.
    ("incidents-and-plans", "The legs are supplied from Oakcraft, who changed glue.", "Oakcraft, who"),
    ("incidents-and-plans", "Returns are really piling up at the moment.", "Returns are really piling up"),
    ("incidents-and-plans", "There's a payment glitch on our end today.", "payment glitch on our end"),
    ("incidents-and-plans", "We spotted suspicious activity on some accounts.", "suspicious activity"),
    ("incidents-and-plans", "Her claim has been resolved, don't worry.", "Her claim has been resolved"),
    ("incidents-and-plans", "Our insurers are covering it.", "insurers are covering"),
    # A price honoured in public.
    ("promises-in-public", "Happy to honour the advertised price for you.", "honour the advertised price"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_13)
def test_a_class_of_leak_found_in_round_13_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Opening hours are there for a reason.", "question"),
        ("Our fitters have lives too, you know.", "complaint"),
        ("Maybe try reading the label?", "question"),
        ("As it says right there in the terms, no.", "complaint"),
        ("Your magazine always twists what we say.", "press"),
        ("Why should we comment on that?", "press"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_13_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A colleague's mistake owned as ours to put right; delight at praise in other words.
        ("Sam, our fitter should never have left that mess. Sorry, that's ours to put right. "
         "DM @KestrelHomeHelp. – Jo", "complaint"),
        ("So happy you love it, Sam! – Jo", "praise"),
        # Near misses: store hours on a day, a public recall's batch page, a road we deliver to.
        ("Hi Sam, the Leeds store is open Sunday 10–4. – Jo", "question"),
        ("Hi Sam, the affected batch codes are listed at kestrelhome.example/recall. – Jo", "question"),
        ("Hi Sam, yes, we honour our price promise, and the details are on the website. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_13_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_14 = [
    # Partners, terms, budgets, a site merged, a manager's discretion, a figure denied, Legal's word.
    ("incidents-and-plans", "I've chased our account manager at Parcelway.", "account manager at Parcelway"),
    ("incidents-and-plans", "Your business account is on 30-day terms.", "30-day terms"),
    ("incidents-and-plans", "The influencer budget is gone for this year.", "influencer budget"),
    ("incidents-and-plans", "Swindon is being merged into Bristol.", "being merged into Bristol"),
    ("incidents-and-plans", "That's at the store's discretion, so ask.", "at the store's discretion"),
    ("incidents-and-plans", "It's nowhere near that many, honestly.", "nowhere near that many"),
    ("incidents-and-plans", "Legal have advised us to settle.", "Legal have advised"),
    ("incidents-and-plans", "The returns desk has a target of ten minutes a customer.", "has a target of"),
    # A slot on the van; sickness; a crew and their round.
    ("delivery-slot", "It's on the van for Monday afternoon.", "Monday afternoon"),
    ("colleague-details", "The driver phoned in sick, sorry.", "phoned in sick"),
    ("colleague-details", "That was Ola and Ben, who do your estate on Fridays.", "do your estate"),
    # A street set against another, the customer's home described, their refund amount.
    ("records-and-history", "It said Elm Road rather than Elm Grove.", "Elm Road rather than"),
    ("records-and-history", "Your £89 refund went back to the card.", "Your £89 refund"),
    # A model with its month; a sale's start before it is announced.
    ("hints-unreleased", "The larger version launches in June.", "version launches in"),
    ("hints-unreleased", "The sale opens at 8am on the 26th.", "opens at 8am on the 26th"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_14)
def test_a_class_of_leak_found_in_round_14_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("That's the courier dropping it, not us.", "complaint"),
        ("The branch shouldn't have promised that.", "complaint"),
        ("We only respond in English on this account.", "complaint"),
        ("If it's lost, that's all down to you.", "question"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_14_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our promise about next time; the customer cleared; published terms; thanks in Welsh.
        ("Sam, sorry. DM @KestrelHomeHelp and I'll make sure it's ready next time. – Jo", "complaint"),
        ("Sam, I'm sorry. None of this is down to you. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Hi Sam, faulty items are collected free of charge: kestrelhome.example/returns. – Jo", "question"),
        ("Diolch, Sam! We'll tell the Cardiff team. – Jo", "praise"),
        # Near misses: a published sale end, a product that is out now.
        ("Hi Sam, the January sale ends on Saturday; the dates are on the website. – Jo", "question"),
        ("Hi Sam, the cordless model is in stores now. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_14_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_15 = [
    # Figures in words; a sale before it is announced; a batch and its maker; a scope guessed.
    ("internal-figures", "Our mark-up on rugs is ten per cent.", "mark-up on rugs is ten per cent"),
    ("internal-matters", "Wait till Monday, it's all 20% off from then.", "20% off from then"),
    ("internal-matters", "That whole batch had the same defect.", "whole batch had the same defect"),
    ("incidents-and-plans", "It's only the kettles sold before April.", "only the kettles sold before"),
    # What a team inside thinks; a contract under way; an internal note; a van as the cause.
    ("internal-matters", "Our engineers reckon it's the thermostat.", "Our engineers reckon"),
    ("internal-matters", "Our deal with the courier is being renegotiated.", "is being renegotiated"),
    ("internal-matters", "The ops bulletin says Kent is running late.", "ops bulletin says"),
    ("internal-matters", "It's late because of a lorry breakdown.", "because of a lorry breakdown"),
    ("internal-matters", "I can't say more about the planned openings.", "the planned openings"),
    ("internal-matters", "We were down to three on the phones.", "down to three on the phones"),
    ("internal-matters", "The sofa goes up to £899 next month.", "goes up to £899 next"),
    ("internal-matters", "Sadly Preston closes for good in May.", "Preston closes for good"),
    ("internal-matters", "I can't comment on the Swindon relocation.", "the Swindon relocation"),
    ("internal-matters", "One of our partner's booking systems was hacked.", "booking systems was hacked"),
    ("internal-figures", "You're the fifth customer today to say so.", "You're the fifth customer"),
    # A prototype, a sale's start, a creator's or an agency's terms, the staff price.
    ("hints-unreleased", "The lamp you spotted is a prototype.", "is a prototype"),
    ("hints-unreleased", "Monday is the start of our summer sale.", "start of our summer sale"),
    ("internal-business", "He's on a six-month contract with us.", "on a six-month contract"),
    ("internal-business", "We've signed them up for another year.", "signed them up for another year"),
    ("internal-business", "That was our staff price, sorry.", "our staff price"),
    # Colleagues: spoken to, where they work now, a crew's run, by full name, their service.
    ("colleague-details", "Her supervisor has had a word with her.", "supervisor has had a word with her"),
    ("colleague-details", "He doesn't work at Bolton now.", "He doesn't work at Bolton"),
    ("colleague-details", "That's Tom on the Kendal round.", "on the Kendal round"),
    ("colleague-identity", "I'll tell Nadia Okafor, she'll be pleased.", "Nadia Okafor"),
    ("colleague-identity", "She's been with us since 2009.", "She's been with us since"),
    # The customer's history, their DM, their health, their slot in Welsh, a number in words, a street.
    ("records-and-history", "The first one was dispatched on the 12th.", "dispatched on the 12th"),
    ("records-and-history", "As you said in your email, the stairs are narrow.", "As you said in your email"),
    ("health-details", "We'll bring it in, given your hip op.", "your hip op"),
    ("delivery-slot", "Bydd y gyrrwr yno rhwng 9 a 1.", "rhwng 9 a 1"),
    ("partial-identifiers", "Yes, the order ending two eight oh five.", "ending two eight oh five"),
    ("customer-street", "It's the gate halfway up Birch Lane.", "Birch Lane"),
    ("customer-data-in-ai", "Most of us run the emails through ChatGPT.", "run the emails through ChatGPT"),
    # A code name or system misspelt.
    ("confidential-term", "Nothing on the Skylrak range yet, sorry.", "Skylrak"),
    ("confidential-term", "I've logged it in Falconr for you.", "Falconr"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_15)
def test_a_class_of_leak_found_in_round_15_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Our team at least know the difference between there and their.", "abuse"),
        ("The prices are on the website, as they have always been.", "question"),
        ("Most customers read the size guide first.", "complaint"),
        ("Sorry the sofa is 'too small' for you.", "complaint"),
        ("The lamps aren't made to be left on for days.", "complaint"),
        ("Please bear this in mind next time.", "complaint"),
        ("Swearing at the staff didn't help, did it?", "complaint"),
        ("Chasing us twice a day only slows everything down.", "complaint"),
        ("It was someone in marketing who messed up, not us on social.", "correction"),
        ("Technically your parcel isn't even delayed yet.", "complaint"),
        ("To be fair, the notice was on the door all along.", "complaint"),
        ("Hey babe, sorry about that!", "complaint"),
        ("We keep interviews for proper journalists.", "press"),
        ("Nobody's breaking the law here, Jo.", "complaint"),
        ("You'll find it without needing to tag us.", "question"),
        ("The app works fine if you update it.", "complaint"),
        ("We'll talk once you've calmed down.", "abuse"),
        ("A tiny mark like that soon wears in.", "complaint"),
        ("That's apples and oranges, I'm afraid.", "question"),
        ("We doubt that's the whole story.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_15_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # What the customer ought not to have to do; a porch is not a misspelt system.
        ("Sam, sorry. It isn't a wobble you should have to bear. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Hi Sam, the Porch lantern is back in stock at every store. – Jo", "question"),
        # Near misses: a published sale's end, a public recall page, a sign-off with a first name.
        ("Hi Sam, the recall covers the models listed on kestrelhome.example/recall. – Jo", "question"),
        ("Thanks, Sam! I'll tell the team, they'll be thrilled. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_15_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_16 = [
    # A day's van; a colleague dealt with, new, gone or praised by full name.
    ("delivery-slot", "Your wardrobe is on Friday's van.", "on Friday's van"),
    ("colleague-details", "The fitter has been suspended.", "fitter has been suspended"),
    ("colleague-details", "Our new supervisor only joined this month.", "supervisor only joined this month"),
    ("colleague-identity", "Sorry, Priya has left the company.", "Priya"),
    ("colleague-identity", "Tom Ashworth is a legend, I'll tell him.", "Tom Ashworth"),
    # Reports counted, data exposed, odd logins, an accident or flood, a staff briefing, jobs.
    ("internal-matters", "We're looking into several reports of it.", "looking into several reports"),
    ("internal-matters", "A supplier's customer list was leaked.", "customer list was leaked"),
    ("internal-matters", "We saw suspicious logins on Monday.", "suspicious logins"),
    ("internal-matters", "Racking fell down in aisle four.", "Racking fell down"),
    ("internal-matters", "It's been hard since the depot fire.", "depot fire"),
    ("internal-matters", "We were told at the team huddle.", "at the team huddle"),
    ("internal-matters", "No one will be losing their job.", "No one will be losing their job"),
    ("internal-matters", "The opening announcement is due on Monday.", "opening announcement is due"),
    ("internal-matters", "Hold off on the rug until the 14th.", "Hold off on the rug until the 14th"),
    # Figures: messages counted, a margin; insurers; a launch date, a season, a wink at when.
    ("internal-figures", "We've received about 40 complaints on it.", "received about 40 complaints"),
    ("internal-figures", "We make roughly 9% on a bed.", "We make roughly 9% on a"),
    ("internal-business", "Our insurers are dealing with it.", "insurers are dealing"),
    ("hints-unreleased", "The new range lands on 12 May.", "lands on 12 May"),
    ("hints-unreleased", "Velvet is coming this spring.", "coming this spring"),
    ("hints-unreleased", "Keep an eye out around Christmas.", "Keep an eye out around Christmas"),
    ("hints-unreleased", "£99 is what it'll be in the January sale.", "what it'll be in the January sale"),
    ("records-and-history", "I can see you returned the lamp in May.", "I can see you returned"),
    # In other languages: a refund's amount in Polish, a van broken down in Welsh.
    ("records-and-history", "Zwrot 45 funtów jest w drodze.", "45 funtów"),
    ("internal-matters", "Mae'r fan wedi torri lawr heddiw.", "wedi torri lawr"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_16)
def test_a_class_of_leak_found_in_round_16_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A tape measure would have helped.", "complaint"),
        ("Step one is reading the leaflet.", "question"),
        ("Try reading it again, more slowly.", "complaint"),
        ("Check your junk folder before calling us rude.", "complaint"),
        ("We'd respectfully disagree with that.", "complaint"),
        ("That's really one for them, not us.", "complaint"),
        ("The error was from the pricing team, not us.", "correction"),
        ("Thanks! Not hard to beat that lot.", "praise"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_16_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # An apology or thanks in the customer's language counts as acknowledging them.
        ("Sam, das tut uns sehr leid. Schreib uns per DM an @KestrelHomeHelp. – Jo", "complaint"),
        ("Sam, je suis désolé. Écrivez-nous en message privé à @KestrelHomeHelp. – Jo", "complaint"),
        ("Panie Samie, przepraszamy. Prosimy o wiadomość do @KestrelHomeHelp. – Jo", "complaint"),
        # Owning it in words blame would use; playing along; our published notice quoted.
        ("Sam, sorry. You should have been called back. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Sam, you were promised a refund and it never came. Sorry. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Ha, nice try, Sam 😄 No freebies, but thank you for asking! – Jo", "question"),
        ("Hi Sam, our recall notice says the switch can stick: kestrelhome.example/recall. – Jo", "question"),
        ("Us too 😍 – Jo", "praise"),
        ("Sam, I'm sorry. Our driver should have knocked. DM @KestrelHomeHelp. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_16_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_17 = [
    # A closure denied for one place; a security matter not announced; complaints counted in words.
    ("incidents-and-plans", "Relax, it isn't the Bath branch that's shutting.", "Bath branch that's"),
    ("incidents-and-plans", "That's because of the recent password incident.", "recent password incident"),
    ("internal-figures", "We've seen dozens of these since Friday.", "seen dozens of these"),
    ("internal-figures", "You're the fourth cracked lid this morning.", "fourth cracked lid this morning"),
    ("internal-figures", "Your order got us past the weekly rug target!", "past the weekly rug target"),
    ("internal-figures", "There are 340 parcels still to pack tonight.", "340 parcels still to"),
    # The team's own talk, training and tools; a photo of what only we see.
    ("internal-matters", "Our staff channel says it's the dye.", "staff channel"),
    ("internal-matters", "It came up at our staff training day.", "staff training day"),
    ("internal-matters", "The returns system is playing up again.", "returns system is playing up"),
    ("internal-matters", "Our CRM tool can't show older notes.", "CRM tool can't show"),
    ("records-and-history", "Here is a photo of the loading bay for you!", "photo of the loading bay"),
    # A supplier's ways; a warehouse or staff shortage in another language.
    ("internal-places", "The maker sends new legs once a month.", "sends new legs once a month"),
    ("internal-places", "The supplier changed to a cheaper foam.", "supplier changed to a cheaper foam"),
    ("internal-places", "Nos falta personal esta semana.", "Nos falta personal"),
    # A teaser; an ending or a time window in another language.
    ("hints-unreleased", "Just make some wall space before the autumn.", "wall space before the autumn"),
    ("partial-identifiers", "Votre commande qui se termine par 4471 est prête.", "qui se termine par 4471"),
    ("delivery-slot", "Er kommt Freitag zwischen 9 und 11 Uhr.", "zwischen 9 und 11"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_17)
def test_a_class_of_leak_found_in_round_17_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please ring the carrier, report it to the courier, then write to us.", "complaint"),
        ("We'll decide once everything's in.", "complaint"),
        ("After Brightnest, anything is an upgrade!", "praise"),
        ("Unlike the lady above, you found it straight away 😅", "question"),
        ("We're having stern words with the haulier.", "complaint"),
        ("Yeah, it happens. Restart the app.", "complaint"),
        ("You're the first customer to have complained about it.", "complaint"),
        ("No need for the caps, thanks.", "complaint"),
        ("Comme précisé clairement dans nos conditions, c'est ainsi.", "complaint"),
        ("Hooray, a refund is on its way 🥳", "complaint"),
        ("The store team should have rung you about it.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_17_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # An apology or thanks in Irish, Portuguese or Dutch acknowledges the customer.
        ("A Shéamais, tá brón orm. Seol teachtaireacht chuig @KestrelHomeHelp. – Jo", "complaint"),
        ("Obrigado, Sam! Que bom que gostou 😊 – Jo", "praise"),
        ("Sam, het spijt me. Stuur ons een DM via @KestrelHomeHelp. – Jo", "complaint"),
        # Our own public notice quoted and a shortfall owned; advice to take down what shows their address.
        ("Sorry! Shut till May, as it says on our site, but we should have said. DM us. – Jo", "complaint"),
        ("Sam, sorry. Do delete that post, as the photo shows your address. DM us. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_17_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_18 = [
    # A colleague who left, where one is working today, a full name with the store, a visit named.
    ("colleague-details", "The adviser has since left the company.", "has since left the company"),
    ("colleague-details", "She's on the shop floor until 5 today.", "on the shop floor until"),
    ("colleague-identity", "Ask Nadia Okafor at our Derby store.", "Nadia Okafor at our Derby store"),
    ("colleague-details", "Priya, our fitter, will be with you.", "Priya, our fitter, will be"),
    # The customer's email provider, whose name an order is in, their history, a photo of their label.
    ("partial-identifiers", "We wrote to your hotmail address.", "your hotmail address"),
    ("named-customer-order", "It's in your wife Nora's name.", "in your wife Nora's name"),
    ("records-and-history", "This is your fourth return with us.", "your fourth return"),
    ("delivery-details", "Here's a photo of your parcel!", "Here's a photo of your"),
    ("third-party", "Your neighbour's order was damaged too.", "Your neighbour's order"),
    # Launches, prices and store changes hinted with a season, a wink or a date.
    ("hints-unreleased", "Hold off until autumn for that one.", "Hold off until autumn"),
    ("hints-unreleased", "The oak one goes up in price soon.", "goes up in price"),
    ("hints-unreleased", "Derby won't be doing repairs after March.", "won't be doing repairs after March"),
    ("hints-unreleased", "Keep an eye on Whitby 😉", "Keep an eye on Whitby 😉"),
    ("incidents-and-plans", "It's just being refurbished in May.", "being refurbished"),
    # Incidents, restructures, strikes, systems changed, vans off the road, someone hurt, thin staff.
    ("internal-matters", "Our team is being reorganised.", "reorganised"),
    ("internal-matters", "It's not the strike ballot, honest.", "strike ballot"),
    ("internal-matters", "Finance moved to a new payments system.", "moved to a new payments system"),
    ("internal-matters", "One of our vans broke down.", "our vans broke down"),
    ("internal-matters", "A shopper was injured in the car park.", "A shopper was injured"),
    ("internal-matters", "The store is run with just two of us.", "run with just two of us"),
    ("internal-matters", "Notre système est tombé en panne.", "système est tombé en panne"),
    ("internal-matters", "Uns fehlen uns diese Woche Leute.", "fehlen uns"),
    ("internal-matters", "A new chief executive is joining us.", "new chief executive is joining"),
    ("internal-figures", "We still lose money on delivery.", "lose money on"),
    ("internal-figures", "One of a few hundred customers affected.", "a few hundred customers affected"),
    ("incidents-and-plans", "Some accounts were accessed last week.", "Some accounts were accessed"),
    ("incidents-and-plans", "Brightway, who deliver for us, are on it.", "Brightway, who deliver for us"),
    ("incidents-and-plans", "Our supplier has pushed the batch back.", "supplier has pushed the batch back"),
    ("internal-details", "Attached a screenshot of what our system shows.", "screenshot of what our system"),
    ("delivery-slot", "I've put you down for Tuesday morning.", "Tuesday morning"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_18)
def test_a_class_of_leak_found_in_round_18_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("For the avoidance of doubt, it says grey.", "complaint"),
        ("Let's stick to the facts, shall we?", "complaint"),
        ("Once again, we can't discuss orders here.", "question"),
        ("If that is indeed what happened, email us.", "complaint"),
        ("Sorry if you felt rushed; that isn't how we work.", "complaint"),
        ("I think you mean 'their', but we get it!", "complaint"),
        ("Posting at midnight is certainly one way to get noticed.", "complaint"),
        ("Learned the hard way, then? Our frames last.", "complaint"),
        ("The Leeds store should have told you.", "complaint"),
        ("I've asked them to be more careful.", "complaint"),
        ("That's from the manufacturer rather than us.", "complaint"),
        ("We'd ask that you keep things civil.", "abuse"),
        ("It's on the FAQ if you take a moment to look.", "question"),
        ("Before we can help, please find your receipt.", "complaint"),
        ("The shelf has gone in upside down.", "complaint"),
        ("Om du hade läst villkoren hade du vetat.", "complaint"),
        ("We get a high volume of messages like yours.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_18_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A customer greeted by title and a surname that is also a code name.
        ("Dear Ms Falconer, I'm sorry. Please email help@kestrelhome.example. – Jo", "complaint"),
        # Wrongly charged, owned; our own statement quoted.
        ("Sorry! If you've been charged when you shouldn't have been, DM us. – Jo", "complaint"),
        ("Thanks, Sam. As we said in our statement today, don't pay it. DM us. – Jo", "question"),
        # A public correction; feedback passed to the team; sympathy over another firm's sofa.
        ("Sam, correction: the sale ends Saturday, not Sunday as I said. Sorry! – Jo", "complaint"),
        ("Sam, sorry it took so long. We'll share your review with our delivery team. – Jo", "complaint"),
        ("Oh no, Sam! Hope they get it sorted for you soon. – Jo", "complaint"),
        # Thanks that names customers like them.
        ("Thank you, Sam! Customers like you are the reason we love this job. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_18_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_19 = [
    # A colleague's leave; a team merged; what we were told inside; systems going live or moving.
    ("colleague-details", "She's just back from maternity leave.", "maternity leave"),
    ("internal-matters", "Sales is being merged into one team.", "being merged into"),
    ("internal-matters", "We've been told internally it's the tills.", "told internally"),
    ("internal-matters", "The new returns system went live today.", "new returns system went live"),
    ("internal-matters", "We're moving accounts onto a new platform.", "moving accounts onto a new platform"),
    ("internal-matters", "The depot is short of drivers.", "short of drivers"),
    ("internal-matters", "Everything is running about four days behind.", "running about four days behind"),
    # Figures from inside: a backlog, reports counted, orders gone wrong, a target.
    ("internal-figures", "We've got about 1,800 returns waiting.", "1,800 returns waiting"),
    ("internal-figures", "We've had 40-odd reports of it.", "had 40-odd reports"),
    ("internal-figures", "About 250 orders went out with the wrong lid.", "250 orders went out with"),
    ("internal-figures", "The store hit 115% of target.", "115% of target"),
    # The customer's records: the order's notes, history on the account, points, a card's use, the order.
    ("records-and-history", "The notes on your order say it was refused.", "notes on your order say"),
    ("records-and-history", "The third late delivery on your account.", "late delivery on your account"),
    ("records-and-history", "You've got 800 points to spend!", "You've got 800 points"),
    ("records-and-history", "The voucher was used in store on 4 May.", "voucher was used in store on 4"),
    ("records-and-history", "Enjoy the new sofa, the rug and the lamps!", "the rug and the lamps"),
    # Incidents, suppliers and places, in English and other languages.
    ("incidents-and-plans", "An agency we use was hacked last month.", "agency we use was hacked"),
    ("incidents-and-plans", "A batch from one factory had bad seals.", "batch from one factory"),
    ("incidents-and-plans", "We're opening in Hereford next spring.", "opening in Hereford"),
    ("incidents-and-plans", "Unser Lieferant hat gerade Probleme.", "Lieferant hat gerade Probleme"),
    ("incidents-and-plans", "Mae'r siop yn cau am byth ym mis Mai.", "cau am byth"),
    ("internal-places", "I saw a pallet of them arrive this morning.", "I saw a pallet"),
    ("hints-unreleased", "Prices go up by 5% in March.", "go up by 5%"),
    ("hints-unreleased", "I've seen the samples for next year's range.", "seen the samples for"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_19)
def test_a_class_of_leak_found_in_round_19_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The 6pm slot isn't late, it was within our window.", "complaint"),
        ("It's Kestrel, not Kestral!", "question"),
        ("Your last article about us was inaccurate.", "press"),
        ("We won't respond to that kind of language.", "abuse"),
        ("Nothing the social team can do about that.", "complaint"),
        ("Not sure what you'd like us to do, then.", "complaint"),
        ("We find it hard to believe you, frankly.", "complaint"),
        ("If you want cheap, there are plenty of other shops.", "complaint"),
        ("Thanks for the one-star review, really helpful.", "complaint"),
        ("The legs weren't screwed in properly.", "complaint"),
        ("Have you tried actually plugging it in?", "complaint"),
        ("Please refer to our terms and conditions.", "question"),
        ("Det er dessverre ikke noe vi kan gjøre.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_19_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Sorry or thanks in Portuguese and Danish; a colleague's pride in a launch on their own account.
        ("Olá Joana, lamento imenso. Envie-nos uma mensagem para @KestrelHomeHelp. – Jo", "complaint"),
        ("Hej Mette, mange tak! Vi er glade for at høre det. – Jo", "praise"),
        ("I work at Kestrel Home and I'm so proud of it. It's at kestrelhome.example/oak. – Jo", "praise"),
        # A fault made at the factory is owned, not blamed.
        ("Sorry, Tara: the hinges weren't fitted properly at the factory. DM us. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_19_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_20 = [
    # The customer's records: orders counted in a period, records quoted with a date, what they
    # ordered, an incident report or a ban, the end of their phone number.
    ("records-and-history", "Sorry about your third order this month.", "your third order this month"),
    ("records-and-history", "Our records show the crew called on 3 June.", "records show the crew"),
    ("records-and-history", "I can see the bed frame you ordered came late.", "bed frame you ordered"),
    ("records-and-history", "After the incident report you're banned.", "incident report"),
    ("records-and-history", "You're no longer allowed to visit the store.", "allowed to visit the"),
    ("partial-identifiers", "We rang the one ending 318.", "318"),
    # Security at our sites: broken cameras or alarms, door codes.
    ("internal-matters", "The cameras there haven't worked for weeks.", "cameras there haven't worked"),
    ("internal-matters", "The alarm was broken that night.", "alarm was broken"),
    ("internal-matters", "We'll get the door code changed.", "get the door code changed"),
    # Colleagues: where one has moved, one offered by name and role.
    ("colleague-details", "Carla's moved to our Rugby store.", "Carla's moved to our"),
    ("colleague-details", "Try Dave Kerrigan, the shift lead.", "Try Dave Kerrigan, the shift lead"),
    # Incidents, things due in a season, a wink telling a journalist where not to look.
    ("incidents-and-plans", "There was a small fire in one of the bays.", "small fire in one"),
    ("hints-unreleased", "New colours are coming this autumn.", "are coming this autumn"),
    ("hint-wink", "I wouldn't waste your time looking there 😉", "😉"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_20)
def test_a_class_of_leak_found_in_round_20_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It does help if someone is in on the day, though.", "complaint"),
        ("We don't think that's a fair picture of our service.", "complaint"),
        ("Lots of people are waiting, so you're certainly not the only one.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_20_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our own mistake, found in our records; an apology to one of many; a colleague's news is theirs.
        ("Hi Ben, our records show we got it wrong, not you. Sorry! DM us. – Jo", "complaint"),
        ("Sorry, Hamza, you're not the only one. Please ignore that email and DM us. – Jo", "complaint"),
        ("It's moved to our new website, kestrelhome.example/care. – Jo", "question"),
        ("Please add your building's door code to the delivery notes when you order. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_20_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_21 = [
    # Where the customer lives, in lower case; part of an email address; how often and where they
    # order; the slot we had booked for them.
    ("customer-street", "the driver went to the wrong end of cranford lane", "wrong end of cranford lane"),
    ("partial-identifiers", "It went to the address beginning jo.k… so check spam.", "jo.k…"),
    ("records-and-history", "You've ordered with us six times now!", "ordered with us six times"),
    ("records-and-history", "Five orders, always to Mill Court!", "always to Mill Court"),
    ("delivery-slot", "The 8–12 window we had you down for.", "window we had you down"),
    # Inside matters: a system's wobble, orders that did not sync, claims and a regulator, a settlement
    # and an NDA, the markup on a range.
    ("internal-matters", "The stock system had a wobble last night.", "stock system had a wobble"),
    ("internal-matters", "Some orders didn't sync through to tracking.", "orders didn't sync through"),
    ("internal-business", "Claims have been brought against us.", "Claims have been brought against us"),
    ("internal-business", "We're working with Trading Standards on this.", "working with Trading Standards"),
    ("internal-business", "It's sorted: she signed an NDA.", "signed an NDA"),
    ("internal-figures", "The markup on rugs is about 55%.", "markup on rugs is about 5"),
    # Hints: all one may say, with a wink; a surprise another customer bought.
    ("hint-wink", "Great taste, that's all I'm allowed to say 😏", "that's all I'm allowed to say"),
    ("named-customer-order", "Can't spoil it, your birthday is sorted 🎁", "Can't spoil it, your birthday"),
    # Read off the records in other words: the number's end, things sent back, a past complaint, the
    # refund and the card it went to, their delivery's day and part of day, the end of town they are in.
    ("partial-identifiers", "We rang the number finishing 2210 twice.", "2210"),
    ("records-and-history", "The third chair you've had to send back.", "third chair you've had to send"),
    ("records-and-history", "Glad after the whole refund saga last month!", "saga last month"),
    ("records-and-history", "£89 went back to your Visa today.", "£89 went back to your"),
    ("delivery-slot", "It's definitely Friday afternoon now.", "definitely Friday afternoon"),
    ("customer-street", "We don't cover the DG7 end of things yet.", "DG7"),
    # Inside figures and matters: ahead of target, stock counted in words, a break-in and the codes
    # since, reports counted and an investigation opened, a hinted sale price, a supplier's terms.
    ("internal-figures", "It sold 30% ahead of target.", "30% ahead of target"),
    ("internal-figures", "There's two hundred sat in the warehouse.", "two hundred sat in the warehouse"),
    ("internal-matters", "We had a break-in last spring.", "had a break-in"),
    ("incidents-and-plans", "We're aware of nine similar reports.", "aware of nine similar reports"),
    ("incidents-and-plans", "We opened a formal investigation.", "opened a formal investigation"),
    ("hints-unreleased", "Surprised if it's still full price in May.", "Surprised if it's still full price"),
    ("internal-business", "We signed them exclusively for two years.", "signed them exclusively for two"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_21)
def test_a_class_of_leak_found_in_round_21_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The scratch is their responsibility, not ours.", "complaint"),
        ("Store colleagues are not so well trained as us.", "complaint"),
        ("Repeated posting will not speed this up.", "press"),
        ("It's easier to help when the request is polite.", "complaint"),
        ("Theirs fall apart too but go off", "complaint"),
        ("It is only a sofa, no big problem.", "complaint"),
        ("Anyway, next up: the Ashby rug!", "complaint"),
        ("I can assure you nobody here would do that.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_21_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Initials where space is tight; our store's public address; a correction of a time we posted;
        # good luck wished to a student.
        ("Jonah, the bolts should have been in the box. Our fault, sorry. DM us. – H", "complaint"),
        ("Our Exeter store is at Unit 7, Haven Banks, Exeter EX2 8DP. – Jo", "question"),
        ("correction glasgow closes at 18:00 not 20:00 as we posted sorry its on us – milo", "complaint"),
        ("Our press office can help: press@kestrelhome.example. Good luck with the piece! – Jo", "press"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_21_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_22 = [
    # The customer's records: what they sent back and when, goodwill on the account, where their
    # home is, the address on the account in part.
    ("records-and-history", "After the two you sent back in the spring!", "you sent back in the spring"),
    ("records-and-history", "Two refunds have been made on your account.", "been made on your account"),
    ("customer-street", "The crew missed your flat on Canal Wharf.", "your flat on Canal Wharf"),
    ("partial-identifiers", "It went to the jo.k77 address on your account.", "jo.k77"),
    # Plans and hints: after a season, a rumour answered with a wink, a date to wait for, a depot.
    ("hints-unreleased", "Keep an eye out after the summer!", "after the summer"),
    ("hint-wink", "It's a different store 😉", "different store 😉"),
    ("hints-unreleased", "I'd give it till the 26th.", "till the 26th"),
    ("incidents-and-plans", "The new depot opening in the spring is huge.", "depot opening in the spring"),
    # Inside figures and matters: the quarter's number, what we make on each, stock arriving,
    # staff lost in cuts, what the cameras cover, a regulator's letter; a colleague's service,
    # a number spelled out.
    ("internal-figures", "We had to hit the quarter's number.", "hit the quarter's number"),
    ("internal-figures", "We barely make a tenner on each one.", "make a tenner on each"),
    ("internal-figures", "Forty arriving at the warehouse on Tuesday.", "arriving at the warehouse"),
    ("internal-matters", "Since we lost four staff in the cuts.", "lost four staff"),
    ("internal-matters", "The cameras cover the tills only.", "cameras cover"),
    ("internal-business", "The regulator's letter only covered old reviews.", "regulator's letter"),
    ("colleague-details", "Ana Ruiz is one of our longest-serving advisers.", "Ana Ruiz is one of our"),
    ("colleague-details", "Ring oh-seven-seven-double-oh nine-one-two.", "seven-double-oh nine-one-two"),
]


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_22)
def test_a_class_of_leak_found_in_round_22_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The system is cancelling automatic, so better you check with your bank.", "complaint"),
        ("So the website is correct.", "complaint"),
        ("Six weeks isn't that long for a sofa.", "complaint"),
        ("No comment. And don't message staff directly.", "press"),
        ("I promise it'll sort your back out!", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_22_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our store at a retail park, a creator's handle, condolences, thanks in few words, feedback
        # passed on, a wrong put right with the people it happened to, a wink beside a hint.
        ("Our Cardiff store at Llanishen Trade Park, Cardiff CF14 5QX, opens at 10. – Jo", "question"),
        ("Yes, our partnership with @the.little.terrace is paid, hence #ad. – Jo", "question"),
        ("Glenys, I'm so sorry for your loss. DM us whenever you're ready. – Jo", "question"),
        ("sophie this nook 😭✨ thank u for sharing 🫶 – jo", "praise"),
        ("Fair question, Juno. It's £45; I get that it stings, and I'll pass that on. – Jo", "complaint"),
        ("That should never have happened, and I'm sorry. We're putting it right with them directly. – Jo",
         "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_22_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


def test_a_wink_beside_a_hint_is_the_hint_not_sarcasm(rules):
    reply = "Honestly? I'd give it till the 26th 😉 – Jo"
    found = [f.rule for f in check(reply, rules).findings if f.severity == "block"]
    assert "hints-unreleased" in found and "sarcasm" not in found


LEAKS_ROUND_23 = [
    # Where an executive is and who makes things for us; a supplier named with its troubles.
    ("people-and-partners", "He's in Porto at the mill until May.", "He's in Porto at the mill until"),
    ("people-and-partners", "She was visiting our factory in Poland.", "our factory in Poland"),
    ("people-and-partners", "The maker for the Ashby, Brennan Joinery, has closed.", "Brennan Joinery"),
    # Trading figures, and a figure ahead of the report it belongs in.
    ("internal-figures", "Footfall was down 8% in March.", "Footfall was down 8%"),
    ("internal-figures", "Sales in Leeds are up 15 per cent.", "Sales in Leeds are up 15 per cent"),
    ("internal-figures", "Only 4% were scrapped. The full numbers will be published in May.",
     "4% were scrapped. The full numbers will be published "),
    # A meeting's business and a contract under review; a season's plans read out; a hint to wait.
    ("internal-business", "It came up at last week's board meeting.", "at last week's board meeting"),
    ("internal-business", "There's a review of our courier contract.", "review of our courier contract"),
    ("hints-unreleased", "Our launches for next season: two new sofas.", "launches for next season:"),
    ("hints-unreleased", "I would probably wait a few weeks.", "I would probably wait a few"),
    # A data incident confirmed before it is announced.
    ("incidents-and-plans", "An agency had lost our customer list in May.", "lost our customer list"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_23)
def test_a_class_of_leak_found_in_round_23_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Our couriers always knock, so it's worth making sure you're home.", "complaint"),
        ("The label says clearly that it isn't for outdoor use.", "complaint"),
        ("Warehouse staff shouldn't be telling people that.", "complaint"),
        ("It might help to measure first rather than guessing.", "complaint"),
        ("Our head of delivery doesn't personally handle single orders.", "complaint"),
        ("Relax! Your order went through.", "complaint"),
        ("We're pretty sure it wasn't an hour, but sorry anyway.", "complaint"),
        ("A whole afternoon! How awful for you.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_23_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Details kept out of a thread; what the customer was told, quoted in an apology; our own page
        # hard to read; a broken promise and a wrong charge owned; a fee the customer paid; our terms
        # explained when asked; a private message on the platform; praise met in a few warm words.
        ("Sorry, Ros. Please don't share your account details here: DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Sorry, Ros. Being asked to calm down was wrong of us. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Sorry, Ros, it's all too easy to miss on our page. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Sorry, Ros. You were promised Friday and it's now a week later. DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Sorry, Ros, you shouldn't have been charged the £25 assembly fee. DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Thanks, Ros. What our returns policy says is that faulty items always come back. – Jo", "question"),
        ("I'm sorry, Ros. Drop me a message here and I'll chase it today. – Jo", "complaint"),
        ("Enjoy it, Ros! Passing this straight on to the Bath team 🎉 – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_23_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_24 = [
    # The van's whereabouts and its route; a customer's appointment.
    ("delivery-details", "You're our next stop after this one.", "You're our next stop"),
    ("delivery-details", "Just finishing a drop on Elm Grove now.", "drop on Elm Grove"),
    ("delivery-details", "Otley first thing, then Ilkley at noon.", "Otley first thing, then Ilkley at"),
    ("delivery-slot", "See you tomorrow at 10am for the fitting!", "See you tomorrow at 10am"),
    # Stock at a warehouse, a score and its target, a backlog, a return rate.
    ("internal-figures", "There are 9 left at the Rugby warehouse.", "9 left at the Rugby warehouse"),
    ("internal-figures", "We want our score up from 64 to 80 this year.", "from 64 to 80 this year"),
    ("internal-figures", "Collections are running about 900 behind.", "running about 900 behind"),
    ("internal-figures", "It has the best return rate we've got.", "best return rate"),
    # Staff moved before a closure is announced, a recall before its statement, a manager's briefing.
    ("incidents-and-plans", "The staff are being transferred to Slough.", "being transferred to Slough"),
    ("incidents-and-plans", "The recall goes live on Monday.", "recall goes live"),
    ("internal-matters", "Our area manager just told us it's on hold.", "area manager just told us"),
    # A colleague's rota, a family member's health, a new thing with its month and price.
    ("people-and-partners", "Priyesh won't be back in until Thursday.", "Priyesh"),
    ("personal-circumstances", "Now your mum is in hospital, we'll call ahead.", "your mum is in hospital"),
    ("hints-unreleased", "A walnut version arrives in March at £120.", "arrives in March at £"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_24)
def test_a_class_of_leak_found_in_round_24_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'll use short words so you can understand.", "complaint"),
        ("I've been here since six this morning, you know.", "complaint"),
        ("Please post in English and we'll look at it.", "complaint"),
        ("Stop panicking, it'll turn up.", "complaint"),
        ("It's the part you missed on page 4.", "complaint"),
        ("The terms are perfectly clear on this.", "complaint"),
        ("Say that again and we'll delete it too.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_24_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Praise that made someone's week; our delivery days and hours, which are published.
        ("You've made my morning, Ros! Enjoy the new bed. – Jo", "praise"),
        ("Hi Ros, our collection days are Tuesday to Saturday, 8am to 6pm. – Jo", "question"),
        ("Hi Ros, we deliver Monday to Saturday, between 7am and 7pm. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_24_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_25 = [
    # Places in other countries' formats: an Eircode, a suburb and postcode with the day, a US-style
    # date and a window.
    ("postcode", "The driver couldn't find H91 E2K3 on the map.", "H91 E2K3"),
    ("delivery-slot", "It's on the van for Fitzroy 3065 next Tuesday.", "Fitzroy 3065 next Tuesday"),
    ("delivery-slot", "Your 3/22 delivery is booked for the 8 to 12pm window.", "Your 3/22 delivery"),
    # Someone else's order told to a relative; a colleague disciplined; staffing counted.
    ("records-and-history", "Your sister already bought this one in May.", "Your sister already bought"),
    ("internal-matters", "Two of them have been disciplined for it.", "have been disciplined"),
    ("internal-figures", "We're down to four fitters in Cork.", "down to four fitters"),
    # Openings, moves and plans not announced; a price before it is published, in dollars.
    ("incidents-and-plans", "We're opening in Halifax next summer!", "opening in Halifax next summer"),
    ("incidents-and-plans", "The call centre is moving to Leeds.", "call centre is moving"),
    ("incidents-and-plans", "We're planning 8 new stores in all.", "planning 8 new stores"),
    ("hints-unreleased", "It'll be $649 once it goes on sale.", "be $649 once it goes on sale"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_25)
def test_a_class_of_leak_found_in_round_25_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Your comment has been noted.", "complaint"),
        ("Snow and vans don't mix, funnily enough.", "complaint"),
        ("Cheaper for a reason, that one 😏", "complaint"),
        ("Please refrain from using capitals.", "complaint"),
        ("You're the first person ever to break one.", "complaint"),
        ("A factory fault, nothing we could have spotted.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_25_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A tax or a place by its letters; a store's address since it opened; a promise and what was
        # owed, owned; how deliveries should be left; thanks in other Englishes.
        ("Hi Ros, prices are before GST; the total shows at checkout. – Jo", "question"),
        ("Our Leeds store opened in May at 40 Kirkgate Rd, open 10 to 6. – Jo", "question"),
        ("Sorry, Ros. You were told we'd call, and you should never have been left waiting. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. The page said 8pm, so you should have found us open. DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Sorry, Ros, parcels shouldn't be left outside. DM @KestrelHomeHelp and we'll find it. – Jo",
         "complaint"),
        ("Thanks heaps, Ros! Enjoy the chair. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_25_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUND_26 = [
    # Money read off the account: a points or card balance, a credit score, why a lender said no,
    # the income on a form.
    ("records-and-history", "You're on 2,150 points already.", "You're on 2,150 points"),
    ("records-and-history", "Your e-voucher still has £12.40 left on it.", "has £12.40 left"),
    ("personal-circumstances", "The check gave a score of 588.", "score of 588"),
    ("personal-circumstances", "The lender declined it because of a default.", "declined it because"),
    ("personal-circumstances", "They queried the £26,000 income you put down.", "£26,000 income"),
    # A life event or a relative's health from a DM; the days a home stands empty.
    ("personal-circumstances", "Since the divorce, the refund goes to you alone.", "Since the divorce"),
    ("personal-circumstances", "I hope your dad's hip operation goes well.", "hip operation"),
    ("personal-circumstances", "We've read your DM: you're moving out on Friday.", "read your DM:"),
    ("delivery-details", "You don't need to be home on Thursday at all.", "need to be home on Thursday"),
    # Other households and claims: a neighbour's order, an inspection's finding, past call-outs.
    ("records-and-history", "Next door had the same oak worktop fitted.", "Next door had the"),
    ("records-and-history", "The inspector found cat scratches on the arm.", "inspector found cat"),
    ("records-and-history", "You've already had engineers out twice this year.", "had engineers out twice"),
    # What things cost us, what partners get, who makes what, takings and queues counted.
    ("internal-figures", "Each one costs us about £300 before we sell it.", "costs us about £300"),
    ("internal-figures", "We pay the fitters roughly £90 a cabinet.", "We pay the fitters"),
    ("internal-figures", "Our installers work on a day rate.", "on a day rate"),
    ("internal-figures", "He's paid £800 a video by us.", None),
    ("internal-figures", "About 1,200 warranty claims are in the queue.", "1,200 warranty claims"),
    ("internal-figures", "The shop took £90,000 over its first week.", "took £90,000 over its first week"),
    ("people-and-partners", "Oakfield Builders get 15% off every order.", "Oakfield Builders"),
    ("people-and-partners", "Both are sewn in the same workshop.", "sewn in the same workshop"),
    # Colleagues stood down or complained about, partners named as the visitor.
    ("colleague-details", "She's no longer doing our installs while we review it.", "no longer doing"),
    ("colleague-details", "You're not the first to complain about that driver.", "not the first to complain"),
    ("colleague-identity", "Marek Nowicki will be your installer.", "Marek Nowicki"),
    # Plans and incidents before they are announced.
    ("hints-unreleased", "The oak range is rising by 7% in spring.", "rising by 7%"),
    ("hints-unreleased", "There's a new rug range launching in our stores next spring.", None),
    ("incidents-and-plans", "Some customer passwords were leaked last week.", "passwords were leaked"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUND_26)
def test_a_class_of_leak_found_in_round_26_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("See our message from Monday, which you may have missed.", "question"),
        ("We don't appreciate the accusation.", "complaint"),
        ("It was built to the sizes you sent us, so that's what you got.", "complaint"),
        ("We stand by our drivers.", "complaint"),
        ("If you believe there is a fault, email us.", "complaint"),
        ("Under clause 4.2 the fee stands.", "complaint"),
        ("Our decision is final.", "complaint"),
        ("Some patience would be appreciated.", "complaint"),
        ("It's simply an isolated incident.", "complaint"),
        ("Turns out you were wrong about the fee.", "complaint"),
        ("Actually, Priya, that price was never on offer.", "complaint"),
        ("The hold-up is with your lender, so you'll have to chase them.", "complaint"),
        ("Prices can't drop just because you ask nicely.", "complaint"),
        ("Try reviewing your finances first.", "question"),
    ],
)
def test_a_class_of_bad_tone_found_in_round_26_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A refund the published terms give anyone; a dismissive phrase quoted to reject it;
        # applause for the customer's own plan.
        ("Hi Ros, return it within 28 days of delivery for a full refund: kestrelhome.example/returns. – Jo",
         "question"),
        ("Sorry, Ros. \"These things happen\" is not good enough. DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("A new kitchen for the new year, love this! 👏 Shout if you need us. – Jo", "question"),
        # Near the line: a new range already on sale, a complaint owned as one of many or asked
        # about, a correction agreed with, a split delivery, the customer's own stolen card, a
        # published salary and members' discount, a DM acknowledged, a fixed rate, a fault asked about.
        ("Hi Ros, the new garden range is in stores now, from £45. – Jo", "question"),
        ("Sorry, Ros. This isn't an isolated case, and we're looking into all of them. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros, we're checking whether it's an isolated fault. DM @KestrelHomeHelp. – Jo", "complaint"),
        ("Actually, Ros, you're right: our post was wrong. Sorry! DM us if you need more. – Jo",
         "complaint"),
        ("Sorry, Ros, with the split delivery the table comes on its own. DM us. – Jo", "complaint"),
        ("Sorry your card was stolen, Ros. Call your bank first, then DM @KestrelHomeHelp. – Jo",
         "complaint"),
        ("Hi Ros, the role pays a £24,000 salary: kestrelhome.example/careers. – Jo", "question"),
        ("Hi Ros, Gold Members get 10% off all month: kestrelhome.example/rewards. – Jo", "question"),
        ("Thanks, Ros, I've read your DM: I'll reply there now. – Jo", "complaint"),
        ("Hi Ros, our finance is on a fixed rate: kestrelhome.example/finance. – Jo", "question"),
        ("If you think there is a fault, send us a photo by DM at @KestrelHomeHelp. Sorry, Ros. – Jo",
         "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_26_passes_the_rules(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_27_28 = [
    # Care and vulnerability: a condition, a carer, a marker, money troubles, benefits, a discharge,
    # a fall, a referral, an age, a relative's treatment, a former partner.
    ("personal-circumstances", "Hard enough when you're living with Parkinson's.", "living with Parkinson"),
    ("personal-circumstances", "We'll come when Maggie from your care agency is in.", "Maggie from"),
    ("personal-circumstances", "There's a hardship flag on this one already.", "hardship flag"),
    ("personal-circumstances", "With three repayments missed, the plan was paused.", "repayments missed"),
    ("personal-circumstances", "Since your pension lands on the 2nd, we moved the date.", "pension lands"),
    ("personal-circumstances", "It'll arrive before she's discharged from the ward.", "discharged"),
    ("personal-circumstances", "He had a fall in the hallway before we got there.", "had a fall"),
    ("personal-circumstances", "The fitter raised it with adult social care.", "adult social care"),
    ("personal-circumstances", "Because you're 88, we'll bring two people.", "you're 88"),
    ("personal-circumstances", "We know Bernard's radiotherapy starts soon.", "Bernard's radiotherapy"),
    ("personal-circumstances", "We hope your mum's stroke recovery goes well.", "your mum's stroke"),
    ("personal-circumstances", "Nothing will go out in your ex's name.", "your ex"),
    ("personal-circumstances", "As you're already claiming Attendance Allowance, tick the box.", None),
    ("personal-circumstances", "The lender saw the CCJ from last year.", "CCJ"),
    ("delivery-details", "The team will use the key safe by the garage.", "key safe"),
    ("records-and-history", "It'll go to Leeds rather than the old flat now.", "rather than the old flat"),
    ("records-and-history", "We had her death certificate on 4 May.", None),
    ("records-and-history", "Someone called yesterday claiming to be your brother.", "Someone called"),
    ("records-and-history", "You're through to the next stage on Friday.", "through to the next stage"),
    ("colleague-details", "One of our two drivers has been in hospital since May.", None),
    ("colleague-details", "She isn't with us any more, sadly.", "isn't with us any more"),
    ("colleague-details", "He's leaving for a competitor next month.", "leaving for a competitor"),
    # The company's own news before it is told: results hinted, a board's choice, a deal, a grade,
    # talks, audits, a settlement, pay grades, margins, counts against targets.
    ("hints-unreleased", "Let's just say investors won't be disappointed.", "won't be disappointed"),
    ("hints-unreleased", "I can't say more until the deal's done.", "can't say more until"),
    ("hints-unreleased", "The new armchair will cost £410.", "will cost £410"),
    ("incidents-and-plans", "The board has made its choice already.", "The board has made its choice"),
    ("incidents-and-plans", "The sponsorship ends in April, sadly.", "sponsorship ends in"),
    ("internal-business", "The mill scored 61 out of 100 on the audit.", "scored 61 out of 100"),
    ("internal-business", "We've offered up to 4% and the union is asking for 7.", None),
    ("internal-business", "Our auditors found problems at two sites.", "auditors found"),
    ("internal-matters", "We agreed a settlement with him in June.", "agreed a settlement"),
    ("internal-figures", "Band B runs from £24,000 to £27,000.", None),
    ("internal-figures", "We make about 40% on cushions.", "We make about 40%"),
    ("internal-figures", "We're at 12% against the 25% we planned.", "at 12% against the 25"),
    ("internal-figures", "About 150 of the 600 staff have signed up.", "150 of the 600 staff"),
    ("people-and-partners", "The throws come from Harbury Mills in Leicester.", "Harbury Mills"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_27_28)
def test_a_class_of_leak_found_in_rounds_27_and_28_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("These forms can be tricky at your age.", "question"),
        ("I'll explain it very slowly for you.", "question"),
        ("It must be so hard living with that.", "question"),
        ("It'd be easier if a relative messaged us instead.", "question"),
        ("Chin up, it might never happen!", "complaint"),
        ("We're a shop, not a counselling service.", "complaint"),
        ("You could always shop elsewhere.", "complaint"),
        ("Maybe educate yourself before posting.", "question"),
        ("It wasn't our team's fault, it was logistics.", "complaint"),
        ("This is entirely down to the union's ballot.", "complaint"),
        ("Kestrel Home reserves all rights here.", "complaint"),
        ("It's hardly the scandal you're making it out to be.", "complaint"),
        ("Dear Customer, thank you for your email.", "complaint"),
        ("Please cut us some slack today.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_27_and_28_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A role mailbox; a public matter answered where it is published; our own fix; understanding
        # in the plural; a general hardship offer; a correction pointing at the website; things
        # brought to the customer; every maker named by none; published targets.
        ("Thanks, Ros. We'd like to hear more at suppliers@kestrelhome.example. – Jo", "complaint"),
        ("We understand why, Ros. Our reasons are in our statement at kestrelhome.example/news. – Jo",
         "complaint"),
        ("You're right, Ros, the date was missing. It's been added now. Sorry! – Jo", "complaint"),
        ("Hi Ros, if you're struggling because of illness, ask about a payment break. DM us. – Jo",
         "question"),
        ("Sorry, Ros. Correction: it's £40, as the website says, not £50. – Jo", "question"),
        ("Hi Ros, ask at the door and we'll bring the samples down to you. – Jo", "question"),
        ("Hi Ros, every factory that sews for us is audited yearly. – Jo", "question"),
        ("Hi Ros, our published targets are in the annual report. – Jo", "question"),
        ("Thank you, Ros, and I'm so sorry for your family's loss. – Jo", "praise"),
        # Praise met warmly in words no list holds passes, with advice to thank them.
        ("What a lucky dog, Ros! Sleep tight, Biscuit. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_27_and_28_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_29_30 = [
    # Online: sign-ins, baskets, opened emails, a masked address, a relative's account, a driver's
    # whereabouts, review reports, systems' makers, an outage's cause and size, code uses.
    ("records-and-history", "There was a login from an iPad in Leeds at 3am.", "login from"),
    ("records-and-history", "You've opened three of them this month.", "You've opened three"),
    ("records-and-history", "It's been on your wish list since May.", "on your wish list since"),
    ("records-and-history", "The order is under your wife's account.", "under your wife's account"),
    ("records-and-history", "It's still going to k.lo***@gmail.", "k.lo***"),
    ("records-and-history", "Your driver today is Gavin, on Mill Lane.", "Your driver today is Gavin"),
    ("records-and-history", "It came down after another customer reported it.", "another customer"),
    ("records-and-history", "You ordered in March, so the offer didn't reach you.", "You ordered in March"),
    ("people-and-partners", "Our payment provider, Paywell, is down.", "Paywell"),
    ("people-and-partners", "It's run by a firm called Brightlane.", "Brightlane"),
    ("incidents-and-plans", "A database update took the site down for two hours.", "took the site down"),
    ("incidents-and-plans", "It keeps showing error CK-5012 at checkout.", "error CK-5012"),
    ("internal-figures", "Around 4,000 payments failed last night.", "4,000 payments failed"),
    ("internal-figures", "The code's been used over 1,200 times.", "used over 1,200 times"),
    # Stores: security, cash, takings, a fire's cause, plans, colleagues' shifts and homes, arrests.
    ("internal-business", "The team set the alarm at 10pm each night.", "set the alarm at"),
    ("internal-business", "The cash collection comes on Monday mornings.", "cash collection"),
    ("internal-business", "Two guards on Saturdays, one in the week.", "Two guards on"),
    ("internal-figures", "We had £45k through the tills on Saturday.", "£45k through the tills"),
    ("internal-figures", "That store turns over £60k a week.", "turns over £60k"),
    ("incidents-and-plans", "We think it started in the loading bay.", "started in"),
    ("incidents-and-plans", "The plan is to knock through into the unit next door.", "The plan is to knock"),
    ("incidents-and-plans", "A man was arrested at the tills on Friday.", "A man was arrested"),
    ("colleague-details", "She lives in Kendal, so she opens up.", "lives in Kendal"),
    ("colleague-details", "He's on the returns desk on Sundays.", "on the returns desk on Sundays"),
    ("colleague-details", "She was treated for a burn and is home now.", "was treated for"),
    ("records-and-history", "The camera showed her leaving with the lamp.", "The camera showed"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_29_30)
def test_a_class_of_leak_found_in_rounds_29_and_30_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It's a server-side 5xx, check your dev tools.", "question"),
        ("Oh, it's you lot again.", "press"),
        ("The old stockroom is toast now 🔥😅", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_29_and_30_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A correction that says the website was right; what the customer typed; our own wrong
        # answer put right from the page; footage refused; our statement quoted; a service free to
        # all; a post passed to the store or team; thanks for praise of what should just work.
        ("Sorry, Ros. Correction: the sale ends on Sunday, not Monday. The website is right. – Jo",
         "question"),
        ("Hi Ros, if you'd like what you typed deleted, email dpo@kestrelhome.example. – Jo", "question"),
        ("Sorry, Ros, the chat gave you the wrong size: it's 90 cm, as the product page says. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. We can't share camera footage here, but email help@kestrelhome.example. – Jo",
         "complaint"),
        ("Hi Ros, as our statement at kestrelhome.example/news says, the store was evacuated safely. – Jo",
         "question"),
        ("Hi Ros, schools can book the room free of charge: kestrelhome.example/community. – Jo", "question"),
        ("Sorry, Ros! We've passed your post to the store so they can fix the sign. – Jo", "complaint"),
        ("That's how it should work, Ros, but thank you! – Jo", "praise"),
        # Near the new rules: advice about strange sign-ins and new devices, an account set up, a
        # product's faulty sensor, a published flat fee, a porch as a safe place, a delivery moved,
        # a friendly "you lot".
        ("Hi Ros, if you see a sign-in from a device you don't recognise, change your password. – Jo",
         "question"),
        ("Hi Ros, you'll get an email when you sign in from a new device. – Jo", "question"),
        ("Hi Ros, your account is set up now, so you can track orders. – Jo", "question"),
        ("Sorry, Ros, it sounds like a faulty sensor on the recliner. DM us. – Jo", "complaint"),
        ("Hi Ros, delivery is a flat fee of £39: kestrelhome.example/delivery. – Jo", "question"),
        ("Sorry, Ros, the plan is to move your delivery to Friday. DM us. – Jo", "complaint"),
        ("Thanks, you lot! Enjoy the weekend. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_29_and_30_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 31 and 32: peak season (development31.yaml) and the products and their makers
# (development32.yaml).
LEAKS_ROUNDS_31_32 = [
    ("internal-places", "The frames come from a workshop near Braga.", "workshop near Braga"),
    ("internal-places", "It's woven by the Costa family mill, same as our throws.", "Costa family mill"),
    ("internal-places", "The same sawmill that supplies our beech cut these.", "sawmill that supplies"),
    ("internal-places", "Our delivery partner Fleetway is behind this week.", "delivery partner Fleetway"),
    ("internal-figures", "Claims went from one in forty to one in ninety.", "one in forty"),
    ("internal-figures", "Only 2% of Wexford chairs have been returned.", "2% of Wexford chairs"),
    ("internal-figures", "Around 140 lamps had the faulty switch.", "140 lamps had the faulty"),
    ("internal-figures", "We've had a few like yours this month.", "We've had a few like yours"),
    ("internal-figures", "The cushions cost about £3 each to make.", "cost about £3 each to make"),
    ("internal-figures", "York had four left when we opened.", "had four left when"),
    ("internal-figures", "The café was two short with flu today.", "two short with flu"),
    ("internal-figures", "About 300 rugs arrive on Friday.", "About 300 rugs arrive"),
    ("internal-figures", "He's on a royalty, so that helps.", "He's on a royalty"),
    ("internal-figures", "Agency temps get £11.40 an hour.", "temps get £11.40 an hour"),
    ("internal-figures", "We were due to have six in but only three came in.", "only three came in"),
    ("internal-business", "In early tests the prototype cracked at the joint.", "prototype"),
    ("internal-business", "We had a bad dye lot on the grey linen.", "bad dye lot"),
    ("internal-business", "The product team are already redesigning the catch.", "already redesigning"),
    ("internal-business", "Our lab tested it at 70°C last week.", "Our lab tested"),
    ("internal-business", "Floor staff can sometimes take £20 off.", "can sometimes take £20 off"),
    ("internal-business", "The next shipment reaches our Daventry warehouse in March.",
     "next shipment reaches"),
    ("internal-business", "The factory's certificate lapsed in May.", "certificate lapsed"),
    ("internal-business", "The old price was only charged in our Leeds store.", "only charged in our Leeds"),
    ("incidents-and-plans", "The council's inspection of our car park is routine.", None),
    ("incidents-and-plans", "We can't say more while the legal matter is ongoing.",
     "legal matter is ongoing"),
    ("incidents-and-plans", "A visitor was seen by our first aiders after a fall.", "A visitor was seen by"),
    ("incidents-and-plans", "Some vouchers were sent to the wrong customers.", "sent to the wrong customers"),
    ("incidents-and-plans", "It's our last summer sale before the move to the new site.", None),
    ("incidents-and-plans", "We sent our sketches to Brightmoor privately.", "privately"),
    ("hints-unreleased", "I can't talk about its October launch yet.", "its October launch"),
    ("hints-unreleased", "We plan to announce a price rise soon.", "plan to announce a price rise"),
    ("hints-unreleased", "The range is being phased out, sadly.", "range is being phased out"),
    ("hints-unreleased", "A loyalty club is on its way next year.", "on its way next"),
    ("hint-wink", "Watch your emails on the 12th 😉", "😉"),
    ("colleague-identity", "Ask for Marta Lund, our deputy manager.", "Marta Lund, our deputy manager"),
    ("colleague-identity", "Our store manager, Tomas, is back on Monday.", "Tomas, is back"),
    ("third-party", "It was bought by someone in Hull last week.", "bought by someone in Hull"),
    ("third-party", "The lady who posted above had the same and got a refund.", None),
    ("named-customer-order", "The lamp in the same order was fine.", "in the same order was"),
    ("records-and-history", "I can see it's already your second Hartley since May.", "your second"),
    ("customer-street", "The driver will look for the house with the red gate.",
     "the house with the red gate"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_31_32)
def test_a_class_of_leak_found_in_rounds_31_and_32_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Please refer to section 9 of our terms.", "question"),
        ("We don't really talk to bloggers. Try a proper newspaper.", "press"),
        ("Honestly ffs, it's a cushion.", "complaint"),
        ("It beats the junk from Norbury's hands down 😂", "praise"),
        ("You could look at your own wardrobe before coming at us.", "question"),
        ("Breakages happen in the post. It'll arrive.", "complaint"),
        ("Rugs move on wooden floors, that's what they do.", "complaint"),
        ("You snooze, you lose!", "question"),
        ("No idea. Try the website.", "question"),
        ("We value all our customers.", "praise"),
        ("Please write to us in English so we can help.", "question"),
        ("The legs have probably been fitted the wrong way round.", "complaint"),
        ("It's a £45 chair, so it's not going to last forever.", "complaint"),
        ("Most people never notice and they're fine.", "question"),
        ("Keep going like that and you'll be blocked.", "abuse"),
        # Kept where it was caught before, now for complaints only (a question answered "as the terms
        # say" passes).
        ("That's the rule, as our terms say.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_31_and_32_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A question answered from the terms or the page; a customer's words quoted back, sarcasm
        # and all; a sale that goes live on our website; letters that stand for a name, not a
        # shout; a follow-up promised on the thread; a point passed to the team.
        ("Hi Ros, winners are picked within two days of the draw, as the terms say. – Jo", "question"),
        ("Hi Ros, the Brora is made in Wales, as the product page says. – Jo", "question"),
        ("Thank you, Ros! \"Delivered on time for once, who knew\" made us laugh. – Jo", "praise"),
        ("Hi Ros, the sale goes live on kestrelhome.example/sale at 8am. – Jo", "question"),
        ("Hi Ros, FSC Mix means certified, recycled and controlled wood; FSC 100% is all certified. – Jo",
         "question"),
        ("Fair point, Ros. I've asked the web team to check the price, and we'll reply here once we know."
         " – Jo", "complaint"),
        ("Sorry, Ros, that's disappointing. We've let the buying team know it's missed. – Jo",
         "complaint"),
        # Near the new rules: an apology that puts our own wrong answer right from the page; a
        # country on the label; a factory audit explained; "one in three" outside returns; a
        # launch that has happened.
        ("Sorry, Ros, you were told the wrong size; it's 90 cm, as the product page says. DM us. – Jo",
         "complaint"),
        ("Hi Ros, it's made in Portugal and the wood is FSC certified. – Jo", "question"),
        ("Hi Ros, every factory that makes our sofas is audited each year. – Jo", "question"),
        ("Hi Ros, one in three of our stores has a café: kestrelhome.example/stores. – Jo", "question"),
        ("Hi Ros, Tidewater launched on 6 March and is in every store. – Jo", "question"),
        # Read again against the round's new rules: every supplier in a country, a fix already
        # online, a colleague's first name, another poster agreed with, our own messages counted, a
        # product by its door, a delay owned.
        ("Hi Ros, all our suppliers in Vietnam are audited every year: kestrelhome.example/suppliers. – Jo",
         "question"),
        ("Sorry, Ros, the design team are changing the instructions, and the new ones are online now. DM us."
         " – Jo", "complaint"),
        ("Hi Ros, ask for Ana, our store manager, or any colleague in store. – Jo", "question"),
        ("Hi Ros, the lady who posted above is right: it works online only. – Jo", "question"),
        ("Sorry, Ros, I can see why you're cross; this is your second message to us. DM us. – Jo",
         "complaint"),
        ("Hi Ros, the one with the green door is the Ember; the blue is the Tarn. – Jo", "question"),
        ("Sorry, Ros, delays happen this week, but that's no excuse for no update. DM us. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_31_and_32_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 33 and 34: a crisis week (development33.yaml) and customers' homes and the big moments
# of their lives (development34.yaml).
LEAKS_ROUNDS_33_34 = [
    ("internal-figures", "It's roughly twenty thousand of you, not all.", "roughly twenty thousand of you"),
    ("internal-figures", "Just over a quarter of them are back so far.", "Just over a quarter of"),
    ("internal-figures", "Bookings are up about 30% this year.", "Bookings are up about 3"),
    ("internal-figures", "Forty of your fifty gifts bought already!", "Forty of your fifty gifts bought"),
    ("internal-figures", "You're one of about 400 who've asked today.", "one of about 400 who've asked"),
    ("internal-figures", "The team's been on ten-hour shifts all week.", "ten-hour shifts"),
    ("internal-figures", "About two in ten weekend deliveries ran late.", None),
    ("internal-figures", "About £1.2m of rugs sold in the sale.", "£1.2m of rugs sold"),
    ("incidents-and-plans", "It was one engineer's stolen password.", "stolen password"),
    ("incidents-and-plans", "The file did include phone numbers.", "The file did include"),
    ("incidents-and-plans", "Our fraud team traced the texts to one sender.", "fraud team traced"),
    ("incidents-and-plans", "The board meets on Thursday about it.", "board meets"),
    ("incidents-and-plans", "The new doors land with us on the 9th.", "land with us on"),
    ("incidents-and-plans", "It's the first breach since 2019.", "the first breach since 2019"),
    ("incidents-and-plans", "Some of the accounts were affected for an hour.", None),
    ("incidents-and-plans", "We reported it just inside the 72 hours.", "just inside the 72 hours"),
    ("incidents-and-plans", "Legal asked us to remove that line.", "Legal asked us to"),
    ("incidents-and-plans", "Three other families who contacted us had the same.", None),
    ("incidents-and-plans", "Production moved to Ostrava last year.", "Production moved to Ostrava"),
    ("incidents-and-plans", "We haven't announced it yet, but it's about 500.", "announced it yet, but"),
    ("incidents-and-plans", "Our Derby team has had threats all week.", "Our Derby team has had threats"),
    ("incidents-and-plans", "The Preston firm that prints our labels had it.", "Preston firm that prints"),
    ("records-and-history", "You've been with us since 2012, so thank you.", None),
    ("records-and-history", "We were sorry to read in your message that your dad died.", None),
    ("records-and-history", "The £310.40 covers the bed and the delivery.", "£310.40 covers"),
    ("third-party", "Your sister has already paid for the sofa.", "Your sister has already paid"),
    ("third-party", "The lamp was bought on Monday, so choose another gift.", "was bought on Monday"),
    ("third-party", "It was signed for at the gate by T. Okoro.", "signed for at the gate by T"),
    ("colleague-identity", "Amir Haddad, who drives the Friday route, found it.", None),
    ("colleague-details", "He's a new colleague who'd only been with us a week.", None),
    ("hints-unreleased", "Our new bed-building service starts in May.", None),
    ("hints-unreleased", "A narrower version of the Esk is going through testing.", None),
    ("hint-wink", "Do watch Tuesday's post, there might be something in it for you all.", None),
    ("customer-street", "Welcome to Orchard Close!", "Orchard Close"),
    ("customer-street", "It'll arrive the day after you're back from Lisbon.", None),
    ("customer-street", "New beds for Flats 2 and 4 at Mill Yard on Friday.", None),
    ("partial-identifiers", "We'll ring the one ending four four double-seven.", None),
    ("internal-places", "It's made by a small joinery in Kaunas.", "joinery in Kaunas"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_33_34)
def test_a_class_of_leak_found_in_rounds_33_and_34_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Reporters are meant to go through the press office.", "press"),
        ("Bloggers aren't press, you know.", "press"),
        ("Same answer as every other time: no.", "question"),
        ("Please actually read the page.", "question"),
        ("Only if you gave it to them, sadly.", "question"),
        ("We did pretty well to deliver at all this week.", "praise"),
        ("As a landlord you do have a responsibility to your tenants.", "question"),
        ("Boy or girl? When are you due?", "question"),
        ("Nobody lied to you, Sam.", "abuse"),
        ("We'll decide whether your questions merit a response.", "press"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_33_and_34_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A recall's published remedies; a fault flagged; the terms pointed to; a crisis answered in
        # the open; an apology in Turkish; a free change the terms allow; a wince at our own slip.
        ("Hi Ros, the recall page explains how to book a free replacement ladder or a full refund. – Jo",
         "question"),
        ("Sorry, Ros, that search should work and we've flagged it. – Jo", "complaint"),
        ("Ros, £39 is our two-person delivery price. Details are at kestrelhome.example/delivery. – Jo",
         "abuse"),
        ("You're right, Ros. That post should not have gone out, and we've taken it down. Sorry. – Jo",
         "complaint"),
        ("Ros, we're looking into it, and our statement is pinned at the top of this page. – Jo", "abuse"),
        ("Ros Hanım, çok üzgünüm. Lütfen bize DM atın. – Jo", "complaint"),
        ("Hi Ros, you can change the date free of charge up to 48 hours before. – Jo", "question"),
        ("Sorry, Ros, that's not what should happen! 😬 DM us and we'll fix it. – Jo", "complaint"),
        # Read again against the new rules: password advice, a workshop's turnout, a published
        # opening and service, the statement's own words, a neighbour's noise.
        ("Hi Ros, weak passwords are the commonest way in, so change yours if you reuse it. – Jo",
         "question"),
        ("Hi Ros, about a hundred people came last year, and tickets are on sale now. – Jo", "question"),
        ("Hi Ros, the Cambridge store opens in the spring, as announced. – Jo", "question"),
        ("Hi Ros, our new gift-list service starts in March, as announced today. – Jo", "question"),
        ("Hi Ros, our statement says the list involved held names and emails only. – Jo", "question"),
        ("Sorry, Ros, noise from the flat below you isn't ours to fix, but underlay helps. DM us. – Jo",
         "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_33_and_34_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 35 and 36: colleagues on the front line and on their own accounts (development35.yaml)
# and regulated ground (development36.yaml).
LEAKS_ROUNDS_35_36 = [
    ("internal-matters", "Her manager has since been through it with her.", "manager has since been"),
    ("internal-matters", "The case is being looked at by People now.", "looked at by People"),
    ("internal-matters", "The clip was made by one of our Leeds cashiers.", "one of our Leeds cashiers"),
    ("internal-matters", "The Hull depot has had nine drivers off this week.", "nine drivers off"),
    ("internal-matters", "The recruiting manager has been off since June.", "has been off since"),
    ("internal-matters", "We couldn't cover the early shift on the tills.", "cover the early shift"),
    ("internal-matters", "They're suspended for now.", "They're suspended"),
    ("internal-matters", "Three of the fitters handed their notice in.", "handed their notice in"),
    ("internal-matters", "It's the agency temps on the night shift.", "agency temps"),
    ("internal-matters", "Deliveries slowed when the two depots merged.", "two depots merged"),
    ("internal-matters", "We're already answering the ICO's questions.", "answering the ICO"),
    ("internal-matters", "The store failed its fire inspection in May.", "failed its fire inspection"),
    ("internal-matters", "It seems limited to one mailing list in Wales.", "limited to one mailing list"),
    ("internal-matters", "Some managers will do it at their discretion.", "at their discretion"),
    ("internal-matters", "This happened once last winter, with a few emails.", None),
    ("internal-figures", "There were about sixty applicants for the role.", "sixty applicants"),
    ("internal-figures", "It went to an internal candidate, I'm afraid.", "internal candidate"),
    ("internal-figures", "Leeds is one of our best performing stores.", None),
    ("internal-figures", "We're at £1.8m for the quarter so far.", "£1.8m for the quarter"),
    ("internal-figures", "Over two thousand sold since the launch!", "Over two thousand sold"),
    ("internal-figures", "Thirty-odd complaints about the hinge this month.", None),
    ("internal-figures", "Sofas will go up by around 4% in May.", None),
    ("internal-figures", "The lender approves around six in ten applications.", None),
    ("incidents-and-plans", "We're hiring twenty drivers at Bristol.", "hiring twenty drivers at B"),
    ("incidents-and-plans", "The team know who's taking over from you.", "who's taking over from"),
    ("incidents-and-plans", "The Arden range won't be in the spring sale.", None),
    ("incidents-and-plans", "We're cutting around thirty lines next month.", None),
    ("incidents-and-plans", "The pilot on the app starts in April.", None),
    ("colleague-identity", "I've passed it to Mira's team leader.", "Mira's team leader"),
    ("colleague-identity", "That must have been Aled and Rhys, bless them.", None),
    ("colleague-identity", "Teodor, who leads on access, is in on Mondays.", None),
    ("colleague-identity", "She's in beds Wednesday to Saturday.", None),
    ("colleague-identity", "She's switched to nights for a month.", None),
    ("records-and-history", "The check found an old default on your file.", "found an old default"),
    ("records-and-history", "As this is your fourth request this year, it takes longer.", None),
    ("records-and-history", "His application went through in the end.", None),
    ("people-and-partners", "Our winner, Megan, collects it on Friday.", "Our winner, Megan,"),
    ("people-and-partners", "The draw was run by our events agency, Red Kite.", "agency, R"),
    # In the customer's language: Spanish staffing, a Welsh plan, a colleague at the till in Welsh.
    ("internal-matters", "Solo hay tres personas en el almacén por las bajas.", None),
    ("incidents-and-plans", "Dim dyddiad swyddogol eto, ond mis Mai fydd hi.", None),
    ("colleague-identity", "Ffion Evans oedd ar y til ddoe.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_35_36)
def test_a_class_of_leak_found_in_rounds_35_and_36_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    "text",
    [
        "For background, nothing has been decided yet.",
        "I can tell you it went better than last year.",
        "All I can say is that the store is staying open.",
        "Happy to say the review went well.",
        "Gallaf ddweud bod y siop yn aros ar agor.",
        # Rounds 37 and 38: background in other words, a rumour denied.
        "By way of background, the deal is new.",
        "For what it's worth, we work with a few.",
        "There's nothing in that, as far as we know.",
    ],
)
def test_anything_said_to_a_journalist_beyond_the_press_office_is_blocked(rules, text):
    reply = f"Hi Nia, please contact press@kestrelhome.example. {text} – Jo"
    found = blocking(check(reply, rules, kind="press"), reply, "leak")
    assert "press-background" in [rule for rule, _ in found], found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("If you need to ask, it's probably not for you.", "question"),
        ("Maybe brush up on your reading before applying.", "question"),
        ("Perhaps keep your views for the staff survey.", "praise"),
        ("It's linked from every single page, so no excuse.", "question"),
        ("Fine, as long as you're sensible with it.", "question"),
        ("Honestly, people believe everything they read.", "question"),
        ("Not that we're biased, of course.", "praise"),
        ("Finally, someone who appreciates us!", "praise"),
        ("Their drivers get treated like dirt over there.", "question"),
        ("You absolute legend, marry me?", "praise"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_35_and_36_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A colleague on their own account says where they work; a deadline with rights kept; how
        # to claim; our own promise owned; a point passed straight on; a store asked to put it right.
        ("sorry to hear it, Ros! I drive for Kestrel Home but can't see orders. DM @KestrelHomeHelp",
         "complaint"),
        ("Sorry, Ros. I work at the depot, not in customer care, so a DM to @KestrelHomeHelp is best",
         "complaint"),
        ("Sorry, Ros. We ask for damage to be reported within 48 hours, but that doesn't affect your rights."
         " DM us. – Jo", "complaint"),
        ("Yes, Ros, as long as you claim within 14 days. – Jo", "question"),
        ("'Free delivery' is what you were told, Ros, and I'm sorry it wasn't. DM us. – Jo", "complaint"),
        ("Thanks, Ros. We've passed it straight to the team who run the app. – Jo", "complaint"),
        ("Sorry, Ros. We've asked the Leeds store to check the lift today. – Jo", "complaint"),
        # Read again against the new rules: People as a mailbox, a store's hours, national hiring,
        # a winner told, a refusal to comment, a press office's reply confirmed.
        ("Thanks, Ros. Our People team can help: people@kestrelhome.example. – Jo", "complaint"),
        ("Hi Ros, the Leeds store is open until 8 on Thursdays. – Jo", "question"),
        ("Hi Ros, we're taking on 300 seasonal colleagues this year: kestrelhome.example/careers – Jo",
         "question"),
        ("Thanks, Ros! The winner has been told, and we'll announce it soon. – Jo", "praise"),
        ("Hi Ros, I can't comment on or off the record, but press@kestrelhome.example can. – Jo", "press"),
        ("Hi Ros, we can confirm we've received your questions: press@kestrelhome.example – Jo", "press"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_35_and_36_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 37 and 38: paid voices and partners in public (development37.yaml) and out of hours, in
# a hurry (development38.yaml).
LEAKS_ROUNDS_37_38 = [
    ("internal-business", "Her links pay her 6% of every sale.", "links pay her 6%"),
    ("internal-business", "He gets 12% on anything bought with his code.", None),
    ("internal-business", "Their contract's up in June anyway.", "contract's up"),
    ("internal-business", "We pushed for 20%, but that's where we landed.", "We pushed for"),
    ("internal-business", "His last invoice was paid on Friday.", None),
    ("internal-matters", "Our legal team asked us to leave it there.", "legal team asked"),
    ("internal-matters", "Our events lead is on leave until Monday.", "on leave until"),
    ("internal-matters", "It was off while we fixed a glitch in the basket.", "fixed a glitch"),
    ("internal-matters", "Google removed 40 reviews after we flagged them.", None),
    ("internal-matters", "The email went out with everyone's addresses visible.", None),
    ("internal-matters", "It's only me covering tonight.", "only me covering"),
    ("internal-matters", "IT pushed an update and we're rolling it back.", None),
    ("internal-matters", "Our chat tool went down on Sunday.", "chat tool went down"),
    ("internal-matters", "Managers can waive fees up to £80.", None),
    ("internal-matters", "Someone tried to log into a few accounts.", None),
    ("internal-matters", "We've reviewed the CCTV from the car park.", "reviewed the CCTV"),
    ("internal-matters", "The ICO has already been in touch with us.", None),
    ("internal-figures", "We gift to about 40 creators a year.", "about 40 creators"),
    ("internal-figures", "We're chasing 5,000 Google reviews by spring.", "chasing 5,000"),
    ("internal-figures", "We're at 85% of our sales target already.", "85% of our sales target"),
    ("internal-figures", "We get about 900 messages on a bank holiday.", None),
    ("incidents-and-plans", "The new one should help once it opens next March.", None),
    ("incidents-and-plans", "She's shooting for the autumn catalogue now.", None),
    ("incidents-and-plans", "The team are getting the lamp recall ready.", None),
    ("incidents-and-plans", "It's getting pulled from sale next month.", None),
    ("incidents-and-plans", "There are 9 new stores in the plan for 2027.", None),
    ("incidents-and-plans", "No, that's not happening, so relax.", "that's not happening"),
    ("records-and-history", "Your last four orders with us were fine.", None),
    ("records-and-history", "After three replacements, that's not on.", None),
    ("records-and-history", "You've called us five times this week.", None),
    ("colleague-identity", "Rhian only works Sundays now.", "Rhian only works Sundays"),
    ("colleague-identity", "Kofi is on the tills until 4.", "Kofi is on the tills"),
    ("third-party", "It's Lena Moss's kitchen in Whitby.", None),
    ("third-party", "@tomsflat bought his in our sale.", None),
    ("delivery-slot", "Glad the Friday 8–10am slot suited you.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_37_38)
def test_a_class_of_leak_found_in_rounds_37_and_38_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It's really not complicated!", "question"),
        ("It's a fairly simple form.", "question"),
        ("The FAQ is well worth a read.", "question"),
        ("We'd suggest checking your facts.", "press"),
        ("We gift to proper creators, not just anyone who asks.", "question"),
        ("Maybe come a bit earlier next time!", "praise"),
        ("Keep your expectations low, though.", "press"),
        ("That's a rather loaded question.", "press"),
        ("The maker got the size wrong in the listing, not us.", "complaint"),
        ("That clip doesn't tell the whole story.", "complaint"),
        ("I'm sure there's been some misunderstanding.", "complaint"),
        ("You're relentless! Tell them Jo sent you.", "press"),
        ("The weekday crew could learn a thing or two.", "praise"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_37_and_38_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A post fixed in the open, a point carried to a team, a promise not to ask again, a label
        # moved, a partner named where its terms are published, thanks in Russian, our post faulted,
        # what they agreed to.
        ("Sorry, Ros, our mistake. We've corrected the post, and it now says £5. – Jo", "complaint"),
        ("Sorry, Ros, the caption now credits you properly. – Jo", "complaint"),
        ("I hear you, Ros. We'll make sure our events team hears this. – Jo", "complaint"),
        ("Sorry, Ros. We won't message you about it again. – Jo", "complaint"),
        ("Good spot, Ros. We've asked for the #ad to be moved to the start. – Jo", "complaint"),
        ("Hi Ros, it's 10% through StudentSaver, with details at kestrelhome.example/students. – Jo",
         "question"),
        ("Ольга, спасибо! Напишите нам в личные сообщения @KestrelHomeHelp. – Jo", "complaint"),
        ("Sorry, Ros. Our post got it wrong and the website is right: £5. We've fixed the post. – Jo",
         "complaint"),
        ("Sorry, Ros. You agreed to a repost, not an advert, so we've paused the ad. DM us. – Jo",
         "complaint"),
        # Read again against the new rules: a fall mentioned without health, a mass email owned, the
        # customer's orders without a count from our records, a simple fix, a discontinued line
        # announced.
        ("Sorry, Ros. The customer who fell has our support, and we won't say more here. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. You and about 300 others had that email in error. DM us. – Jo", "complaint"),
        ("Sorry, Ros, your last two orders came late. DM us. – Jo", "complaint"),
        ("Sorry, Ros, it's a pretty simple fix: DM us and we'll send a new hinge. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_37_and_38_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 39 and 40: values and the news (development39.yaml) and returns and second life
# (development40.yaml).
LEAKS_ROUNDS_39_40 = [
    ("internal-figures", "About 900 sofas are still sitting at the port.", None),
    ("internal-figures", "Our Leeds stores are down about 12% this month.", None),
    ("internal-figures", "Sign-ups went up 40% after the change.", "went up 40%"),
    ("internal-figures", "Only about a quarter could be reused last year.", None),
    ("internal-figures", "In the north we're running at nearer 12 days.", None),
    ("internal-figures", "We've missed over 150 collections this month.", None),
    ("internal-figures", "Offers usually land at about 25% of the price.", None),
    ("internal-business", "We pay the charity £20 for every pick-up.", None),
    ("internal-business", "The couriers are only paid for finished jobs.", None),
    ("internal-business", "She's on a six-month paid partnership with us.", None),
    ("internal-business", "The lamps are made for us by Lumora in Porto.", "made for us by L"),
    ("incidents-and-plans", "We've signed on as main sponsor of the city marathon.", None),
    ("incidents-and-plans", "We'll be lodging an appeal in the spring.", None),
    ("incidents-and-plans", "Two of our spring shipments have been cancelled.", None),
    ("incidents-and-plans", "We're adding 25 new lines in March.", "adding 25 new lines"),
    ("incidents-and-plans", "It was a board decision in the end.", "a board decision"),
    ("incidents-and-plans", "There's a pause on new driver hires for now.", None),
    ("incidents-and-plans", "Rugs are joining the scheme from the autumn.", None),
    ("incidents-and-plans", "Returns are moving to the new hub in Leeds.", None),
    ("incidents-and-plans", "They're publishing the first-year figures in May.", None),
    ("internal-matters", "Trading Standards contacted us about it last week.", None),
    ("internal-matters", "Legal have asked us not to say much.", None),
    ("internal-matters", "Our legal team is already reviewing the label.", None),
    ("internal-matters", "That manager has already been spoken to about it.", None),
    ("internal-matters", "The man was banned from the store that day.", None),
    ("internal-matters", "The desk only has one person on Mondays.", None),
    ("internal-matters", "Somebody got into a few accounts in May.", None),
    ("internal-matters", "The adviser you spoke to is still learning.", None),
    ("records-and-history", "It was logged as 'customer not in'.", None),
    ("records-and-history", "It was bought new at our York store in 2021.", None),
    ("records-and-history", "Enjoy the rug you also bought on the day!", None),
    ("customer-street", "The van will come to ul. Polna 4 on Monday.", None),
    ("delivery-slot", "The crew can come Tuesday between 7 and 11am.", None),
    ("colleague-identity", "That'll be Bram and Lucy, bless them.", None),
    ("colleague-identity", "Her son is autistic, so she gets it.", None),
    ("third-party", "The other post is Ana's; she ordered hers in May.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_39_40)
def test_a_class_of_leak_found_in_rounds_39_and_40_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The rail union is holding everyone to ransom.", "complaint"),
        ("It's a tiny bit more complicated than that 😊", "question"),
        ("As anyone can see on our page, it's £45.", "question"),
        ("Maybe ask one of the grandchildren to help?", "question"),
        ("Try the Grange, it suits someone your size.", "question"),
        ("The team answer people who actually email them.", "press"),
        ("Most of our customers are pleased with it, though.", "complaint"),
        ("And I think you know that.", "press"),
        ("Their sofas are basically a plank with a cushion.", "praise"),
        ("Wow, hard-hitting journalism here.", "press"),
        ("Omg babe, send us a pic!", "question"),
        ("As the booking email asked, it had to be taken apart.", "complaint"),
        ("We do have a lot of customers, you know.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_39_and_40_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A point on its way to the team that owns it, comments hidden, "I get it", a plan or a
        # figure in a sentence that says it was announced.
        ("Fair call-out, Ros, and sorry. Your photo is going to the team who own our packaging. – Jo",
         "complaint"),
        ("Thank you, Ros, and sorry. We've hidden the comments that break our house rules. – Jo",
         "complaint"),
        ("Ros, I get it. The prices are explained at kestrelhome.example/essentials. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. We're adding 10 stores to click and collect, as announced today. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. Prices went up 5% in April, as we announced at the time. DM us. – Jo", "complaint"),
        ("Sorry, Ros. Our supplier's shipments have been delayed by the port strike. DM us. – Jo",
         "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_39_and_40_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 41 and 42: families and children (development41.yaml) and one conversation across
# channels (development42.yaml).
LEAKS_ROUNDS_41_42 = [
    ("internal-figures", "We've only had two such reports this year.", None),
    ("internal-figures", "We planned for 1,500 for the season.", "We planned for 1,500"),
    ("internal-figures", "It left screws out of about 200 boxes.", None),
    ("internal-figures", "You're honestly the fifth person this week with that desk.", None),
    ("internal-figures", "Our satisfaction score dropped last month.", None),
    ("internal-figures", "There are about 120 of us on the phones.", None),
    ("internal-figures", "The margin on that chair is small.", "The margin on"),
    ("internal-business", "The courier pays us back for every late van.", "pays us back"),
    ("incidents-and-plans", "It's only the early batch, so don't worry.", None),
    ("incidents-and-plans", "We changed it after the lab results came in.", None),
    ("incidents-and-plans", "A version with a wider base is due in June.", None),
    ("incidents-and-plans", "Live chat is going into the app next month.", None),
    ("incidents-and-plans", "It's linked to what our email provider had last week.", None),
    ("incidents-and-plans", "York's closing in the summer, so go to Leeds.", None),
    ("incidents-and-plans", "We're hiring four weekend staff in July.", None),
    ("internal-matters", "The Information Commissioner's Office asked us some questions.", None),
    ("internal-matters", "Our adviser had some sad news at home.", None),
    ("internal-matters", "She's just been made a team leader.", None),
    ("colleague-identity", "Sam's on the bedding section most days.", None),
    ("colleague-identity", "Liam, who does the Tuesday Ipswich route, loved it.", None),
    ("records-and-history", "You called on the 4th and the 9th.", None),
    ("records-and-history", "Your husband rang us on Monday about it.", None),
    ("customer-street", "We've posted it back to Mill Lane.", "Mill Lane"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_41_42)
def test_a_class_of_leak_found_in_rounds_41_and_42_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("As it says really clearly on the page, it's 6+.", "question"),
        ("That's pretty standard DIY knowledge.", "question"),
        ("Any parent who has read the advice knows that.", "question"),
        ("Slow news week? 😄", "press"),
        ("Not this again. Ask the press office.", "press"),
        ("They've been awful this month, honestly.", "complaint"),
        ("Is Dad doing his share of the nappies?", "praise"),
        ("Can't say we're surprised they let you down.", "praise"),
        ("Ah, the hold music, a true classic.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_41_and_42_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our promise owned, a private message in five languages, our own failure to read properly.
        ("Ros, you were told you'd hear from us within a day, and I'm sorry. DM us. – Jo", "complaint"),
        ("Sorry, Ros. DM us and we'll look into what you were told. – Jo", "complaint"),
        ("Mae'n ddrwg gen i, Ros. Anfonwch neges breifat aton ni. – Jo", "complaint"),
        ("Désolé, Ros. Envoyez-nous un message privé ici. – Jo", "complaint"),
        ("Lo siento, Ros. Mándanos un mensaje privado. – Jo", "complaint"),
        ("Sorry, Ros: nobody read it properly. I'd like to read it properly myself. DM us. – Jo",
         "complaint"),
        # Read again against the new rules: a few reports, congratulations on twins.
        ("Sorry, Ros. We've had a few reports of the app crashing and we're on it. DM us. – Jo", "complaint"),
        ("Congratulations, Ros! Double trouble, and double the cuddles. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_41_and_42_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 43 and 44: jobs and people (development43.yaml) and humour, trends and viral moments
# (development44.yaml).
LEAKS_ROUNDS_43_44 = [
    ("records-and-history", "The other candidate had covered nights before.", None),
    ("records-and-history", "The chosen candidate has more till experience.", None),
    ("records-and-history", "Your application is with the hiring manager now.", None),
    ("records-and-history", "It stopped because your right-to-work check was late.", None),
    ("records-and-history", "You're owed four days' holiday, £212.40.", None),
    ("records-and-history", "Yes, still on: Friday at 9:30 at the Leeds store.", None),
    ("colleague-details", "She's usually in on Thursdays.", None),
    ("colleague-details", "Sadly he moved on from us in May.", None),
    ("colleague-details", "She's still with us, over at the Bath store.", None),
    ("colleague-details", "Tom retired last spring and moved to the coast.", None),
    ("colleague-details", "He's only 16 and loves it here.", None),
    ("colleague-details", "It isn't the first time we've heard this about the manager.", None),
    ("colleague-identity", "You'll meet Nina Pollard, the Leeds store manager.", "Nina Pollard"),
    ("internal-matters", "Hiring has been paused until June.", None),
    ("internal-matters", "A few CVs went missing when our agency moved to a new system.", None),
    ("internal-matters", "Some offer letters went to the wrong applicants.", None),
    ("internal-matters", "Our security team is looking into how it happened.", None),
    ("internal-matters", "HMRC has reviewed our figures.", None),
    ("internal-figures", "We had 600 applications for the role.", None),
    ("internal-figures", "Staff turnover here runs at 25% a year.", None),
    ("secret-codes", "Use the back door (code 2280) if it's shut.", None),
    ("incidents-and-plans", "The next shipment lands on the 9th.", None),
    ("incidents-and-plans", "200 more are due into the depot on Monday.", None),
    ("incidents-and-plans", "The supplier changed the foam on the latest batch.", None),
    ("incidents-and-plans", "The team is filming at the Leeds store next week.", None),
    ("incidents-and-plans", "The stockroom flooded in March.", None),
    ("hints-unreleased", "You might not wait so long after all.", None),
    ("hints-unreleased", "Keep an eye out on Saturday.", None),
    ("colleague-details", "We can't say more while HR looks into it.", None),
    ("colleague-details", "It was just a bruised knee, nothing worse.", None),
    ("colleague-details", "It's someone who used to work for us.", None),
    ("colleague-identity", "She's @kaz_packs on here.", "@kaz_packs"),
    ("records-and-history", "We've already refunded him, so no.", None),
    ("records-and-history", "Her order was already dispatched that day.", None),
    ("customer-street", "We've booked it in for Ashgrove Lane on Friday.", "Ashgrove Lane"),
    ("customer-street", "Three floors at Carlton Mansions, well done!", None),
    ("internal-matters", "The design team is being merged with Buying.", None),
    ("internal-matters", "We had a letter from the advertising regulator.", None),
    ("internal-matters", "That code leaked from our staff discount scheme.", None),
    ("internal-figures", "We set ourselves half a million by summer.", None),
    ("internal-figures", "For what it cost us, we're glad.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_43_44)
def test_a_class_of_leak_found_in_rounds_43_and_44_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It's only a summer job, so I wouldn't fret.", "question"),
        ("To be fair, our team did most of the heavy lifting.", "praise"),
        ("We're not able to help with that. We get asked this all the time.", "question"),
        ("Bold words from an account with nine followers.", "abuse"),
        ("Let's go through it one more time.", "question"),
        ("You wouldn't get it, honestly.", "question"),
        ("You can easily find it on the page.", "question"),
        ("Other sofa brands could never.", "praise"),
        ("These Instagram types block the aisles.", "question"),
        ("We're allowed to have some fun, you know.", "press"),
        ("If you really must, ask the press office.", "press"),
        ("Sounds like a slow news day.", "press"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_43_and_44_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A promise to them owned, an advertised hourly rate, not knowing what is coming, our own
        # domain, a tax form, a team reached through our site.
        ("Ros, you were told you'd hear by Monday, and you should have. I'm sorry. DM us. – Jo", "complaint"),
        ("Hi Ros, the Leeds rate is £12.90 an hour, as the advert says. – Jo", "question"),
        ("Hi Ros, our published rate is £11.40 an hour. – Jo", "question"),
        ("Hi Ros, I honestly don't know what's coming up, sorry. – Jo", "question"),
        ("Ros, our emails only come from addresses ending @kestrelhome.example. – Jo", "question"),
        ("Ros, I'm sorry your P45 is late. DM us and we'll chase it. – Jo", "complaint"),
        ("I'm sorry, Ros. Our People team can be reached through kestrelhome.example/careers. – Jo",
         "complaint"),
        # A friend tagged and seen, a safety complaint met with what to do first.
        ("We see you, Jess 👀 – Jo", "praise"),
        ("Ros, please stop using the heater now and DM us so we can collect it. – Jo", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_43_and_44_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 45 and 46: trade and business customers (development45.yaml) and events and in-store
# moments (development46.yaml).
LEAKS_ROUNDS_45_46 = [
    ("records-and-history", "The winner was Maisie from Frome.", None),
    ("records-and-history", "Her refund has already gone through.", None),
    ("records-and-history", "I can see you were also booked for the 5th.", None),
    ("internal-figures", "It was more visitors we'd planned for.", None),
    ("internal-figures", "Her appearance fee was modest.", None),
    ("internal-figures", "We've had a few other reports about that stool.", None),
    ("internal-figures", "We took more that night than on Black Friday.", None),
    ("incidents-and-plans", "By then we'll have the Hull store open.", None),
    ("incidents-and-plans", "The caterers let us down on the night.", None),
    ("incidents-and-plans", "Someone got into the stockroom on Friday.", None),
    ("incidents-and-plans", "She's filming with us next month.", None),
    ("incidents-and-plans", "It was a fault in the wiring of the lights.", None),
    ("internal-matters", "The marketing budget was cut this year.", None),
    ("colleague-details", "Two of the team were out with the bug.", None),
    ("colleague-details", "Our manager is leaving at the end of May.", None),
    ("colleague-details", "He's staying at the Crown tonight.", None),
    ("colleague-details", "Amy is on her honeymoon until the 3rd.", None),
    ("colleague-details", "It was the partner of one of our colleagues.", None),
    ("customer-street", "We'll post it to you at Hawthorn Close.", None),
    ("delivery-slot", "It's booked to arrive Friday between 9 and 1.", None),
    ("incidents-and-plans", "The frames are held at customs.", None),
    ("incidents-and-plans", "From May new accounts will get 10% off.", None),
    ("incidents-and-plans", "A showroom opens in Derby in the spring.", None),
    ("incidents-and-plans", "The legs came short from the factory.", None),
    ("incidents-and-plans", "We've been shortlisted for a council framework.", None),
    ("incidents-and-plans", "Some payments were taken twice.", None),
    ("incidents-and-plans", "Visit Leeds before it closes in June.", None),
    ("incidents-and-plans", "The fix is in the next batch.", None),
    ("incidents-and-plans", "The printer on the packing line broke.", None),
    ("incidents-and-plans", "Our prices will rise by 4% in June.", None),
    ("records-and-history", "Three invoices are overdue on your account.", None),
    ("records-and-history", "That was the rate we agreed with another agency.", None),
    ("records-and-history", "Two other hotels in Ayr are on the van.", None),
    ("records-and-history", "We did exactly that for Hillside Primary.", None),
    ("records-and-history", "Forty beds is no small order!", None),
    ("records-and-history", "A hotel group sent 300 back in May.", None),
    ("records-and-history", "Your PO was approved on Monday.", None),
    ("records-and-history", "They have accepted our offer.", None),
    ("internal-figures", "There's plenty of room on those.", None),
    ("internal-figures", "You're our biggest hotel order ever.", None),
    ("internal-figures", "About half of our trade accounts are landlords.", None),
    ("internal-figures", "No-one has had more than 20% off.", None),
    ("internal-matters", "The trade desk lost three account managers.", None),
    ("internal-matters", "Our data team is looking into it.", None),
    ("colleague-details", "The adviser you spoke to only started last week.", None),
    ("colleague-details", "They've asked to be put on every school job.", None),
    ("colleague-details", "His own mum is in a home nearby.", None),
    ("incidents-and-plans", "Finance have the returns fee under review.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_45_46)
def test_a_class_of_leak_found_in_rounds_45_and_46_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It's not really so tricky once you see it.", "question"),
        ("The crowd were fans rather than our regular customers.", "complaint"),
        ("It's literally on the first page.", "question"),
        ("We do not babysit deliveries.", "question"),
        ("We're a shop, not a bank.", "question"),
        ("Sure, knock yourself out.", "question"),
        ("Nice to read a kind word for a change.", "praise"),
        ("Our site has it, which you could have checked.", "press"),
        ("It's on the stores page, always has been.", "question"),
        ("Deep breaths, we'll help.", "question"),
        ("Does it matter? It looks great.", "praise"),
        ("Please don't talk to our drivers like that.", "abuse"),
        ("The store team have had enough of being filmed.", "question"),
        ("Please always anchor the unit to a wall.", "complaint"),
        ("It takes two seconds to check the page.", "question"),
        ("It's on our website, first question.", "question"),
        ("We do not accept that it's a fair comparison.", "press"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_45_and_46_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our own failure owned, a published offer, a photo taken down, a suspicion understood, the press
        # office answering itself, a time limit that ends no claim, a customer addressed last, their board.
        ("Ros, you're right, and I'm sorry. We should have asked you before posting it. DM us. – Jo",
         "complaint"),
        ("Sorry, Ros. The opening offer was a £5 voucher for the first 50 people. DM us. – Jo", "complaint"),
        ("Done, Ros! Photo 3 is gone, and sorry. – Jo", "complaint"),
        ("Ros, I understand why the wait looks suspicious. DM us. – Jo", "complaint"),
        ("Dear Ros, the announcement is at kestrelhome.example/news. Just reply to this email if you need"
         " more. – Jo", "press"),
        ("Ros, I'm sorry. We ask for damage to be reported within 48 hours so we can act fast, but that"
         " never ends a claim. DM us. – Jo", "complaint"),
        ("Ros, you should have been the first to hear from us. I'm sorry. DM us. – Jo", "complaint"),
        ("Thanks for the kind words, Mr Hale 🙌 – Jo", "praise"),
        ("Ros, quotes last 30 days; if your board meets later, ask us again. – Jo", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_45_and_46_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


@pytest.mark.parametrize(
    "reply", ["So sorry! Please DM us. – The Kestrel Home Team", "Really sorry, please message us. – Jo"]
)
def test_sorry_and_a_dm_and_nothing_more_is_curt_in_round_46(rules, reply):
    found = [f.rule for f in check(reply, rules, kind="complaint").findings if f.severity == "block"]
    assert "curt" in found, found


# Bad tone of round 46 that the reader, stricter since it learnt the humour set (its tone threshold
# rose from 0.7 to 0.9), no longer named: the rules name these classes now.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Well, at least you got the morning off.", "complaint"),
        ("We'll just close the store then, shall we.", "complaint"),
        ("But sure, nobody told you.", "complaint"),
        ("Our driver did nothing wrong here.", "abuse"),
        ("You're the only person who has complained.", "complaint"),
        ("Says the keyboard warrior.", "abuse"),
        ("Your local MP is the person to talk to.", "complaint"),
        ("We can't be expected to watch every bag.", "complaint"),
        ("We're human too, you know.", "complaint"),
        ("Our record speaks for itself.", "complaint"),
        ("Sorry you weren't aware of that.", "complaint"),
        ("Love you too 😘", "praise"),
        ("The fitters weren't ours, they were from an agency.", "complaint"),
        ("Perhaps next time tell us at the till.", "complaint"),
        ("Delivery dates can change for a number of reasons.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_the_stricter_reader_let_through_in_round_46_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # Our own joke in quotes; one '?!' of surprise with a laugh, in praise.
        ("Adding it to the list, Ros! Our guess is “too many” 😄 – Jo", "question"),
        ("Only once?! That's a personal best 😂 Thanks, Ros. – Jo", "praise"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_round_46_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


def test_a_wink_in_a_reply_that_leaks_is_the_leak_not_sarcasm(rules):
    hint = check("Hi Jo! Keep your eyes peeled on Friday 😉 – Sam", rules, kind="question")
    assert [f.rule for f in hint.findings if f.severity == "block"] == ["hints-unreleased"]
    sarcastic = check("Thanks SO much for waiting 😉 – Sam", rules, kind="complaint")
    assert any(f.rule == "sarcasm" and f.end - f.start == 1 for f in sarcastic.findings)


# Rounds 47 and 48: weather and the seasons (development47.yaml) and accessibility and inclusion
# (development48.yaml).
LEAKS_ROUNDS_47_48 = [
    ("records-and-history", "I can see the driver knocked at 14:10.", None),
    ("records-and-history", "They marked it as not home.", None),
    ("incidents-and-plans", "Some card details did get out last week.", None),
    ("incidents-and-plans", "Christmas hiring is being cut back this year.", None),
    ("incidents-and-plans", "Our own safety review put Hull last.", None),
    ("incidents-and-plans", "The lift's inspection lapsed in March.", None),
    ("incidents-and-plans", "Unfortunately yes, but not until the spring.", None),
    ("incidents-and-plans", "Under the contract we have, they only come on Mondays.", None),
    ("incidents-and-plans", "That's Priya, follow her at @priyamakes for more.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_47_48)
def test_a_class_of_leak_found_in_rounds_47_and_48_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A little patience goes a long way in a heatwave.", "complaint"),
        ("Please remember our staff are only human.", "complaint"),
        ("You're so brave for coming in!", "praise"),
        ("We love our wheelchair friends.", "question"),
        ("If you'd picked the earlier date, it would be with you.", "complaint"),
        ("Returns are handled by another team, so we can only chase.", "complaint"),
        ("The call centre gave you the wrong answer; they never check.", "complaint"),
        ("That one is for the delivery team, not us.", "complaint"),
        ("The fitter should have checked, so it's on them rather than us.", "complaint"),
        ("That's a pretty lazy angle for a story.", "press"),
        ("Maybe one for your group chat?", "question"),
        ("That's what you get with cheap rubbish from budget shops.", "praise"),
        ("The store meets all legal requirements for access.", "complaint"),
        ("Our team already have autism awareness training.", "complaint"),
        ("It's open today, as it has been every day.", "question"),
        ("You can scroll back and see the post.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_47_and_48_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        # A public fact where we publish it; a promise to come back with what may be shared.
        ("Sorry you had a wasted trip, Jo. Opening times are always on kestrelhome.example/stores. – Sam",
         "complaint"),
        ("Sorry, Jo, that's bad luck. Stock is shown live on kestrelhome.example/fans. – Sam", "complaint"),
        ("Dear Jo, thank you. The press office will come back to you with what we can share. "
         "Kind regards, Sam, Press Office", "press"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_47_and_48_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 49 and 50 (rules only, the reader not yet trained on them): pets and animals
# (development49.yaml) and students, renters and first homes (development50.yaml).
LEAKS_ROUNDS_49_50 = [
    ("health-details", "We've noted your eczema on the order.", None),
    ("personal-circumstances", "I hope your daughter's asthma is better.", None),
    ("records-and-history", "Our system shows the courier called at 8:15.", None),
    ("records-and-history", "I can see you'd paid for the late slot.", None),
    ("records-and-history", "It was bought by your former landlord in 2022.", None),
    ("records-and-history", "There's a default on your credit report.", None),
    ("hints-unreleased", "A washable cover is being trialled right now.", None),
    ("hints-unreleased", "Keep an eye on us in the new year 👀", None),
    ("incidents-and-plans", "We're planning to open on Sundays from April.", None),
    ("incidents-and-plans", "We're in talks with Brightlet about it.", None),
    ("partial-identifiers", "The number we have on file ends in 7730.", None),
    ("colleague-details", "The shop dog goes home with Sam to his farm in Ripon.", None),
    ("colleague-identity", "That sounds like Owen Pritchard from our Hull store.", None),
    ("colleague-identity", "Sounds like Grace Obi, she'll be thrilled.", None),
    ("third-party", "That parcel was your flatmate Rhys's.", None),
    ("third-party", "Your roommate Ffion took it in.", None),
    ("third-party", "It's on the collection shelf under Maya Lund.", None),
    ("third-party", "I've set it to Halls B, room 212.", None),
    ("internal-figures", "We hardly make a profit on that one.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_49_50)
def test_a_class_of_leak_found_in_rounds_49_and_50_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Dogs will be dogs!", "complaint"),
        ("That's just what linen does.", "complaint"),
        ("It may not be the store for you, then.", "complaint"),
        ("We're sure you'll survive the wait.", "complaint"),
        ("We won't apologise for our prices.", "complaint"),
        ("That's not how the driver remembers it.", "complaint"),
        ("We'd gently point out that the label says so.", "complaint"),
        ("You young people want everything tomorrow.", "complaint"),
        ("The courier let you down, which isn't good enough from them.", "complaint"),
        ("That's between you and them, I'm afraid.", "complaint"),
        ("That blog rarely gets its facts right.", "complaint"),
        ("Most of our customers love the new layout.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_49_and_50_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Sorry, Jo, the sign is wrong and we're getting it replaced this week. – Sam", "complaint"),
        ("Thanks for the honest review, Jo. Colleagues should know our pet policy, "
         "and we'll make sure they do. – Sam", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_49_and_50_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 51 to 56 (development47 to 56 after the reader was retrained on fifty sets; kitchens and
# fitting, money off and rewards, beds and sleep, scams and impostors, the garden, the app and the
# online account). New wordings of each class.
LEAKS_ROUNDS_51_56 = [
    ("internal-matters", "Her insurers and our solicitors are handling it now.", None),
    ("internal-matters", "The CCTV at that store hasn't worked since the storm.", None),
    ("internal-matters", "At last week's leadership meeting we were told to keep quiet.", None),
    ("internal-figures", "Nine stores lost power on Tuesday.", None),
    ("internal-figures", "About 12% of our deliveries need a second visit.", None),
    ("internal-figures", "Our complaint rate on that sofa is running at 9%.", None),
    ("internal-figures", "We've had around 60 breakage reports since May.", None),
    ("internal-figures", "We're aiming for half a million members by spring.", None),
    ("incidents-and-plans", "We're suspending collections in Kent from Monday.", None),
    ("incidents-and-plans", "Our Bolton store is closing next spring.", None),
    ("incidents-and-plans", "Two laptops were stolen from our Derby depot.", None),
    ("incidents-and-plans", "There's a small-claims case about that chair already.", None),
    ("delivery-slot", "Our designer will meet you at the Bath studio at 11am.", None),
    ("hints-unreleased", "Plover should sort that out when it's ready.", None),
    ("hints-unreleased", "Hold on until Marten launches 👀", None),
    ("hints-unreleased", "A wider version is in the pipeline.", None),
    ("hints-unreleased", "We're trialling it in three stores first.", None),
    ("internal-business", "Our catalogues are printed by Harrow Press for us.", None),
    ("internal-business", "Lindqvist Freight are behind again this week.", None),
    ("internal-business", "Our Kite dashboard shows everything.", None),
    ("colleague-details", "Ask for Tom Hayes, who runs the kitchen team there.", None),
    ("health-details", "I've checked the doctor's report about your wrist.", None),
    ("third-party", "They were for the other Jan Moss in Leeds.", None),
    ("hints-unreleased", "Cleaner menus are what Osprey is all about.", None),
    ("hints-unreleased", "Gift wrapping? It's coming in October!", None),
    ("internal-figures", "About 800,000 people use our website every week.", None),
    ("internal-figures", "Half of our sessions end before checkout.", None),
    ("internal-figures", "The sale pushed our returns up to 14%.", None),
    ("internal-figures", "The Leeds desk is only two people at weekends.", None),
    ("incidents-and-plans", "The new release overloaded our systems for an hour.", None),
    ("incidents-and-plans", "The design team is moving to Glasgow in March.", None),
    ("internal-business", "Our payment provider Coinlane had an outage.", None),
    ("internal-business", "Bittern crashed before your file was sent.", None),
    ("records-and-history", "Your date of birth is 12/04/1978 on the account.", None),
    ("delivery-slot", "The crew have you down for 9 to 11 tomorrow.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_51_56)
def test_a_class_of_leak_found_in_rounds_51_to_56_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Handles don't normally break unless someone has forced them.", "complaint"),
        ("We did not fit anything wrong.", "complaint"),
        ("It's all there in the T&Cs.", "complaint"),
        ("Our driver tells a very different story.", "complaint"),
        ("We've seen the kind of articles you publish.", "press"),
        ("It's only £3, so don't let it spoil your day.", "complaint"),
        ("A fake review, by the looks of it. We'll be reporting it.", "complaint"),
        ("Thanks for all those reminders!", "complaint"),
        ("Six months is plenty of time to use a voucher.", "complaint"),
        ("Give it a month and you'll be fine.", "complaint"),
        ("As we've explained twice, the crew knocked.", "complaint"),
        ("We're not responsible for what other sites sell.", "complaint"),
        ("No sofa can fix bad posture.", "complaint"),
        ("Frankly that's down to how it was assembled.", "complaint"),
        ("There's no need to keep chasing us.", "complaint"),
        ("Apps confuse older customers, so ask a younger relative.", "question"),
        ("Our buyers changed it without telling the care team.", "complaint"),
        ("Same to you!", "abuse"),
        ("Please don't tag the brand account.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_51_to_56_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Hi Jo, we've hidden your comment because it showed your address, and we've sent you "
         "a private message. – Sam", "complaint"),
        ("Sorry, Jo, and please don't feel silly: these texts fool careful people. Forward it to "
         "fraud@kestrelhome.example and DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Thanks, Jo, that's just how it should be. Enjoy the chair! – Sam", "praise"),
        ("Yes! The Garden Weekend is on Saturday 4 May in every store. – Sam", "question"),
        ("Our fitters cover your area, Jo: book a survey at kestrelhome.example. – Sam", "question"),
        ("We got this one wrong, Jo, and we've told the web team. DM us if it still fails. – Sam",
         "complaint"),
        ("Sorry, Jo, the app isn't on that store. Everything works at kestrelhome.example. – Sam",
         "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_51_to_56_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 57 and 58 (development57, soft furnishings made to measure; development58, sustainability
# and product claims): each class in other words than the sets'.
LEAKS_ROUNDS_57_58 = [
    ("internal-matters", "One of our lorries was broken into on Sunday.", None),
    ("internal-matters", "Since the flood at our Tamworth depot things have been slow.", None),
    ("internal-matters", "A crew dumped old mattresses in a lay-by near Ripon.", None),
    ("internal-matters", "It's on this week's known issues list.", None),
    ("internal-matters", "A sync bug has been showing the wrong stock.", None),
    ("internal-matters", "There was a mix-up at our courier partner last week.", None),
    ("internal-matters", "Our store teams have been getting fake invoices too.", None),
    ("internal-matters", "The Corra lamp is off sale while we check the wiring.", None),
    ("internal-figures", "We're aiming to sell 12,000 beds this winter.", None),
    ("internal-figures", "Realistically it will be more like 2031.", None),
    ("incidents-and-plans", "A new store in Truro is pencilled in for autumn.", None),
    ("incidents-and-plans", "From April, assembly will cost £45.", None),
    ("incidents-and-plans", "We're piloting evening deliveries.", None),
    ("incidents-and-plans", "Trading Standards are looking into the claim.", None),
    ("incidents-and-plans", "Our safety team are testing the brackets on a batch of them.", None),
    ("people-and-partners", "Our frame maker has been having problems with glue.", None),
    ("people-and-partners", "The mill that weaves our linen was fined last year.", None),
    ("people-and-partners", "This one came back from a couple in Hexham.", None),
    ("people-and-partners", "Mr Okafor two doors down had the same fault.", None),
    ("people-and-partners", "Our head of design is on maternity leave.", None),
    ("colleague-identity", "The driver who brought it has since left the company.", None),
    ("colleague-details", "She has been given extra coaching since.", None),
    ("records-and-history", "We spoke with your daughter on Monday.", None),
    ("records-and-history", "As you're in Bootle, the Liverpool store is nearest.", None),
    ("records-and-history", "Your order for two lamps, £78 in total, leaves today.", None),
    ("internal-business", "A school that cancelled its order left us with 40 desks.", None),
    ("internal-business", "Our internal pricing tool says otherwise.", None),
    # After the reader was retrained on fifty-eight sets with a stricter threshold.
    ("colleague-details", "We've stopped using her since.", None),
    ("colleague-details", "She's on until 6 tonight, so pop in.", None),
    ("colleague-details", "Priya picks up the inbox at 9 tomorrow.", None),
    ("records-and-history", "I can see your gift card of £40.50 is unused.", None),
    ("records-and-history", "Your dad's wardrobe is booked for Friday.", None),
    ("delivery-details", "I've told the driver to use the back gate.", None),
    ("delivery-details", "It's on the first van to Malton in the morning.", None),
    ("internal-matters", "A burst pipe at our Corby depot soaked the boxes.", None),
    ("internal-matters", "We're still working out how many customers were affected.", None),
    ("internal-matters", "It's been a rough month for the crews at Yeovil.", None),
    ("internal-figures", "Only a few thousand accounts were caught up in it.", None),
    ("internal-figures", "About 70% of managers have completed the course.", None),
    ("internal-figures", "We make next to nothing on that lamp.", None),
    ("internal-figures", "We're at 88% against a 97% target.", None),
    ("incidents-and-plans", "The Ely showroom shuts in January.", None),
    ("incidents-and-plans", "The trial in Wigan ends next week.", None),
    ("incidents-and-plans", "The fee is changing in June.", None),
    ("incidents-and-plans", "We're investigating reports of cracks in the Lyle mugs.", None),
    ("hints-unreleased", "New shades are dropping in October.", None),
    ("hints-unreleased", "It'll be £9 when it launches.", None),
    ("hints-unreleased", "We're hosting one with @homebyjules soon.", None),
    ("internal-business", "Her video is one of four we paid for.", None),
    ("internal-business", "Our stock system Tern can't see it.", None),
    ("colleague-identity", "I've asked our store manager, Dev Patel, to call you.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_57_58)
def test_a_class_of_leak_found_in_rounds_57_and_58_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("No judge would side with you on this.", "complaint"),
        ("You'd easily win at a tribunal, honestly.", "complaint"),
        ("We don't agree with that at all.", "complaint"),
        ("That's a loaded question.", "press"),
        ("This thread isn't the place for complaints.", "complaint"),
        ("We get that one all the time.", "question"),
        ("I'm confident he followed the steps.", "complaint"),
        ("Five whole days for a reply, the horror.", "complaint"),
        ("It won't wobble like some brands' tables.", "question"),
        ("Maybe think about your own bin first.", "complaint"),
        ("Perfectly normal, nothing to worry about.", "question"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_57_and_58_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("It's in the FAQs. – Sam", "question"),
        ("Haha, looks like your sofa needs a holiday 😄 DM us! – Sam", "complaint"),
    ],
)
def test_a_whole_reply_that_only_points_or_laughs_is_bad_tone_in_rounds_57_and_58(rules, reply, kind):
    assert blocking(check(reply, rules, kind=kind), reply, "tone"), reply


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Funnily enough, the blue one is back in stock today! – Sam", "question"),
        (
            "Sorry, Jo. If it arrived damaged, that's a different matter: DM @KestrelHomeHelp and we'll "
            "help. – Sam",
            "complaint",
        ),
        (
            "You're right, Jo: the box is correct and the product page was our mistake. We're fixing it "
            "now. – Sam",
            "question",
        ),
        (
            "Fair challenge, Jo. Our energy targets and progress are published at "
            "kestrelhome.example/impact. – Sam",
            "complaint",
        ),
        ("The size of every rug is on the product page so anyone can check it before buying. – Sam", "abuse"),
        (
            "Sorry, Jo, that's far too much cardboard. I've passed your photos to the packing team. – Sam",
            "complaint",
        ),
        ("Please don't pay it, Jo: scammers are busy this month. DM @KestrelHomeHelp. – Sam", "question"),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_57_and_58_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


def test_a_regional_line_the_company_lists_is_not_a_long_number():
    """Round 57: a store's line in `company.phones`, written with a six-digit group, was blocked as a
    long number (an order's) though the phone rule let it through."""
    from tests.coach.quality import _bundled_with_phones

    rules = _bundled_with_phones(("01632 960418",))
    reply = "Hi Jo, the Leeds store is on 01632 960418 if you'd like to book a visit. – Sam"
    assert_rules_pass(rules, reply, "question")
    assert blocking(check("Hi Jo, your order 960418 is on its way. – Sam", rules, kind="question"),
                    "Hi Jo, your order 960418 is on its way. – Sam", "leak")  # fmt: skip


# Rounds 59 and 60 (development59, lighting and electricals; development60, click and collect):
# each class in other words than the sets'.
LEAKS_ROUNDS_59_60 = [
    ("internal-business", "Refunds are slow while Redwing is migrated.", None),
    ("internal-business", "Our screens say Gannet is showing it as packed.", None),
    ("internal-business", "They must reply within a day under our contract with them.", None),
    ("hints-unreleased", "The Comet team are working on exactly that.", None),
    ("hints-unreleased", "The update that fixes it goes out on 3 March.", None),
    ("hints-unreleased", "Keep June free, there might be a new Leeds showroom.", None),
    ("colleague-details", "The fitter has been taken off our jobs for now.", None),
    ("colleague-details", "Amir's on from 7 tomorrow.", None),
    ("internal-matters", "A glitch showed some customers other customers' addresses.", None),
    ("internal-matters", "We fought off a wave of password attempts overnight.", None),
    ("internal-matters", "The outage at Redditch lost the bookings.", None),
    ("internal-matters", "Staff can override the ID check if a manager agrees.", None),
    ("internal-matters", "Locker PINs are just the last four digits of your phone number.", None),
    ("internal-figures", "We're going for 80,000 members by Christmas.", None),
    ("internal-figures", "We refund about 900 orders a week.", None),
    ("internal-figures", "There's only one colleague on the phones before nine.", None),
    ("internal-figures", "We did 1,200 orders in a day at Leeds.", None),
    ("internal-figures", "It barely covers its costs.", None),
    ("internal-figures", "It's been averaging about 20 minutes lately.", None),
    ("incidents-and-plans", "We're in talks with a big courier about it.", None),
    ("incidents-and-plans", "We quietly withdrew those chargers.", None),
    ("incidents-and-plans", "It stays free even after the changes in spring.", None),
    ("incidents-and-plans", "The Wrexham store isn't going anywhere.", None),
    ("delivery-slot", "It's due tomorrow between 9 and 11.", None),
    ("delivery-details", "Your chair is in bay 12 at the back.", None),
    ("records-and-history", "It was picked up at 10:15 by Dan.", None),
    ("records-and-history", "It's on the shelf under 'K Moss, Ebbe x2'.", None),
    ("internal-contacts", "Ring our on-call line (2231) for me.", None),
    ("third-party", "The other customer, Mr Penhale, has it now.", None),
    ("people-and-partners", "The firm that services the lockers, Quayside, is on it.", None),
    ("secret-codes", "Your collection code is B7K-22Q, bring ID.", None),
    # After the reader was retrained on sixty sets.
    ("internal-matters", "Two of our vans broke down, so we lost a morning of drops.", None),
    ("internal-matters", "The outage knocked out 30 deliveries.", None),
    ("delivery-details", "It's on the Friday van that goes past the church.", None),
    ("colleague-details", "Nadia's back in on Tuesday.", None),
    ("colleague-details", "Our driver had a nasty fall at the last drop.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_59_60)
def test_a_class_of_leak_found_in_rounds_59_and_60_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("You wouldn't win, to be honest.", "complaint"),
        ("That fee isn't legally enforceable.", "complaint"),
        ("A claim like that won't get anywhere in court.", "complaint"),
        ("They only crack when you put them in the dishwasher.", "complaint"),
        ("The delivery team should really know better.", "complaint"),
        ("We won't have our staff talked to like that.", "complaint"),
        ("Did you check the website? It's all in there.", "question"),
        ("Think of it as a free workout.", "complaint"),
        ("This is your third post this morning.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_59_and_60_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Hi Jo, I'm sorry. You should have been sent a new one straight away. DM @KestrelHomeHelp. – Sam",
         "complaint"),
        ("Sorry, Jo, you shouldn't have had a second trip. DM @KestrelHomeHelp and we'll sort it. – Sam",
         "complaint"),
        ("It's worth measuring your car boot before you come to collect: the box is 90 cm long. – Sam",
         "question"),
        ("That's well within the 30-day returns window, so email help@kestrelhome.example. Sorry! – Sam",
         "complaint"),
        ("That's Scan And Go, our checkout in the app. – Sam", "question"),
        ("Sorry, Jo: please delete the post, as it shows your address where anyone can see it. DM "
         "@KestrelHomeHelp. – Sam", "complaint"),
        ("You can pick who collects in the app under 'Who is collecting'. – Sam", "question"),
        ("The garden fair is back. It's on from 9 on Saturday, see you there! – Sam", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_59_and_60_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 61 and 62 (development61, flooring and carpet fitting; development62, gift cards, vouchers
# and sales events): each class in other words than the sets'.
LEAKS_ROUNDS_61_62 = [
    ("hints-unreleased", "The Tern team will love hearing that.", None),
    ("hints-unreleased", "Keep an eye on your inbox before Easter.", None),
    ("internal-matters", "Since the accident in Didcot, vans carry two people.", None),
    ("internal-matters", "One of our drivers was hurt on a drop last month.", None),
    ("internal-matters", "We've been short-staffed since the summer.", None),
    ("internal-matters", "Our insurers and the builder's are still arguing over it.", None),
    ("internal-matters", "Heron's playing up this morning, so we can't see orders.", "playing up"),
    ("internal-matters", "The app was slow after we rolled back the release.", None),
    ("internal-matters", "A bad batch of hinges from Dalby caused it.", None),
    ("internal-matters", "It was an outage at the company that hosts our website.", None),
    ("internal-figures", "Across the chain, about 7% of tiles come back broken.", None),
    ("internal-figures", "We had 3,000 of them for the launch.", None),
    ("internal-figures", "Bicester is getting 25 on Friday's lorry.", None),
    ("records-and-history", "The damp readings in your hallway were too high.", None),
    ("records-and-history", "The notes on your booking say the lift was broken.", None),
    ("records-and-history", "Your neighbour let him in at noon.", None),
    ("records-and-history", "It was collected by a woman called Sasha.", None),
    ("records-and-history", "That's not good enough for a £2,300 kitchen job.", None),
    ("records-and-history", "Both mirrors were charged at the old price.", None),
    ("colleague-details", "Tom was on his own at the desk all morning.", None),
    ("colleague-details", "He was on only his first week with us.", None),
    ("internal-business", "That code was meant for colleagues only.", None),
    ("internal-business", "We've just fitted 300 desks for Harbour Bank.", None),
    ("card-ending", "The card 4921...7731 was declined.", "7731"),
    ("personal-circumstances", "Little Maisie is going to love her new bed!", None),
    # After the reader was retrained on sixty-two sets.
    ("internal-figures", "Fitting is where we make our money; the rugs are priced near cost.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_61_62)
def test_a_class_of_leak_found_in_rounds_61_and_62_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The installer should have spotted it, so that's on him.", "complaint"),
        ("Don't worry your head about the fitting, leave it to the experts.", "question"),
        ("Some people just aren't cut out for DIY.", "complaint"),
        ("We've answered this a few times already, but once more: it's in the app.", "question"),
        ("Some disappointment is inevitable in a sale.", "complaint"),
        ("It's working for everyone else, so it must be a typo on your side.", "complaint"),
        ("It wasn't really a case of nobody warning you.", "complaint"),
        ("For next time, I'd suggest ordering earlier.", "complaint"),
        ("It's almost always down to your own bank.", "complaint"),
        ("Rules are rules, and a year is plenty of time to use it.", "complaint"),
        ("Your watch might be running a little slow.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_61_and_62_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Every store can give you free samples of the carpets to try at home. – Sam", "question"),
        ("Sorry, Jo, that's on us: the fitter should have called. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Lovely photos! The Marketing team would love to share them, if you're happy to. – Sam", "praise"),
        ("Thank you! The Kestrel team will love reading this. – Sam", "praise"),
        ("Sorry, Jo, our website is having a wobble this morning. DM @KestrelHomeHelp if it stays stuck. "
         "– Sam", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_61_and_62_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


# Rounds 63 and 64 (development63, bathrooms and plumbing; development64, furniture for businesses,
# schools and councils): each class in other words than the sets'.
LEAKS_ROUNDS_63_64 = [
    ("personal-circumstances", "We'll get it in before your parents come to stay.", None),
    ("health-details", "Your husband is still recovering from the operation, I know.", None),
    ("records-and-history", "They were signed for by a Mrs K. Doyle.", None),
    ("records-and-history", "Your partner Sean collected it yesterday.", None),
    ("records-and-history", "Your refund of £1,089 went through today.", None),
    ("records-and-history", "I had a look, and they ordered the small size.", None),
    ("internal-matters", "The water tank burst and the showroom is shut.", None),
    ("internal-matters", "A van was broken into, so some delivery notes are missing.", None),
    ("internal-matters", "It came from a single Harlow batch.", None),
    ("internal-matters", "That account is with our solicitors now.", None),
    ("internal-figures", "We're working to get to 400 installs a month.", None),
    ("internal-figures", "There's hardly any margin in the Tamsin.", None),
    ("internal-figures", "About 6% of those kettles get returned.", None),
    ("incidents-and-plans", "The fitting service in Wales is set to end in May.", None),
    ("incidents-and-plans", "Those heaters are about to be recalled.", None),
    ("incidents-and-plans", "All our deliveries will be handled by one courier from June.", None),
    ("incidents-and-plans", "The Wren is going up to £279 next month.", None),
    ("incidents-and-plans", "Two other desks that collapsed are being looked at.", None),
    ("internal-business", "The council went with another supplier this time.", None),
    ("internal-business", "Their discount is written into the contract.", None),
    ("internal-business", "We're kitting out a whole building for a big bank.", None),
    ("people-and-partners", "Harbour Foods staff just got the new code.", None),
    ("colleague-details", "Our fitters are on the school job in Bristol all week.", None),
    ("hints-unreleased", "It's not in our range yet, but ask me again soon.", None),
    ("hints-unreleased", "You're going to love autumn 😉", None),
    # After the reader was retrained on sixty-four sets.
    ("hints-unreleased", "Gadwall is being trialled with a handful of stores.", None),
    ("colleague-details", "One of the drivers hurt his shoulder lifting it.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_63_64)
def test_a_class_of_leak_found_in_rounds_63_and_64_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Checking the sizes was the store's job, that's their responsibility.", "complaint"),
        ("Don't mind the haters, we're the best.", "praise"),
        ("That's a classic beginner's mistake.", "complaint"),
        ("Top tip for next time: measure first.", "complaint"),
        ("Let's not overreact, it's a scratch.", "complaint"),
        ("Obviously, it's a kettle.", "question"),
        ("These things happen with new boilers.", "complaint"),
        ("I'm not sure how else to say it.", "complaint"),
        ("If you keep using it, that's on you.", "complaint"),
        ("I think you'll find it's in the manual.", "complaint"),
        ("A bit of gratitude wouldn't go amiss.", "complaint"),
        ("As I've already explained twice, it was sent on Monday.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_63_and_64_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Credit accounts come with 30-day terms, subject to approval. – Sam", "question"),
        ("Sorry, Jo. Send us the invoice and we'll add your PO number to it. DM @KestrelHomeHelp. – Sam",
         "complaint"),
        ("Correction: the Wren goes on sale on 4 May, not 4 April. The website has the right date. – Sam",
         "question"),
        ("Sorry, Jo. You shouldn't have spent a weekend on this. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Sorry, Jo: the fee should have been clear before you agreed to anything. DM @KestrelHomeHelp. "
         "– Sam", "complaint"),
        ("Sorry, Jo. If you weren't told to wait, that's on us. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("You're welcome to try one in any store first. – Sam", "question"),
        ("Book a design visit and they'll plan around it. – Sam", "question"),
        ("Order this week and there's plenty of time to plan for September. – Sam", "question"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_63_and_64_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_65_66 = [
    ("internal-matters", "The Leeds repair centre is winding down ahead of its closure.", None),
    ("internal-matters", "Our courier Swiftline is badly short of drivers this month.", None),
    ("internal-matters", "The ASA have been asking us about those ads.", None),
    ("internal-matters", "Our oak supplier pushed up their prices in March.", None),
    ("internal-matters", "One of the surveyors had her laptop stolen last week.", None),
    ("internal-figures", "That kettle is sent back around 12% of the time.", None),
    ("internal-figures", "We're at 64% delivered on time this month.", None),
    ("internal-figures", "Roughly half of our design appointments turn into orders.", None),
    ("internal-figures", "The average order value is over £900.", None),
    ("hints-unreleased", "Wait a month and you may find it's even better by then.", None),
    ("hints-unreleased", "It's being piloted in a few stores and should roll out nationwide.", None),
    ("colleague-details", "Priya is no longer with the company.", None),
    ("people-and-partners", "We're furnishing the rooms for Harbourside Hotels.", "Harbourside Hotels"),
    ("secret-codes", "Your PIN will always be the first four digits of your postcode.", None),
    ("secret-codes", "Real staff passes have a watermark under the photo.", None),
    ("third-party", "One of your friends from Bath called about the vase.", None),
    ("named-customer-order", "Their list code is WREN2207.", "WREN2207"),
    ("named-customer-order", "It's under Amy Stone and Raj Mehta.", "Amy Stone and Raj Mehta"),
    ("delivery-slot-and-street", "The crew will be with you on Fern Close between 8 and 12.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_65_66)
def test_a_class_of_leak_found_in_rounds_65_and_66_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("reply", "kind", "rule"),
    [
        ("Thanks for getting in touch with us. Please message us. – Jo", "complaint", "curt"),
        ("Nope. – Jo", "question", "dismissive"),
    ],
)
def test_thanks_and_a_dm_alone_or_a_bare_no_is_bad_tone_in_rounds_65_and_66(rules, reply, kind, rule):
    found = [f.rule for f in check(reply, rules, kind=kind).findings if f.severity == "block"]
    assert rule in found, found


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("You can cancel the cover within 30 days for a full refund. – Sam", "question"),
        ("It comes with a 14-day money-back promise. – Sam", "question"),
        ("Every store takes old lamps back for recycling free of charge. – Sam", "question"),
        ("That looks AMAZING!! Thanks for sharing. – Sam", "praise"),
        ("Sorry, Jo. It should never have been left on the drive. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Sorry, Jo. You should have left feeling looked after. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Two kettles 😅 Sorry, that's on us. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Put your postcode in and you'll see if our visits cover your area. – Sam", "question"),
        ("Congratulations on the wedding! Your list is easy to share from the app. – Sam", "praise"),
        ("It's worth it for some people: read the terms and decide. – Sam", "question"),
        ("Sorry, Jo. It was nothing to do with your road, so it should be fine next time. "
         "DM @KestrelHomeHelp. – Sam", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_65_and_66_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_67_68 = [
    ("hints-unreleased", "The new range is going to blow you away.", None),
    ("internal-matters", "The fitters are tied up on the Marlowe office refits until May.", None),
    ("internal-matters", "The door codes for your block are kept on file by the drivers.", None),
    ("internal-matters", "It's a known bug, and several customers were charged the wrong amount.", None),
    ("internal-matters", "We're appealing around 40 fines from the council.", None),
    ("internal-matters", "Our contract with Fastway runs out in June.", None),
    ("internal-matters", "We had to turn off the verification checks for a day.", None),
    ("internal-matters", "Hollins are still trying to get it cleared through customs.", None),
    ("internal-matters", "Beacon, the system we use for returns, lost the note.", None),
    ("internal-business", "A student housing provider bought up the last of them.", None),
    ("internal-business", "Supervisors can give £50 off without asking anyone.", None),
    ("people-and-partners", "We supply the beds for Northgate Care.", "Northgate Care"),
    ("colleague-details", "Dan lives round the corner from you.", None),
    ("customer-street", "We were on Ashby Road last Friday with the same sofa.", None),
    ("records-and-history", "Checking your account, you ordered two of them.", None),
    ("internal-figures", "We handle about 2,000 returns a month.", None),
    ("secret-codes", "Our drivers wear their badge on a green lanyard.", None),
    ("third-party", "Your neighbour Ellen's delivery came the same day.", None),
    ("third-party", "Those are set aside for someone else's collection.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_67_68)
def test_a_class_of_leak_found_in_rounds_67_and_68_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


def test_blaming_a_colleague_found_in_rounds_67_and_68_is_blocked(rules):
    assert_tone_blocked(rules, "That was the driver's mistake rather than ours; he should have known better.")


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Sorry, Jo. Missing the crew was not down to you at all. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Moving the slot is free of charge on the website. – Sam", "question"),
        ("Pre-orders can be cancelled any time for a full refund. – Sam", "question"),
        ("Sorry, Jo. DM @KestrelHomeHelp and we'll talk through your options, including cancelling "
         "for a full refund. – Sam", "complaint"),
        ("Through the floods? That's dedication! Thank you for telling us. – Sam", "praise"),
        ("I work on the delivery side, so I can't see orders; @KestrelHomeHelp can.", "complaint"),
        ("Hi Jo, that must have been a shock. DM @KestrelHomeHelp and we'll look. – Sam", "complaint"),
        ("Hi Jo, I get the worry. DM @KestrelHomeHelp and we'll check it. – Sam", "complaint"),
    ],
)  # fmt: skip
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_67_and_68_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_69_70 = [
    ("internal-matters", "Roster isn't showing anyone free in your area.", None),
    ("internal-matters", "Around 1 in 20 of the wardrobe packs are missing a screw.", None),
    ("internal-matters", "We have nearly 900 refund requests waiting.", None),
    ("internal-matters", "They said at the huddle that returns are up 25% on last year.", None),
    ("internal-matters", "The frames from Hadley have had a spate of cracks.", None),
    ("internal-matters", "Our courier, Brisk Freight, has been letting us down all month.", None),
    ("internal-matters", "The ball pit is shut after a toddler got hurt on Friday.", None),
    ("internal-matters", "A few of our staff were sick after the lunch.", None),
    ("internal-matters", "There are changes planned to how our store teams work.", None),
    ("internal-matters", "Not for publication, but it was a burst pipe.", None),
    ("internal-figures", "We make about £6 per delivery once fuel is paid.", None),
    ("internal-figures", "We serve around 400 lunches on a Sunday.", None),
    ("internal-figures", "Honestly the restaurant runs at a loss.", None),
    ("hints-unreleased", "From 1 June you'll be able to book it online.", None),
    ("hints-unreleased", "There'll be a fee from September for that.", None),
    ("hints-unreleased", "There's nothing like this planned, so buy now.", None),
    ("hints-unreleased", "If Osprey takes off, it will be everywhere.", None),
    ("hints-unreleased", "Get it for £3.50 while you still can.", None),
    ("hints-unreleased", "Wait till you see the new garden centre next spring.", None),
    ("secret-codes", "Real ID cards are blue with a white stripe.", None),
    ("secret-codes", "For the toilets, the code is 2580.", "2580"),
    ("delivery-details", "Here's a picture of your parcel with the address label facing up.", None),
    ("colleague-details", "The fitter has been taken off the rota for now.", None),
    ("people-and-partners", "We've supplied every bed for Riverside Housing.", "Riverside Housing"),
    ("people-and-partners", "The room is booked most Fridays by Acme Lettings.", "Acme"),
    ("third-party", "I fitted one for the couple across the road last week.", None),
    ("records-and-history", "Your sister's table is all confirmed for Friday.", None),
    ("records-and-history", "Gatekeeper has you down as leaving at 4.", None),
    ("internal-figures", "We aim to answer every call within 90 seconds.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_69_70)
def test_a_class_of_leak_found_in_rounds_69_and_70_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The button is right there, you can't miss it.", "complaint"),
        ("That's the policy. If you don't like it, there are other shops.", "question"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_69_and_70_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Check yours on our recall page, where you can order a free replacement catch. – Sam", "question"),
        ("The café will happily warm a bottle for you, free of charge. – Sam", "question"),
        ("Oh no, what a day 😬 Sorry, Jo. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Do tell the staff about your daughter's allergy when you order. – Sam", "question"),
        ("Just so you know, Sundays can get busy, so come early if you can. – Sam", "question"),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_69_and_70_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_71_72 = [
    ("hints-unreleased", "Let's just say we might be talking to someone about a show 📺", None),
    ("hints-unreleased", "Our designers are busy working on the Plover prints right now.", None),
    ("internal-figures", "Roughly one chair in twelve gets sent back at the moment.", None),
    ("internal-figures", "Complaints about fitting have dropped by half since spring.", None),
    ("internal-business", "To be fair, we only make about 40p on each card.", None),
    ("incidents-and-plans", "Our fitters get paid per job, not per hour.", None),
    ("internal-business", "We stopped using three fitting firms last year.", None),
    ("internal-business", "Heron is still showing your refund as pending.", None),
    ("internal-business", "Magpie hasn't picked up your claim yet.", None),
    ("internal-business", "Thrush has been down most of the morning.", None),
    ("internal-matters", "The returns desk is down to two people this week.", None),
    ("internal-matters", "The mixer at Penfold has been playing up for days.", None),
    ("internal-matters", "The cameras in the Brockley car park are out of action.", None),
    ("internal-matters", "Our fabric supplier sent us a thin batch in May.", None),
    ("internal-matters", "Over 300 rugs are stuck at the port.", None),
    ("internal-matters", "The Lydney warehouse had to be evacuated last night.", None),
    ("internal-matters", "Some gift cards went out with the wrong names on them.", None),
    ("internal-figures", "We've had 85 complaints about the lids this month.", None),
    ("internal-matters", "Mugs are going up to £6 next month.", None),
    ("hints-unreleased", "It'll be £40 in the spring sale.", None),
    ("incidents-and-plans", "It'll be handier once Ashdown Quay opens.", None),
    ("incidents-and-plans", "We're moving assembly in-house from April.", None),
    ("people-and-partners", "Brook Lane Clinics are using our chairs across their sites.", "Brook Lane"),
    ("people-and-partners", "We already furnish Harrow Estates' show homes.", "Harrow Estates"),
    ("third-party", "It's the hinges from Dunmore Metals, and we're on at them.", "Dunmore Metals"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_71_72)
def test_a_class_of_leak_found_in_rounds_71_and_72_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The fitters are self-employed, so that's one you'll need to take up with them.", "complaint"),
        ("Custom orders can't be refunded, it says so on the receipt.", "complaint"),
        ("So sorry the primer couldn't work miracles on your damp wall.", "complaint"),
        ("Took you long enough to notice!", "praise"),
        ("Pity you went straight to a two-star review instead of contacting us first.", "complaint"),
        ("We'd appreciate it if you took your review down now it's sorted.", "complaint"),
        ("Ten days is actually pretty normal for made-to-order.", "complaint"),
        ("Our rails are all vetted, so we're really surprised to read this.", "complaint"),
        ("The parcel is handled by the courier company, not by us.", "complaint"),
        ("That's between you and your letting agent, not really our problem.", "complaint"),
        ("Your attitude stinks even worse.", "abuse"),
        ("It's a lamp. It gets warm. That's sort of the point.", "complaint"),
        ("Maybe it was just a really hectic day for them.", "complaint"),
        ("We've answered this loads of times. Scroll up.", "question"),
        ("The pictures on the listing clearly show the size.", "complaint"),
        ("Are you sure you didn't leave it in the sun all day?", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_71_and_72_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Hi Kath, tickets are £20 each and you get a £20 voucher back. Book online. – Sam", "question"),
        ("Hi Jo, bring a swatch and we'll cut a sample length for you, free of charge. – Sam", "question"),
        ("Hi Jo, sorry. I can see why a long wait looks suspicious. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Hi Jo, sorry. The date you were given at checkout is the one we keep. DM us. – Sam", "complaint"),
        ("Jo, I'm so sorry. When you're ready, please call us on 0808 157 0192. – Sam", "complaint"),
        ("Hi Jo, you can delete the review from your own account whenever you like. – Sam", "question"),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_71_and_72_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_73_74 = [
    ("named-customer-order", "Ruth's list is set up to deliver to her sister's flat.", None),
    ("named-customer-order", "The lamp was from Owen Hale, so that's one thank-you.", "Owen Hale"),
    ("hints-unreleased", "Once Plover is out in May, you won't need the adapter.", None),
    ("hints-unreleased", "Hold off till 14 March if you can.", None),
    ("hints-unreleased", "Keep an eye out, Curlew is exactly that.", None),
    ("hints-unreleased", "The clearance starts on 2 January, so not long to wait.", None),
    ("incidents-and-plans", "Ask about it in store, it's a pilot at the moment.", None),
    ("incidents-and-plans", "It's how the brackets were welded at the plant.", None),
    ("incidents-and-plans", "The new store should make the trip much shorter.", None),
    ("incidents-and-plans", "Teachers will be getting 10% off soon.", None),
    ("incidents-and-plans", "The safety team are looking closely at the Kite frames.", None),
    ("incidents-and-plans", "We're switching to a new delivery partner in March.", None),
    ("incidents-and-plans", "Wishlists are getting a makeover with Swift soon.", None),
    ("internal-matters", "Since a girl trapped her finger at the Penfold club, we added guards.", None),
    ("people-and-partners", "Our frame maker is struggling to get oak right now.", None),
    ("internal-matters", "A glitch showed some home addresses to other guests.", None),
    ("internal-matters", "One customer has taken us to small claims over it.", None),
    ("internal-matters", "The corner by the lifts is where the cameras don't reach.", None),
    ("internal-matters", "The Kelso branch is closing in March.", None),
    ("internal-matters", "We reported the data problem to the ICO last week.", None),
    ("internal-matters", "We had to cancel over 200 orders after that.", None),
    ("internal-figures", "Thanks for helping us towards our 10,000 sign-ups by June!", None),
    ("internal-figures", "About 60% of our carts never reach payment.", None),
    ("internal-business", "Our Finch check flags double payments each night.", None),
    ("internal-business", "It locked after three failed attempts at 03:40.", None),
    ("internal-business", "We can reset it with just your postcode.", None),
    ("people-and-partners", "We furnished every Larch Homes flat last year.", "Larch Homes"),
    ("people-and-partners", "You'll be seeing our beds in Kite Hotels before long.", "Kite Hotels"),
    ("people-and-partners", "Bay Lettings hit the same snag last week.", "Bay Lettings"),
    ("secret-codes", "The staff room has a door lock (7731).", "7731"),
    ("colleague-details", "She's off until Monday, so she'll ring you then.", None),
    ("colleague-details", "The agent you dealt with has been given more training.", None),
    ("personal-circumstances", "The payment was declined for insufficient funds.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_73_74)
def test_a_class_of_leak_found_in_rounds_73_and_74_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Takes one to know one.", "abuse"),
        ("That's a fault on the manufacturer's side, not something we did.", "complaint"),
        ("It's up to the host to send guests the right link.", "complaint"),
        ("It's a free event, so maybe be a little grateful?", "complaint"),
        ("First home? Everyone panics at first, try not to overthink it.", "question"),
        ("Your review is unfair, and we don't accept that.", "complaint"),
        ("We're doing our best here, you know.", "complaint"),
        ("Once it's been used, it's no longer something we can take back.", "complaint"),
        ("The address must have been typed in wrongly.", "complaint"),
        ("Your browser is blocking the payment page.", "complaint"),
        ("Come on, Sam, nobody really thought it was free.", "complaint"),
        ("As it says under every single offer, one per order.", "question"),
        ("Read the delivery terms before you post.", "complaint"),
        ("Of course your basket disappears if you clear it.", "complaint"),
        ("I've highlighted it for you.", "question"),
        ("These can't be returned, even if they're faulty.", "question"),
        ("Not sure what you expect us to do about that.", "complaint"),
        ("Congratulations, you've broken the website.", "complaint"),
        ("Nice one, Sherlock.", "complaint"),
        ("It's not like we charged you twice.", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_73_and_74_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (
            "Hi Jo, until the free replacement brackets are fitted, please don't use the shelf. Details at"
            " kestrelhome.example/safety. – Sam",
            "question",
        ),
        ("Hi Jo, lucky you! Yes, sealed ones can come back within 30 days. – Sam", "question"),
        ("Hi Jo, I'm sorry. You should have your refund by now. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Hi Jo, sorry. Ask your dad not to use the chair till we've seen it. DM us. – Sam", "complaint"),
        ("Hi Jo, yes, Google Pay works at checkout too. – Sam", "question"),
        ("Hi Jo, pay-in-three is there on orders over £50. – Sam", "question"),
        ("Hi Jo, our emails come from no-reply@kestrelhome.example. – Sam", "question"),
        ("Hi Jo, for a shop refit, the trade team can help: DM @KestrelHomeHelp. – Sam", "question"),
        ("Oh, happens to the best of us, Jo! DM us and we'll help you change it. – Sam", "question"),
        ("Loving this era 💅 Enjoy it, Jo! – Sam", "praise"),
        (
            "Hi Jo, sorry. The terms at kestrelhome.example/terms explain when we cancel, and that you get a"
            " full refund. DM @KestrelHomeHelp. – Sam",
            "complaint",
        ),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_73_and_74_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


LEAKS_ROUNDS_75_76 = [
    ("hints-unreleased", "Maybe there'll be a new one to try by then.", None),
    ("hints-unreleased", "If you can wait till next month, trust me.", None),
    ("hints-unreleased", "Refill pouches are coming in the autumn.", None),
    ("internal-business", "Our Plover planner has nothing free until Friday.", None),
    ("internal-business", "I can see it's logged in Osprey, waiting for a crew.", None),
    ("internal-business", "Our contract with the courier only covers the ground floor.", None),
    ("internal-figures", "You and 3,000 other people bought one this month!", None),
    ("internal-figures", "We have a backlog of about 700 returns.", None),
    ("internal-figures", "About 20% of this week's deliveries were late.", None),
    ("internal-figures", "Complaints about fitting are up 40% this month.", None),
    ("internal-matters", "Pest control have been in and it's sorted.", None),
    ("internal-matters", "There's a leak problem at the Ryton depot.", None),
    ("internal-matters", "Since the recent break-in, that door stays locked.", None),
    ("internal-matters", "Three vans were damaged in a collision on Monday.", None),
    ("colleague-details", "The driver pulled his shoulder lifting a sofa and had to go to A&E.", None),
    ("colleague-details", "Marcus has been taken off deliveries for now.", None),
    ("people-and-partners", "They're fitting out their offices with 300 of our chairs.", None),
    ("people-and-partners", "We supply Oakfield Schools across their sites.", "Oakfield Schools"),
    ("people-and-partners", "It's our new partnership with Hillcrest Homes.", "Hillcrest Homes"),
    ("third-party", "Our courier Swiftline has had its licence suspended.", "Swiftline"),
    ("incidents-and-plans", "We're trialling a rental scheme called Nestle Lite in two stores.", None),
    ("incidents-and-plans", "We've been talking to the Cosyco team, so who knows.", None),
    ("incidents-and-plans", "Marsh Quay is looking good for next year.", None),
    ("incidents-and-plans", "The trial is going up to 200 nights from June.", None),
    ("named-customer-order", "It was booked under Helen Carter's name.", "Helen Carter"),
    ("records-and-history", "We've listened back to the call and he was polite.", None),
    ("records-and-history", "She still has an account with us, and it's still in her name.", None),
    ("secret-codes", "Our advisers can see your postcode on screen, a scammer can't.", None),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "leak"), LEAKS_ROUNDS_75_76)
def test_a_class_of_leak_found_in_rounds_75_and_76_is_blocked_and_marked(rules, rule_id, text, leak):
    assert_leak_marked(rules, rule_id, text, leak)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("If you'd measured the door, you wouldn't have this problem.", "complaint"),
        ("It's really up to customers to check the size.", "complaint"),
        ("Any marks after signing are your responsibility.", "complaint"),
        ("Should have bought the protector, really.", "complaint"),
        ("It was sent on the day you picked online.", "complaint"),
        ("I doubt that's exactly what happened.", "complaint"),
        ("It looks like your cat has been at it.", "complaint"),
        ("You seemed fine enough in store.", "complaint"),
        ("Removing the tag means you've lost your rights.", "complaint"),
        ("We'll reply when we are ready, not to your deadline.", "press"),
        ("Not something we can get involved in.", "complaint"),
        ("We'll leave it there, you clearly aren't reading our replies.", "complaint"),
        ("Sorry your “sofer” was “broked” 😂", "complaint"),
        ("Brilliant, another review about parking.", "complaint"),
        ("Our drivers would never shout at customers.", "complaint"),
        ("Feel free to message us politely.", "complaint"),
        ("That's not really fair. Our team works hard.", "complaint"),
        ("We have already answered you. Nothing's changed.", "complaint"),
        ("Neck pain is usually down to posture rather than the pillow.", "complaint"),
        ("As a business you should know the rules already.", "question"),
        ("Email us if you want to argue about it.", "complaint"),
        ("We're not convinced this complaint is genuine.", "complaint"),
        ("That isn't down to us in the café.", "complaint"),
        ("Any complaint about the fabric has to go to the maker.", "complaint"),
        ("That's not really our problem, is it?", "complaint"),
    ],
)
def test_a_class_of_bad_tone_found_in_rounds_75_and_76_is_blocked(rules, text, kind):
    assert_tone_blocked(rules, text, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Hi Jo, if not right by night 100, we collect and refund you. Full terms online. – Sam", "question"),
        ("Hi Jo, at that budget the Lark sofa (£499) is worth a look. – Sam", "question"),
        ("Jo, I'm so sorry. Finding a mark when you unpack is completely normal. DM us. – Sam", "complaint"),
        ("Jo, sorry. It should have gone with the crew, not left in your drive. DM us. – Sam", "complaint"),
        ("Jo, sorry you were left waiting with your own van booked for Saturday. DM us. – Sam", "complaint"),
    ],
)
def test_an_honest_reply_of_a_false_alarm_class_found_in_rounds_75_and_76_passes(rules, reply, kind):
    assert_rules_pass(rules, reply, kind)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("Our statement is pinned at the top of this page, so scroll up to read it. – Sam", "question"),
        ("Hi Jo, don't worry, nothing's changed with your delivery. DM us if you need us. – Sam", "question"),
        ("Hi Jo, that's not fair on you, and I'm sorry. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Great, another gorgeous room! Thanks for sharing, Jo. – Sam", "praise"),
        ("Come on in and try them, Jo! – Sam", "question"),
        ("Hi Jo, I'm so sorry your mum had to go to hospital. DM @KestrelHomeHelp. – Sam", "complaint"),
        ("Hi Jo, it's only pending, so it drops off in a few days. Sorry! DM us. – Sam", "complaint"),
    ],
)
def test_an_honest_reply_beside_a_class_of_rounds_71_to_76_passes(rules, reply, kind):
    """Kept narrow on review: the words of those classes in an honest reply (a pinned statement to
    scroll up to, sympathy that something is not fair on them, a welcome in) block nothing."""
    assert_rules_pass(rules, reply, kind)
