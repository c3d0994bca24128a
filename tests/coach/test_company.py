"""The `company` block of coach.yaml: a company adopting the coach changes its details in one place."""

import re
from pathlib import Path

import pytest
import yaml

from training.coach import check as coach

CONTENT = Path(__file__).resolve().parents[2] / "content"
BUNDLED = (CONTENT / "coach.yaml").read_text(encoding="utf-8")
OTHER_COMPANY = """\
company:
  name: Fernhollow Living
  handle: "@FernhollowHelp"
  handles: ["@Fernhollow"]
  email: care@fernhollow.example
  press: media@fernhollow.example
  phone: "0808 157 0647"
"""


def rules_for(tmp_path, text):
    (tmp_path / "policies").mkdir(exist_ok=True)
    (tmp_path / "policies" / "social-media.md").write_text(
        (CONTENT / "policies" / "social-media.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "coach.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """The bundled rules with another company's block in place of ours, and nothing else changed."""
    block = re.search(r"^company:\n(?:(?:  .*)?\n)+", BUNDLED, re.MULTILINE)
    assert block, "coach.yaml has a company block"
    text = BUNDLED.replace(block[0], OTHER_COMPANY)
    return coach.load_rules(rules_for(tmp_path_factory.mktemp("other"), text))


def blocking(reply, rules, kind="complaint"):
    return sorted({f.rule for f in coach.check(reply, rules, kind=kind).findings if f.severity == "block"})


def test_the_rules_hold_no_company_detail_outside_the_block():
    rules = yaml.safe_load(BUNDLED)["rules"]
    written = str(rules).lower()
    for detail in ("kestrel", "0808", "157 0192", "kestrelhome.example"):
        assert detail not in written, f"{detail!r} is written into a rule; use a placeholder"


def test_another_companys_channels_are_where_replies_send_people(other):
    reply = "Sorry Sam, that's not good enough. DM @FernhollowHelp or ring 0808 157 0647 to fix it. – Pri"
    assert blocking(reply, other) == []
    by_email = "Sorry Sam, that isn't good enough. Email care@fernhollow.example and we'll sort it. – Priya"
    assert blocking(by_email, other) == []
    assert blocking("Please contact media@fernhollow.example, who will help. – Priya", other, "press") == []


def test_the_old_companys_details_are_no_longer_published_ones(other):
    reply = "Sorry Sam, please call 0808 157 0192 or email help@kestrelhome.example. – Priya"
    assert {"phone-number", "email-address"} <= set(blocking(reply, other))


def test_the_company_signs_and_is_nobodys_name(other):
    unsigned = "Sorry Sam, that isn't good enough. Please DM @FernhollowHelp and we'll sort it."
    assert "signature" in blocking(unsigned, other)
    for ending in ("– Priya, Fernhollow Living", "Priya at Fernhollow", "– The Fernhollow team"):
        signed = f"Sorry Sam, that isn't good enough. Please DM @FernhollowHelp and we'll sort it. {ending}"
        assert "signature" not in blocking(signed, other), ending
    by_company = coach.check(unsigned + " – Fernhollow", other, kind="complaint").findings
    assert "company-signature" in {f.rule for f in by_company}  # allowed, with advice to sign by name
    assert "signature" not in {f.rule for f in by_company}


def test_the_rules_say_the_companys_details_in_their_messages(other):
    found = coach.check("Sorry, please call 07700 900123 and we'll sort it. – Priya", other).findings
    (phone,) = [f for f in found if f.rule == "phone-number"]
    assert "0808 157 0647" in phone.message and "0192" not in phone.message


RULE = """\
rules:
  - id: private-channel
    category: practice
    detect: missing
    required: true
    section: complaints
    phrases: ["{handle}"]
    patterns: ['\\b{phone}\\b']
    message: Point the customer to {handle} or {phone}
"""


def test_a_placeholder_without_its_detail_is_a_problem_on_the_rules_line(tmp_path):
    path = rules_for(tmp_path, "policy: policies/social-media.md\n" + RULE)
    problems = coach.validate_rules_file(path)
    assert (3, "rule 'private-channel': `{handle}` needs `company.handle` in the `company` block") in problems
    assert (3, "rule 'private-channel': `{phone}` needs `company.phone` in the `company` block") in problems


def test_a_placeholder_matches_the_detail_as_people_type_it(tmp_path):
    top = 'policy: policies/social-media.md\ncompany:\n  handle: "@AcmeHelp"\n  phone: "0808 157 0647"\n'
    rules = coach.load_rules(rules_for(tmp_path, top + RULE))
    for reply in ("Ring 0808-157-0647.", "Ring 08081570647.", "DM @AcmeHelp."):
        assert coach.check(reply, rules).passed, reply
    assert not coach.check("Ring 0808 157 0648.", rules).passed
    (rule,) = rules.rules
    assert rule.message.startswith("Point the customer to @AcmeHelp or 0808 157 0647 (")


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        ("company:\n  name: Acme\n  colour: red\n", "`company`: unknown key 'colour'"),
        ("company:\n  name: [Acme]\n", "`company.name` must be text"),
        ("company:\n  handles: '@Acme'\n", "`company.handles` must be a list of text values"),
        ("company: Acme\n", "`company` must be a mapping"),
    ],
)
def test_a_malformed_company_block_is_named(tmp_path, block, problem):
    rule = RULE.replace('["{handle}"]', "[DM]").replace("\\b{phone}\\b", "x")
    rule = rule.replace("{handle} or {phone}", "us")
    path = rules_for(tmp_path, "policy: policies/social-media.md\n" + block + rule)
    problems = coach.validate_rules_file(path)
    assert any(problem in message for _, message in problems), problems


def test_regional_help_lines_listed_in_phones_are_public_and_private_channels(tmp_path):
    """`company.phones` lists other published numbers (regional help lines): giving one out is
    sending the customer somewhere private, whatever country's format it is in; any other number
    is still a leak."""
    block = re.search(r"^company:\n(?:(?:  .*)?\n)+", BUNDLED, re.MULTILINE)
    listed = OTHER_COMPANY + '  phones: ["1-800-555-0163", "1800 160 433"]\n'
    rules = coach.load_rules(rules_for(tmp_path, BUNDLED.replace(block[0], listed)))
    for number in ("1-800-555-0163", "(800) 555-0163", "1800 160 433"):
        reply = f"Sorry Sam, that isn't good enough. Call us on {number} and we'll sort it today. – Priya"
        assert blocking(reply, rules) == [], number
    other = "Sorry Sam, that isn't good enough. Call Jo on (312) 555-0188 and she'll sort it today. – Priya"
    assert "phone-number" in blocking(other, rules)
    without = coach.load_rules(rules_for(tmp_path, BUNDLED.replace(block[0], OTHER_COMPANY)))
    unlisted = "Sorry Sam. Call us on 1-800-555-0163 and we'll sort it. – Priya"
    assert "phone-number" in blocking(unlisted, without)
