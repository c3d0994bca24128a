"""Translations of content, and the language each completion and acknowledgement was read in

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("made_from", sa.String(length=64), nullable=False),
        sa.Column("made_from_version", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=254), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translation")),
        sa.UniqueConstraint(
            "kind",
            "source_id",
            "language",
            "number",
            name=op.f("uq_translation_kind_source_id_language_number"),
        ),
    )
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_translation_source_id"), ["source_id"], unique=False)
    # Plain ALTER TABLE ADD COLUMN on both databases: SQLite keeps the append-only triggers of
    # these evidence tables (a batch operation would copy the table and lose them).
    op.add_column("completion", sa.Column("language", sa.String(length=20), nullable=True))
    op.add_column("acknowledgement", sa.Column("language", sa.String(length=20), nullable=True))


def downgrade():
    bind = op.get_bind()
    for table in ("completion", "acknowledgement"):
        if bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE language IS NOT NULL")).scalar():
            raise RuntimeError(
                f"{table} records the language people read; downgrading below 0022 would drop evidence"
            )
    op.drop_column("acknowledgement", "language")
    op.drop_column("completion", "language")
    with op.batch_alter_table("translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_translation_source_id"))
    op.drop_table("translation")
