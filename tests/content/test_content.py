"""`flask content check` and `content import`: every mistake explained, nothing half imported."""

import shutil
from pathlib import Path

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import func, inspect, select

from training.db import db
from training.editor import library as content_service
from training.models import (
    CoachRulesVersion,
    CourseVersion,
    Item,
    ItemVersion,
    PolicySection,
    PolicyVersion,
)

FIXTURES = Path(__file__).parents[1] / "fixtures"
BUNDLED = Path(__file__).parents[2] / "content"
BASICS = Path("courses/basics")
QUIZ = BASICS / "basics-quiz.quiz.yaml"
SECRETS = BASICS / "basics-secrets.md"
POLICY = Path("policies/demo.md")


@pytest.fixture
def tree(tmp_path):
    """A private copy of the valid fixture library, to break one file at a time."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    return root


def replace(root: Path, rel: Path, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def check(runner, root: Path):
    return runner.invoke(args=["content", "check", str(root)])


# Each case breaks the fixture tree in one way: (break it, file, line or None, message).
def bad_quiz_yaml(root):
    replace(root, QUIZ, "covers: [demo#complaints, demo#speaking]", "covers: demo#complaints: oops")


def bad_front_matter_yaml(root):
    replace(root, SECRETS, "title: Keeping secrets", "title: Keeping: secrets")


def unclosed_quote_in_quiz(root):
    replace(root, QUIZ, "    prompt: They are angrier now.", '    prompt: "They are angrier now.')


def bad_policy_front_matter_yaml(root):
    replace(root, POLICY, "grace_days: 10", "grace_days: [10")


def missing_field(root):
    replace(root, SECRETS, "title: Keeping secrets\n", "")


def missing_front_matter(root):
    (root / SECRETS).write_text("Never post an order number.\n")


def unknown_covers(root):
    replace(root, SECRETS, "covers: [demo#secrets]", "covers: [demo#nowhere]")


def no_correct_choice(root):
    replace(
        root,
        QUIZ,
        "        text: The social team\n        correct: true",
        "        text: The social team\n        correct: false",
    )


def next_nowhere(root):
    replace(root, QUIZ, "next: third", "next: nowhere")


def next_backwards(root):
    replace(
        root,
        QUIZ,
        "        feedback: Owning the mistake helps.\n",
        "        feedback: Owning the mistake helps.\n        next: first\n",
    )


def duplicate_item_across_courses(root):
    other = root / "courses" / "other"
    other.mkdir()
    (other / "course.md").write_text(
        "---\nid: other\ntitle: Other\nitems: [basics-secrets]\naudience: all\ndue_days: 10\n---\n"
    )
    shutil.copy(root / SECRETS, other / "basics-secrets.md")


def duplicate_step_id(root):
    replace(root, QUIZ, "  - id: recover", "  - id: first")


def duplicate_section_id(root):
    replace(root, POLICY, "## Secrets {#secrets}", "## Secrets {#complaints}")


def heading_without_id(root):
    replace(root, POLICY, "## Secrets {#secrets}", "## Secrets")


def not_utf8(root):
    (root / SECRETS).write_bytes((root / SECRETS).read_bytes().replace(b"order number", b"order \xff number"))


def too_big(root):
    with (root / SECRETS).open("a") as handle:
        handle.write("x" * (1024 * 1024 + 1))


def listed_item_without_file(root):
    (root / SECRETS).unlink()


def unlisted_item_file(root):
    (root / BASICS / "basics-extra.md").write_text(
        "---\nid: basics-extra\ntitle: Extra\ncovers: [demo#secrets]\n---\nMore.\n"
    )


def id_not_matching_file_name(root):
    replace(root, SECRETS, "id: basics-secrets", "id: basics-hidden")


def multi_select_with_choice_next(root):
    replace(
        root,
        QUIZ,
        "        feedback: Signing makes it human.\n",
        "        feedback: Signing makes it human.\n        next: last\n",
    )


CASES = [
    (bad_quiz_yaml, QUIZ, 3, "invalid YAML"),
    (bad_front_matter_yaml, SECRETS, 3, "invalid YAML"),
    (unclosed_quote_in_quiz, QUIZ, 56, "(while scanning a quoted scalar that starts on line 20)"),
    (bad_policy_front_matter_yaml, POLICY, 6, "invalid YAML"),
    (missing_field, SECRETS, 2, "missing required field `title`"),
    (missing_front_matter, SECRETS, 1, "missing front matter"),
    (unknown_covers, SECRETS, 2, "covers unknown policy section 'demo#nowhere'"),
    (no_correct_choice, QUIZ, 45, "step 'last' has no correct choice"),
    (next_nowhere, QUIZ, 10, "`next: nowhere` in step 'first' points to no step"),
    (next_backwards, QUIZ, 22, "`next: first` in step 'recover' must point to a later step"),
    (
        duplicate_item_across_courses,
        Path("courses/other/basics-secrets.md"),
        2,
        "duplicate item id 'basics-secrets'",
    ),
    (duplicate_step_id, QUIZ, 19, "duplicate step id 'first'"),
    (duplicate_section_id, POLICY, 16, "duplicate section id 'complaints'"),
    (heading_without_id, POLICY, 16, "needs an id: `## Heading {#section-id}`"),
    (not_utf8, SECRETS, 6, "not valid UTF-8"),
    (too_big, SECRETS, None, "the limit is 1,048,576 (1 MiB)"),
    (
        listed_item_without_file,
        BASICS / "course.md",
        None,
        "item 'basics-secrets' is listed but no valid file",
    ),
    (unlisted_item_file, BASICS / "course.md", None, "item 'basics-extra' has a file but is not listed"),
    (id_not_matching_file_name, SECRETS, 2, "id 'basics-hidden' does not match the file or folder name"),
    (multi_select_with_choice_next, QUIZ, 30, "step 'third' is multi-select"),
]


def test_valid_fixture_library_passes_check(runner):
    result = check(runner, FIXTURES / "content")
    assert result.exit_code == 0, result.output
    assert "all content is valid" in result.output


@pytest.mark.parametrize(
    ("breaker", "rel", "line", "message"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_check_reports_each_problem_with_file_line_and_reason(runner, tree, breaker, rel, line, message):
    breaker(tree)
    result = check(runner, tree)
    assert result.exit_code != 0
    where = f"content/{rel.as_posix()}" + (f":{line}:" if line else ":")
    matching = [text for text in result.output.splitlines() if text.startswith(where) and message in text]
    assert matching, result.output


def test_duplicate_item_id_names_the_other_course(runner, tree):
    duplicate_item_across_courses(tree)
    assert "(also in course 'basics')" in check(runner, tree).output


def test_check_reports_every_problem_not_just_the_first(runner, tree):
    missing_field(tree)
    next_nowhere(tree)
    heading_without_id(tree)
    output = check(runner, tree).output
    assert "missing required field `title`" in output
    assert "points to no step" in output
    assert "needs an id" in output


def test_check_defaults_to_the_configured_content_dir(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output


def test_check_of_a_missing_directory_fails(runner, tmp_path):
    result = check(runner, tmp_path / "nowhere")
    assert result.exit_code != 0
    assert "content directory not found" in result.output


def test_bundled_library_passes_check(runner):
    result = check(runner, BUNDLED)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("breaker", [bad_quiz_yaml, unknown_covers, heading_without_id, not_utf8])
def test_import_of_a_broken_tree_imports_nothing(runner, tree, breaker):
    breaker(tree)
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    assert (count(PolicyVersion), count(CourseVersion), count(ItemVersion)) == (0, 0, 0)


def test_import_publishes_every_file_once(runner, tree):
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code == 0, result.output
    assert "5 new version(s), 0 unchanged" in result.output
    assert (count(PolicyVersion), count(CourseVersion), count(ItemVersion)) == (1, 1, 3)


def test_reimporting_unchanged_content_creates_no_versions(runner, tree):
    runner.invoke(args=["content", "import", str(tree)])
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code == 0, result.output
    assert "0 new version(s), 5 unchanged" in result.output
    assert (count(PolicyVersion), count(CourseVersion), count(ItemVersion)) == (1, 1, 3)


def test_changing_one_lesson_creates_exactly_one_item_version(runner, tree):
    runner.invoke(args=["content", "import", str(tree)])
    replace(tree, SECRETS, "Never post an order number.", "Never post an order number or an email.")
    result = runner.invoke(args=["content", "import", str(tree)])
    assert result.exit_code == 0, result.output
    assert "1 new version(s)" in result.output and "lesson basics-secrets (v2)" in result.output
    assert count(ItemVersion) == 4
    numbers = db.session.scalars(
        select(ItemVersion.number).where(ItemVersion.item_id == "basics-secrets").order_by(ItemVersion.number)
    ).all()
    assert numbers == [1, 2]


def section_hashes(number: int) -> dict[str, str]:
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.number == number))
    return {s.section_id: s.text_hash for s in version.sections}


def test_policy_section_fingerprints_are_stable_across_reimport(app, tree):
    content_service.import_directory(tree)
    first = section_hashes(1)
    content_service.import_directory(tree)
    assert count(PolicyVersion) == 1
    assert section_hashes(1) == first
    assert len(set(first.values())) == 3


def test_rewrapping_a_policy_section_keeps_its_text_hash(app, tree):
    content_service.import_directory(tree)
    replace(
        tree,
        POLICY,
        "Acknowledge, apologise, move to a private channel.",
        "Acknowledge,   apologise,\nmove to a\n   private channel.  ",
    )
    content_service.import_directory(tree)
    assert count(PolicyVersion) == 2  # the file changed, so a version is published
    assert section_hashes(2) == section_hashes(1)


def test_changing_a_policy_word_changes_only_that_sections_text_hash(app, tree):
    content_service.import_directory(tree)
    replace(tree, POLICY, "Never post order numbers.", "Never post order numbers or emails.")
    replace(tree, POLICY, 'version: "1"', 'version: "2"')
    content_service.import_directory(tree)
    before, after = section_hashes(1), section_hashes(2)
    assert before["secrets"] != after["secrets"]
    assert {k: v for k, v in before.items() if k != "secrets"} == {
        k: v for k, v in after.items() if k != "secrets"
    }
    assert count(PolicySection) == 6


def test_bundled_library_imports_with_long_quizzes_in_the_main_courses(runner):
    result = runner.invoke(args=["content", "import", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    for course_id in ("responding-to-complaints", "keeping-confidential", "frontline-and-crises"):
        version = db.session.scalar(select(CourseVersion).where(CourseVersion.course_id == course_id))
        assert version is not None, course_id
        quizzes = db.session.scalars(
            select(ItemVersion).join(Item).where(Item.id.in_(version.items), Item.kind == "quiz")
        ).all()
        assert quizzes, f"{course_id} has no quiz"
        for quiz in quizzes:
            assert len(quiz.quiz["steps"]) >= 8, f"{quiz.item_id} has {len(quiz.quiz['steps'])} steps"


def test_check_accepts_a_top_level_heading_in_a_lesson_with_a_note(tmp_path, runner):
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", root)
    lesson = root / "courses" / "basics" / "basics-secrets.md"
    lesson.write_text(lesson.read_text() + "\n# Too big\n")
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 0, result.output
    note = "basics-secrets.md:8: note: this lesson has a `#` heading; every heading is shown one level down"
    assert note in result.output
    assert "all content is valid" in result.output


# --- The coach's rules (coach.yaml) are imported as versions, like policies -----------------


@pytest.fixture
def bundled_tree(tmp_path):
    """A private copy of the bundled library, which has coach.yaml."""
    root = tmp_path / "content"
    shutil.copytree(BUNDLED, root)
    return root


def coach_versions_in_db() -> list[CoachRulesVersion]:
    return list(db.session.scalars(select(CoachRulesVersion).order_by(CoachRulesVersion.number)))


def test_import_stores_coach_rules_as_a_version_only_when_their_text_changed(runner, bundled_tree):
    result = runner.invoke(args=["content", "import", str(bundled_tree)])
    assert result.exit_code == 0, result.output
    assert "published coach rules (v1)" in result.output
    (first,) = coach_versions_in_db()
    assert first.source == (bundled_tree / "coach.yaml").read_text(encoding="utf-8")
    assert (first.number, first.author, first.note) == (1, "content import", "")
    assert first.created_at.tzinfo is not None
    again = runner.invoke(args=["content", "import", str(bundled_tree)])
    assert "0 new version(s)" in again.output and len(coach_versions_in_db()) == 1
    replace(bundled_tree, Path("coach.yaml"), "tone: 2", "tone: 3")
    changed = runner.invoke(args=["content", "import", str(bundled_tree)])
    assert "1 new version(s)" in changed.output and "published coach rules (v2)" in changed.output
    assert [v.number for v in coach_versions_in_db()] == [1, 2]
    assert "tone: 3" in coach_versions_in_db()[-1].source


def test_broken_coach_rules_stop_the_whole_import(runner, bundled_tree):
    replace(bundled_tree, Path("coach.yaml"), "category: leak", "category: gossip")
    result = runner.invoke(args=["content", "import", str(bundled_tree)])
    assert result.exit_code != 0
    assert "nothing was imported" in result.output
    assert "content/coach.yaml:" in result.output and "gossip" in result.output
    assert count(CoachRulesVersion) == count(PolicyVersion) == count(ItemVersion) == 0


@pytest.mark.parametrize(
    ("policy", "message"),
    [("../policies/social-media.md", "must name a policy of this folder"),
     ("policies/nowhere.md", "the policy file 'policies/nowhere.md' does not exist")],
)  # fmt: skip
def test_check_requires_coach_rules_to_name_a_policy_of_the_library(runner, bundled_tree, policy, message):
    replace(bundled_tree, Path("coach.yaml"), "policy: policies/social-media.md", f"policy: {policy}")
    result = check(runner, bundled_tree)
    assert result.exit_code != 0
    assert message in result.output


def test_ambiguous_coach_pattern_is_one_clear_problem_with_its_line(runner, bundled_tree):
    """Python warns about "[[" (a nested set, some day); check reports it instead of a raw warning."""
    replace(
        bundled_tree, Path("coach.yaml"), "patterns: ['!{2,}|\\?{2,}|[!?]{3,}']", "patterns: ['[[!?]{2,}']"
    )
    line = next(
        number
        for number, text in enumerate((bundled_tree / "coach.yaml").read_text().splitlines(), 1)
        if text == "  - id: repeated-punctuation"
    )
    for _ in range(2):  # `re` warns only the first time it parses a pattern; the problem stays
        result = check(runner, bundled_tree)
        assert result.exit_code == 1 and not isinstance(result.exception, Warning), result.exception
        lines = [text for text in result.output.splitlines() if "coach.yaml" in text]
        assert lines == [
            f"content/coach.yaml:{line}: rule 'repeated-punctuation': pattern 1 ('[[!?]{{2,}}') is "
            "ambiguous: possible nested set at position 1, which a later Python may read differently;"
            " escape a literal [ (or a doubled - & ~ |) with a backslash"
        ]
        assert "Warning" not in result.output


def test_coach_rules_migration_steps_down_and_up(app):
    db.session.remove()
    stamp(revision="0008")  # only 0008 runs: down to 0007 and back
    try:
        downgrade(revision="0007")
        assert not inspect(db.engine).has_table("coach_rules_version")
        upgrade(revision="0008")
    finally:
        stamp(revision="head")
    assert inspect(db.engine).has_table("coach_rules_version")
    content_service.import_directory(BUNDLED)
    assert count(CoachRulesVersion) == 1
