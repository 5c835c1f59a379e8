"""Reads a member's standing from the database: growth, purchases, expiring points, coupons."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Row, ScalarSelect, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos.config import StoreConfig
from pos.db import direct
from pos.db.models import Coupon, Member, MemberStats, PointsLot, Return, Sale
from pos.loyalty.coupons import CouponState, CouponTerms
from pos.loyalty.tiers import TierProgress, tier_progress

if TYPE_CHECKING:
    from pos.services.coupons.issue import SaleCoupon

MemberIdColumn = ColumnElement | InstrumentedAttribute   # members.id, or a column holding it


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


# The look-up and each sale run these: built once with bind parameters, because building a
# statement and computing its cache key cost ~0.5 ms each, more than the indexed query (bench/).
def _growth_columns(member_id: MemberIdColumn) -> tuple[ScalarSelect, ScalarSelect, ScalarSelect]:
    """growth earned, purchases and growth reversed by returns in the window from `since`."""
    window = (Sale.member_id == member_id, Sale.created_at >= bindparam("since"), Sale.total_fen > 0)
    return (select(func.coalesce(func.sum(Sale.growth_earned), 0)).where(*window).scalar_subquery(),
            select(func.count(Sale.id)).where(*window).scalar_subquery(),
            select(func.coalesce(func.sum(Return.growth_reversed), 0)).join(Sale, Sale.id == Return.sale_id)
            .where(Return.member_id == member_id, Sale.created_at >= bindparam("since")).scalar_subquery())


def _segment_column(member_id: MemberIdColumn) -> ScalarSelect:
    """The member's segment as of the latest segmentation (NULL before the member's first one)."""
    return (select(func.nullif(MemberStats.segment, "")).where(MemberStats.member_id == member_id)
            .scalar_subquery())


def standing_columns(member_id: MemberIdColumn) -> tuple[ScalarSelect, ...]:
    """growth earned, purchases, growth reversed, points expiring, first expiry, segment: scalar
    sub-queries of `member_id` (a bind parameter, or `Member.id` to correlate with a member row)."""
    expiring = (PointsLot.member_id == member_id, PointsLot.remaining > 0, PointsLot.expires_on.is_not(None),
                PointsLot.expires_on <= bindparam("horizon"))
    return (
        *_growth_columns(member_id),
        select(func.coalesce(func.sum(PointsLot.remaining), 0)).where(*expiring).scalar_subquery(),
        select(func.min(PointsLot.expires_on)).where(*expiring).scalar_subquery(),
        _segment_column(member_id),
    )


_GROWTH = select(*_growth_columns(bindparam("member_id")))        # growth_and_purchases in one round trip
_SEGMENT = select(_segment_column(bindparam("member_id")))
# standing() in one round trip: growth, purchases, reversed growth, expiring points, segment
_STANDING = select(*standing_columns(bindparam("member_id")))

# The coupons a member can use now, as one JSON value (a scalar sub-query of `member_id`), so the
# member card needs no statement of its own for them: [[id, code, kind, amount_fen, percent_bp,
# threshold_fen, cap_fen, valid_to], ...]; NULL (PostgreSQL) or [] (SQLite) when there are none.
_COUPON_FIELDS = (Coupon.id, Coupon.code, Coupon.kind, Coupon.amount_fen, Coupon.percent_bp, Coupon.threshold_fen,
                  Coupon.cap_fen, Coupon.valid_to, Coupon.category)


def coupons_json(dialect_name: str, member_id: MemberIdColumn) -> ScalarSelect:
    if dialect_name == "postgresql":
        rows = func.json_agg(func.json_build_array(*_COUPON_FIELDS))
    else:
        rows = func.json_group_array(func.json_array(*_COUPON_FIELDS))
    return (select(rows).where(Coupon.member_id == member_id, Coupon.status == "issued",
                               Coupon.valid_to >= bindparam("now")).scalar_subquery())


@dataclass(frozen=True)
class CouponRow:
    """A usable coupon as the member card reads it (from `coupons_json`)."""

    id: int
    code: str
    kind: str
    amount_fen: int
    percent_bp: int
    threshold_fen: int
    cap_fen: int | None
    valid_to: datetime
    category: str = ""


def coupon_rows(value: str | list | None) -> list[CouponRow]:
    """`coupons_json`'s value (psycopg decodes json, SQLite gives text), soonest expiry first."""
    items: list = json.loads(value) if isinstance(value, str) else (value or [])
    rows = [CouponRow(i, code, kind, amount or 0, percent or 0, threshold or 0, cap, datetime.fromisoformat(to),
                      *(category or "" for category in rest[:1]))
            for i, code, kind, amount, percent, threshold, cap, to, *rest in items]
    rows.sort(key=lambda c: (c.valid_to, c.id))
    return rows


def standing_params(config: StoreConfig, now: datetime) -> dict:
    return {"since": window_start(now, config.growth.window_days),
            "horizon": now.date() + timedelta(days=config.receipt.expiring_days)}


def growth_and_purchases(session: Session, member_id: int, since: datetime) -> tuple[int, int]:
    earned, purchases, reversed_ = session.execute(_GROWTH, {"member_id": member_id, "since": since}).one()
    return _net_growth(earned, reversed_), int(purchases)


def growth_columns(session: Session, member_id: int, since: datetime) -> tuple[int, int, int]:
    """(growth earned, purchases, growth reversed) in the window, as read (checkout adds its own sale)."""
    earned, purchases, reversed_ = direct.execute(session.connection(), _GROWTH,
                                                  {"member_id": member_id, "since": since}).one()
    return int(earned), int(purchases), int(reversed_)


def _net_growth(earned: int, reversed_: int) -> int:
    return max(0, int(earned) - int(reversed_))


def standing(session: Session, member: Member, config: StoreConfig, now: datetime) -> Standing:
    values = session.execute(_STANDING, {"member_id": member.id, **standing_params(config, now)}).one()
    return standing_of(member, config, values)


def standing_of(member: Member | Row, config: StoreConfig, values: Sequence) -> Standing:
    """The standing from `standing_columns`' six values; `member` needs tier_key, tier_since and
    grace_until (an ORM member or a row)."""
    earned, purchases, reversed_, expiring, on, segment = values
    growth, purchases = _net_growth(earned, reversed_), int(purchases)
    valid_until = None
    if member.tier_key == config.tiers[-1].key:
        valid_until = (member.tier_since + timedelta(days=config.growth.window_days)).date()
    progress = tier_progress(config.tiers, member.tier_key, growth, purchases,
                             per_yuan=config.growth.per_yuan, grace_until=member.grace_until,
                             valid_until=valid_until)
    return Standing(growth, purchases, progress, int(expiring), on, segment)


def coupon_state(coupon: Coupon | SaleCoupon) -> CouponState:
    return CouponState(code=coupon.code, terms=coupon_terms(coupon), valid_from=coupon.valid_from,
                       valid_to=coupon.valid_to, used=coupon.status != "issued",
                       member_id=coupon.member_id, tier_key=coupon.tier_key, segment=coupon.segment)


def coupon_terms(coupon: Coupon | SaleCoupon | CouponRow) -> CouponTerms:
    if coupon.kind == "percent":
        value = Decimal(coupon.percent_bp) / Decimal(10000)
    else:
        value = Decimal(coupon.amount_fen) / Decimal(100)
    return CouponTerms(kind=coupon.kind, value=value, threshold_fen=coupon.threshold_fen,
                       cap_fen=coupon.cap_fen, category=coupon.category or "")


def current_segment(session: Session, member_id: int) -> str | None:
    return session.scalar(_SEGMENT, {"member_id": member_id})
