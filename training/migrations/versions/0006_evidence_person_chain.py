"""Evidence: a chain per person, so one person's bundle shows a removed or reordered entry

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:30:00

Each entry gains person_previous_hash (the person chain hash of the same person's entry before,
64 zeros for their first) and person_chain_hash = sha256(person_previous_hash + chain_hash).
Existing entries are back-filled in ledger order from their recorded chain hashes. The
append-only guard of 0005 refuses UPDATE, so it is dropped around the back-fill and put back in
the same transaction (SQLite's table rebuild for NOT NULL drops its triggers anyway).
"""
import hashlib
from contextlib import contextmanager

from alembic import context, op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

ZERO_HASH = "0" * 64
BATCH = 1000
COLUMNS = ("person_previous_hash", "person_chain_hash")


@contextmanager
def _unguarded():
    """Drop evidence_entry's append-only trigger(s) of 0005, and create them again afterwards."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS evidence_entry_append_only ON evidence_entry")
    elif dialect == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS evidence_entry_no_{action}")
    yield
    if dialect == "postgresql":
        op.execute(
            "CREATE TRIGGER evidence_entry_append_only BEFORE UPDATE OR DELETE ON evidence_entry "
            "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()"
        )
    elif dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER evidence_entry_no_{action.lower()} BEFORE {action} ON evidence_entry "
                f"BEGIN SELECT RAISE(ABORT, 'evidence is append-only: {action} on evidence_entry refused'); END"
            )


def _backfill():
    """Compute every person's chain over the existing entries, in ledger order."""
    if context.is_offline_mode():
        # Hashes cannot be computed in emitted SQL: on a table with entries, the NOT NULL below fails.
        op.execute("-- 0006: back-fill of person chain hashes left out in offline mode")
        return
    entry = sa.table("evidence_entry", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                     sa.column("chain_hash", sa.String), *(sa.column(c, sa.String) for c in COLUMNS))
    update = (
        entry.update()
        .where(entry.c.id == sa.bindparam("entry_id"))
        .values(person_previous_hash=sa.bindparam("previous"), person_chain_hash=sa.bindparam("chain"))
    )
    connection = op.get_bind()
    heads, after = {}, 0
    while True:
        rows = connection.execute(
            sa.select(entry.c.id, entry.c.user_id, entry.c.chain_hash)
            .where(entry.c.id > after).order_by(entry.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        links = []
        for row in rows:
            previous = heads.get(row.user_id, ZERO_HASH)
            heads[row.user_id] = hashlib.sha256((previous + row.chain_hash).encode()).hexdigest()
            links.append({"entry_id": row.id, "previous": previous, "chain": heads[row.user_id]})
        connection.execute(update, links)
        after = rows[-1].id


def upgrade():
    with _unguarded():
        with op.batch_alter_table('evidence_entry', schema=None) as batch_op:
            for name in COLUMNS:
                batch_op.add_column(sa.Column(name, sa.String(length=64), nullable=True))
        _backfill()
        with op.batch_alter_table('evidence_entry', schema=None) as batch_op:
            for name in COLUMNS:
                batch_op.alter_column(name, existing_type=sa.String(length=64), nullable=False)


def downgrade():
    with _unguarded():
        with op.batch_alter_table('evidence_entry', schema=None) as batch_op:
            for name in reversed(COLUMNS):
                batch_op.drop_column(name)
