"""xAPI lease: a run of `xapi send` claims the sending, so two overlapping runs never post a statement twice

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 17:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xapi_lease",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=36), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_xapi_lease")),
    )


def downgrade():
    op.drop_table("xapi_lease")
