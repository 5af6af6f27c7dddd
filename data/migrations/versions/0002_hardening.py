"""Sign-in attempts counted in the database (shared by every instance, cleared by no visitor); versions can
be withdrawn by staff (kept in the history, marked withdrawn).

Revision ID: 0002_hardening
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_hardening"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),  # "passwort", "zugangslink", …
        sa.Column("source", sa.String(64), nullable=False),  # client address (IPv6: its /64 network)
        sa.Column("at", sa.Float, nullable=False),  # seconds since the epoch (UTC)
        sa.Column("outcome", sa.String(10), nullable=False),  # offen, fehler, ok, erledigt
    )
    op.create_index("ix_attempts_kind_at", "attempts", ["kind", "at"])
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("withdrawn_by", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("withdrawn_by")
        batch.drop_column("withdrawn_at")
    op.drop_index("ix_attempts_kind_at", "attempts")
    op.drop_table("attempts")
