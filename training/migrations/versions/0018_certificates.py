"""Certificates of completed courses and their revocations

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


GUARDED = ('certificate', 'certificate_revocation')


def _protect():
    """Certificates and revocations are evidence: the database refuses to change or delete them."""
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        if dialect == 'postgresql':
            # refuse_evidence_change() comes from revision 0005.
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()"
            )
        elif dialect == 'sqlite':
            for action in ('UPDATE', 'DELETE'):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'evidence is append-only: {action} on {table} refused'); END"
                )


def upgrade():
    op.create_table(
        'certificate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('course_id', sa.String(length=100), nullable=False),
        sa.Column('course_version_id', sa.Integer(), nullable=False),
        sa.Column('course_title', sa.String(length=300), nullable=False),
        sa.Column('course_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('work_fingerprint', sa.String(length=64), nullable=False),
        sa.Column('items', sa.JSON(), nullable=False),
        sa.Column('policies', sa.JSON(), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course')),
        sa.ForeignKeyConstraint(['course_version_id'], ['course_version.id'],
                                name=op.f('fk_certificate_course_version_id_course_version')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_certificate_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
        sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
        sa.UniqueConstraint('user_id', 'course_id', 'work_fingerprint',
                            name=op.f('uq_certificate_user_id_course_id_work_fingerprint')),
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)
    op.create_table(
        'certificate_revocation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('certificate_id', sa.Integer(), nullable=False),
        sa.Column('revoked_by', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'],
                                name=op.f('fk_certificate_revocation_certificate_id_certificate')),
        sa.ForeignKeyConstraint(['revoked_by'], ['user_account.id'],
                                name=op.f('fk_certificate_revocation_revoked_by_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_revocation')),
        sa.UniqueConstraint('certificate_id', name=op.f('uq_certificate_revocation_certificate_id')),
    )
    _protect()


def downgrade():
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        if dialect == 'postgresql':
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif dialect == 'sqlite':
            for action in ('update', 'delete'):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    op.drop_table('certificate_revocation')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_course_id'))
    op.drop_table('certificate')
