"""covering indexes for the chain-scale manager queries: every member-list index ends in erased_at
(the column of its own WHERE), so SQLite walks and counts it without reading table rows (an OFFSET
jump to row 900,000 is an index-only walk: EXPLAIN shows USING COVERING INDEX); the sales index by
member and time also holds total_fen and coupon_id, so the RFM aggregate reads only the index

Revision ID: 0005_covering_list_indexes
Revises: 0004_member_list_stats
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_covering_list_indexes"
down_revision = "0004_member_list_stats"
branch_labels = None
depends_on = None

LIST_INDEXES = {   # a copy, not an import: a migration must not change when the models do
    "phone": ("phone",), "name": ("name",), "tier": ("tier_key",), "segment": ("segment",),
    "last_visit": ("last_visit_at",), "spend": ("spend_365_fen",), "visits": ("visits_365",),
    "points": ("points_balance",), "expiring": ("points_expiring",), "birthday": ("birth_month", "birth_day"),
}
SALES_BEFORE = ("member_id", "created_at")
SALES_AFTER = ("member_id", "created_at", "total_fen", "coupon_id")


def _list_indexes(trailing: tuple[str, ...]) -> None:
    partial = sa.text("erased_at IS NULL")
    for key, columns in LIST_INDEXES.items():
        op.drop_index(f"ix_members_list_{key}", table_name="members")
        op.create_index(f"ix_members_list_{key}", "members", [*columns, "id", *trailing], sqlite_where=partial,
                        postgresql_where=partial)


def _sales_index(columns: tuple[str, ...]) -> None:
    op.drop_index("ix_sales_member_created", table_name="sales")
    op.create_index("ix_sales_member_created", "sales", list(columns))


def upgrade() -> None:
    _list_indexes(("erased_at",))
    _sales_index(SALES_AFTER)


def downgrade() -> None:
    _sales_index(SALES_BEFORE)
    _list_indexes(())
