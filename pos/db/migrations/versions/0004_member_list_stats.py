"""member list at scale: per-member 365-day stats written by the segmentation job, one partial index
per list sort key (ending in id for keyset paging), segment counts kept on each snapshot

Revision ID: 0004_member_list_stats
Revises: 0003_store_settings
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_member_list_stats"
down_revision = "0003_store_settings"
branch_labels = None
depends_on = None

LIST_INDEXES = {   # a copy, not an import: a migration must not change when the models do
    "phone": ("phone",), "name": ("name",), "tier": ("tier_key",), "segment": ("segment",),
    "last_visit": ("last_visit_at",), "spend": ("spend_365_fen",), "visits": ("visits_365",),
    "points": ("points_balance",), "expiring": ("points_expiring",), "birthday": ("birth_month", "birth_day"),
}


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("spend_365_fen", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("visits_365", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("segment", sa.String(length=32), nullable=False, server_default=""))
        batch.add_column(sa.Column("points_expiring", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("member_segments") as batch:
        batch.add_column(sa.Column("spend_fen", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("visits", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("points_expiring", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("segment_snapshots") as batch:
        batch.add_column(sa.Column("counts", sa.Text(), nullable=True))
    partial = sa.text("erased_at IS NULL")
    for key, columns in LIST_INDEXES.items():
        op.create_index(f"ix_members_list_{key}", "members", [*columns, "id"], sqlite_where=partial,
                        postgresql_where=partial)


def downgrade() -> None:
    for key in LIST_INDEXES:
        op.drop_index(f"ix_members_list_{key}", table_name="members")
    with op.batch_alter_table("segment_snapshots") as batch:
        batch.drop_column("counts")
    with op.batch_alter_table("member_segments") as batch:
        batch.drop_column("points_expiring")
        batch.drop_column("visits")
        batch.drop_column("spend_fen")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("points_expiring")
        batch.drop_column("segment")
        batch.drop_column("visits_365")
        batch.drop_column("spend_365_fen")
