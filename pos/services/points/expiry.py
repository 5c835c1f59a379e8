"""Points expiry, the daily job: every lot past its date is expired (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select

from pos.db.models import PointsLot
from pos.services.context import AppContext
from pos.services.points import ledger

BATCH = 500
_DUE_LOTS = (select(PointsLot.id, PointsLot.member_id, PointsLot.remaining, PointsLot.expires_on)
             .where(PointsLot.remaining > 0, PointsLot.expires_on < bindparam("today"))
             .order_by(PointsLot.id).limit(BATCH))


@dataclass(frozen=True)
class ExpiryResult:
    members: int
    points: int


def expire_points(ctx: AppContext) -> ExpiryResult:
    """Expires every lot whose expiry date has passed, in batches of short transactions."""
    now = ctx.clock()
    members: set[int] = set()
    points = 0
    while True:
        with ctx.write() as session:
            lots = session.execute(_DUE_LOTS, {"today": now.date()}).all()
            for lot in lots:
                members.add(lot.member_id)
                points += ledger.expire_lot(session, ctx.config.points, lot, now)
        if len(lots) < BATCH:
            return ExpiryResult(len(members), points)
