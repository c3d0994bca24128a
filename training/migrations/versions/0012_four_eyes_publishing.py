"""Four-eyes publishing: requests for a second editor's approval, and approvals as evidence

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def _protect_approvals():
    """Approvals are evidence: the database refuses to change or delete them."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # refuse_evidence_change() comes from revision 0005.
        op.execute(
            "CREATE TRIGGER policy_approval_append_only BEFORE UPDATE OR DELETE ON policy_approval "
            "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()"
        )
    elif dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER policy_approval_no_{action.lower()} BEFORE {action} ON policy_approval "
                f"BEGIN SELECT RAISE(ABORT, 'approvals are append-only: {action} refused'); END"
            )


def upgrade():
    with op.batch_alter_table('policy_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approved_by', sa.String(length=254), nullable=True))

    op.create_table('publish_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('draft_revision', sa.String(length=32), nullable=True),
    sa.Column('restoring', sa.Integer(), nullable=True),
    sa.Column('base_number', sa.Integer(), nullable=False),
    sa.Column('retrain', sa.Boolean(), nullable=False),
    sa.Column('effective', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['user_account.id'], name=op.f('fk_publish_request_decided_by_user_account')),
    sa.ForeignKeyConstraint(['requested_by'], ['user_account.id'], name=op.f('fk_publish_request_requested_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publish_request'))
    )
    with op.batch_alter_table('publish_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publish_request_key'), ['key'], unique=False)

    op.create_table('policy_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_version_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['user_account.id'], name=op.f('fk_policy_approval_approved_by_user_account')),
    sa.ForeignKeyConstraint(['policy_version_id'], ['policy_version.id'], name=op.f('fk_policy_approval_policy_version_id_policy_version')),
    sa.ForeignKeyConstraint(['request_id'], ['publish_request.id'], name=op.f('fk_policy_approval_request_id_publish_request')),
    sa.ForeignKeyConstraint(['requested_by'], ['user_account.id'], name=op.f('fk_policy_approval_requested_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_approval')),
    sa.UniqueConstraint('policy_version_id', name=op.f('uq_policy_approval_policy_version_id')),
    sa.UniqueConstraint('request_id', name=op.f('uq_policy_approval_request_id'))
    )
    with op.batch_alter_table('policy_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_approval_approved_by'), ['approved_by'], unique=False)
    _protect_approvals()


def downgrade():
    op.drop_table('policy_approval')
    op.drop_table('publish_request')
    op.drop_column('policy_version', 'approved_by')
