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

# Evidence tables whose append-only triggers (revisions 0005 and 0018) SQLite loses when a batch
# operation copies the table; PostgreSQL keeps them through ALTER TABLE.
GUARDED = ('completion', 'certificate')


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _protect_again():
    """Put back SQLite's triggers that refuse to change or delete evidence."""
    if not _sqlite():
        return
    for table in GUARDED:
        for action in ('UPDATE', 'DELETE'):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}")
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'evidence is append-only: {action} on {table} refused'); END"
            )


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
    _protect_again()


def downgrade():
    # Renewed completions and their certificates are evidence the old schema cannot hold; evidence
    # is never deleted, so the downgrade stops instead.
    bind = op.get_bind()
    for table in GUARDED:
        if bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE renewal > 0")).scalar():
            raise RuntimeError(f"{table} holds recertifications; downgrading below 0020 would lose them")
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint('uq_certificate_user_id_course_id_work_fingerprint_renewal', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_certificate_user_id_course_id_work_fingerprint'),
            ['user_id', 'course_id', 'work_fingerprint'],
        )
        batch_op.drop_column('renewal')
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
    _protect_again()
