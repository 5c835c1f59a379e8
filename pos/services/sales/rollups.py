"""Report rollups (#19): one row per day x store x tier in `report_days`, kept exact in the same
transaction as the sale or return it counts, so a year's sales report reads ~365 x stores x tiers
rows instead of millions of sales.

- A sale counts on the day it was sold (`sales.created_at`, the offline till's time for a synced
  sale), at its store (`sales.store_id`, 0 for none) and under the tier it was priced at
  (`sales.tier_before`; "" for a non-member).
- A return counts on the day it was booked, at the returning store, under its sale's tier.

The write is one upsert, `INSERT ... ON CONFLICT DO UPDATE SET x = report_days.x + excluded.x`
(SQLite and PostgreSQL): concurrent tills add to the same row without losing an update. Each
transaction touches exactly one rollup row and does so as its last write (after the audit chain
and member rows), so two tills cannot wait on each other in opposite orders.

`recompute` is the same figures from the base tables: the migration's backfill, the bulk demo's
rebuild and the tests' proof that the rollups equal a full recomputation.

Round two: `report_coupon_uses` (per day of use x store of use x whole days from issue to use, capped
at USE_DAYS_CAP) is kept by checkout with the coupon's redemption row (`add_coupon_use`), and
`rebuild` also rebuilds the tier-move rollups of pos/services/members/rollups.py. In a checkout the
rollup rows are written last and in one order: coupon use, tier move, day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Integer,
    String,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.sql import ColumnElement, Select

from pos.db import direct
from pos.db.engine import additive_upsert, dialect_insert
from pos.db.models import (
    HERE_STORE,
    Coupon,
    CouponRedemption,
    ReportCouponUse,
    ReportDay,
    Return,
    Sale,
    table_of,
)
from pos.services.members import rollups as member_rollups
from pos.services.members import upgrade_rollups
from pos.services.sales import repeat_rollups

KEYS = ("day", "store_id", "tier_key")
VALUES = ("sales", "subtotal_fen", "tier_discount_fen", "coupon_discount_fen", "points_value_fen", "revenue_fen",
          "points_earned", "points_redeemed", "coupon_sales", "returns", "refund_fen", "points_reversed",
          "points_restored")
_TABLE = table_of(ReportDay)


def _upsert(dialect: str):
    return additive_upsert(_TABLE, KEYS, VALUES, dialect)


def _add(conn: Connection, day: date, tier_key: str | None, **values: int) -> None:
    row = {"day": day, "store_id": conn.info.get(HERE_STORE) or 0, "tier_key": tier_key or ""}
    row.update({name: int(values.get(name, 0)) for name in VALUES})
    direct.execute(conn, _upsert(conn.dialect.name), row)


def add_sale(conn: Connection, sale: Mapping[str, Any]) -> None:
    """The sale as booked (the checkout's column values), on the connection of its transaction."""
    _add(conn, sale["created_at"].date(), sale["tier_before"], **_sale_values(sale))


def add_sales(conn: Connection, sales: Sequence[Mapping[str, Any]]) -> None:
    """Sales booked in one transaction (an offline sync batch, #19 round two) added at its end: one row per
    day x tier with their sums, in key order, in one executemany (not one upsert per sale)."""
    sums: dict[tuple[date, str], dict[str, int]] = {}
    for sale in sales:
        row = sums.setdefault((sale["created_at"].date(), sale["tier_before"] or ""), dict.fromkeys(VALUES, 0))
        for name, value in _sale_values(sale).items():
            row[name] += value
    store = conn.info.get(HERE_STORE) or 0
    rows = [{"day": day, "store_id": store, "tier_key": tier, **row} for (day, tier), row in sorted(sums.items())]
    if rows:
        direct.execute(conn, _upsert(conn.dialect.name), rows)


def _sale_values(sale: Mapping[str, Any]) -> dict[str, int]:
    return {"sales": 1, "subtotal_fen": sale["subtotal_fen"], "tier_discount_fen": sale["tier_discount_fen"],
            "coupon_discount_fen": sale["coupon_discount_fen"], "points_value_fen": sale["points_value_fen"],
            "revenue_fen": sale["total_fen"], "points_earned": sale["points_earned"],
            "points_redeemed": sale["points_redeemed"], "coupon_sales": 1 if sale["coupon_id"] is not None else 0}


def add_return(conn: Connection, at: datetime, sale_tier: str | None, refund_fen: int, points_reversed: int,
               points_restored: int) -> None:
    _add(conn, at.date(), sale_tier, returns=1, refund_fen=refund_fen, points_reversed=points_reversed,
         points_restored=points_restored)


USE_DAYS_CAP = 31     # days from issue to use are kept exactly up to 30; 31 means 31 or more
_USES = table_of(ReportCouponUse)


def use_upsert(dialect: str):
    return additive_upsert(_USES, ("day", "store_id", "days"), ("uses",), dialect)


def use_days(issued_at: datetime, used_at: datetime) -> int:
    return min((used_at.date() - issued_at.date()).days, USE_DAYS_CAP)


def coupon_use_row(conn: Connection, issued_at: datetime, used_at: datetime, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}day": used_at.date(), f"{prefix}store_id": conn.info.get(HERE_STORE) or 0,
            f"{prefix}days": use_days(issued_at, used_at)}


