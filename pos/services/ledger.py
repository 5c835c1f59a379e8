"""Points ledger inside a unit of work: append-only entries, FIFO lots, race-free balance.

Invariants kept here: members.points_balance == sum(ledger.points) == sum(lots.remaining),
and the balance never goes below zero. The balance moves with a conditional UPDATE, so
of two tills spending the same points only one succeeds (and on PostgreSQL the update
locks the member row until commit, serialising the lot bookkeeping that follows).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, select, update
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
