"""Periodic recertification: a course's `recertify_every`, when a person was last certified, renewals

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 10:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recertify_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recertify_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('course_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('rounds', sa.Integer(), server_default='0', nullable=False))
    # Whoever completed a course was certified then.
    op.execute("UPDATE course_progress SET certified_at = completed_at, rounds = 1 WHERE completed_at IS NOT NULL")
    # A renewal completes an item again against the same fingerprint: the renewal tells them apart.
    with op.batch_alter_table('completion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewal', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint('uq_completion_user_id_item_id_fingerprint', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_completion_user_id_item_id_fingerprint_renewal'),
            ['user_id', 'item_id', 'fingerprint', 'renewal'],
        )
    # And its certificate is a new one, though the work is the same.
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('renewal', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_constraint('uq_certificate_user_id_course_id_work_fingerprint', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificate_user_id_course_id_work_fingerprint_renewal'),
            ['user_id', 'course_id', 'work_fingerprint', 'renewal'],
        )


def downgrade():
    op.execute("DELETE FROM certificate_revocation WHERE certificate_id IN"
               " (SELECT id FROM certificate WHERE renewal > 0)")
    op.execute("DELETE FROM certificate WHERE renewal > 0")
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint('uq_certificate_user_id_course_id_work_fingerprint_renewal', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificate_user_id_course_id_work_fingerprint'),
            ['user_id', 'course_id', 'work_fingerprint'],
        )
        batch_op.drop_column('renewal')
    op.execute("DELETE FROM completion WHERE renewal > 0")
    with op.batch_alter_table('completion', schema=None) as batch_op:
        batch_op.drop_constraint('uq_completion_user_id_item_id_fingerprint_renewal', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_completion_user_id_item_id_fingerprint'), ['user_id', 'item_id', 'fingerprint']
        )
        batch_op.drop_column('renewal')
    with op.batch_alter_table('course_progress', schema=None) as batch_op:
        batch_op.drop_column('rounds')
        batch_op.drop_column('certified_at')
    with op.batch_alter_table('course_version', schema=None) as batch_op:
        batch_op.drop_column('recertify_days')
        batch_op.drop_column('recertify_months')
