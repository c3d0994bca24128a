"""xAPI outbox: the delivery state of each statement built from the evidence ledger

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'xapi_outbox',
        sa.Column('statement_id', sa.String(length=36), nullable=False),
        sa.Column('entry_id', sa.Integer(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('next_try_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['entry_id'], ['evidence_entry.id'],
                                name=op.f('fk_xapi_outbox_entry_id_evidence_entry')),
        sa.PrimaryKeyConstraint('statement_id', name=op.f('pk_xapi_outbox')),
    )
    with op.batch_alter_table('xapi_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xapi_outbox_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('xapi_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xapi_outbox_entry_id'))
    op.drop_table('xapi_outbox')
