"""covering indexes for the manager reports at chain scale: the sales index by time also holds
member_id and total_fen (sales per day, members vs non-members, repeat buyers per month read the
index alone instead of millions of table rows in member order), the tier history index by time
holds reason, tiers and member (upgrades, members per tier), and the open points-lots index holds
the member (points expiring next month per tier). Each replaces a narrower index on the same
leading column, so a sale still writes as many index entries as before.

Revision ID: 0007_report_covering_indexes
Revises: 0006_members_erased_index
Create Date: 2026-11-24
"""
from alembic import op

revision = "0007_report_covering_indexes"
down_revision = "0006_members_erased_index"
branch_labels = None
depends_on = None

# (table, old name, old columns, new name, new columns)
CHANGES = (
    ("sales", "ix_sales_created_at", ("created_at",), "ix_sales_created_cover", ("created_at", "member_id", "total_fen")),
    ("tier_history", "ix_tier_history_at", ("at",), "ix_tier_history_at_cover",
     ("at", "reason", "from_key", "to_key", "member_id")),
    ("points_lots", "ix_points_lots_expiry_open", ("expires_on", "remaining"), "ix_points_lots_expiry_open",
     ("expires_on", "remaining", "member_id")),
)


def upgrade() -> None:
    for table, old, _, new, columns in CHANGES:
        op.drop_index(old, table_name=table)
        op.create_index(new, table, list(columns))


def downgrade() -> None:
    for table, old, columns, new, _ in CHANGES:
        op.drop_index(new, table_name=table)
        op.create_index(old, table, list(columns))
