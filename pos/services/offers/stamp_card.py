"""The stamp card: its balance is the sum of its moves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.config import StoreConfig
from pos.db.models import StampMove
from pos.loyalty.offers.stamps import progress


def card_balance(session: Session, member_id: int, card: str) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(StampMove.stamps), 0)).where(
        StampMove.member_id == member_id, StampMove.card == card)) or 0)


def card_progress(session: Session, config: StoreConfig, member_id: int) -> tuple[tuple[str, str, str], ...]:
    """(card, name, "7/10") of the store's card; () when stamps are switched off."""
    cfg = config.stamps
    if not cfg.enabled or not cfg.category:
        return ()
    return ((cfg.category, cfg.name, progress(card_balance(session, member_id, cfg.category), cfg.needed)),)


def move(session: Session, member_id: int, card: str, stamps: int, reason: str, at: datetime, *,
         sale_id: int | None = None, return_id: int | None = None) -> None:
    if stamps:
        session.add(StampMove(member_id=member_id, card=card, stamps=stamps, reason=reason, sale_id=sale_id,
                              return_id=return_id, at=at))
        session.flush()
