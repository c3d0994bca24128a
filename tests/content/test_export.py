"""`content export` writes the published content as files; importing them gives the same content."""

import shutil

import pytest
from sqlalchemy import select, update

from tests.conftest import BUNDLED_CONTENT, FIXTURES
from tests.content_edits import bump_version
from tests.editor.test_editor_drafts import page_text, save
from tests.editor.test_editor_publish import do_publish
from training.coach import versions as coach_versions
from training.content import export, versions
from training.content.reader import read_library
from training.db import db
from training.editor import library as content_service
from training.models import (
    CourseFingerprint,
    CourseVersion,
    Item,
    ItemFingerprint,
    ItemVersion,
    PolicyVersion,
)

# Export writes back every file of the bundled library except its README.
BUNDLED_FILES = sum(1 for path in BUNDLED_CONTENT.rglob("*") if path.is_file() and path.name != "README.md")


@pytest.fixture
def editor(make_user, auth, library):
    """A signed-in editor, with the test library imported."""
    user = make_user(email="ed@example.com", name="Eddie Editor", roles="editor")
    auth.login(user.email)
    return user


def snapshot() -> dict:
    """Everything learners see and every current fingerprint, in comparable form."""
    policies = {
        key: (v.title, v.label, v.effective, v.grace_days, v.intro_md, v.meta, [
            (s.section_id, s.heading, s.body_md, s.html, s.text_hash, s.material_hash) for s in v.sections
        ])
        for key, v in versions.current_all(PolicyVersion).items()
    }  # fmt: skip
    courses = {
        key: (v.title, v.summary, v.description_md, v.description_html, v.items, v.audience, v.due_days)
        for key, v in versions.current_all(CourseVersion).items()
    }
    kinds = {i.id: (i.kind, i.course_id) for i in db.session.scalars(select(Item))}
    items = {
        key: (kinds[key], v.title, v.covers, v.source, v.html, v.quiz, v.material_hash)
        for key, v in versions.current_all(ItemVersion).items()
    }
    item_rows = versions.newest_rows(ItemFingerprint, ItemFingerprint.item_id)
    course_rows = versions.newest_rows(CourseFingerprint, CourseFingerprint.course_id)
    item_prints = {key: (row.fingerprint, row.sections) for key, row in item_rows.items()}
    course_prints = {key: (row.fingerprint, row.items) for key, row in course_rows.items()}
    coach_rules = versions.newest_coach_rules()
    coach = (coach_rules.source, coach_versions.version_rules(coach_rules)) if coach_rules else None
    return {"policies": policies, "courses": courses, "items": items, "item_prints": item_prints,
            "course_prints": course_prints, "coach": coach}  # fmt: skip


def empty_the_database() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def round_trip(tmp_path) -> tuple[dict, dict]:
    """Export, empty the database, import the export: return (before, after) snapshots."""
    before = snapshot()
    written = export.export_directory(tmp_path / "export")
    assert written
    assert read_library(tmp_path / "export").problems == []
    empty_the_database()
    content_service.import_directory(tmp_path / "export")
    return before, snapshot()


@pytest.mark.parametrize("source", [BUNDLED_CONTENT, FIXTURES / "content"], ids=["bundled", "fixtures"])
def test_importing_an_export_gives_the_same_content_and_fingerprints(app, tmp_path, source):
    content_service.import_directory(source)
    before, after = round_trip(tmp_path)
    assert after == before
    assert before["items"] and before["course_prints"]


def test_round_trip_gives_the_newest_coach_rules(app, tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, tree)
    content_service.import_directory(tree)
    rules = tree / "coach.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("tone: 2", "tone: 3"), encoding="utf-8")
    content_service.import_directory(tree)
    before, after = round_trip(tmp_path)
    assert after["coach"] == before["coach"]
    assert (tmp_path / "export" / "coach.yaml").read_bytes() == rules.read_bytes()
    assert after["coach"][1].escalate == {"tone": 3}


def test_round_trip_rebuilds_files_whose_text_was_not_kept(app, tmp_path):
    """Versions published before the file text was kept are written from their parts."""
    content_service.import_directory(BUNDLED_CONTENT)
    for model in (PolicyVersion, CourseVersion):
        db.session.execute(update(model).values(source=None))
    db.session.commit()
    before, after = round_trip(tmp_path)
    assert after == before
    policy = (tmp_path / "export" / "policies" / "social-media.md").read_text()
    assert policy.startswith("---\nid: social-media\ntitle: Social media policy\nversion: '2026.2'\n")
    assert "confidential_terms: [Project Aurora, Aurora, Halcyon," in policy
    assert "public_names: [Google Nest," in policy