def add_coupon_use(conn: Connection, issued_at: datetime, used_at: datetime) -> None:
    """A coupon redeemed at `used_at` by this connection's store (as its coupon_redemptions row)."""
    conn.execute(use_upsert(conn.dialect.name), {**coupon_use_row(conn, issued_at, used_at), "uses": 1})


def coupon_use_after(redeemed) -> Any:
    """PostgreSQL: the coupon-use upsert fed by a CTE that inserted the redemption (no row: no use),
    parameters `u_day`, `u_store_id`, `u_days`; returns nothing (it rides in the sale's pipeline). The row is
    taken mid-transaction, after the member, coupon and till rows: only checkouts write these rows
    and each takes them in that same order, so no lock-order cycle."""
    ins = dialect_insert("postgresql")(_USES)
    values = select(bindparam("u_day", type_=Date), bindparam("u_store_id", type_=Integer),
                    bindparam("u_days", type_=Integer), literal(1, Integer)).select_from(redeemed)
    ins = ins.from_select(["day", "store_id", "days", "uses"], values)
    return ins.on_conflict_do_update(index_elements=["day", "store_id", "days"],
                                     set_={"uses": _USES.c.uses + ins.excluded.uses})


def recompute_coupon_uses(dialect: str) -> Select:
    """(day, store_id, days, uses) from coupon_redemptions and coupons, grouped like the rollups."""
    capped: ColumnElement[int]
    if dialect == "sqlite":
        capped = func.min(cast(func.julianday(func.date(CouponRedemption.at))     # two arguments: SQLite's
                               - func.julianday(func.date(Coupon.issued_at)), Integer), USE_DAYS_CAP)  # scalar min
    else:
        capped = func.least(cast(CouponRedemption.at, Date) - cast(Coupon.issued_at, Date), USE_DAYS_CAP)
    keys = (_day(CouponRedemption.at, dialect).label("day"),
            func.coalesce(CouponRedemption.store_id, 0).label("store_id"), capped.label("days"))
    return (select(*keys, func.count().label("uses")).join(Coupon, Coupon.id == CouponRedemption.coupon_id)
            .group_by(*keys))


def _day(column, dialect: str):
    return func.date(column) if dialect == "sqlite" else cast(column, Date)


def recompute(dialect: str) -> Select:
    """(day, store_id, tier_key, *VALUES) from sales and returns, grouped like the rollups."""
    zero = literal(0, Integer)
    sales = select(
        _day(Sale.created_at, dialect).label("day"), func.coalesce(Sale.store_id, 0).label("store_id"),
        func.coalesce(Sale.tier_before, literal("", String)).label("tier_key"), literal(1, Integer).label("sales"),
        Sale.subtotal_fen.label("subtotal_fen"), Sale.tier_discount_fen.label("tier_discount_fen"),
        Sale.coupon_discount_fen.label("coupon_discount_fen"), Sale.points_value_fen.label("points_value_fen"),
        Sale.total_fen.label("revenue_fen"), Sale.points_earned.label("points_earned"),
        Sale.points_redeemed.label("points_redeemed"),
        case((Sale.coupon_id.is_not(None), 1), else_=0).label("coupon_sales"),
        zero.label("returns"), zero.label("refund_fen"), zero.label("points_reversed"),
        zero.label("points_restored"))
    returns = (select(
        _day(Return.created_at, dialect), func.coalesce(Return.store_id, 0),
        func.coalesce(Sale.tier_before, literal("", String)), zero, zero, zero, zero, zero, zero, zero, zero, zero,
        literal(1, Integer), Return.refund_fen, Return.points_reversed, Return.points_restored)
        .join(Sale, Sale.id == Return.sale_id))
    both = union_all(sales, returns).subquery()
    return (select(*(both.c[k] for k in KEYS), *(func.sum(both.c[v]).label(v) for v in VALUES))
            .group_by(*(both.c[k] for k in KEYS)))


def rebuild(conn: Connection) -> int:
    """Replaces every rollup row (the day rows, the coupon uses, the tier moves) by the recomputation
    (after bulk loads that bypass checkout). Returns the number of day rows."""
    conn.execute(delete(_USES))
    conn.execute(_USES.insert().from_select(["day", "store_id", "days", "uses"],
                                            recompute_coupon_uses(conn.dialect.name)))
    member_rollups.rebuild(conn)
    upgrade_rollups.rebuild(conn)   # after the tier moves' rebuild: it sets tier_history.store_id again
    repeat_rollups.rebuild(conn)
    conn.execute(delete(_TABLE))
    return conn.execute(_TABLE.insert().from_select([*KEYS, *VALUES], recompute(conn.dialect.name))).rowcount
