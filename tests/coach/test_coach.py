"""The response coach: each rule of content/coach.yaml, spans, severities and the rules file."""

import time
from pathlib import Path

import pytest

from tests.coach import quality
from training.coach import check as coach
from training.coach import text as coach_text

CONTENT = Path(__file__).parents[2] / "content"
POLICY_TERMS = quality.policy_terms()
SIGNED = "Hi Amira, I'm sorry about this. {} Please DM us at @KestrelHomeHelp. – Tom"
GOOD = SIGNED.format("A dented door on a new fridge isn't good enough.")


@pytest.fixture(scope="module")
def rules():
    return coach.load_rules(CONTENT / "coach.yaml")


def findings_of(result, rule_id):
    return [f for f in result.findings if f.rule == rule_id]


def marked(reply, rules, rule_id, **kwargs):
    """The texts that `rule_id` marks in `reply`."""
    result = coach.check(reply, rules, **kwargs)
    return [reply[f.start : f.end] for f in findings_of(result, rule_id)]


def test_bundled_rules_load_and_name_their_policy_section(rules):
    assert coach.validate_rules_file(CONTENT / "coach.yaml") == []
    assert {r.category for r in rules.rules} == {"leak", "tone", "practice", "situation", "length"}
    for rule in rules.rules:
        assert rule.message.endswith("')."), rule.id
        assert "(Social media policy, '" in rule.message, rule.id


def test_good_reply_passes_without_findings(rules):
    result = coach.check(GOOD, rules, extra_terms=POLICY_TERMS)
    assert result.passed
    assert result.findings == []


LEAKS = [
    ("order-number", "KH-4821937"),
    ("order-number", "KH 4821937"),
    ("order-number", "kh4821937"),
    ("account-number", "ACC-20481736"),
    ("account-number", "acc 20481736"),
    ("ticket-number", "TCK-104928"),
    ("email-address", "laura.jenkins84@gmail.com"),
    ("email-address", "m.hughes@kestrelhome.example"),
    ("email-address", "jen_b(at)outlook.com"),
    ("email-address", "ian dot walsh at hotmail dot co dot uk"),
    ("phone-number", "07700 900123"),
    ("phone-number", "07700900123"),
    ("phone-number", "0161-496-0000"),
    ("phone-number", "(020) 7946 0958"),
    ("phone-number", "+44 7911 123456"),
    ("phone-number", "+44 (0)20 7946 0958"),
    ("card-number", "4539 1488 0343 6467"),
    ("card-number", "5555-5555-5555-4444"),
    ("card-number", "4111111111111111"),
    ("card-number", "3782 822463 10005"),
    ("card-number", "4222222222222"),
    ("street-address", "27 Willow Road"),
    ("street-address", "9 station lane"),
    ("street-address", "3 Queen's Gardens"),
    ("street-address", "112b Upper High Street"),
    ("flat-number", "Flat 2"),
    ("postcode", "LS6 2QT"),
    ("postcode", "SW1A 1AA"),
    ("confidential-term", "Falconer"),
    ("confidential-term", "Project Aurora"),
    ("confidential-term", "HALCYON"),
    ("confidential-term", "skylark"),
    ("confidential-term", "Perch"),
]


@pytest.mark.parametrize(("rule_id", "leak"), LEAKS)
def test_leak_is_blocked_and_marked_exactly(rules, rule_id, leak):
    reply = SIGNED.format(f"I can see {leak} on our side.")
    result = coach.check(reply, rules, extra_terms=POLICY_TERMS)
    found = findings_of(result, rule_id)
    assert [reply[f.start : f.end] for f in found] == [leak]
    assert found[0].severity == "block" and found[0].category == "leak"
    assert not result.passed


