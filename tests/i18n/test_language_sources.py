"""The language column in `users import` (optional), `users sync` and the API's person."""

from sqlalchemy import select

from training.db import db
from training.models import User

HEADER = "email,name,department,manager_email,role"


def write(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def languages() -> dict[str, str]:
    return dict(db.session.execute(select(User.email, User.language)).all())


def test_a_file_without_the_language_column_still_imports_and_changes_no_language(
    runner, tmp_path, make_user
):
    make_user(email="anna@example.com")
    db.session.execute(User.__table__.update().values(language="de"))
    db.session.commit()
    text = f"{HEADER}\nanna@example.com,Anna,Care,,\nbob@example.com,Bob,Care,,\n"
    result = runner.invoke(args=["users", "import", write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert languages() == {"anna@example.com": "de", "bob@example.com": ""}


def test_the_language_column_sets_it_and_an_empty_cell_leaves_it(runner, tmp_path, make_user):
    make_user(email="anna@example.com")
    db.session.execute(User.__table__.update().values(language="en"))
    db.session.commit()
    text = f"{HEADER},language\nanna@example.com,Anna,Care,,,\nbob@example.com,Bob,Care,,,DE\n"
    result = runner.invoke(args=["users", "import", write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert languages() == {"anna@example.com": "en", "bob@example.com": "de"}


def test_an_unknown_language_is_reported_by_line_and_nothing_is_imported(runner, tmp_path):
    text = f"{HEADER};language\nanna@example.com;Anna;Care;;;de\nbob@example.com;Bob;Care;;;fr\n".replace(
        ",", ";"
    )
    result = runner.invoke(args=["users", "import", write(tmp_path, text)])
    assert result.exit_code == 1
    assert "line 3: unknown language 'fr'" in result.output
    assert languages() == {}


def test_users_sync_sets_the_language_when_the_file_has_one(runner, tmp_path, make_user):
    make_user(email="anna@example.com")
    text = f"{HEADER},language\nanna@example.com,Anna,Care,,,de\n"
    result = runner.invoke(args=["users", "sync", write(tmp_path, text)])
    assert result.exit_code == 0, result.output
    assert languages()["anna@example.com"] == "de"
