"""Tier-upgrade rollups (#19, round five): `report_upgrades`, per scope x day x back_day x tier, kept
exact by every writer of an upgrade to tier_history in the same transaction, so the tier-upgrade report
counts distinct members from a few thousand rows instead of every upgrade row of the range.

Per scope (the chain, store_id -1; each store by tier_history.store_id, 0 for none) a member's upgrades
form a sequence ordered by (at, id). For an upgrade x to tier T on day d the rows count, under T:
`upgrades` on the row back_day = d, `after_any` at back_day = the day of the member's previous upgrade
in the scope (to any tier), `after_same` at back_day = the day of the previous upgrade to T. For whole
days [S, U), a member with k >= 1 upgrades in them has k - 1 whose previous upgrade is also in [S, U),
and likewise per tier, so:

    members upgraded(S, U)       = upgrades(S <= day < U) - after_any(S <= back_day, day < U)
    members upgraded to T(S, U)  = upgrades_T(S <= day < U) - after_same_T(S <= back_day, day < U)

which is COUNT(DISTINCT member_id) over the range's upgrade rows, overall and per tier. An upgrade
written late (an offline sale synced after later upgrades of the member) moves the back day of the
member's next upgrade (overall and to the same tier): `rows_for_upgrades` reads both neighbours.

Writers call `rows_for_upgrades` after the tier_history row is written (the member's newest row, the
member locked) and `write` with the tier-move rollups: checkout (and so offline sync), the tier job.
Bulk loads call `rebuild` (through pos.services.sales.rollups.rebuild).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Integer,
    String,
    bindparam,
    case,
    delete,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.sql import Select

from pos.db.engine import additive_upsert
from pos.db.models import ReportUpgrade, TierChange, table_of

CHAIN = -1
COUNTERS = ("upgrades", "after_any", "after_same")
_TABLE = table_of(ReportUpgrade)
Counts = dict[tuple[int, date, date, str], list[int]]


KEYS = ("store_id", "day", "back_day", "to_key")


def _upsert(dialect: str):
    return additive_upsert(_TABLE, KEYS, COUNTERS, dialect)


def _neighbour(scope: str, tier: str, before: bool) -> Select:
    """The member's upgrade just before (or after) the newest tier_history row, at :at, in the chain or at
    :store, to any tier or to :to_key. Rows of the same moment and a smaller id are before it."""
    t, at = TierChange, bindparam("at", type_=DateTime)
    member_id = bindparam("member_id", type_=Integer)
    newest = select(func.max(t.id)).where(t.member_id == member_id).scalar_subquery()
    query = select(t.at, t.to_key).where(t.member_id == member_id, t.reason == "upgrade", t.id < newest,
                                         t.at <= at if before else t.at > at)
    if scope == "s":
        query = query.where(func.coalesce(t.store_id, 0) == bindparam("store", type_=Integer))
    if tier == "same":
        query = query.where(t.to_key == bindparam("to_key", type_=String))
    order = (t.at.desc(), t.id.desc()) if before else (t.at, t.id)
    sub = query.order_by(*order).limit(1).subquery()
    return select(literal_column(f"'{scope}{tier}{'p' if before else 'n'}'", String).label("k"),
                  sub.c.at, sub.c.to_key).select_from(sub)


# built once: the previous and next upgrade, in the chain and at the store, to any tier and to the same
_AROUND = union_all(*(_neighbour(scope, tier, before)
                      for scope in ("c", "s") for tier in ("any", "same") for before in (True, False)))


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else datetime.fromisoformat(str(value)).date()


def _moves(counts: Counts, scope: int, day: date, to_key: str, counter: int,
           prev: date | None, following: tuple[date, str] | None) -> None:
    """An upgrade on `day` goes after `prev` (day) and before `following` (day, tier) in one sequence."""
    if prev is not None:
        counts[(scope, day, prev, to_key)][counter] += 1
    if following is not None:       # the next upgrade's previous is now this one
        next_day, next_key = following
        if prev is not None:
            counts[(scope, next_day, prev, next_key)][counter] -= 1
        counts[(scope, next_day, day, next_key)][counter] += 1


Upgrade = tuple[int, int | None, str, datetime]     # (member id, store id, tier upgraded to, at)


def rows_for_upgrades(conn: Connection, upgrades: list[Upgrade]) -> list[dict[str, Any]]:
    """The rollup rows (counter moves, summed, in key order) of members' upgrades just written to
    tier_history (each its member's newest row, the member locked); written by `write`."""
    counts: Counts = defaultdict(lambda: [0, 0, 0])
    for member_id, store_id, to_key, at in upgrades:
        _count_upgrade(conn, counts, member_id, store_id or 0, to_key, at)
    return _rows(counts)


def _count_upgrade(conn: Connection, counts: Counts, member_id: int, store: int, to_key: str, at: datetime) -> None:
    found: dict[str, tuple[date, str]] = {}
    for k, when, key in conn.execute(_AROUND, {"member_id": member_id, "at": at, "store": store,
                                               "to_key": to_key}):
        found[k] = (_as_date(when), key)
    day = at.date()
    for scope, s in ((CHAIN, "c"), (store, "s")):
        counts[(scope, day, day, to_key)][0] += 1
        for tier, counter in (("any", 1), ("same", 2)):
            prev = found.get(f"{s}{tier}p")
            _moves(counts, scope, day, to_key, counter, prev[0] if prev else None, found.get(f"{s}{tier}n"))


def _rows(counts: Counts) -> list[dict[str, Any]]:
    return [{"store_id": s, "day": d, "back_day": b, "to_key": k, **dict(zip(COUNTERS, n, strict=True))}
            for (s, d, b, k), n in sorted(counts.items()) if any(n)]


def write(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """The rows rows_for_upgrade read, added to the rollup (no result read: fits a pipeline)."""
    if rows:
        conn.execute(_upsert(conn.dialect.name), rows)


def count_sequence(counts: Counts, upgrades) -> None:
    """Counts (member_id, store_id or 0, day, to_key) upgrades in (member, at, id) order, as the writers do."""
    member: int | None = None
    last: dict[tuple[int, str | None], date] = {}      # (scope, None: any tier / a tier) -> day of the last
    for member_id, store, day, to_key in upgrades:
        if member_id != member:
            member, last = member_id, {}
        for scope in (CHAIN, store):
            counts[(scope, day, day, to_key)][0] += 1
            for tier, counter in ((None, 1), (to_key, 2)):
                back = last.get((scope, tier))
                if back is not None:
                    counts[(scope, day, back, to_key)][counter] += 1
                last[(scope, tier)] = day


def rebuild(conn: Connection) -> int:
    """Replaces every upgrade rollup row by the count of tier_history's upgrades (after bulk loads that
    bypass the writers, and after tier_history.store_id is set again). Returns the row count."""
    conn.execute(delete(_TABLE))
    day_of = "date(at)" if conn.dialect.name == "sqlite" else "CAST(at AS DATE)"
    result = conn.exec_driver_sql(
        f"SELECT member_id, coalesce(store_id, 0), {day_of}, to_key FROM tier_history WHERE reason = 'upgrade' "
        "ORDER BY member_id, at, id", execution_options={"stream_results": True, "yield_per": 20_000})
    days: dict[Any, date] = {}

    def as_date(value) -> date:
        found = days.get(value)
        if found is None:
            found = days[value] = _as_date(value)
        return found
    counts: Counts = defaultdict(lambda: [0, 0, 0])
    count_sequence(counts, ((m, s, as_date(d), k) for m, s, d, k in result))
    rows = _rows(counts)
    for first in range(0, len(rows), 20_000):
        conn.execute(_TABLE.insert(), rows[first:first + 20_000])
    return len(rows)


def counts(conn_or_session, store: int | None, since: date, until: date) -> tuple[int, dict[str, int]]:
    """(members upgraded, members upgraded per tier) in the whole days [since, until) in a scope (None:
    the chain); tiers nobody was upgraded to are left out."""
    t = _TABLE
    in_range = t.c.back_day >= since
    rows = conn_or_session.execute(
        select(t.c.to_key, func.sum(t.c.upgrades), func.sum(case((in_range, t.c.after_any), else_=0)),
               func.sum(case((in_range, t.c.after_same), else_=0)))
        .where(t.c.store_id == (CHAIN if store is None else store), t.c.day >= since, t.c.day < until)
        .group_by(t.c.to_key)).all()
    upgraded = sum(int(n) - int(a) for _, n, a, _ in rows)
    by_tier = {k: int(n) - int(s) for k, n, _, s in rows if int(n) - int(s)}
    return upgraded, by_tier
