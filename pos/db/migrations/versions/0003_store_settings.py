"""store settings: every saved version of the configuration TOML (the newest is in force)

Revision ID: 0003_store_settings
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_store_settings"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["saved_by"], ["staff.id"], name=op.f("fk_store_settings_saved_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_settings")),
    )


def downgrade() -> None:
    op.drop_table("store_settings")