DISGUISED_LEAKS = [
    ("email-address", "j o h n @ x . com"),
    ("email-address", "john @ gmail.com"),
    ("email-address", "john@gmail . com"),
    ("email-address", "john at gmail dot com"),
    ("email-address", "john@gmail dot com"),
    ("email-address", "jen (at) outlook (dot) com"),
    ("order-number", "KH.1234567"),
    ("order-number", "KH 123 4567"),
    ("order-number", "KH–1234567"),
    ("order-number", "K H 1 2 3 4 5 6 7"),
    ("order-number", "kh\u200b1234567"),
    ("account-number", "ACC.12345678"),
    ("ticket-number", "TCK 123 456"),
    ("card-number", "4539.1488.0343.6467"),
    ("card-number", "4 5 3 9 1 4 8 8 0 3 4 3 6 4 6 7"),
    ("phone-number", "0 7 7 0 0 . 9 0 0 . 1 2 3"),
    ("phone-number", "07700-900-123"),
]


@pytest.mark.parametrize(("rule_id", "leak"), DISGUISED_LEAKS)
def test_disguised_leak_is_blocked_and_marks_the_original_characters(rules, rule_id, leak):
    reply = f"Sorry about this. Please email {leak} or DM us. – Priya"
    result = coach.check(reply, rules, extra_terms=POLICY_TERMS)
    assert [(reply[f.start : f.end], f.severity) for f in result.findings] == [(leak, "block")]
    assert result.findings[0].rule == rule_id and not result.passed


def test_order_number_after_a_colon_and_hash_marks_only_the_number(rules):
    reply = SIGNED.format("Your order: #1234567 is late.")
    assert marked(reply, rules, "order-number") == ["1234567"]


@pytest.mark.parametrize(
    "text",
    ["we are at your service", "look at it today", "Sam at Kestrel Home, at 9 dot on the dot",
     "4539.1488.0343.6468", "4539 1488 0343 6468", "sizes S M L and X L", "2 - 3 days, 8.30 to 5.30",
     "call 0808 157 0192 (08:00–22:00)", "DM us @ KestrelHomeHelp. Thanks", "kestrelhome . example"],
)  # fmt: skip
def test_normalising_leaves_ordinary_text_alone(rules, text):
    result = coach.check(SIGNED.format(f"Yes, {text}."), rules, extra_terms=POLICY_TERMS)
    assert [f.rule for f in result.findings if f.category == "leak"] == []


def test_normalised_text_maps_every_character_back_to_the_reply():
    reply = "Mail j o h n @ x . com, ring 0 7 7 0 0 . 9 0 0 . 1 2 3 or KH–123 4567."
    text = coach_text.normalise(reply)
    assert text.text == "Mail john@x.com, ring 07700900123 or KH-1234567."
    for piece, original in [("john@x.com", "j o h n @ x . com"), ("07700900123", "0 7 7 0 0 . 9 0 0 . 1 2 3"),
                            ("KH-1234567", "KH–123 4567"), ("@", " @ ")]:  # fmt: skip
        start = text.text.index(piece)
        begin, end = text.original(start, start + len(piece))
        assert reply[begin:end] == original


@pytest.mark.parametrize(
    "text",
    ["H.a.l.c.y.o.n", "pro ject aurora", "F A L C O N E R", "S-k-y-l-a-r-k", "H4lcyon",
     "#ProjectAurora", "Falconer's", "p e r c h"],
)  # fmt: skip
def test_confidential_terms_are_found_through_obfuscation(rules, text):
    reply = SIGNED.format(f"Watch out for {text} soon.")
    assert marked(reply, rules, "confidential-term", extra_terms=POLICY_TERMS) == [
        text.removeprefix("#").removesuffix("'s")
    ]


@pytest.mark.parametrize(
    "text",
    ["an honest mistake", "the nesting instinct", "your nest of tables", "an empty nest",
     "a falconry centre", "skylarking about", "our perches", "the Halcyonic days"],
)  # fmt: skip
def test_confidential_terms_do_not_match_inside_ordinary_words(rules, text):
    reply = SIGNED.format(f"It was {text}.")
    assert marked(reply, rules, "confidential-term", extra_terms=POLICY_TERMS) == []


