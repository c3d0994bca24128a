"""Index course progress by course and work-done fingerprint

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 22:20:00

Publishing writes a standing for each work-done set that someone's progress in the course points
at. Finding those sets read every person's progress in the course: a publish took 25 ms at 10,000
people and 43 ms at 50,000 on SQLite. With this index each set is one lookup.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

NAME = "ix_course_progress_course_fingerprint"


def upgrade():
    op.create_index(NAME, "course_progress", ["course_id", "fingerprint"])


def downgrade():
    op.drop_index(NAME, table_name="course_progress")
