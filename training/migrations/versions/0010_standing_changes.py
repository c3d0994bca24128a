"""Every change behind a past fingerprint's stale items, per item

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 04:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Standings written before this keep their joined reason and no per-item list; the next
    # publish that changes the course writes complete ones.
    with op.batch_alter_table('course_standing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    op.drop_column('course_standing', 'changes')
