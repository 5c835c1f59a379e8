"""report rollups (#19): `report_days`, per day x store x tier the sales and returns booked that
day, kept by checkout and return in their own transaction; backfilled here from sales and returns

Revision ID: 0014_report_rollups
Revises: 0011_repurchase_offers
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_report_rollups"
down_revision = "0013_store_reward_stock"
branch_labels = None
depends_on = None

VALUES = ("sales", "subtotal_fen", "tier_discount_fen", "coupon_discount_fen", "points_value_fen", "revenue_fen",
          "points_earned", "points_redeemed", "coupon_sales", "returns", "refund_fen", "points_reversed",
          "points_restored")


def upgrade() -> None:
    op.create_table(
        "report_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("tier_key", sa.String(length=32), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in VALUES),
        sa.PrimaryKeyConstraint("day", "store_id", "tier_key", name="pk_report_days"),
    )
    day = "date({})" if op.get_bind().dialect.name == "sqlite" else "CAST({} AS DATE)"
    op.execute(f"""
        INSERT INTO report_days (day, store_id, tier_key, {", ".join(VALUES)})
        SELECT day, store_id, tier_key, {", ".join(f"sum({v})" for v in VALUES)} FROM (
            SELECT {day.format("created_at")} AS day, coalesce(store_id, 0) AS store_id,
                   coalesce(tier_before, '') AS tier_key, 1 AS sales, subtotal_fen, tier_discount_fen,
                   coupon_discount_fen, points_value_fen, total_fen AS revenue_fen, points_earned, points_redeemed,
                   CASE WHEN coupon_id IS NULL THEN 0 ELSE 1 END AS coupon_sales, 0 AS returns, 0 AS refund_fen,
                   0 AS points_reversed, 0 AS points_restored
            FROM sales
            UNION ALL
            SELECT {day.format("r.created_at")}, coalesce(r.store_id, 0), coalesce(s.tier_before, ''), 0, 0, 0, 0, 0,
                   0, 0, 0, 0, 1, r.refund_fen, r.points_reversed, r.points_restored
            FROM returns r JOIN sales s ON s.id = r.sale_id
        ) AS booked GROUP BY day, store_id, tier_key""")


def downgrade() -> None:
    op.drop_table("report_days")
