"""Evidence: a chain per person, so one person's bundle shows a removed or reordered entry

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
