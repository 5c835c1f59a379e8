"""What the offers gave one member (newest first) and their stamp card: the member card, detail and show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import Coupon, OfferIssue, Sale
from pos.services.context import AppContext
from pos.services.offers.at_sale import issued_view
from pos.services.offers.model import Issued
from pos.services.offers.stamp_card import card_progress


@dataclass(frozen=True)
class OfferHistoryRow:
    at: datetime
    receipt_no: str | None
    status: str               # issued | used | void | expired
    issued: Issued


@dataclass(frozen=True)
class MemberOffers:
    stamps: tuple[tuple[str, str, str], ...]      # (card, name, "7/10")
    history: tuple[OfferHistoryRow, ...]


def member_offers(ctx: AppContext, member_id: int, limit: int = 50) -> MemberOffers:
    with ctx.read() as session:
        return offers_of(session, ctx, member_id, limit)


def offers_of(session: Session, ctx: AppContext, member_id: int, limit: int = 50) -> MemberOffers:
    now = ctx.clock()
    rows = session.execute(
        select(OfferIssue, Coupon.code, Coupon.status, Coupon.valid_to, Sale.receipt_no)
        .outerjoin(Coupon, Coupon.id == OfferIssue.coupon_id).outerjoin(Sale, Sale.id == OfferIssue.sale_id)
        .where(OfferIssue.member_id == member_id).order_by(OfferIssue.created_at.desc(), OfferIssue.id.desc())
        .limit(limit)).all()
    history = []
    for issue, code, coupon_status, valid_to, receipt in rows:
        status = coupon_status or issue.status
        end = valid_to or issue.valid_to
        if status == "issued" and end is not None and now > end:
            status = "expired"
        history.append(OfferHistoryRow(issue.created_at, receipt, status,
                                       issued_view(issue, code, customer_id=member_id)))
    return MemberOffers(card_progress(session, ctx.config, member_id), tuple(history))
