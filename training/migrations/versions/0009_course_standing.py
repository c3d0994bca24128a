"""What a course's past fingerprints mean against its current one

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Standings are written when a course gets a new fingerprint; until a course's next one,
    # status falls back to its current fingerprint's own due date and reason.
    op.create_table('course_standing',
    sa.Column('course_fingerprint_id', sa.Integer(), nullable=False),
    sa.Column('past_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('satisfied', sa.Boolean(), nullable=False),
    sa.Column('stale_due', sa.Date(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['course_fingerprint_id'], ['course_fingerprint.id'], name=op.f('fk_course_standing_course_fingerprint_id_course_fingerprint')),
    sa.PrimaryKeyConstraint('course_fingerprint_id', 'past_fingerprint', name=op.f('pk_course_standing'))
    )
    with op.batch_alter_table('course_fingerprint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table('item_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('text_hash', sa.String(length=64), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop tables that others reference.
    op.drop_column('item_version', 'text_hash')
    op.drop_column('course_fingerprint', 'changes')
    op.drop_table('course_standing')
