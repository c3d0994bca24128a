"""German translations of the small test library (tests/fixtures/content), written into a copy of it."""

import shutil

from tests.conftest import FIXTURES

POLICY = """---
id: demo
title: Demo-Richtlinie
---
Die Demo-Richtlinie für Tests.

## Sprechen {#speaking}
Nur das Social-Media-Team spricht für das Unternehmen.

## Beschwerden {#complaints}
Bestätigen, entschuldigen, in einen privaten Kanal wechseln.

## Geheimnisse {#secrets}
Veröffentlichen Sie niemals Bestellnummern.
"""

LESSON = """---
id: basics-reading
title: Beschwerden lesen
---
## Freundlich bleiben

Entschuldigen Sie sich.
"""

COURSE = """---
id: basics
title: Grundlagen
summary: Das Wichtigste.
---
Ein kurzer Kurs für Tests.
"""

QUIZ = """id: basics-quiz
title: Grundlagen-Quiz
intro: Sie betreuen das Unternehmenskonto.
steps:
  - id: first
    prompt: Eine Kundin ist verärgert. Was tun Sie?
    choices:
      - id: kind
        text: Danken und in die Direktnachrichten wechseln
        feedback: Bestätigen und privat weitermachen beruhigt die Lage.
      - id: rude
        text: Ihr sagen, dass sie falsch liegt
        feedback: Öffentlicher Streit macht es schlimmer.
  - id: recover
    prompt: Sie ist jetzt noch verärgerter. Was nun?
    choices:
      - id: sorry
        text: Sich für den Ton entschuldigen
        feedback: Einen Fehler einzugestehen hilft.
      - id: block
        text: Sie blockieren
        feedback: Blockieren wirkt wie Verstecken.
  - id: third
    prompt: Mehrere Antworten sind richtig. Was gehört in eine Antwort?
    choices:
      - id: name
        text: Ihr Vorname
        feedback: Eine Unterschrift macht es persönlich.
      - id: dm
        text: Das Angebot, per Direktnachricht weiterzumachen
        feedback: Private Kanäle schützen Daten.
      - id: order
        text: Ihre Bestellnummer
        feedback: Wiederholen Sie nie persönliche Daten öffentlich.
  - id: last
    prompt: Wer darf für das Unternehmen sprechen?
    choices:
      - id: social
        text: Das Social-Media-Team
        feedback: Richtig.
      - id: anyone
        text: Alle
        feedback: Nein.
"""


def translated_library(tmp_path):
    """Return a copy of the test library with a German translation of everything in it but one lesson."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    (root / "policies" / "demo.de.md").write_text(POLICY)
    course = root / "courses" / "basics"
    (course / "course.de.md").write_text(COURSE)
    (course / "basics-reading.de.md").write_text(LESSON)
    (course / "basics-quiz.de.quiz.yaml").write_text(QUIZ)
    return root
