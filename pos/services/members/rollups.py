"""Report rollups, round two (#19): the tier moves per day x store x (from tier, to tier) in
`report_tier_moves`, kept exact in the same transaction as the tier_history rows they count, so
"members per tier" reads ~365 x stores x moves rows for a year instead of every tier change.

- A move counts on the day of its tier_history row (`at`), at the member's store (`members.store_id`,
  the store that enrolled the member; 0 for none) and as (from_key or "", to_key).
- Every writer of tier_history calls `add_moves` in its transaction: enrolment (pos/services/members/
  lookup.py), the tier evaluation job (tiers.py), the upgrade at checkout (pos/services/sales/checkout.py).
  Bulk loads that write tier_history or move members between stores directly (the bulk demo, the
  chain demo's spread) call `rebuild` (through pos.services.sales.rollups.rebuild).

The write is one upsert per row, `INSERT ... ON CONFLICT DO UPDATE SET changes = changes + excluded`,
made after the transaction's other writes, rows in key order: concurrent tills add to the same row
without losing an update and take the rollup rows in one order (no deadlock).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import Connection, Date, cast, delete, func, literal, select, update
from sqlalchemy.sql import Select

from pos.db.engine import additive_upsert
from pos.db.models import Member, ReportTierMove, TierChange, table_of

KEYS = ("day", "store_id", "from_key", "to_key")
_TABLE = table_of(ReportTierMove)

Move = tuple[date, int, str, str]      # (day, store id or 0, from key or "", to key)


def move(day: date, store_id: int | None, from_key: str | None, to_key: str) -> Move:
    return day, store_id or 0, from_key or "", to_key


def _upsert(dialect: str):
    return additive_upsert(_TABLE, KEYS, ("changes",), dialect)


def add_moves(conn: Connection, moves: Counter[Move] | list[Move]) -> None:
    """The transaction's tier moves (a list of moves or a Counter of them), one upsert per row, in key order."""
    counted = moves if isinstance(moves, Counter) else Counter(moves)
    rows = [{"day": d, "store_id": s, "from_key": f, "to_key": t, "changes": n}
            for (d, s, f, t), n in sorted(counted.items()) if n]
    if rows:
        conn.execute(_upsert(conn.dialect.name), rows)


def _day(column, dialect: str):
    return func.date(column) if dialect == "sqlite" else cast(column, Date)


def recompute(dialect: str) -> Select:
    """(day, store_id, from_key, to_key, changes) from tier_history and members, grouped like the rollups."""
    keys = (_day(TierChange.at, dialect).label("day"), func.coalesce(Member.store_id, 0).label("store_id"),
            func.coalesce(TierChange.from_key, literal("")).label("from_key"), TierChange.to_key.label("to_key"))
    return (select(*keys, func.count().label("changes")).join(Member, Member.id == TierChange.member_id)
            .group_by(*keys))


def rebuild(conn: Connection) -> int:
    """Replaces every tier-move rollup row by the recomputation (after bulk loads that bypass the writers),
    and sets tier_history.store_id to the member's store again (as its writers do)."""
    store = select(Member.store_id).where(Member.id == TierChange.member_id).scalar_subquery()
    conn.execute(update(TierChange).where(TierChange.store_id.is_distinct_from(store)).values(store_id=store))
    conn.execute(delete(_TABLE))
    return conn.execute(_TABLE.insert().from_select([*KEYS, "changes"], recompute(conn.dialect.name))).rowcount
