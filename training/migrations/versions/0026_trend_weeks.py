"""Trend weeks: the dashboard's weekly figures, kept once a week has ended and been counted

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 21:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "trend_week",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("course", sa.String(length=100), nullable=False),
        sa.Column("trained", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_week")),
        sa.UniqueConstraint(
            "week_start", "department", "course", name=op.f("uq_trend_week_week_start_department_course")
        ),
    )


def downgrade():
    op.drop_table("trend_week")
