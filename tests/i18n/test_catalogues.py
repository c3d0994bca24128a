"""The interface's catalogues: complete, free of fuzzy entries, in step with the sources and compiled.

`make translations` re-extracts the texts (babel.cfg), merges them into each catalogue and compiles
it; these tests fail when someone wrapped a new text and did not, or left a translation out.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from training.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = ROOT / "training" / "translations"
TRANSLATED = sorted(set(LANGUAGES) - {"en"})  # English is the source language: no catalogue


def catalogue(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


def entries(language: str):
    return [message for message in catalogue(language) if message.id]


def plain(text):
    """A plural entry's forms as a tuple (a compiled catalogue gives lists), a text as it is."""
    return tuple(text) if isinstance(text, list | tuple) else text


def untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(s and s.strip() for s in strings)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the texts from the sources now, as `make translations` does, into a template."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    command = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"]
    command += ["-k", "_l", "-k", "N_", "--no-location", "-o", str(pot), "."]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_site_ships_a_second_language():
    assert TRANSLATED == ["de"]
    assert len(entries("de")) > 300


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_and_none_is_fuzzy(language):
    problems = [m.id for m in entries(language) if untranslated(m) or m.fuzzy]
    assert problems == [], f"untranslated or fuzzy in {language}: {problems}"
    assert not catalogue(language).fuzzy, "the catalogue's header is marked fuzzy"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_text(language):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_has_exactly_the_texts_of_the_sources(language, extracted):
    have = {m.id for m in entries(language)}
    assert sorted(map(str, extracted - have)) == [], "new texts: run `make translations` and translate"
    assert sorted(map(str, have - extracted)) == [], "texts gone from the sources: run `make translations`"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as handle:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    written = {plain(m.id): plain(m.string) for m in entries(language)}
    assert compiled == written, "run `make translations` (pybabel compile) and commit the .mo file"


def test_a_fuzzy_or_empty_entry_is_caught(tmp_path):
    """The check above is not vacuous: an entry left empty or fuzzy is named."""
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Sign out"\nmsgstr ""\n\n#, fuzzy\nmsgid "Your team"\nmsgstr "Ihr Team"\n',
        encoding="utf-8",
    )
    with open(po, "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert [m.id for m in messages if untranslated(m) or m.fuzzy] == ["Sign out", "Your team"]