def test_round_trip_after_editors_published_changes(client, editor, tmp_path):
    policy = "/editor/policies/demo/edit"
    text = page_text(client, policy).replace("Never post order numbers.", "Never post emails.")
    save(client, policy, bump_version(text))
    assert do_publish(client, retrain=True).status_code == 302
    lesson = {"item_id": "basics-extra", "title": "Extra: “quotes”: and colons", "covers": ["demo#secrets"]}
    client.post("/editor/courses/basics/new/lesson", data=lesson)
    assert do_publish(client, "items", "basics-extra").status_code == 302
    before, after = round_trip(tmp_path)
    assert after == before
    assert "basics-extra" in after["courses"]["basics"][4]


def test_round_trip_after_publishes_without_retraining_keeps_the_fingerprints(client, editor, tmp_path):
    policy = "/editor/policies/demo/edit"
    text = page_text(client, policy).replace("Never post order numbers.", "Never post order-numbers.")
    save(client, policy, bump_version(text))
    assert do_publish(client, retrain=False).status_code == 302
    lesson = "/editor/items/basics-secrets/edit"
    save(client, lesson, page_text(client, lesson).replace("an order number", "an order-number"))
    assert do_publish(client, "items", "basics-secrets", retrain=False).status_code == 302
    before, after = round_trip(tmp_path)
    assert after == before
    carried = (tmp_path / "export" / "material.yaml").read_text()
    assert "  demo:\n    secrets: " in carried and "\n  basics-secrets: " in carried


def test_material_file_with_unknown_ids_or_bad_hashes_is_reported(app, tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", tree)
    (tree / "material.yaml").write_text(
        "policies:\n  demo:\n    nowhere: " + "a" * 64 + "\n  other: {}\nitems:\n  basics-quiz: xyz\n"
    )
    problems = [str(p) for p in read_library(tree).problems]
    assert problems == [
        "content/material.yaml:3: policy 'demo' has no section 'nowhere'",
        "content/material.yaml:4: unknown policy 'other'",
        "content/material.yaml:6: the material hash of basics-quiz must be 64 lowercase hex digits",
    ]


def test_exported_files_are_the_imported_files_byte_for_byte(app, tmp_path):
    content_service.import_directory(BUNDLED_CONTENT)
    written = export.export_directory(tmp_path / "export")
    assert len(written) == BUNDLED_FILES and "coach.yaml" in written
    for relative in written:
        assert (tmp_path / "export" / relative).read_bytes() == (BUNDLED_CONTENT / relative).read_bytes()


def test_exporting_twice_writes_the_same_bytes(app, tmp_path):
    content_service.import_directory(FIXTURES / "content")
    export.export_directory(tmp_path / "a")
    export.export_directory(tmp_path / "b")
    for path in (tmp_path / "a").rglob("*.*"):
        assert (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes() == path.read_bytes()


def test_export_command_writes_files_and_leaves_other_files_alone(runner, tmp_path):
    target = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, target)
    assert runner.invoke(args=["content", "import", str(target)]).exit_code == 0
    coach = (target / "coach.yaml").read_bytes()
    (target / "coach.yaml").write_text("stale")
    (target / "NOTES.txt").write_text("an editor's own notes")
    policy = target / "policies" / "social-media.md"
    policy.write_text("stale")
    result = runner.invoke(args=["content", "export", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote {BUNDLED_FILES} file(s) to" in result.output
    assert (target / "coach.yaml").read_bytes() == coach
    assert (target / "NOTES.txt").read_text() == "an editor's own notes"
    assert policy.read_text().startswith("---\nid: social-media\n")
    check = runner.invoke(args=["content", "check", str(target)])
    assert check.exit_code == 0, check.output
    reimport = runner.invoke(args=["content", "import", str(target)])
    assert f"0 new version(s), {BUNDLED_FILES} unchanged" in reimport.output


def test_export_of_an_empty_database_writes_nothing(runner, tmp_path):
    result = runner.invoke(args=["content", "export", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "wrote 0 file(s)" in result.output
