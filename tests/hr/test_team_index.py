"""The site menu's "has a team" question finds a manager's reports through the index on
lower(manager_email), on SQLite and PostgreSQL, instead of reading every person on every page:
also where nearly nobody has a manager, once the database has statistics that say so."""

from sqlalchemy import insert, text

from tests.conftest import as_served
from tests.sql_capture import matching_during, plan
from training.db import db
from training.hr import team
from training.models import User

INDEX = "ix_user_account_manager_email_lower"


def sent_by(work) -> tuple[str, object]:
    """Run `work` and return the one statement it sent that compares lower(manager_email)."""
    sent = matching_during(work, r"lower\(user_account(_\d+)?\.manager_email\)")
    assert len(sent) == 1, sent
    return sent[0]


def test_whether_someone_manages_anyone_is_looked_up_in_the_index(app, make_user):
    boss = make_user(email="Boss@Example.com")
    for n in range(4):
        make_user().manager_email = "boss@example.com" if n else "someone@example.com"
    db.session.commit()

    statement, parameters = sent_by(lambda: team.manages_anyone(boss))

    found = plan(statement, parameters)
    assert INDEX in found, found
    assert "SCAN user_account\n" not in found + "\n" and "Seq Scan" not in found, found


def test_the_signed_in_persons_load_asks_it_through_the_index_too(app, client, make_user, auth):
    """The menu's question comes with the signed-in person's load (models/people.py)."""
    boss = make_user(email="Boss@Example.com")
    make_user().manager_email = "boss@example.com"
    db.session.commit()
    auth.login(boss.email)
    db.session.commit()

    def page():
        assert "Your team" in as_served(client.get, "/").get_data(as_text=True)  # the person loaded afresh

    statement, parameters = sent_by(page)
    assert "session_version" in statement, statement  # the signed-in person's load itself
    found = plan(statement, parameters)
    assert INDEX in found, found


def test_where_nearly_nobody_has_a_manager_the_index_is_still_chosen(app, client, make_user, auth):
    """With everyone's empty address in it, the statistics made the index look useless: at 50,000
    people the question read them all on every page (14 ms on SQLite, 17 ms on PostgreSQL)."""
    boss = make_user(email="boss@example.com")  # nobody names a manager
    db.session.execute(insert(User), [
        {"email": f"p{n}@example.com", "name": f"P {n}", "department": f"D{n % 40}", "roles": "employee"}
        for n in range(3000)
    ])  # fmt: skip
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    auth.login(boss.email)
    db.session.commit()

    statement, parameters = sent_by(lambda: as_served(client.get, "/"))
    found = plan(statement, parameters, forbid_reading_all=False)
    assert INDEX in found, found
    assert "SCAN user_account" not in found and "Seq Scan on user_account" not in found, found