def test_extra_terms_from_the_policy_are_checked(rules):
    reply = SIGNED.format("Kingfisher will fix this.")
    assert marked(reply, rules, "confidential-term") == []
    assert marked(reply, rules, "confidential-term", extra_terms=["Kingfisher"]) == ["Kingfisher"]
    spaced = SIGNED.format("K.i.n.g.f.i.s.h.e.r will fix this.")
    assert marked(spaced, rules, "confidential-term", extra_terms=["Kingfisher"]) == ["K.i.n.g.f.i.s.h.e.r"]


NOT_LEAKS = [
    ("order-number", "your order (KH-…)"),
    ("order-number", "KH-123456 and KH-12345678"),
    ("order-number", "an order of 3 chairs"),
    ("account-number", "ACC-1234567"),
    ("email-address", "help@kestrelhome.example"),
    ("email-address", "HELP@KestrelHome.example"),
    ("email-address", "press@kestrelhome.example"),
    ("email-address", "a look at kestrelhome.example/returns"),
    ("email-address", "Sam at Kestrel Home"),
    ("phone-number", "0808 157 0192"),
    ("phone-number", "0808 1570192"),
    ("phone-number", "+44 808 157 0192"),
    ("phone-number", "08:00–22:00 on 2026-03-14"),
    ("phone-number", "internal 4400"),
    ("phone-number", "£1,299.00"),
    ("card-number", "1234 5678 9012 3456"),
    ("card-number", "4539 1488 0343 6468"),
    ("card-number", "123456789012"),
    ("street-address", "2 items on the way"),
    ("street-address", "3 days down the road"),
    ("street-address", "5 minutes each way"),
    ("street-address", "Willow Road"),
    ("postcode", "a 2-year guarantee and a 100-night trial in the UK"),
    ("confidential-term", "the Aurora Borealis"),
]


@pytest.mark.parametrize(("rule_id", "text"), NOT_LEAKS)
def test_ordinary_text_is_not_a_leak(rules, rule_id, text):
    reply = SIGNED.format(f"About {text}, sorry.")
    assert marked(reply, rules, rule_id, extra_terms=POLICY_TERMS) == []


def test_order_mentioned_by_number_marks_only_the_number(rules):
    reply = SIGNED.format("Your order #4829103 is late.")
    assert marked(reply, rules, "order-number") == ["4829103"]


def test_card_number_run_on_into_another_number_keeps_the_luhn_part(rules):
    reply = SIGNED.format("Card 4539 1488 0343 6467 2 times declined.")
    assert marked(reply, rules, "card-number") == ["4539 1488 0343 6467"]


def test_allowed_phone_number_with_other_digits_nearby_is_not_a_leak(rules):
    reply = SIGNED.format("Call 0808 157 0192 8am to 10pm.")
    assert marked(reply, rules, "phone-number") == []


def test_asking_for_details_in_public_is_blocked(rules):
    reply = SIGNED.format("Can you reply with your order number and postcode?")
    assert marked(reply, rules, "asks-for-personal-data") == ["reply with your order number"]
    private = SIGNED.format("Send us your order number by DM.")
    assert marked(private, rules, "asks-for-personal-data") == []


