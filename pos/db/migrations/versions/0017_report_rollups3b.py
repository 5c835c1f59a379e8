"""report rollups, round four (#19): `report_repeats` (members' purchases per scope x day x day of the
previous purchase and of the one before it, the chain as scope -1 and each store as its id) for the
repeat-purchase report, and `tier_history.store_id` (the member's store) with a covering index for one
store's tier upgrades; both backfilled here from sales and members

Revision ID: 0017_report_rollups3b
Revises: 0016_report_rollups2
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_report_rollups3b"
down_revision = "0016_report_rollups2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_repeats",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("back_day", sa.Date(), nullable=False),
        sa.Column("sales", sa.BigInteger(), nullable=False),
        sa.Column("after1", sa.BigInteger(), nullable=False),
        sa.Column("after2", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "day", "back_day", name="pk_report_repeats"),
    )
    with op.batch_alter_table("tier_history") as batch:
        batch.add_column(sa.Column("store_id", sa.Integer(), nullable=True))
    op.execute("UPDATE tier_history SET store_id = (SELECT m.store_id FROM members m WHERE m.id = tier_history.member_id)")
    op.create_index("ix_tier_history_store_cover", "tier_history", ["store_id", "reason", "at", "member_id", "to_key"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    day = "date({})" if sqlite else "CAST({} AS DATE)"
    # the same rows as pos/services/sales/repeat_rollups.py recompute(), at the time of writing
    op.execute(f"""
        WITH w AS (
            SELECT s.created_at AS at, coalesce(s.store_id, 0) AS store,
                   lag(s.created_at, 1) OVER (PARTITION BY s.member_id ORDER BY s.created_at, s.id) AS c1,
                   lag(s.created_at, 2) OVER (PARTITION BY s.member_id ORDER BY s.created_at, s.id) AS c2,
                   lag(s.created_at, 1) OVER (PARTITION BY s.member_id, coalesce(s.store_id, 0)
                                              ORDER BY s.created_at, s.id) AS s1,
                   lag(s.created_at, 2) OVER (PARTITION BY s.member_id, coalesce(s.store_id, 0)
                                              ORDER BY s.created_at, s.id) AS s2
            FROM sales s WHERE s.member_id IS NOT NULL),
        k(n) AS (SELECT 0 UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
                 UNION ALL SELECT 5),
        e AS (
            SELECT CASE WHEN k.n < 3 THEN -1 ELSE w.store END AS store_id, {day.format("w.at")} AS day,
                   CASE k.n WHEN 0 THEN {day.format("w.at")} WHEN 3 THEN {day.format("w.at")}
                            WHEN 1 THEN {day.format("w.c1")} WHEN 2 THEN {day.format("w.c2")}
                            WHEN 4 THEN {day.format("w.s1")} ELSE {day.format("w.s2")} END AS back_day,
                   CASE WHEN k.n IN (0, 3) THEN 1 ELSE 0 END AS sales,
                   CASE WHEN k.n IN (1, 4) THEN 1 ELSE 0 END AS after1,
                   CASE WHEN k.n IN (2, 5) THEN 1 ELSE 0 END AS after2
            FROM w CROSS JOIN k)
        INSERT INTO report_repeats (store_id, day, back_day, sales, after1, after2)
        SELECT store_id, day, back_day, sum(sales), sum(after1), sum(after2) FROM e
        WHERE back_day IS NOT NULL GROUP BY store_id, day, back_day""")


def downgrade() -> None:
    op.drop_index("ix_tier_history_store_cover", table_name="tier_history")
    with op.batch_alter_table("tier_history") as batch:
        batch.drop_column("store_id")
    op.drop_table("report_repeats")
