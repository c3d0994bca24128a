"""Translations: read and checked against their source, imported as versions, stale only after a
change that requires retraining."""

import pytest

from tests.content_edits import bump_version
from tests.translations import QUIZ, translated_library
from training.content import translations
from training.content.reader import read_library
from training.editor import library as content_service
from training.models import ItemVersion, PolicyVersion


def problems(root) -> list[str]:
    return [str(p) for p in read_library(root).problems]


def test_a_complete_translation_is_read_and_valid(tmp_path):
    root = translated_library(tmp_path)
    library = read_library(root)
    assert library.problems == []
    assert set(library.translations) == {
        ("policy", "demo", "de"), ("course", "basics", "de"),
        ("item", "basics-reading", "de"), ("item", "basics-quiz", "de"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "policies/demo.de.md",
            "## Geheimnisse {#secrets}",
            "## Geheimnisse {#secret}",
            "sections missing from the translation: secrets",
        ),
        (
            "policies/demo.de.md",
            "## Geheimnisse {#secrets}\nVeröffentlichen Sie niemals Bestellnummern.\n",
            "",
            "sections missing from the translation: secrets",
        ),
        (
            "courses/basics/basics-quiz.de.quiz.yaml",
            "  - id: last\n",
            "  - id: final\n",
            "steps the source does not have: final",
        ),
        (
            "courses/basics/basics-quiz.de.quiz.yaml",
            "      - id: anyone\n",
            "      - id: everyone\n",
            "choices of step 'last' missing from the translation: anyone",
        ),
        (
            "courses/basics/basics-quiz.de.quiz.yaml",
            "        text: Alle\n",
            "        text: Alle\n        correct: true\n",
            "`correct` comes from the source quiz",
        ),
        (
            "courses/basics/basics-reading.de.md",
            "## Freundlich bleiben\n",
            "",
            "the source's headings are ## but the translation's are none",
        ),
        (
            "courses/basics/basics-reading.de.md",
            "title: Beschwerden lesen\n",
            "title: Beschwerden lesen\ncovers: [demo#complaints]\n",
            "`covers` comes from the source file",
        ),
        (
            "courses/basics/course.de.md",
            "id: basics\n",
            "id: basic\n",
            "does not match the file or folder name",
        ),
    ],
)
def test_content_check_names_a_translation_that_does_not_match_its_source(tmp_path, name, old, new, expected):
    root = translated_library(tmp_path)
    path = root / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    found = problems(root)
    assert any(p.startswith(f"content/{name}:") and expected in p for p in found), found


def test_a_translation_without_a_source_and_a_bad_language_code_are_reported(tmp_path):
    root = translated_library(tmp_path)
    (root / "courses" / "basics" / "basics-gone.de.md").write_text(
        "---\nid: basics-gone\ntitle: Weg\n---\nText\n"
    )
    (root / "courses" / "basics" / "basics-secrets.EN.md").write_text(
        "---\nid: basics-secrets\ntitle: X\n---\n"
    )
    found = problems(root)
    assert any("basics-gone.de.md" in p and "which has no valid file" in p for p in found), found
    assert any("basics-secrets.EN.md" in p and "not a language code" in p for p in found), found


def test_content_check_command_prints_the_translation_problem_with_its_line(tmp_path, runner, app):
    root = translated_library(tmp_path)
    path = root / "courses" / "basics" / "basics-quiz.de.quiz.yaml"
    path.write_text(QUIZ.replace("      - id: rude\n", "      - id: rough\n"))
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    assert "basics-quiz.de.quiz.yaml:1: choices of step 'first'" in result.output


def _publish(root, relative: str, old: str, new: str, retrain: bool = True) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text
    text = text.replace(old, new)
    if relative.startswith("policies/"):
        text = bump_version(text)
        if not retrain:
            text = text.replace("grace_days: 10\n", "grace_days: 10\nretrain: false\n")
    elif not retrain:
        text = text.replace("---\nid:", "---\nretrain: false\nid:", 1)
    path.write_text(text)
    content_service.import_directory(root)


def stale_keys() -> set[tuple[str, str, str]]:
    return {
        (s.translation.kind, s.translation.source_id, s.translation.language) for s in translations.stale()
    }


def test_translations_import_once_and_record_the_source_version(app, tmp_path):
    root = translated_library(tmp_path)
    result = content_service.import_directory(root)
    assert "de translation of item basics-quiz (v1)" in result.published
    again = content_service.import_directory(root)
    assert again.published == []
    row = translations.current("policy", "demo", "de")
    assert (row.title, row.made_from_version) == ("Demo-Richtlinie", 1)
    assert stale_keys() == set()


def test_a_change_that_requires_retraining_makes_its_translations_stale_until_updated(app, tmp_path):
    root = translated_library(tmp_path)
    content_service.import_directory(root)
    _publish(root, "courses/basics/basics-reading.md", "Say sorry.", "Say sorry and mean it.")
    assert stale_keys() == {("item", "basics-reading", "de")}
    _publish(root, "policies/demo.md", "Never post order numbers.", "Never post order or card numbers.")
    assert stale_keys() == {("item", "basics-reading", "de"), ("policy", "demo", "de")}
    _publish(
        root,
        "courses/basics/basics-reading.de.md",
        "Entschuldigen Sie sich.",
        "Entschuldigen Sie sich aufrichtig.",
    )
    assert stale_keys() == {("policy", "demo", "de")}
    row = translations.current("item", "basics-reading", "de")
    assert (row.number, row.made_from_version) == (2, 2)


def test_a_change_without_retraining_leaves_translations_current(app, tmp_path):
    root = translated_library(tmp_path)
    content_service.import_directory(root)
    _publish(root, "courses/basics/basics-reading.md", "Say sorry.", "Say sorry!", retrain=False)
    _publish(root, "policies/demo.md", "Never post order numbers.", "Never post ordr numbers.", retrain=False)
    assert translations.versions.current(ItemVersion, "basics-reading").number == 2
    assert translations.versions.current(PolicyVersion, "demo").number == 2
    assert translations.current("policy", "demo", "de").made_from_version == 1
    assert stale_keys() == set()


def test_a_quiz_translation_keeps_the_sources_ids_correct_answers_and_branches(app, tmp_path):
    root = translated_library(tmp_path)
    content_service.import_directory(root)
    source = translations.versions.current(ItemVersion, "basics-quiz")
    shown = translations.translated_quiz(source.quiz, translations.current("item", "basics-quiz", "de"))
    assert shown["title"] == "Grundlagen-Quiz"
    assert [s["id"] for s in shown["steps"]] == [s["id"] for s in source.quiz["steps"]]
    first = shown["steps"][0]
    assert first["choices"][0]["id"] == "kind" and first["choices"][0]["correct"] is True
    assert first["choices"][0]["next"] == "third"
    assert "Danken" in first["choices"][0]["text_html"] and "verärgert" in first["prompt_html"]
    assert shown["pass_mark"] == source.quiz["pass_mark"]
