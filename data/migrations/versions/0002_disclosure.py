"""Disclosure: the publication policy per version, the units released for named publication, access links.

Revision ID: 0002_disclosure
Revises: 0002_hardening
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_disclosure"
down_revision = "0002_hardening"  # one head: this revision landed after the hardening one
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the version predates the policy (zusammengefasst, or survey.yaml for the data folder's file).
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("policy", sa.String(20), nullable=True))
    op.create_table(
        "releases",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("unit_key", sa.String(9), nullable=False),
        sa.PrimaryKeyConstraint("version_id", "unit_key"),
    )
    op.create_table(
        "access_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("unit_key", sa.String(9), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 hex; the token is never stored
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(200), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("access_tokens")
    op.drop_table("releases")
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("policy")
