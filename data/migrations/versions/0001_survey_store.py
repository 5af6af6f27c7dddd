"""Survey store: waves, versions (append-only), answers per version, saved column mappings.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "waves",
        sa.Column("key", sa.String(20), primary_key=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("wave", sa.String(20), sa.ForeignKey("waves.key"), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("respondents", sa.Integer, nullable=False),
        sa.Column("answer_rows", sa.Integer, nullable=False),
        sa.Column("restored_from", sa.Integer, sa.ForeignKey("versions.id"), nullable=True),
    )
    op.create_table(
        "answers",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("unit_key", sa.String(9), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("answer", sa.String(500), nullable=False),
    )
    op.create_index("ix_answers_version", "answers", ["version_id"])
    op.create_table(
        "mappings",
        sa.Column("wave", sa.String(20), sa.ForeignKey("waves.key"), primary_key=True),
        sa.Column("source", sa.String(500), primary_key=True),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mappings")
    op.drop_index("ix_answers_version", "answers")
    op.drop_table("answers")
    op.drop_table("versions")
    op.drop_table("waves")
