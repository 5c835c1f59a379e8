"""Reads a member's standing from the database: growth, purchases, expiring points, coupons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from pos.config import StoreConfig
from pos.db.models import Coupon, Member, MemberSegment, PointsLot, Return, Sale, SegmentSnapshot
from pos.loyalty.coupons import CouponState, CouponTerms
from pos.loyalty.tiers import TierProgress, tier_progress


@dataclass(frozen=True)
class Standing:
    growth: int
    purchases: int
    progress: TierProgress
    points_expiring: int
    points_expiring_on: date | None
    segment: str | None = None     # in the latest segment snapshot


def window_start(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


# The look-up runs these on every scan: built once with bind parameters, because building a
# statement and computing its cache key cost ~0.5 ms each, more than the indexed query (bench/).
_GROWTH = (select(func.coalesce(func.sum(Sale.growth_earned), 0), func.count(Sale.id))
           .where(Sale.member_id == bindparam("member_id"), Sale.created_at >= bindparam("since"),
                  Sale.total_fen > 0))
_GROWTH_REVERSED = (select(func.coalesce(func.sum(Return.growth_reversed), 0))
                    .join(Sale, Sale.id == Return.sale_id)
                    .where(Return.member_id == bindparam("member_id"), Sale.created_at >= bindparam("since")))
_GROWTH_AND_REVERSED = _GROWTH.add_columns(_GROWTH_REVERSED.scalar_subquery())   # one round trip
_EXPIRING = (select(func.coalesce(func.sum(PointsLot.remaining), 0), func.min(PointsLot.expires_on))
             .where(PointsLot.member_id == bindparam("member_id"), PointsLot.remaining > 0,
                    PointsLot.expires_on.is_not(None), PointsLot.expires_on <= bindparam("horizon")))
_COUPONS = (select(Coupon).where(Coupon.member_id == bindparam("member_id"), Coupon.status == "issued",
                                 Coupon.valid_to >= bindparam("now")).order_by(Coupon.valid_to))
_SEGMENT = (select(MemberSegment.segment)
            .where(MemberSegment.snapshot_id == select(func.max(SegmentSnapshot.id)).scalar_subquery(),
                   MemberSegment.member_id == bindparam("member_id")))


# standing() in one round trip: growth, purchases, reversed growth, expiring points, segment
_STANDING = select(
    select(func.coalesce(func.sum(Sale.growth_earned), 0))
    .where(Sale.member_id == bindparam("member_id"), Sale.created_at >= bindparam("since"), Sale.total_fen > 0)
    .scalar_subquery(),
    select(func.count(Sale.id))
    .where(Sale.member_id == bindparam("member_id"), Sale.created_at >= bindparam("since"), Sale.total_fen > 0)
    .scalar_subquery(),
    _GROWTH_REVERSED.scalar_subquery(),
    _EXPIRING.with_only_columns(func.coalesce(func.sum(PointsLot.remaining), 0)).scalar_subquery(),
    _EXPIRING.with_only_columns(func.min(PointsLot.expires_on)).scalar_subquery(),
    _SEGMENT.scalar_subquery(),
)


def growth_and_purchases(session: Session, member_id: int, since: datetime) -> tuple[int, int]:
    earned, purchases, reversed_ = session.execute(_GROWTH_AND_REVERSED,
                                                   {"member_id": member_id, "since": since}).one()
    return max(0, int(earned) - int(reversed_)), int(purchases)


def expiring_points(session: Session, member_id: int, today: date, days: int) -> tuple[int, date | None]:
    horizon = today + timedelta(days=days)
    total, first = session.execute(_EXPIRING, {"member_id": member_id, "horizon": horizon}).one()
    return int(total), first


def standing(session: Session, member: Member, config: StoreConfig, now: datetime) -> Standing:
    earned, purchases, reversed_, expiring, on, segment = session.execute(_STANDING, {
        "member_id": member.id, "since": window_start(now, config.growth.window_days),
        "horizon": now.date() + timedelta(days=config.receipt.expiring_days)}).one()
    growth, purchases = max(0, int(earned) - int(reversed_)), int(purchases)
    valid_until = None
    if member.tier_key == config.tiers[-1].key:
        valid_until = (member.tier_since + timedelta(days=config.growth.window_days)).date()
    progress = tier_progress(config.tiers, member.tier_key, growth, purchases,
                             per_yuan=config.growth.per_yuan, grace_until=member.grace_until,
                             valid_until=valid_until)
    return Standing(growth, purchases, progress, int(expiring), on, segment)


def coupon_state(coupon: Coupon) -> CouponState:
    return CouponState(code=coupon.code, terms=coupon_terms(coupon), valid_from=coupon.valid_from,
                       valid_to=coupon.valid_to, used=coupon.status != "issued",
                       member_id=coupon.member_id, tier_key=coupon.tier_key, segment=coupon.segment)


def coupon_terms(coupon: Coupon) -> CouponTerms:
    from decimal import Decimal

    if coupon.kind == "percent":
        value = Decimal(coupon.percent_bp) / Decimal(10000)
    else:
        value = Decimal(coupon.amount_fen) / Decimal(100)
    return CouponTerms(kind=coupon.kind, value=value, threshold_fen=coupon.threshold_fen,
                       cap_fen=coupon.cap_fen)


def available_coupons(session: Session, member_id: int, now: datetime) -> list[Coupon]:
    return list(session.scalars(_COUPONS, {"member_id": member_id, "now": now}))


def current_segment(session: Session, member_id: int) -> str | None:
    return session.scalar(_SEGMENT, {"member_id": member_id})
