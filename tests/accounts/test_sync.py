"""`flask users sync FILE --deactivate-missing`: the people table made equal to an HR export."""

import pytest
from sqlalchemy import func, select

from training.accounts import sync
from training.db import db
from training.learning import courses as learning
from training.models import EvidenceEntry, User

HEADER = "email,name,department,manager_email,role\n"


def run_sync(runner, tmp_path, text, *flags):
    path = tmp_path / "hr.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return runner.invoke(args=["users", "sync", str(path), *flags])


def person(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def staff(make_user):
    """An admin, a mover in Sales, a leaver and a stayer in Care."""
    return {
        "admin": make_user(email="admin@example.com", name="Ada Admin", roles="admin", department="IT"),
        "mover": make_user(email="mover@example.com", name="Mo Mover", department="Sales"),
        "leaver": make_user(email="leaver@example.com", name="Lee Leaver", department="Care"),
        "stayer": make_user(email="stayer@example.com", name="Stay Put", department="Care"),
    }


EXPORT = (
    "admin@example.com,Ada Admin,IT,,admin\n"
    "mover@example.com,Mo Mover,Marketing,admin@example.com,employee\n"
    "stayer@example.com,Stay Put,Care,,employee\n"
    "joiner@example.com,Jo Joiner,Sales,mover@example.com,employee\n"
)


def test_sync_creates_joiners_moves_movers_and_deactivates_leavers_keeping_evidence(
    runner, tmp_path, staff, library
):
    learning.complete_lesson(staff["leaver"], "basics-reading")
    evidence = select(func.count(EvidenceEntry.id)).where(EvidenceEntry.user_id == staff["leaver"].id)
    entries = db.session.scalar(evidence)
    moved_since = staff["mover"].department_since
    result = run_sync(runner, tmp_path, EXPORT, "--deactivate-missing")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created joiner@example.com",
        "updated mover@example.com: department 'Sales' -> 'Marketing'; "
        "manager_email '' -> 'admin@example.com'",
        "deactivated leaver@example.com",
        "1 created, 1 updated, 0 reactivated, 1 deactivated, 0 kept, 2 unchanged",
    ]
    joiner = person("joiner@example.com")
    assert (joiner.name, joiner.department, joiner.roles, joiner.active) == (
        "Jo Joiner",
        "Sales",
        "employee",
        True,
    )
    assert person("mover@example.com").department == "Marketing"
    assert person("mover@example.com").department_since > moved_since
    leaver = person("leaver@example.com")
    assert not leaver.active and leaver.deactivated_at is not None
    assert db.session.scalar(evidence) == entries > 0
    assert person("stayer@example.com").active


def test_a_second_sync_of_the_same_export_changes_nothing(runner, tmp_path, staff):
    run_sync(runner, tmp_path, EXPORT, "--deactivate-missing")
    again = run_sync(runner, tmp_path, EXPORT, "--deactivate-missing")
    assert again.exit_code == 0
    assert again.output.splitlines() == [
        "0 created, 0 updated, 0 reactivated, 0 deactivated, 0 kept, 4 unchanged"
    ]


def test_without_deactivate_missing_leavers_stay_active_and_are_counted(runner, tmp_path, staff):
    result = run_sync(runner, tmp_path, EXPORT)
    assert result.exit_code == 0
    assert "1 active people are not in the list and were left active" in result.output
    assert person("leaver@example.com").active


def test_a_dry_run_prints_the_changes_and_changes_nothing(runner, tmp_path, staff):
    result = run_sync(runner, tmp_path, EXPORT, "--deactivate-missing", "--dry-run")
    assert result.exit_code == 0
    assert "deactivated leaver@example.com" in result.output and "created joiner@example.com" in result.output
    assert result.output.splitlines()[-1] == "dry run: nothing was changed"
    assert person("joiner@example.com") is None
    assert person("leaver@example.com").active and person("mover@example.com").department == "Sales"


def test_someone_in_the_export_who_was_deactivated_is_reactivated(runner, tmp_path, staff):
    staff["stayer"].active = False
    db.session.commit()
    result = run_sync(runner, tmp_path, EXPORT)
    assert "reactivated stayer@example.com" in result.output
    stayer = person("stayer@example.com")
    assert stayer.active and stayer.deactivated_at is None and stayer.reactivated_at is not None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("new@example.com,,Sales,,employee\n", "line 6: name is empty"),
        ("not-an-address,Jo,Sales,,employee\n", "line 6: email 'not-an-address'"),
        ("new@example.com,Jo,Sales,,wizard\n", "line 6: unknown role 'wizard'"),
        ("stayer@example.com,Jo,Sales,,employee\n", "line 6: duplicate email stayer@example.com"),
        ("new@example.com,Jo,Sales,ghost@example.com,employee\n", "line 6: manager_email ghost@example.com"),
    ],
)
def test_a_bad_row_is_named_and_nothing_changes(runner, tmp_path, staff, row, message):
    result = run_sync(runner, tmp_path, EXPORT + row, "--deactivate-missing")
    assert result.exit_code == 1
    assert message in result.output
    assert "1 bad row(s); nothing was changed" in result.output  # a sync, not an import
    assert person("joiner@example.com") is None and person("new@example.com") is None
    assert person("leaver@example.com").active and person("mover@example.com").department == "Sales"


def test_the_last_admin_missing_from_the_export_is_kept_active_and_the_output_says_why(
    runner, tmp_path, staff
):
    result = run_sync(
        runner, tmp_path, "mover@example.com,Mo Mover,Sales,,employee\n", "--deactivate-missing"
    )
    assert result.exit_code == 0
    assert f"not deactivated admin@example.com: {sync.LAST_ADMIN}" in result.output
    assert person("admin@example.com").active and not person("stayer@example.com").active


def test_an_admin_missing_from_the_export_is_deactivated_when_another_admin_stays(runner, tmp_path, staff):
    text = "mover@example.com,Mo Mover,Sales,,admin\n"
    result = run_sync(runner, tmp_path, text, "--deactivate-missing")
    assert "deactivated admin@example.com" in result.output
    assert not person("admin@example.com").active and "admin" in person("mover@example.com").roles


def test_a_row_that_takes_the_admin_role_from_the_last_admin_is_refused(runner, tmp_path, staff):
    result = run_sync(runner, tmp_path, EXPORT.replace("IT,,admin", "IT,,employee"))
    assert result.exit_code == 1
    assert "line 2: admin@example.com would lose the admin role" in result.output
    assert "admin" in person("admin@example.com").roles


def test_the_person_running_a_sync_is_never_deactivated(staff, make_user):
    make_user(email="second.admin@example.com", roles="admin")
    rows = [{"email": "mover@example.com", "name": "Mo Mover", "department": "Sales", "manager_email": ""}]
    result = sync.sync(
        rows, {"mover@example.com": "people[0]"}, deactivate_missing=True, actor=staff["admin"]
    )
    assert result.kept == [("admin@example.com", sync.SELF)]
    assert result.deactivated == ["leaver@example.com", "second.admin@example.com", "stayer@example.com"]
    assert person("admin@example.com").active and not person("second.admin@example.com").active