TONE = [
    ("blames-customer", "You should have measured the door.", "You should have", "block"),
    ("blames-customer", "That's your own fault.", "your own fault", "block"),
    ("blames-others", "This is not our fault.", "not our fault", "block"),
    ("blames-others", "It isn’t our fault.", "isn’t our fault", "block"),
    ("blames-others", "It was the courier's fault.", "courier's fault", "block"),
    ("blames-others", "That's the warehouse’s mistake.", "warehouse’s mistake", "block"),
    ("blames-others", "You'll need to take it up with the courier.",
     "You'll need to take it up with the courier", "block"),
    ("defensive", "As I already said, it's on its way.", "As I already said", "block"),
    ("defensive", "As we said, it's on its way.", "As we said", "block"),
    ("defensive", "Actually, our policy covers this.", "Actually, our policy", "block"),
    ("defensive", "Please read the FAQ before posting.", "read the FAQ before posting", "block"),
    ("argues", "You're wrong about that.", "You're wrong", "block"),
    ("argues", "That's not true.", "That's not true", "block"),
    ("argues", "Read the terms.", "Read the terms", "block"),
    ("dismissive", "Calm down, please.", "Calm down", "block"),
    ("sarcasm", "Yeah right.", "Yeah right", "block"),
    ("sarcasm", "Clearly you didn't check.", "Clearly you", "block"),
    ("sarcasm", "Great sofa 🙄", "🙄", "block"),
    ("sarcasm", "Love that for you /s", "/s", "block"),
    ("sarcasm", "Thanks for nothing.", "Thanks for nothing", "block"),
    ("mild-sarcasm", "Obviously it needs plugging in.", "Obviously", "warn"),
    ("mild-sarcasm", "Thanks a lot for the review.", "Thanks a lot", "warn"),
    ("capitals", "It is NOT late.", "NOT", "warn"),
    ("repeated-punctuation", "It's on its way!!", "!!", "warn"),
    ("repeated-punctuation", "Did you check??", "??", "warn"),
    ("repeated-punctuation", "Really?!?", "?!?", "warn"),
    ("non-apology", "Sorry for any inconvenience.", "Sorry for any inconvenience", "warn"),
    ("conditional-apology", "Sorry if you feel let down.", "Sorry if you feel", "block"),
    ("outside-our-control", "It's outside our control.", "outside our control", "block"),
    ("correcting-opener", "Are you sure it was today?", "Are you sure", "warn"),
    ("promises-compensation", "We'll send a full refund.", "full refund", "block"),
]  # fmt: skip


@pytest.mark.parametrize(("rule_id", "text", "span", "severity"), TONE)
def test_tone_rule_marks_the_phrase_with_its_severity(rules, rule_id, text, span, severity):
    reply = SIGNED.format(text)
    result = coach.check(reply, rules)
    found = findings_of(result, rule_id)
    assert [(reply[f.start : f.end], f.severity) for f in found] == [(span, severity)]
    assert result.passed == (severity == "warn")


@pytest.mark.parametrize(
    "text",
    ["Correction: the sale ends Friday, not Sunday as I said earlier.",
     "We'll take it up with the courier today.", "Clearly you've been let down.",
     "We deliver across the UK; see our FAQ, or DM us ASAP.", "It's on its way!",
     "You're right, and that's not the experience we want.", "Our team will deal with it.",
     "We chose the courier, so it's on us to put right."],
)  # fmt: skip
def test_kind_text_has_no_tone_findings(rules, text):
    result = coach.check(SIGNED.format(text), rules)
    assert [f.rule for f in result.findings if f.category == "tone"] == []


def test_several_tone_warnings_together_block(rules):
    one = coach.check(SIGNED.format("That is NOT right."), rules)
    assert one.passed and findings_of(one, "capitals")[0].severity == "warn"
    two = coach.check(SIGNED.format("PLEASE check your inbox, it is NOT late."), rules)
    assert not two.passed
    assert [f.severity for f in findings_of(two, "capitals")] == ["block", "block"]
    mixed = coach.check(SIGNED.format("Obviously it needs settling first!!"), rules)
    assert {f.severity for f in mixed.findings} == {"block"}


@pytest.mark.parametrize(
    "reply",
    ["Sorry to hear it, Amira. DM us. – Priya", "Sorry to hear it. DM us. - Tom",
     "Sorry to hear it. DM us. —Sam B.", "Sorry to hear it. DM us? ^SK",
     "Sorry to hear it. I've sent you a DM. Thanks, Priya",
     "Sorry to hear it. DM us. Cheers, Ollie", "Sorry to hear it. DM us. Sam at Kestrel Home",
     "Sorry to hear it. DM us. ^ABC", "Sorry to hear it. DM us. – Sam (Customer Care)",
     "Sorry to hear it. DM us. — Raj, Kestrel Home", "Sorry to hear it. Please DM us.\nRavi",
     "Sorry to hear it. DM us. Lauren x", "Sorry to hear it. Please DM us.\nPriya",
     "Sorry to hear it. DM us. Best wishes, Priya Kaur", "Sorry to hear it. DM us. - priya",
     "Sorry to hear it. DM us.\n\nThanks,\nOllie", "Sorry to hear it. DM us. – Priya 😊"],
)  # fmt: skip
def test_signature_forms_are_recognised(rules, reply):
    result = coach.check(reply, rules)
    assert result.passed, result.findings
    assert result.findings == []


