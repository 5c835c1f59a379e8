"""report rollups, round two (#19): `report_tier_moves` (per day x member's store x tier move, the
tier changes recorded that day) and `report_coupon_uses` (per day of use x store of use x whole
days from issue to use, 31 meaning 31 or more, the coupons used), kept by the tier_history writers
and by checkout in their own transactions; backfilled here from tier_history and coupon_redemptions

Revision ID: 0016_report_rollups2
Revises: 0014_report_rollups
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_report_rollups2"
down_revision = "0014_report_rollups"
branch_labels = None
depends_on = None

USE_DAYS_CAP = 31     # pos/services/sales/rollups.py USE_DAYS_CAP at the time of writing


def upgrade() -> None:
    op.create_table(
        "report_tier_moves",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("from_key", sa.String(length=32), nullable=False),
        sa.Column("to_key", sa.String(length=32), nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "store_id", "from_key", "to_key", name="pk_report_tier_moves"),
    )
    op.create_table(
        "report_coupon_uses",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("uses", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "store_id", "days", name="pk_report_coupon_uses"),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    day = "date({})" if sqlite else "CAST({} AS DATE)"
    op.execute(f"""
        INSERT INTO report_tier_moves (day, store_id, from_key, to_key, changes)
        SELECT {day.format("t.at")}, coalesce(m.store_id, 0), coalesce(t.from_key, ''), t.to_key, count(*)
        FROM tier_history t JOIN members m ON m.id = t.member_id
        GROUP BY {day.format("t.at")}, coalesce(m.store_id, 0), coalesce(t.from_key, ''), t.to_key""")
    between = ("CAST(julianday(date(r.at)) - julianday(date(c.issued_at)) AS INTEGER)" if sqlite
               else "(CAST(r.at AS DATE) - CAST(c.issued_at AS DATE))")
    capped = f"min({between}, {USE_DAYS_CAP})" if sqlite else f"LEAST({between}, {USE_DAYS_CAP})"
    op.execute(f"""
        INSERT INTO report_coupon_uses (day, store_id, days, uses)
        SELECT {day.format("r.at")}, coalesce(r.store_id, 0), {capped}, count(*)
        FROM coupon_redemptions r JOIN coupons c ON c.id = r.coupon_id
        GROUP BY {day.format("r.at")}, coalesce(r.store_id, 0), {capped}""")


def downgrade() -> None:
    op.drop_table("report_coupon_uses")
    op.drop_table("report_tier_moves")
