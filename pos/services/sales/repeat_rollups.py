"""Repeat-purchase rollups (#19, round four): `report_repeats`, per scope x day x back_day, kept exact
by checkout (and offline sync, the same path) in the sale's transaction, so the repeat-purchase report
reads a few thousand rows for a month instead of grouping every sale of the month by member.

Per scope (the chain, store_id -1; each store, its id, 0 for none) a member's sales form a sequence
ordered by (created_at, id). For a sale x, prev1(x) and prev2(x) are the one and two before it in
that sequence. The rows count, per day of x: `sales` (on back_day = day), `after1` at
back_day = day(prev1(x)) and `after2` at back_day = day(prev2(x)). For whole days [S, U) and a member
with k >= 1 sales in them (a run of the sequence), k - 1 of those sales have prev1 in [S, U) and
max(k - 2, 0) have prev2 there, so:

    buyers(S, U)        = sales(S <= day < U) - after1(S <= back_day, day < U)
    repeat buyers(S, U) = after1(S <= back_day, day < U) - after2(S <= back_day, day < U)

which is what grouping the range's sales by member gives (returns and erasure leave sales rows, so
they change neither). A sale synced late from an offline till may land before later sales of the
member: their prev1/prev2 move, and `member_sale_rows` moves their counts (the next two sales).

The member row is locked by checkout before this runs, so one member's sales are counted one after
the other; the rows are written in key order, before the day rollup (no lock-order cycle).
`recompute` is the same rows from sales (window functions): the migration's backfill, `rebuild` for
bulk loads and the tests' proof.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql import Select

from pos.db import direct
from pos.db.engine import additive_upsert
from pos.db.models import HERE_STORE, ReportRepeat, Sale, table_of

CHAIN = -1       # the scope of the chain's figures
COUNTERS = ("sales", "after1", "after2")
_TABLE = table_of(ReportRepeat)


KEYS = ("store_id", "day", "back_day")


def _upsert(dialect: str):
    return additive_upsert(_TABLE, KEYS, COUNTERS, dialect)


def _around(scope: str, before: bool) -> Select:
    """The member's two sales just before (or after) the sale (:at, :sale_db_id), in the chain or at :store."""
    at, sale_db_id = bindparam("at", type_=DateTime), bindparam("sale_db_id", type_=Integer)
    earlier = or_(Sale.created_at < at, and_(Sale.created_at == at, Sale.id < sale_db_id))
    later = or_(Sale.created_at > at, and_(Sale.created_at == at, Sale.id > sale_db_id))
    query = select(Sale.created_at).where(Sale.member_id == bindparam("member_id", type_=Integer),
                                          earlier if before else later)
    if scope == "s":
        query = query.where(func.coalesce(Sale.store_id, 0) == bindparam("store", type_=Integer))
    order = (Sale.created_at.desc(), Sale.id.desc()) if before else (Sale.created_at, Sale.id)
    sub = query.order_by(*order).limit(2).subquery()
    return select(literal_column(f"'{scope}{'p' if before else 'n'}'", String).label("k"),
                  sub.c.created_at).select_from(sub)


# built once: the chain's and the store's two sales before and after, one statement
_AROUND = union_all(*(_around(scope, before) for scope in ("c", "s") for before in (True, False)))


def _moves(counts: dict[tuple[int, date, date], list[int]], scope: int, day: date, prev: list[date],
           following: list[date]) -> None:
    """The count changes of one scope when a sale on `day` goes between `prev` (its one and two before,
    nearest first) and `following` (its one and two after, nearest first)."""
    def add(at: date, back: date, counter: int, n: int) -> None:
        counts[(scope, at, back)][counter] += n
    add(day, day, 0, 1)
    for back, counter in zip(prev, (1, 2), strict=False):
        add(day, back, counter, 1)
    if following:       # the next sale: its previous is now this one, its one before that the old previous
        n1 = following[0]
        if prev:
            add(n1, prev[0], 1, -1)
            add(n1, prev[0], 2, 1)
        if len(prev) > 1:
            add(n1, prev[1], 2, -1)
        add(n1, day, 1, 1)
    if len(following) > 1:      # the one after: its one-before-previous is now this one
        n2 = following[1]
        if prev:
            add(n2, prev[0], 2, -1)
        add(n2, day, 2, 1)