@pytest.mark.parametrize(
    ("rule_id", "reply"),
    [("signature", "Sorry to hear it. DM us."),
     ("signature", "Sorry to hear it. DM us. Kestrel Home Customer Care"),
     ("signature", "Sorry to hear it. DM us. Thanks!"),
     ("signature", "Sorry to hear it. Please DM us.\nThanks"),
     ("signature", "Sorry to hear it. Please DM us.\nKestrel Home"),
     ("signature", "Sorry to hear it. DM us - thanks"),
     ("signature", "Sorry to hear it. We'll DM you today."),
     ("private-channel", "Sorry to hear it, we're looking into it. – Priya"),
     ("acknowledge", "Please DM @KestrelHomeHelp. – Sam")],
)  # fmt: skip
def test_missing_required_practice_blocks_with_an_empty_span(rules, rule_id, reply):
    result = coach.check(reply, rules)
    found = findings_of(result, rule_id)
    assert [(f.start, f.end, f.severity, f.category) for f in found] == [(0, 0, "block", "practice")]
    assert not result.passed


@pytest.mark.parametrize(
    "reply",
    [
        "Sorry to hear it. DM us. – Kestrel Home Team",
        "Sorry about this, Jo. Please DM @KestrelHomeHelp. — Kestrel Home",
    ],
)
def test_a_reply_signed_by_the_company_passes_with_advice_to_sign_by_name(rules, reply):
    result = coach.check(reply, rules)
    assert result.passed, result.findings
    assert [(f.rule, f.severity) for f in result.findings] == [("company-signature", "warn")]
    praise = coach.check(reply, rules, kind="praise")
    assert praise.passed and {f.severity for f in praise.findings} == {"warn"}


@pytest.mark.parametrize(
    "channel",
    ["send us a DM", "drop us a direct message", "email help@kestrelhome.example",
     "call us on 0808 157 0192", "message @KestrelHomeHelp", "we'll carry on in private",
     "we've DM'd you"],
)  # fmt: skip
def test_private_channel_forms_are_recognised(rules, channel):
    result = coach.check(f"Thanks for telling us, Jo, and sorry; {channel}. – Sam", rules)
    assert findings_of(result, "private-channel") == []


@pytest.mark.parametrize(
    "opening",
    ["Thanks for letting us know", "Thank you for flagging this", "I understand",
     "I can see why that's annoying", "That must be so frustrating", "Oh no",
     "Thanks, Joe, we'll take it from here", "You're right"],
)  # fmt: skip
def test_acknowledgements_are_recognised(rules, opening):
    result = coach.check(f"{opening}. Please DM us. – Sam", rules)
    assert findings_of(result, "acknowledge") == []


def test_missing_apology_is_only_a_suggestion(rules):
    result = coach.check("Thanks for flagging this, Jo. Please DM us. – Sam", rules)
    assert [(f.rule, f.severity, f.start, f.end) for f in result.findings] == [("apologise", "warn", 0, 0)]
    assert result.passed


def test_reply_over_max_chars_is_blocked_from_the_limit(rules):
    result = coach.check(GOOD, rules, max_chars=80)
    (finding,) = findings_of(result, "too-long")
    assert (finding.start, finding.end, finding.severity) == (80, len(GOOD), "block")
    assert GOOD[finding.start : finding.end] == GOOD[80:]
    assert "80 characters" in finding.message
    assert not result.passed
    assert coach.check(GOOD, rules, max_chars=len(GOOD)).passed
    assert coach.check(GOOD, rules, max_chars=None).passed


def test_findings_are_in_text_order_with_missing_practice_last(rules):
    reply = "Yeah right, your order KH-4821937 is NOT late!!"
    result = coach.check(reply, rules)
    spans = [(f.start, f.end) for f in result.findings if f.end]
    assert spans == sorted(spans)
    assert [f.end for f in result.findings][-3:] == [0, 0, 0]


