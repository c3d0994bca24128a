"""Index user_account on lower(manager_email): the site menu asks on every page whether the
signed-in person manages anyone, and without it that question reads every person

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 12:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_user_account_manager_email_lower", "user_account", [sa.text("lower(manager_email)")])


def downgrade():
    op.drop_index("ix_user_account_manager_email_lower", table_name="user_account")
