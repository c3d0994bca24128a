"""Status stamp: one row that changes whenever anything the status query reads changes

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 17:40:00

The dashboard keeps its counts and works them out again only when this row's token changed
(training/status/stamp.py). Triggers on every table the status query reads give the token a new
random value, in the same transaction as the change, so a rolled-back change leaves the old token
and a database put back from a copy never meets a token the site kept counts for under other data.
On PostgreSQL the triggers are deferred to the commit and change the row once per transaction, so
writers wait for each other on this row only while they commit. On SQLite writers already take
turns (BEGIN IMMEDIATE), and a trigger changes the row for each row written.

A later migration that rebuilds one of these tables on SQLite (batch mode copies it) drops its
triggers: it must create them again with `create_triggers` (tests/status/test_tally_kept.py checks
that every table has them at the head revision).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

# The tables the status query reads, and for people only the columns it reads (a sign-in that
# notes the time must not throw the counts away).
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
EVENTS = ("INSERT", "UPDATE", "DELETE")
NEW_TOKEN = {"postgresql": "md5(random()::text || clock_timestamp()::text)", "sqlite": "lower(hex(randomblob(16)))"}


def _event(action: str, columns) -> str:
    return f"UPDATE OF {', '.join(columns)}" if action == "UPDATE" and columns else action


def create_triggers(table: str) -> None:
    """Create the triggers that renew the status stamp when `table` changes."""
    dialect = op.get_bind().dialect.name
    columns = WATCHED[table]
    if dialect == "postgresql":
        events = " OR ".join(_event(action, columns) for action in EVENTS)
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_status_stamp AFTER {events} ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION renew_status_stamp()"
        )
    elif dialect == "sqlite":
        for action in EVENTS:
            op.execute(
                f"CREATE TRIGGER {table}_status_stamp_{action.lower()} AFTER {_event(action, columns)} "
                f"ON {table} BEGIN INSERT INTO status_stamp (id, token) VALUES (1, {NEW_TOKEN['sqlite']}) "
                "ON CONFLICT (id) DO UPDATE SET token = excluded.token; END"
            )


def drop_triggers(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_status_stamp ON {table}")
    elif dialect == "sqlite":
        for action in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_status_stamp_{action.lower()}")


def upgrade():
    op.create_table(
        "status_stamp",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_stamp")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # Once per transaction: the first row's trigger renews the token and notes it in a setting
        # local to the transaction; the others see the note and return.
        op.execute(f"""
            CREATE FUNCTION renew_status_stamp() RETURNS trigger AS $$
            BEGIN
                IF current_setting('training.status_stamp_renewed', true) IS DISTINCT FROM 'yes' THEN
                    PERFORM set_config('training.status_stamp_renewed', 'yes', true);
                    INSERT INTO status_stamp (id, token) VALUES (1, {NEW_TOKEN['postgresql']})
                    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
                END IF;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
        """)
    if dialect in NEW_TOKEN:
        op.execute(f"INSERT INTO status_stamp (id, token) VALUES (1, {NEW_TOKEN[dialect]})")
    for table in WATCHED:
        create_triggers(table)


def downgrade():
    for table in WATCHED:
        drop_triggers(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS renew_status_stamp()")
    op.drop_table("status_stamp")