def test_result_to_dict(rules):
    result = coach.check("Calm down. DM us. – Sam", rules)
    data = result.to_dict()
    assert data["passed"] is False
    assert data["findings"][0] == {
        "rule": "dismissive", "category": "tone", "severity": "block", "start": 0, "end": 9,
        "message": result.findings[0].message,
    }  # fmt: skip
    assert all(set(f) == {"rule", "category", "severity", "start", "end", "message"}
               for f in data["findings"])  # fmt: skip


def test_every_message_is_one_sentence(rules):
    result = coach.check("Yeah right, KH-4821937 is NOT our fault!!", rules, max_chars=10)
    for finding in result.findings:
        body = finding.message.split(" (Social media policy")[0]
        assert body.count(". ") == 0 and finding.message.endswith(".")


MINIMAL_RULE = """\
  - id: order-number
    category: leak
    severity: block
    section: confidential-information
    patterns: ['KH-\\d{7}']
    message: Order numbers identify a customer
"""


def write_rules(tmp_path, rules_yaml, top="policy: policies/social-media.md\n"):
    (tmp_path / "policies").mkdir(exist_ok=True)
    (tmp_path / "policies" / "social-media.md").write_text(
        (CONTENT / "policies" / "social-media.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "coach.yaml"
    path.write_text(f"{top}rules:\n{rules_yaml}", encoding="utf-8")
    return path


def test_minimal_rules_file_loads_and_checks(tmp_path):
    rules = coach.load_rules(write_rules(tmp_path, MINIMAL_RULE))
    result = coach.check("About KH-4821937.", rules)
    assert [(f.rule, f.start, f.end) for f in result.findings] == [("order-number", 6, 16)]
    assert result.findings[0].message == (
        "Order numbers identify a customer (Social media policy, 'Confidential information and leaks')."
    )


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (("patterns: ['KH-\\d{7}']", "patterns: ['KH-(\\d{7}']"), 3, "not a valid regular expression"),
        (("category: leak", "category: leaks"), 3, "`category` is unknown 'leaks'"),
        (("    message: Order numbers identify a customer\n", ""), 3, "`message` is missing"),
        (("customer", "customer. Never post one"), 3, "must be one sentence"),
        (("section: confidential-information", "section: secrets"), 3, "is not a section"),
        (("severity: block", "severity: high"), 3, "`severity` is unknown 'high'"),
        (("severity: block", "severity: block\n    luhn: maybe"), 3, "`luhn` must be true or false"),
        (("severity: block", "severity: block\n    colour: red"), 3, "unknown key(s)"),
        (("severity: block", "severity: block\n    case_sensitive: 1"), 3, "`case_sensitive` must be"),
        (("    patterns: ['KH-\\d{7}']\n", ""), 3, "needs `phrases` or `patterns`"),
        (("category: leak", "category: leak\n    detect: magic"), 3, "unknown `detect`"),
        (("id: order-number", "id: Order Number"), 3, "`id` is required"),
        (("patterns: ['KH-\\d{7}']", "patterns: ['KH-\\d{7}'"), 8, "invalid YAML"),
    ],
)
def test_validate_rules_file_reports_each_problem_with_its_line(tmp_path, change, line, problem):
    path = write_rules(tmp_path, MINIMAL_RULE.replace(*change))
    problems = coach.validate_rules_file(path)
    assert any(ln == line and problem in message for ln, message in problems), problems
    with pytest.raises(coach.CoachRulesError) as error:
        coach.load_rules(path)
    assert error.value.problems == problems
    assert f"coach.yaml:{line}: " in str(error.value)


def test_ambiguous_pattern_is_a_problem_not_a_warning(tmp_path):
    path = write_rules(tmp_path, MINIMAL_RULE.replace("'KH-\\d{7}'", "'[[KH]-\\d{7}'"))
    for _ in range(2):  # `re` warns only when it first parses a pattern; the problem stays
        (problem,) = coach.validate_rules_file(path)
        assert problem[0] == 3 and "is ambiguous: possible nested set at position 1" in problem[1]
    with pytest.raises(coach.CoachRulesError):
        coach.load_rules(path)


