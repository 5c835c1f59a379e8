"""report rollups, round four (#19): `report_repeats` (members' purchases per scope x day x day of the
previous purchase and of the one before it, the chain as scope -1 and each store as its id) for the
repeat-purchase report, and `tier_history.store_id` (the member's store) with a covering index for one
store's tier upgrades; both backfilled here from sales and members

Revision ID: 0017_report_rollups3b
Revises: 0016_report_rollups2
Create Date: 2026-12-01
"""
from collections import defaultdict
from datetime import date

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
    _backfill_repeats(op.get_bind())


def _backfill_repeats(conn) -> None:
    """As pos/services/sales/repeat_rollups.py rebuild() at the time of writing: the member sales once in
    (member, time) order; per scope (the chain -1, the sale's store or 0) and sale day: `sales` at
    back_day = day, `after1` at the day of the scope's previous sale, `after2` at the one before."""
    day_of = "date(created_at)" if conn.dialect.name == "sqlite" else "CAST(created_at AS DATE)"
    result = conn.exec_driver_sql(
        f"SELECT member_id, coalesce(store_id, 0), {day_of} FROM sales WHERE member_id IS NOT NULL "
        "ORDER BY member_id, created_at, id", execution_options={"stream_results": True, "yield_per": 20_000})
    counted: dict = defaultdict(lambda: [0, 0, 0])
    member, chain_back, store_back = None, (None, None), {}
    for member_id, store, day in result:
        if member_id != member:
            member, chain_back, store_back = member_id, (None, None), {}
        for scope, (back1, back2) in ((-1, chain_back), (store, store_back.get(store, (None, None)))):
            counted[(scope, day, day)][0] += 1
            if back1 is not None:
                counted[(scope, day, back1)][1] += 1
            if back2 is not None:
                counted[(scope, day, back2)][2] += 1
        chain_back, store_back[store] = (day, chain_back[0]), (day, store_back.get(store, (None, None))[0])
    table = sa.table("report_repeats", sa.column("store_id", sa.Integer()), sa.column("day", sa.Date()),
                     sa.column("back_day", sa.Date()), sa.column("sales", sa.BigInteger()),
                     sa.column("after1", sa.BigInteger()), sa.column("after2", sa.BigInteger()))
    days: dict = {}

    def as_date(value) -> date:
        if value not in days:
            days[value] = value if isinstance(value, date) else date.fromisoformat(str(value))
        return days[value]
    rows = [{"store_id": s, "day": as_date(d), "back_day": as_date(b), "sales": n[0], "after1": n[1], "after2": n[2]}
            for (s, d, b), n in counted.items()]
    for first in range(0, len(rows), 20_000):
        conn.execute(table.insert(), rows[first:first + 20_000])


def downgrade() -> None:
    op.drop_index("ix_tier_history_store_cover", table_name="tier_history")
    with op.batch_alter_table("tier_history") as batch:
        batch.drop_column("store_id")
    op.drop_table("report_repeats")
