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
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, Integer, String, case, cast, delete, func, literal, select, union_all
from sqlalchemy.sql import Select

from pos.db.engine import dialect_insert
from pos.db.models import HERE_STORE, ReportDay, Return, Sale, table_of

KEYS = ("day", "store_id", "tier_key")
VALUES = ("sales", "subtotal_fen", "tier_discount_fen", "coupon_discount_fen", "points_value_fen", "revenue_fen",
          "points_earned", "points_redeemed", "coupon_sales", "returns", "refund_fen", "points_reversed",
          "points_restored")
_TABLE = table_of(ReportDay)
_UPSERTS: dict[str, Any] = {}


def _upsert(dialect: str):
    found = _UPSERTS.get(dialect)
    if found is None:
        ins = dialect_insert(dialect)(_TABLE)
        found = ins.on_conflict_do_update(index_elements=list(KEYS),
                                          set_={name: _TABLE.c[name] + ins.excluded[name] for name in VALUES})
        _UPSERTS[dialect] = found
    return found


def _add(conn: Connection, day: date, tier_key: str | None, **values: int) -> None:
    row = {"day": day, "store_id": conn.info.get(HERE_STORE) or 0, "tier_key": tier_key or ""}
    row.update({name: int(values.get(name, 0)) for name in VALUES})
    conn.execute(_upsert(conn.dialect.name), row)


def add_sale(conn: Connection, sale: Mapping[str, Any]) -> None:
    """The sale as booked (the checkout's column values), on the connection of its transaction."""
    _add(conn, sale["created_at"].date(), sale["tier_before"], sales=1, subtotal_fen=sale["subtotal_fen"],
         tier_discount_fen=sale["tier_discount_fen"], coupon_discount_fen=sale["coupon_discount_fen"],
         points_value_fen=sale["points_value_fen"], revenue_fen=sale["total_fen"],
         points_earned=sale["points_earned"], points_redeemed=sale["points_redeemed"],
         coupon_sales=1 if sale["coupon_id"] is not None else 0)


def add_return(conn: Connection, at: datetime, sale_tier: str | None, refund_fen: int, points_reversed: int,
               points_restored: int) -> None:
    _add(conn, at.date(), sale_tier, returns=1, refund_fen=refund_fen, points_reversed=points_reversed,
         points_restored=points_restored)


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
    """Replaces every rollup row by the recomputation (after bulk loads that bypass checkout)."""
    conn.execute(delete(_TABLE))
    return conn.execute(_TABLE.insert().from_select([*KEYS, *VALUES], recompute(conn.dialect.name))).rowcount
