"""Points ledger inside a unit of work: append-only entries, FIFO lots, race-free balance.

Invariants kept here: members.points_balance == sum(ledger.points) == sum(lots.remaining),
and the balance never goes below zero. Every change of points is one `Posting` booked by `book`:
the balance moves with a conditional UPDATE, so of two tills spending the same points only one
succeeds (and on PostgreSQL the update locks the member row until commit, serialising the lot
bookkeeping that follows). The statements are Core (the sale books its points on the hot path,
measured in docs/BENCHMARKS.md); the member and lot objects they change in the session are expired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, union_all, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from pos.config import PointsConfig
from pos.db import direct
from pos.db.models import HERE_STORE, HERE_TILL, LedgerEntry, Member, PointsLot, table_of
from pos.errors import Refusal
from pos.loyalty.points import consume_fifo, lot_expiry


@dataclass(frozen=True)
class Entry:
    """One ledger row of a posting: what kind of move, how many points (positive), why."""

    kind: str
    points: int
    reason: str = ""
    idem_key: str | None = None
    lot_id: int | None = None      # the lot it concerns (a given entry names its new lot by itself)


@dataclass(frozen=True)
class Posting:
    """Points taken from and/or given to one member in one balance move.

    `take` comes out of the open lots, oldest expiry first (`prefer_lot` first, or only the lots in
    `lots`, (lot id, points) pairs, when the caller knows them); `give` becomes a new lot expiring as
    if earned on `earned_on` (default: the day of `at`). `bonus`: more points given in the same move and
    the same lot, each its own ledger line after `give` (a sale's double-points and earn-ladder bonus,
    #19: no second posting). Entries are written take first; the balance check is balance - take >= 0,
    as if the take were booked before the gives."""

    member_id: int
    at: datetime
    take: Entry | None = None
    give: Entry | None = None
    sale_id: int | None = None
    return_id: int | None = None
    staff_id: int | None = None
    prefer_lot: int | None = None
    lots: Sequence[tuple[int, int]] | None = None
    earned_on: date | None = None
    visit: bool = False            # the member's last visit becomes `at` (a sale)
    bonus: tuple[Entry, ...] = ()

    def gives(self) -> list[Entry]:
        """What the posting gives, in ledger order (entries of 0 points are not written)."""
        return [entry for entry in (self.give, *self.bonus) if entry is not None and entry.points]


# built once with bind parameters: each sale runs them (construction and cache key cost more than the query)
_MEMBERS, _LOTS, _LEDGER = table_of(Member), table_of(PointsLot), table_of(LedgerEntry)
# the move without RETURNING: when the caller knows the balance (book's balance_before), no result to wait for
_MOVE_KNOWN = (update(_MEMBERS)
               .where(_MEMBERS.c.id == bindparam("member_id"), _MEMBERS.c.points_balance - bindparam("taken") >= 0)
               .values(points_balance=_MEMBERS.c.points_balance - bindparam("taken") + bindparam("given")))
_MOVE_KNOWN_AND_VISIT = _MOVE_KNOWN.values(last_visit_at=bindparam("visit_at"))
_MOVE = _MOVE_KNOWN.returning(_MEMBERS.c.points_balance)
_MOVE_AND_VISIT = _MOVE_KNOWN_AND_VISIT.returning(_MEMBERS.c.points_balance)
_BALANCE = select(_MEMBERS.c.points_balance).where(_MEMBERS.c.id == bindparam("member_id"))
# FIFO: the lot that expires first is used first; lots that never expire last
_OPEN_LOTS = (select(_LOTS.c.id, _LOTS.c.remaining)
              .where(_LOTS.c.member_id == bindparam("member_id"), _LOTS.c.remaining > 0)
              .order_by(_LOTS.c.expires_on.is_(None), _LOTS.c.expires_on, _LOTS.c.id))
_TAKE_FROM_LOT = (update(_LOTS).where(_LOTS.c.id == bindparam("lot_id"))
                  .values(remaining=_LOTS.c.remaining - bindparam("taken")))
_INSERT_LOT = insert(_LOTS).returning(_LOTS.c.id)
_INSERT_ENTRIES = insert(_LEDGER).inline()     # no ids fetched: it may ride in a sale's pipeline
_ENTRY_COLUMNS = ("member_id", "kind", "points", "balance_after", "at", "sale_id", "return_id", "staff_id", "reason",
                  "idem_key", "store_id", "till_id")


def _lot_and_entries(with_take: bool, gives: int):
    """PostgreSQL: the new lot and the entries in one statement (#19: a round trip less per sale),
    `WITH lot AS (INSERT INTO points_lots ... RETURNING id) INSERT INTO points_ledger ... SELECT`:
    the take entry (bind parameters `t_*`) and the give entries (`g0_*`, `g1_*` ..., naming the new lot)."""
    lot = (insert(_LOTS).values(member_id=bindparam("member_id"), earned_at=bindparam("earned_at"),
                                expires_on=bindparam("expires_on"), points=bindparam("given"),
                                remaining=bindparam("given"))
           .returning(_LOTS.c.id).cte("new_lot"))

    def row(prefix: str):
        return [bindparam(f"{prefix}{name}", type_=_LEDGER.c[name].type) for name in _ENTRY_COLUMNS]

    rows = [select(*row(f"g{i}_"), lot.c.id) for i in range(gives)]
    if with_take:
        rows.insert(0, select(*row("t_"), bindparam("t_lot_id", type_=_LEDGER.c.lot_id.type)))
    return insert(_LEDGER).from_select([*_ENTRY_COLUMNS, "lot_id"], union_all(*rows) if len(rows) > 1 else rows[0]
                                       ).add_cte(lot)


# built once per shape (a take or not, how many gives: a sale with a bonus gives two or three)
_LOT_AND_ENTRIES: dict[tuple[bool, int], Any] = {}


def book(session: Session, cfg: PointsConfig, posting: Posting, *, balance_before: int | None = None) -> int:
    """Books a posting: one balance move (with the visit), the lots taken from in one executemany, the
    new lot and the entries in one INSERT. Refuses `points_insufficient`. Returns the new balance.

    `balance_before`: the member's balance read in this transaction under the member row's lock (a sale
    locks it first), with `posting.lots` when points are taken: then nothing here reads a result, the
    balance is known without RETURNING and the statements can ride in one pipeline with the sale's
    other writes (pos.db.pipeline). The conditional move stays the guard of the balance."""
    taken = posting.take.points if posting.take else 0
    gives = posting.gives()
    given = sum(entry.points for entry in gives)
    if taken < 0 or any(entry.points < 0 for entry in gives):
        raise ValueError("a posting takes and gives positive points")
    session.flush()    # the Core statements below skip autoflush: rows they refer to must be there
    conn = session.connection()
    if not (taken or given or posting.visit):
        if balance_before is not None:
            return balance_before
        return int(conn.execute(_BALANCE, {"member_id": posting.member_id}).scalar_one())
    params = {"member_id": posting.member_id, "taken": taken, "given": given}
    if balance_before is not None:
        if balance_before - taken < 0:
            raise Refusal("points_insufficient", "The member does not have enough points.")
        statement = _MOVE_KNOWN_AND_VISIT if posting.visit else _MOVE_KNOWN
        direct.execute(conn, statement, {**params, "visit_at": posting.at} if posting.visit else params)
        balance: int | None = balance_before - taken + given
    else:
        balance = conn.execute(_MOVE_AND_VISIT if posting.visit else _MOVE,
                               {**params, "visit_at": posting.at} if posting.visit else params).scalar()
    if balance is None:
        raise Refusal("points_insufficient", "The member does not have enough points.")
    balance = int(balance)
    _expire(session, Member, posting.member_id, ["points_balance", "last_visit_at"])
    entries = []
    if posting.take is not None and taken:
        _take_from_lots(session, posting, taken)
        entries.append(_entry_row(posting, posting.take, -taken, balance - given))
    if given and conn.dialect.name == "postgresql":
        here = {"store_id": conn.info.get(HERE_STORE), "till_id": conn.info.get(HERE_TILL)}
        lot_params: dict[str, object] = {"member_id": posting.member_id, "earned_at": posting.at, "given": given,
                                         "expires_on": lot_expiry(posting.earned_on or posting.at.date(), cfg)}
        rows = dict(zip((f"g{i}_" for i in range(len(gives))), _give_rows(posting, gives, balance), strict=True))
        if entries:                   # the take entry, written first
            rows["t_"] = entries[0]
        for prefix, row in rows.items():
            lot_params.update({f"{prefix}{name}": {**row, **here}[name] for name in (*_ENTRY_COLUMNS, "lot_id")})
        shape = (bool(entries), len(gives))
        lot_statement = _LOT_AND_ENTRIES.get(shape)
        if lot_statement is None:
            lot_statement = _LOT_AND_ENTRIES[shape] = _lot_and_entries(*shape)
        direct.execute(conn, lot_statement, lot_params)
        return balance
    if given:
        expires_on = lot_expiry(posting.earned_on or posting.at.date(), cfg)
        lot_id = conn.execute(_INSERT_LOT, {"member_id": posting.member_id, "earned_at": posting.at,
                                            "expires_on": expires_on, "points": given,
                                            "remaining": given}).scalar_one()
        entries.extend(_give_rows(posting, gives, balance, lot_id))
    if entries:
        conn.execute(_INSERT_ENTRIES, entries)
    return balance


def open_lots(session: Session, member_id: int) -> list[tuple[int, int]]:
    """The member's open lots, (lot id, remaining), in the order points are taken from them (FIFO):
    read ahead by a caller that books with `balance_before` (the lots then given as `Posting.lots`)."""
    return [(row[0], row[1]) for row in direct.execute(session.connection(), _OPEN_LOTS, {"member_id": member_id})]


def _give_rows(posting: Posting, gives: list[Entry], balance: int, lot_id: int | None = None) -> list[dict[str, object]]:
    """The give entries' rows, each with the balance after it (the last one's is the posting's balance)."""
    running = balance - sum(entry.points for entry in gives)
    rows = []
    for entry in gives:
        running += entry.points
        rows.append(_entry_row(posting, entry, entry.points, running, lot_id))
    return rows


def _take_from_lots(session: Session, posting: Posting, points: int) -> None:
    lots = posting.lots
    if lots is None:
        lots = open_lots(session, posting.member_id)
        if posting.prefer_lot is not None:
            lots.sort(key=lambda lot: lot[0] != posting.prefer_lot)    # stable: FIFO after it
    taken = [(lot_id, n) for lot_id, n in consume_fifo(lots, points) if n]
    direct.execute(session.connection(), _TAKE_FROM_LOT, [{"lot_id": lot_id, "taken": n} for lot_id, n in taken])
    for lot_id, _ in taken:
        _expire(session, PointsLot, lot_id, ["remaining"])


def _expire(session: Session, model: type, row_id: int, attributes: list[str]) -> None:
    """A Core UPDATE changed these columns: a loaded object of the row must read them again."""
    loaded = session.identity_map.get(identity_key(model, row_id))
    if loaded is not None:
        session.expire(loaded, attributes)


def _entry_row(posting: Posting, entry: Entry, points: int, balance: int,
               lot_id: int | None = None) -> dict[str, object]:
    return {"member_id": posting.member_id, "kind": entry.kind, "points": points, "balance_after": balance,
            "at": posting.at, "sale_id": posting.sale_id, "return_id": posting.return_id,
            "lot_id": lot_id or entry.lot_id, "staff_id": posting.staff_id, "reason": entry.reason,
            "idem_key": entry.idem_key}


def adjust(session: Session, cfg: PointsConfig, member_id: int, points: int, at: datetime, *,
           staff_id: int | None, reason: str) -> int:
    """A manual adjustment: positive points become a new lot, negative ones are taken FIFO."""
    entry = Entry("adjust", abs(points), reason)
    return book(session, cfg, Posting(member_id, at, take=entry if points < 0 else None,
                                      give=entry if points > 0 else None, staff_id=staff_id))


def expire_lot(session: Session, cfg: PointsConfig, lot: PointsLot | Row, at: datetime) -> int:
    """Takes what is left of a lot that has expired (a lot or a row with its columns); returns it."""
    points = lot.remaining
    book(session, cfg, Posting(lot.member_id, at, lots=[(lot.id, points)],
                               take=Entry("expire", points, f"expired {lot.expires_on}", f"expire:{lot.id}",
                                          lot_id=lot.id)))
    return points