def write(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """The rows member_sale_rows read, added to the rollup (no result read: fits a pipeline)."""
    if rows:
        direct.execute(conn, _upsert(conn.dialect.name), rows)


def member_sale_rows(conn: Connection, member_id: int, sale_db_id: int, at: datetime) -> list[dict[str, Any]]:
    """The rollup rows (counter moves) that the member's sale `sale_db_id` at `at`, at this connection's
    store, just inserted (member locked), makes: its neighbours read here, written by `write`."""
    store = conn.info.get(HERE_STORE) or 0
    found: dict[str, list[date]] = defaultdict(list)
    for k, when in direct.execute(conn, _AROUND, {"member_id": member_id, "sale_db_id": sale_db_id, "at": at,
                                          "store": store}):
        found[k].append(_as_datetime(when).date())
    counts: dict[tuple[int, date, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    _moves(counts, CHAIN, at.date(), found["cp"], found["cn"])
    _moves(counts, store, at.date(), found["sp"], found["sn"])
    return [{"store_id": s, "day": d, "back_day": b, **dict(zip(COUNTERS, n, strict=True))}
            for (s, d, b), n in sorted(counts.items()) if any(n)]


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _day(column, dialect: str):
    return func.date(column) if dialect == "sqlite" else cast(column, Date)


def recompute(dialect: str) -> Select:
    """(store_id, day, back_day, sales, after1, after2) from sales, grouped like the rollups."""
    store = func.coalesce(Sale.store_id, 0)
    order = (Sale.created_at, Sale.id)
    w = select(Sale.created_at.label("at"), store.label("store"),
               *(func.lag(Sale.created_at, n).over(partition_by=parts, order_by=order).label(f"{k}{n}")
                 for k, parts in (("c", (Sale.member_id,)), ("s", (Sale.member_id, store))) for n in (1, 2))
               ).where(Sale.member_id.is_not(None)).subquery()
    k = union_all(*(select(literal(n, Integer).label("n")) for n in range(6))).subquery()
    back = case((k.c.n.in_((0, 3)), _day(w.c.at, dialect)), (k.c.n == 1, _day(w.c.c1, dialect)),
                (k.c.n == 2, _day(w.c.c2, dialect)), (k.c.n == 4, _day(w.c.s1, dialect)),
                else_=_day(w.c.s2, dialect))
    e = select(case((k.c.n < 3, literal(CHAIN, Integer)), else_=w.c.store).label("store_id"),
               _day(w.c.at, dialect).label("day"), back.label("back_day"),
               *(case((k.c.n.in_((i, i + 3)), 1), else_=0).label(c) for i, c in enumerate(COUNTERS))
               ).select_from(w).join(k, literal(True)).subquery()
    return (select(e.c.store_id, e.c.day, e.c.back_day, *(func.sum(e.c[c]).label(c) for c in COUNTERS))
            .where(e.c.back_day.is_not(None)).group_by(e.c.store_id, e.c.day, e.c.back_day))


def rebuild(conn: Connection) -> int:
    """Replaces every repeat rollup row by the recomputation (after bulk loads that bypass checkout): the
    member sales read once in (member, time) order and counted here as checkout counts them. The same
    rows as `recompute` (the tests compare them), without its two window sorts and its sort of six rows
    per sale. Returns the row count."""
    conn.execute(delete(_TABLE))
    day_of = "date(created_at)" if conn.dialect.name == "sqlite" else "CAST(created_at AS DATE)"
    result = conn.exec_driver_sql(
        f"SELECT member_id, coalesce(store_id, 0), {day_of} FROM sales WHERE member_id IS NOT NULL "
        "ORDER BY member_id, created_at, id", execution_options={"stream_results": True, "yield_per": 20_000})
    counted: dict[tuple[int, Any, Any], list[int]] = defaultdict(lambda: [0, 0, 0])
    member: int | None = None
    chain_back: tuple[Any, Any] = (None, None)
    store_back: dict[int, tuple[Any, Any]] = {}
    for member_id, store, day in result:
        if member_id != member:
            member, chain_back, store_back = member_id, (None, None), {}
        for scope, (back1, back2) in ((CHAIN, chain_back), (store, store_back.get(store, (None, None)))):
            counted[(scope, day, day)][0] += 1
            if back1 is not None:
                counted[(scope, day, back1)][1] += 1
            if back2 is not None:
                counted[(scope, day, back2)][2] += 1
        chain_back, store_back[store] = (day, chain_back[0]), (day, store_back.get(store, (None, None))[0])
    days: dict[Any, date] = {}

    def as_date(value) -> date:
        found = days.get(value)
        if found is None:
            found = days[value] = value if isinstance(value, date) else date.fromisoformat(str(value))
        return found
    rows = [{"store_id": s, "day": as_date(d), "back_day": as_date(b), **dict(zip(COUNTERS, n, strict=True))}
            for (s, d, b), n in counted.items()]
    for first in range(0, len(rows), 20_000):
        conn.execute(_TABLE.insert(), rows[first:first + 20_000])
    return len(rows)


def counts(conn_or_session, store: int | None, since: date, until: date) -> tuple[int, int]:
    """(buyers, repeat buyers) in the whole days [since, until) in a scope (None: the chain)."""
    t = _TABLE
    in_range = t.c.back_day >= since
    sales, after1, after2 = conn_or_session.execute(
        select(func.coalesce(func.sum(t.c.sales), 0),
               func.coalesce(func.sum(case((in_range, t.c.after1), else_=0)), 0),
               func.coalesce(func.sum(case((in_range, t.c.after2), else_=0)), 0))
        .where(t.c.store_id == (CHAIN if store is None else store), t.c.day >= since, t.c.day < until)).one()
    return int(sales) - int(after1), int(after1) - int(after2)