SIGNATURE_RULE = """\
  - id: signature
    category: practice
    detect: signature
    required: true
    section: complaints
    closings: [best wishes]
    not_names: [Team]
    message: Sign the reply
"""


def test_signature_rule_builds_its_patterns_from_word_lists(tmp_path):
    rules = coach.load_rules(write_rules(tmp_path, SIGNATURE_RULE))
    assert coach.check("DM us. Best wishes, Priya", rules).passed
    assert not coach.check("DM us. Best wishes, Team", rules).passed
    broken = write_rules(tmp_path, SIGNATURE_RULE.replace("[best wishes]", "best wishes"))
    assert coach.validate_rules_file(broken) == [
        (3, "rule 'signature': `closings` must be a list of non-empty text values")
    ]
    graded = write_rules(tmp_path, SIGNATURE_RULE.replace("required: true", "severity: warn"))
    assert "a `signature` rule takes `required: true|false`" in str(coach.validate_rules_file(graded))


def test_validate_rules_file_catches_file_level_problems(tmp_path):
    twice = write_rules(tmp_path, MINIMAL_RULE + MINIMAL_RULE)
    assert (9, "rule 'order-number': duplicate rule id") in coach.validate_rules_file(twice)
    missing = write_rules(tmp_path, MINIMAL_RULE, top="policy: policies/nope.md\n")
    assert "cannot read the policy file" in coach.validate_rules_file(missing)[0][1]
    practice = MINIMAL_RULE.replace("severity: block", "detect: missing")
    assert "needs `required: true` or `required: false`" in str(
        coach.validate_rules_file(write_rules(tmp_path, practice))
    )
    escalate = write_rules(tmp_path, MINIMAL_RULE, top="policy: policies/social-media.md\n"
                           "escalate: {tone: 0, mood: 2}\n")  # fmt: skip
    problems = str(coach.validate_rules_file(escalate))
    assert "escalate.tone" in problems and "unknown category 'mood'" in problems
    extra = write_rules(tmp_path, MINIMAL_RULE, top="policy: policies/social-media.md\nmood: calm\n")
    assert coach.validate_rules_file(extra) == [(1, "unknown top-level key(s): mood")]
    empty = tmp_path / "empty.yaml"
    empty.write_text("- just a list\n", encoding="utf-8")
    assert coach.validate_rules_file(empty) == [
        (1, "the rules file must be a YAML mapping with `policy` and `rules`")
    ]
    assert coach.validate_rules_file(tmp_path / "absent.yaml")[0][0] is None


def test_quality_report_has_a_length_row_when_the_set_has_length_cases(rules):
    cases = quality.load_cases()
    length_cases = [case for case in cases if case.group == "length"]
    assert len(length_cases) >= 3 and all(case.max_chars for case in length_cases)
    report = quality.evaluate_bundled()
    assert report.counts["length"] == {"tp": len(length_cases), "fp": 0, "fn": 0}
    assert "\nlength " in quality.format_report(report)
    others = quality.evaluate(rules, [case for case in cases if case.group != "length"], POLICY_TERMS)
    assert "length" not in quality.format_report(others)


@pytest.mark.parametrize(
    "reply",
    ["a" * 20000, "1" * 20000, "0-" * 10000, "a." * 10000, "ABC " * 5000, "a@b.co " * 3000,
     "h" + " " * 20000 + "x", "KH-1234567 DM obviously!! " * 800,
     # Runs that patterns starting anywhere inside them read to the end, over and over: each took
     # 3 to 22 seconds until they were made to start only at the run's beginning.
     "1," * 10000, "a " * 10000, "Ab " * 6600],
)  # fmt: skip
def test_huge_pasted_text_is_checked_quickly(rules, reply):
    """A guard against patterns that backtrack without end (minutes on such text), not a speed target:
    each takes well under a second alone, and the bound leaves room for a machine busy with the suite."""
    started = time.perf_counter()
    coach.check(reply, rules, extra_terms=POLICY_TERMS)
    assert time.perf_counter() - started < 10
