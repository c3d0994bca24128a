"""The coach's findings are stored in English and shown in the reader's language."""

from pathlib import Path

from flask_babel import refresh

from training.coach import catalogue

COACH_YAML = Path(__file__).resolve().parent.parent.parent / "content" / "coach.yaml"
GERMAN = {"Accept-Language": "de"}
CITED = " (Social media policy, 'Confidential information')."


def test_pybabel_reads_every_rules_message_from_coach_yaml():
    with open(COACH_YAML, "rb") as handle:
        found = list(catalogue.extract(handle, [], [], {}))
    assert len(found) == COACH_YAML.read_text(encoding="utf-8").count("\n    message:")
    line, function, text, comments = next(f for f in found if f[3] == ["coach rule order-number"])
    assert text == "Order numbers identify a customer, so never post or repeat one in public"
    assert function is None and line > 1


def test_a_stored_finding_is_shown_in_german_with_its_policy_and_section(app):
    with app.test_request_context(headers=GERMAN):
        refresh()
        shown = catalogue.translated(
            "Order numbers identify a customer, so never post or repeat one in public" + CITED
        )
    assert shown == (
        "Bestellnummern identifizieren einen Kunden, veröffentlichen oder wiederholen Sie sie also nie "
        "öffentlich (Social media policy, „Confidential information“)."
    )


def test_the_values_the_coach_filled_in_are_carried_into_the_translation(app):
    stored = "This reply greets Sam, but the post you are answering is from Priya Shah" + CITED
    with app.test_request_context(headers=GERMAN):
        refresh()
        shown = catalogue.translated(stored)
    assert shown.startswith(
        "Diese Antwort begrüßt Sam, aber der Beitrag, auf den Sie antworten, stammt von Priya Shah"
    )


def test_a_message_without_translation_or_in_english_is_shown_as_stored(app):
    unknown = "A rule an editor wrote this morning" + CITED
    with app.test_request_context(headers=GERMAN):
        refresh()
        assert catalogue.translated(unknown) == unknown
    english = "Order numbers identify a customer, so never post or repeat one in public" + CITED
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        assert catalogue.translated(english) == english


def test_what_a_reply_must_say_is_quoted_and_joined_in_german(app):
    stored = (
        "This reply does not yet answer the post in front of you; it needs to say "
        '"sorry", "apologi…" or "regret"' + CITED
    )
    with app.test_request_context(headers=GERMAN):
        refresh()
        shown = catalogue.translated(stored)
    assert shown.startswith(
        "Diese Antwort geht noch nicht auf den vorliegenden Beitrag ein; sie muss "
        "„sorry“, „apologi…“ oder „regret“ sagen"
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()
        assert catalogue.translated(stored) == stored
