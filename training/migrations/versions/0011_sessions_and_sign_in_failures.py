"""Sessions that end: a session version per person, sessions ended by signing out, refused sign-ins

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _protect_failures():
    """Refused sign-ins are a record: the database refuses to change or delete them."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # refuse_evidence_change() comes from revision 0005.
        op.execute(
            "CREATE TRIGGER sign_in_failure_append_only BEFORE UPDATE OR DELETE ON sign_in_failure "
            "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()"
        )
    elif dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER sign_in_failure_no_{action.lower()} BEFORE {action} ON sign_in_failure "
                f"BEGIN SELECT RAISE(ABORT, 'refused sign-ins are append-only: {action} refused'); END"
            )


def upgrade():
    # Sessions kept only the person's id until now; with the version in it, every one of them
    # ends with this upgrade and people sign in once more.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))

    op.create_table('ended_session',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_ended_session_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ended_session'))
    )
    with op.batch_alter_table('ended_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ended_session_ended_at'), ['ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ended_session_user_id'), ['user_id'], unique=False)

    op.create_table('sign_in_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_sign_in_failure_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failure'))
    )
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_failure_attempted_at'), ['attempted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_failure_user_id'), ['user_id'], unique=False)
    _protect_failures()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sign_in_failure_append_only ON sign_in_failure")
    elif dialect == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS sign_in_failure_no_{action}")
    with op.batch_alter_table('sign_in_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_failure_user_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_failure_attempted_at'))
    op.drop_table('sign_in_failure')
    with op.batch_alter_table('ended_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ended_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_ended_session_ended_at'))
    op.drop_table('ended_session')
    # Plain DROP COLUMN (SQLite 3.35 or later): batch mode would copy user_account, which the
    # foreign keys pointing at it refuse inside the migration's transaction.
    op.drop_column('user_account', 'session_version')
