"""Reminder keys name the due date too: sent_reminder.subject_key grows from 100 to 200 characters

A reminder is now about one thing due on one date ("<course>@<date>", "<person>:<course>@<date>"
for a manager), so a course id of up to 100 characters needs the room. Widening keeps every row.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 11:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.alter_column(
            'subject_key', existing_type=sa.String(length=100), type_=sa.String(length=200),
            existing_nullable=False,
        )


def downgrade():
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM sent_reminder WHERE length(subject_key) > 100")).scalar():
        raise RuntimeError("sent_reminder holds keys longer than 100 characters; downgrading below 0021 would cut them")
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.alter_column(
            'subject_key', existing_type=sa.String(length=200), type_=sa.String(length=100),
            existing_nullable=False,
        )
