"""Department stamps: a learner's progress renews their department's token, not the whole dashboard's

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 06:10:00

The dashboard's counts were kept under one token (0027) that any learner's progress renewed, so at
50,000 people the first view after anyone finished a lesson counted everyone again (a third of a
second on SQLite). Progress changes only its own person's rows, so the counts are now kept per
department (training/status/tally.py) under two tokens:

- status_stamp row 2, renewed by every change the status query reads except course progress
  (assignments, extensions, people, courses, their versions, fingerprints and standings);
- department_stamp, one row per department, renewed when the progress of someone in it changes.

Row 1 keeps its meaning (renewed by all of these, progress included) for what is kept per person.
On PostgreSQL each token changes at most once per transaction, at the commit, as in 0027; a
transaction notes the departments it has renewed in a setting local to it. On SQLite the triggers
renew the rows for each row written.

A later migration that rebuilds one of these tables on SQLite (batch mode copies it) drops its
triggers and must create them again as `create_triggers` below does (tests/status/test_tally_kept.py
checks that every table has them at the head revision).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

# As in 0027: the tables the status query reads, and for people only the columns it reads.
WATCHED = {
    "assignment": None,
    "due_extension": None,
    "course": None,
    "course_version": None,
    "course_fingerprint": None,
    "course_standing": None,
    "course_progress": None,
    "user_account": ("active", "department", "department_since", "reactivated_at", "created_at"),
}
PROGRESS = "course_progress"
EVENTS = ("INSERT", "UPDATE", "DELETE")
NEW_TOKEN = {
    "postgresql": "md5(random()::text || clock_timestamp()::text)",
    "sqlite": "lower(hex(randomblob(16)))",
}
EVERYTHING, STRUCTURE = 1, 2  # status_stamp's rows


def _event(action: str, columns) -> str:
    return f"UPDATE OF {', '.join(columns)}" if action == "UPDATE" and columns else action


def _sqlite_renew(row: int) -> str:
    return (
        f"INSERT INTO status_stamp (id, token) VALUES ({row}, {NEW_TOKEN['sqlite']}) "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
    )


def _sqlite_body(table: str, action: str, stamps: str) -> str:
    if stamps == "0027":
        return _sqlite_renew(EVERYTHING)
    if table != PROGRESS:
        return _sqlite_renew(EVERYTHING) + " " + _sqlite_renew(STRUCTURE)
    people = {"INSERT": "NEW.user_id", "DELETE": "OLD.user_id", "UPDATE": "OLD.user_id, NEW.user_id"}[action]
    return (
        _sqlite_renew(EVERYTHING) + " INSERT INTO department_stamp (department, token) "
        f"SELECT department, {NEW_TOKEN['sqlite']} FROM user_account WHERE id IN ({people}) "
        "ON CONFLICT (department) DO UPDATE SET token = excluded.token;"
    )


def create_triggers(table: str, stamps: str = "0030") -> None:
    """Create the triggers that renew the stamps when `table` changes (as 0027 made them, or 0030)."""
    dialect = op.get_bind().dialect.name
    columns = WATCHED[table]
    if dialect == "postgresql":
        function = "renew_progress_stamps" if table == PROGRESS and stamps == "0030" else "renew_status_stamp"
        events = " OR ".join(_event(action, columns) for action in EVENTS)
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_status_stamp AFTER {events} ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    elif dialect == "sqlite":
        for action in EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_status_stamp_{action.lower()} AFTER {_event(action, columns)} "
                f"ON {table} BEGIN {_sqlite_body(table, action, stamps)} END"
            )


def drop_triggers(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_status_stamp ON {table}")
    elif dialect == "sqlite":
        for action in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_status_stamp_{action.lower()}")


def _postgresql_renew(row: int, setting: str) -> str:
    """Renew status_stamp's `row` once per transaction, noted in the transaction-local `setting`."""
    return f"""
        IF current_setting('{setting}', true) IS DISTINCT FROM 'yes' THEN
            PERFORM set_config('{setting}', 'yes', true);
            INSERT INTO status_stamp (id, token) VALUES ({row}, {NEW_TOKEN["postgresql"]})
            ON CONFLICT (id) DO UPDATE SET token = excluded.token;
        END IF;"""


EVERYTHING_RENEWED = _postgresql_renew(EVERYTHING, "training.status_stamp_renewed")


def _postgresql_functions() -> None:
    op.execute(f"""
        CREATE OR REPLACE FUNCTION renew_status_stamp() RETURNS trigger AS $$
        BEGIN
            {EVERYTHING_RENEWED}
            {_postgresql_renew(STRUCTURE, "training.structure_stamp_renewed")}
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
    """)
    # A department is renewed once per transaction: the md5 of each one renewed is noted, between
    # commas, in a setting local to the transaction.
    op.execute(f"""
        CREATE FUNCTION renew_progress_stamps() RETURNS trigger AS $$
        DECLARE
            person integer;
            dept text;
            noted text;
        BEGIN
            {EVERYTHING_RENEWED}
            person := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
            SELECT department INTO dept FROM user_account WHERE id = person;
            IF FOUND THEN
                noted := coalesce(current_setting('training.department_stamps_renewed', true), '');
                IF position(',' || md5(dept) || ',' IN noted) = 0 THEN
                    PERFORM set_config('training.department_stamps_renewed', noted || ',' || md5(dept) || ',', true);
                    INSERT INTO department_stamp (department, token) VALUES (dept, {NEW_TOKEN["postgresql"]})
                    ON CONFLICT (department) DO UPDATE SET token = excluded.token;
                END IF;
            END IF;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
    """)


def upgrade():
    op.create_table(
        "department_stamp",
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("department", name=op.f("pk_department_stamp")),
    )
    dialect = op.get_bind().dialect.name
    for table in WATCHED:
        drop_triggers(table)
    if dialect == "postgresql":
        _postgresql_functions()
    if dialect in NEW_TOKEN:
        op.execute(f"INSERT INTO status_stamp (id, token) VALUES ({STRUCTURE}, {NEW_TOKEN[dialect]})")
        # Whatever was kept before the upgrade is counted again.
        op.execute(f"UPDATE status_stamp SET token = {NEW_TOKEN[dialect]} WHERE id = {EVERYTHING}")
    for table in WATCHED:
        create_triggers(table)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in WATCHED:
        drop_triggers(table)
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS renew_progress_stamps()")
        op.execute(f"""
            CREATE OR REPLACE FUNCTION renew_status_stamp() RETURNS trigger AS $$
            BEGIN
                {EVERYTHING_RENEWED}
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
        """)
    op.execute(f"DELETE FROM status_stamp WHERE id = {STRUCTURE}")
    for table in WATCHED:
        create_triggers(table, stamps="0027")
    op.drop_table("department_stamp")
