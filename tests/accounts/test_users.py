"""`flask users import` and `users set-password`: the HR system's way in."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import PASSWORD
from training.accounts import users as user_service
from training.db import db, utcnow
from training.models import User

HEADER = "email,name,department,manager_email,role\n"
ALICE = "alice@example.com,Alice Archer,Customer Care,bob@example.com,employee\n"
ALONE = "alice@example.com,Alice Archer,Customer Care,,employee\n"  # no manager
BOB = "bob@example.com,Bob Baker,Marketing,,hr\n"


def write_csv(tmp_path, text: str | bytes, name: str = "people.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def import_csv(runner, path):
    return runner.invoke(args=["users", "import", str(path)])


def people() -> list[User]:
    return db.session.scalars(select(User).order_by(User.email)).all()


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_import_creates_people(runner, tmp_path):
    result = import_csv(runner, write_csv(tmp_path, HEADER + ALICE + BOB))
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    alice, bob = people()
    assert (alice.email, alice.name, alice.department, alice.manager_email, alice.roles) == (
        "alice@example.com",
        "Alice Archer",
        "Customer Care",
        "bob@example.com",
        "employee",
    )
    assert bob.role_set == {"employee", "hr"}
    assert alice.password_hash is None


def test_reimport_updates_and_never_duplicates(runner, tmp_path):
    import_csv(runner, write_csv(tmp_path, HEADER + ALICE + BOB))
    moved = "ALICE@example.com,Alice Archer,Sales,bob@example.com,employee\n"
    result = import_csv(runner, write_csv(tmp_path, HEADER + moved + BOB, "again.csv"))
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 1 unchanged" in result.output
    assert user_count() == 2
    assert people()[0].department == "Sales"


def test_import_records_when_someone_joins_a_department(runner, tmp_path):
    import_csv(runner, write_csv(tmp_path, HEADER + ALICE + BOB))
    alice, bob = people()
    assert alice.department_since == alice.created_at
    long_ago = utcnow() - timedelta(days=300)
    db.session.execute(update(User).values(department_since=long_ago))
    db.session.commit()
    moved = "alice@example.com,Alice Archer,Sales,bob@example.com,employee\n"
    renamed = "bob@example.com,Bob B. Baker,Marketing,,hr\n"
    import_csv(runner, write_csv(tmp_path, HEADER + moved + renamed, "again.csv"))
    alice, bob = people()
    assert utcnow() - alice.department_since < timedelta(minutes=1)
    assert bob.department_since == long_ago  # same department: the date stays


def test_import_accepts_several_roles_separated_by_semicolons(runner, tmp_path):
    row = "carol@example.com,Carol Cole,People,,hr;editor\n"
    result = import_csv(runner, write_csv(tmp_path, HEADER + row))
    assert result.exit_code == 0, result.output
    carol = people()[0]
    assert carol.role_set == {"employee", "hr", "editor"}
    assert carol.has_role("editor") and carol.has_role("hr") and not carol.has_role("admin")


def test_import_accepts_a_byte_order_mark_and_column_order(runner, tmp_path):
    text = "\ufeffrole,name,email,department,manager_email\nemployee,Dan Dale,dan@example.com,IT,\n"
    result = import_csv(runner, write_csv(tmp_path, text))
    assert result.exit_code == 0, result.output
    assert people()[0].email == "dan@example.com"


BAD_ROWS = [
    pytest.param(
        HEADER + ALONE + "not-an-email,Eve,IT,,employee\n",
        3,
        "email 'not-an-email': An email",
        id="bad-email",
    ),
    pytest.param(
        HEADER + ALONE + "eve@example.com,Eve,IT,,wizard\n", 3, "unknown role 'wizard'", id="unknown-role"
    ),
    pytest.param(
        HEADER + ALICE + BOB + "Alice@example.com,Alice Again,IT,,employee\n",
        4,
        "duplicate email alice@example.com (first on line 2)",
        id="duplicate-email",
    ),
    pytest.param(HEADER + ALONE + "eve@example.com,,IT,,employee\n", 3, "name is empty", id="empty-name"),
    pytest.param(HEADER + ALONE + ",Eve,IT,,employee\n", 3, "email is empty", id="empty-email"),
    pytest.param(
        HEADER + ALONE + "eve@example.com,Eve,IT,not-an-email,employee\n",
        3,
        "manager_email 'not-an-email': An email address must have an @-sign",
        id="bad-manager",
    ),
    pytest.param(
        "email,name,department,role,manager_email,department\n"
        + "alice@example.com,Alice,Sales,employee,,IT\n",
        1,
        "column(s) department appear more than once",
        id="repeated-column",
    ),
    pytest.param(
        HEADER + ALONE + "eve@example.com,Eve,IT,,employee,extra\n", 3, "too many fields", id="extra-field"
    ),
    pytest.param(
        "email,name,department,manager_email\n" + ALICE, 1, "missing column(s) role", id="missing-column"
    ),
    pytest.param(
        (HEADER + ALONE).encode() + "eve@example.com,\u00c9ve,IT,,employee\n".encode("latin-1"),
        3,
        "not valid UTF-8",
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_ROWS)
def test_bad_row_is_reported_with_its_line_and_nothing_is_imported(runner, tmp_path, text, line, message):
    result = import_csv(runner, write_csv(tmp_path, text))
    assert result.exit_code != 0
    reported = [out for out in result.output.splitlines() if out.startswith(f"line {line}:")]
    assert reported and any(message in out for out in reported), result.output
    assert user_count() == 0  # not even the good row before it


def test_bad_file_leaves_existing_people_untouched(runner, tmp_path):
    import_csv(runner, write_csv(tmp_path, HEADER + ALONE))
    changed = "alice@example.com,Alice Archer,Sales,,employee\n"
    result = import_csv(runner, write_csv(tmp_path, HEADER + changed + "x,Eve,IT,,employee\n", "bad.csv"))
    assert result.exit_code != 0
    assert [(u.email, u.department) for u in people()] == [("alice@example.com", "Customer Care")]


def test_every_bad_row_is_listed_not_just_the_first(runner, tmp_path):
    text = HEADER + "x,Eve,IT,,employee\n" + ALICE + "fay@example.com,Fay,IT,,wizard\n"
    output = import_csv(runner, write_csv(tmp_path, text)).output
    assert "line 2:" in output and "line 4:" in output


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(HEADER + BOB + "eve@example.com,Eve,IT,nobody@example.com,employee\n", 3,
                     "manager_email nobody@example.com is nobody's", id="unknown-manager"),
        pytest.param(HEADER + BOB + "eve@example.com,Eve,IT,EVE@example.com,employee\n", 3,
                     "eve@example.com is named as their own manager", id="own-manager"),
    ],
)  # fmt: skip
def test_a_manager_must_be_someone_else_who_exists(runner, tmp_path, text, line, message):
    result = import_csv(runner, write_csv(tmp_path, text))
    assert result.exit_code == 1
    assert f"line {line}: {message}" in result.output
    assert user_count() == 0


def test_a_manager_may_be_later_in_the_file_or_already_imported(runner, tmp_path):
    result = import_csv(runner, write_csv(tmp_path, HEADER + ALICE + BOB))  # Bob, Alice's manager, after her
    assert result.exit_code == 0, result.output
    row = "cy@example.com,Cy Cole,IT,alice@example.com,employee\n"
    result = import_csv(runner, write_csv(tmp_path, HEADER + row, "later.csv"))  # Alice is already here
    assert result.exit_code == 0, result.output
    assert people()[2].manager_email == "alice@example.com"


@pytest.mark.parametrize("delimiter", [";", "\t"], ids=["semicolon", "tab"])
def test_a_file_separated_by_semicolons_or_tabs_is_read(runner, tmp_path, delimiter):
    rows = [["email", "name", "department", "manager_email", "role"],
            ["maria@example.com", "María López, Jr.", "Sales", "", "hr,editor"]]  # fmt: skip
    text = "".join(delimiter.join(row) + "\r\n" for row in rows)
    result = import_csv(runner, write_csv(tmp_path, "\ufeff" + text))
    assert result.exit_code == 0, result.output
    maria = people()[0]
    assert (maria.name, maria.department, maria.role_set) == (
        "María López, Jr.",
        "Sales",
        {"employee", "hr", "editor"},
    )


def test_a_semicolon_file_with_a_bad_header_gets_a_hint(runner, tmp_path):
    text = "email;name;dept;manager_email;role\nann@example.com;Ann;Sales;;employee\n"
    result = import_csv(runner, write_csv(tmp_path, text))
    assert result.exit_code == 1
    assert "line 1: missing column(s)" in result.output
    assert "this file seems to use ';' between columns" in result.output
    assert user_count() == 0


def set_password(runner, email, password):
    return runner.invoke(args=["users", "set-password", email], input=password + "\n")


def test_set_password_reads_stdin_and_stores_an_argon2id_hash(runner, make_user):
    user = make_user(email="gil@example.com")
    result = set_password(runner, "gil@example.com", "a long new password here")
    assert result.exit_code == 0, result.output
    assert "Password set for gil@example.com" in result.output
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert "a long new password here" not in user.password_hash
    assert user_service.authenticate("gil@example.com", "a long new password here") == user


def test_set_password_lets_the_person_sign_in(runner, make_user, auth):
    make_user(email="gil@example.com")
    set_password(runner, "gil@example.com", "a long new password here")
    response = auth.login("gil@example.com", "a long new password here")
    assert response.status_code == 302


@pytest.mark.parametrize("password", ["", "short", "elevenchars"])
def test_set_password_refuses_short_passwords(runner, make_user, password):
    user = make_user(email="gil@example.com")
    before = user.password_hash
    result = set_password(runner, "gil@example.com", password)
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    db.session.refresh(user)
    assert user.password_hash == before


def test_set_password_accepts_exactly_twelve_characters(runner, make_user):
    make_user(email="gil@example.com")
    assert set_password(runner, "gil@example.com", "twelve chars").exit_code == 0


def test_set_password_for_unknown_email_is_an_error(runner, make_user):
    make_user(email="gil@example.com")
    result = set_password(runner, "nobody@example.com", "a long new password here")
    assert result.exit_code != 0
    assert "No person with the email address nobody@example.com" in result.output


def test_imported_person_without_password_cannot_sign_in(runner, tmp_path, auth):
    import_csv(runner, write_csv(tmp_path, HEADER + ALONE))
    response = auth.login("alice@example.com", "")
    assert response.status_code == 200
    assert user_service.authenticate("alice@example.com", "anything at all") is None


@pytest.mark.parametrize(
    ("testing", "fast"), [(False, False), (False, True), (True, False)],
    ids=["deployment", "flag-outside-testing", "testing-without-the-flag"],
)  # fmt: skip
def test_passwords_are_hashed_at_full_cost_unless_the_test_suite_asks(app_config, testing, fast):
    from argon2 import PasswordHasher

    from training import create_app

    config = dict(app_config, TESTING=testing, FAST_PASSWORD_HASHES=fast)
    with create_app(config).app_context():
        try:
            stored = user_service.create_user("full@example.com", "Full Cost", PASSWORD).password_hash
        finally:
            db.session.remove()
            db.engine.dispose()
    full = PasswordHasher()
    assert f"m={full.memory_cost},t={full.time_cost},p={full.parallelism}" in stored
