"""People: when each person joined their department, for N-days assignments

Also when a person was last reactivated, and HR's extensions of one person's due date (append-only).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# SQLite cannot add a NOT NULL column without a constant default, and making a column NOT NULL
# afterwards means copying the table, which foreign keys to user_account forbid mid-transaction.
# So the column arrives with a constant default, is filled from created_at, and (on PostgreSQL,
# which can) loses the default again; the application always sets it.
PLACEHOLDER = "1970-01-01 00:00:00.000000"


def _protect_extensions():
    """Extensions are history: the database refuses to change or delete them, like evidence."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # refuse_evidence_change() comes from revision 0005.
        op.execute(
            "CREATE TRIGGER due_extension_append_only BEFORE UPDATE OR DELETE ON due_extension "
            "FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change()"
        )
    elif dialect == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER due_extension_no_{action.lower()} BEFORE {action} ON due_extension "
                f"BEGIN SELECT RAISE(ABORT, 'due date extensions are append-only: {action} refused'); END"
            )


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reactivated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('department_since', sa.DateTime(timezone=True), nullable=False,
                                      server_default=PLACEHOLDER))
    op.execute("UPDATE user_account SET department_since = created_at")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column('user_account', 'department_since', server_default=None)

    op.create_table('due_extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=100), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_due_extension_course_id_course')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_due_extension_created_by_user_account')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_due_extension_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_due_extension'))
    )
    with op.batch_alter_table('due_extension', schema=None) as batch_op:
        batch_op.create_index('ix_due_extension_person_course', ['user_id', 'course_id', 'id'], unique=False)
    _protect_extensions()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS due_extension_append_only ON due_extension")
    elif dialect == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS due_extension_no_{action}")
    with op.batch_alter_table('due_extension', schema=None) as batch_op:
        batch_op.drop_index('ix_due_extension_person_course')
    op.drop_table('due_extension')
    # Plain DROP COLUMN (SQLite 3.35 or later): batch mode would copy user_account, which the
    # foreign keys pointing at it refuse inside the migration's transaction.
    op.drop_column('user_account', 'department_since')
    op.drop_column('user_account', 'reactivated_at')
