"""Points ledger inside a unit of work: append-only entries, FIFO lots, race-free balance.

Invariants kept here: members.points_balance == sum(ledger.points) == sum(lots.remaining),
and the balance never goes below zero. The balance moves with a conditional UPDATE, so
of two tills spending the same points only one succeeds (and on PostgreSQL the update
locks the member row until commit, serialising the lot bookkeeping that follows).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from pos.config import PointsConfig
from pos.db.models import LedgerEntry, Member, PointsLot
from pos.errors import Refusal
from pos.loyalty.points import consume_fifo, lot_expiry

# built once with bind parameters: each sale runs them (construction and cache key cost more than the query)
_MOVE = (update(Member)
         .where(Member.id == bindparam("member_id"), Member.points_balance + bindparam("delta") >= 0)
         .values(points_balance=Member.points_balance + bindparam("delta"))
         .returning(Member.points_balance)
         .execution_options(synchronize_session=False))
_OPEN_LOTS = (select(PointsLot).where(PointsLot.member_id == bindparam("member_id"), PointsLot.remaining > 0)
              .order_by(PointsLot.expires_on.is_(None), PointsLot.expires_on, PointsLot.id))


# The sale's points in Core statements (no unit of work): one balance move for what is redeemed and
# earned together, FIFO lot updates in one executemany, the new lot, and both entries in one INSERT.
_MEMBERS, _LOTS, _LEDGER = Member.__table__, PointsLot.__table__, LedgerEntry.__table__
_SALE_MOVE = (update(_MEMBERS)
              .where(_MEMBERS.c.id == bindparam("member_id"), _MEMBERS.c.points_balance - bindparam("spent") >= 0)
              .values(points_balance=_MEMBERS.c.points_balance - bindparam("spent") + bindparam("earned"),
                      last_visit_at=bindparam("visit_at"))
              .returning(_MEMBERS.c.points_balance))
_OPEN_LOT_ROWS = (select(_LOTS.c.id, _LOTS.c.remaining)
                  .where(_LOTS.c.member_id == bindparam("member_id"), _LOTS.c.remaining > 0)
                  .order_by(_LOTS.c.expires_on.is_(None), _LOTS.c.expires_on, _LOTS.c.id))
_TAKE_FROM_LOT = (update(_LOTS).where(_LOTS.c.id == bindparam("lot_id"))
                  .values(remaining=_LOTS.c.remaining - bindparam("taken")))
_INSERT_LOT = insert(_LOTS).returning(_LOTS.c.id)
_INSERT_ENTRIES = insert(_LEDGER)


def book_sale_points(conn: Connection, cfg: PointsConfig, member_id: int, *, spent: int, earned: int,
                     at: datetime, sale_id: int, sale_uuid: str, receipt_no: str, staff_id: int | None) -> int:
    """A sale's redeemed and earned points (and the member's last visit), as `spend` then `earn` would book
    them: the same rows, the same balance check (balance - spent >= 0), the same errors. Returns the balance."""
    earned = max(earned, 0)
    balance = conn.execute(_SALE_MOVE, {"member_id": member_id, "spent": spent, "earned": earned,
                                        "visit_at": at}).scalar()
    if balance is None:
        raise Refusal("points_insufficient", "The member does not have enough points.")
    balance = int(balance)
    entries = []
    if spent > 0:
        lots = [(row[0], row[1]) for row in conn.execute(_OPEN_LOT_ROWS, {"member_id": member_id})]
        conn.execute(_TAKE_FROM_LOT, [{"lot_id": lot_id, "taken": taken}
                                      for lot_id, taken in consume_fifo(lots, spent) if taken])
        entries.append(_entry_row(member_id, "redeem", -spent, balance - earned, at, sale_id, None,
                                  staff_id, f"redeemed on {receipt_no}", f"redeem:{sale_uuid}"))
    if earned > 0:
        lot_id = conn.execute(_INSERT_LOT, {"member_id": member_id, "earned_at": at,
                                            "expires_on": lot_expiry(at.date(), cfg), "points": earned,
                                            "remaining": earned}).scalar_one()
        entries.append(_entry_row(member_id, "earn", earned, balance, at, sale_id, lot_id, staff_id,
                                  f"earned on {receipt_no}", f"earn:{sale_uuid}"))
    if entries:
        conn.execute(_INSERT_ENTRIES, entries)
    return balance


def _entry_row(member_id: int, kind: str, points: int, balance: int, at: datetime, sale_id: int,
               lot_id: int | None, staff_id: int | None, reason: str, idem_key: str) -> dict[str, object]:
    return {"member_id": member_id, "kind": kind, "points": points, "balance_after": balance, "at": at,
            "sale_id": sale_id, "return_id": None, "lot_id": lot_id, "staff_id": staff_id, "reason": reason,
            "idem_key": idem_key}


def move_balance(session: Session, member_id: int, delta: int) -> int:
    """Adds delta (may be negative) to the balance unless that would go below zero."""
    new_balance = session.execute(_MOVE, {"member_id": member_id, "delta": delta}).scalar()
    if new_balance is None:
        raise Refusal("points_insufficient", "The member does not have enough points.")
    member = session.get(Member, member_id)
    if member is not None:
        session.expire(member, ["points_balance"])
    return int(new_balance)


def _entry(session: Session, member_id: int, kind: str, points: int, balance: int, at: datetime,
           **fields: object) -> LedgerEntry:
    entry = LedgerEntry(member_id=member_id, kind=kind, points=points, balance_after=balance, at=at, **fields)
    session.add(entry)
    return entry


def earn(session: Session, cfg: PointsConfig, member_id: int, points: int, at: datetime,
         *, kind: str = "earn", earned_on: date | None = None, **fields: object) -> int:
    if points <= 0:
        return session.get(Member, member_id).points_balance
    balance = move_balance(session, member_id, points)
    lot = PointsLot(member_id=member_id, earned_at=at, expires_on=lot_expiry(earned_on or at.date(), cfg),
                    points=points, remaining=points)
    session.add(lot)
    session.flush()
    _entry(session, member_id, kind, points, balance, at, lot_id=lot.id, **fields)
    return balance


def spend(session: Session, member_id: int, points: int, at: datetime, *, kind: str = "redeem",
          prefer_lot: int | None = None, **fields: object) -> int:
    """Takes points from the balance and from lots (a preferred lot first, then FIFO)."""
    if points <= 0:
        return session.get(Member, member_id).points_balance
    balance = move_balance(session, member_id, -points)
    lots = session.scalars(_OPEN_LOTS, {"member_id": member_id}).all()
    if prefer_lot is not None:
        lots = sorted(lots, key=lambda lot: lot.id != prefer_lot)
    by_id = {lot.id: lot for lot in lots}
    for lot_id, taken in consume_fifo([(lot.id, lot.remaining) for lot in lots], points):
        by_id[lot_id].remaining -= taken
    _entry(session, member_id, kind, -points, balance, at, **fields)
    return balance


def expire_lot(session: Session, lot: PointsLot, at: datetime) -> int:
    points = lot.remaining
    balance = move_balance(session, lot.member_id, -points)
    lot.remaining = 0
    _entry(session, lot.member_id, "expire", -points, balance, at, lot_id=lot.id,
           reason=f"expired {lot.expires_on}", idem_key=f"expire:{lot.id}")
    return points
