"""report rollups, round five (#19): `report_upgrades` (members' tier upgrades per scope x day x day of
the member's previous upgrade in the scope, to any tier and to the same tier, per tier upgraded to; the
chain as scope -1 and each store by tier_history.store_id) for the tier-upgrade report; backfilled here
from tier_history

Revision ID: 0020_tier_upgrade_rollup
Revises: 0019_member_stats
Create Date: 2026-12-01
"""
from collections import defaultdict
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0020_tier_upgrade_rollup"
down_revision = "0019_member_stats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_upgrades",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("back_day", sa.Date(), nullable=False),
        sa.Column("to_key", sa.String(length=32), nullable=False),
        sa.Column("upgrades", sa.BigInteger(), nullable=False),
        sa.Column("after_any", sa.BigInteger(), nullable=False),
        sa.Column("after_same", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "day", "back_day", "to_key", name="pk_report_upgrades"),
    )
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """As pos/services/members/upgrade_rollups.py rebuild() at the time of writing: the upgrades once in
    (member, at, id) order; per scope (the chain -1, the row's store or 0), day and tier upgraded to:
    `upgrades` at back_day = day, `after_any` at the day of the scope's previous upgrade, `after_same` at
    the day of the scope's previous upgrade to the same tier."""
    day_of = "date(at)" if conn.dialect.name == "sqlite" else "CAST(at AS DATE)"
    result = conn.exec_driver_sql(
        f"SELECT member_id, coalesce(store_id, 0), {day_of}, to_key FROM tier_history WHERE reason = 'upgrade' "
        "ORDER BY member_id, at, id", execution_options={"stream_results": True, "yield_per": 20_000})
    counted: dict = defaultdict(lambda: [0, 0, 0])
    days: dict = {}
    member, last = None, {}
    for member_id, store, raw_day, to_key in result:
        if raw_day not in days:
            days[raw_day] = raw_day if isinstance(raw_day, date) and not isinstance(raw_day, datetime) \
                else datetime.fromisoformat(str(raw_day)).date()
        day = days[raw_day]
        if member_id != member:
            member, last = member_id, {}
        for scope in (-1, store):
            counted[(scope, day, day, to_key)][0] += 1
            for tier, counter in ((None, 1), (to_key, 2)):
                back = last.get((scope, tier))
                if back is not None:
                    counted[(scope, day, back, to_key)][counter] += 1
                last[(scope, tier)] = day
    table = sa.table("report_upgrades", sa.column("store_id", sa.Integer()), sa.column("day", sa.Date()),
                     sa.column("back_day", sa.Date()), sa.column("to_key", sa.String()),
                     sa.column("upgrades", sa.BigInteger()), sa.column("after_any", sa.BigInteger()),
                     sa.column("after_same", sa.BigInteger()))
    rows = [{"store_id": s, "day": d, "back_day": b, "to_key": k, "upgrades": n[0], "after_any": n[1],
             "after_same": n[2]} for (s, d, b, k), n in counted.items()]
    for first in range(0, len(rows), 20_000):
        conn.execute(table.insert(), rows[first:first + 20_000])


def downgrade() -> None:
    op.drop_table("report_upgrades")
