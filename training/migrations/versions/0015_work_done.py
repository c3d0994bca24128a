"""Work-done sets: what people did in a course, so status follows their valid completions

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'work_done',
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('course_id', sa.String(length=100), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_work_done_course_id_course')),
        sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_work_done')),
    )
    with op.batch_alter_table('work_done', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_done_course_id'), ['course_id'], unique=False)
    # Standings and progress rows written before keep their meaning: a progress row's fingerprint
    # is then the course fingerprint of its last whole completion, whose standings exist.
    with op.batch_alter_table('course_standing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('done_stale', sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column('last_satisfied_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('course_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('course_progress', schema=None) as batch_op:
        batch_op.drop_column('state_at')
    with op.batch_alter_table('course_standing', schema=None) as batch_op:
        batch_op.drop_column('last_satisfied_at')
        batch_op.drop_column('done_stale')
        batch_op.drop_column('started')
    with op.batch_alter_table('work_done', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_done_course_id'))
    op.drop_table('work_done')
