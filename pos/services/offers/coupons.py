"""Coupons the offers give: built from a step or a rule's settings, issued through pos.services.coupons."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from pos.config import BounceStep, StoreConfig
from pos.services.coupons.issue import CouponSpec, Given, insert_coupon


def step_spec(step: BounceStep, valid_days: int) -> CouponSpec | None:
    """The coupon of a bounce-back step (None: double points, not a coupon)."""
    if step.kind == "double_points":
        return None
    if step.kind == "percent":
        return CouponSpec("percent", percent_bp=int(step.value * 10000), threshold_fen=step.threshold_fen,
                          cap_fen=step.cap_fen or None, valid_days=valid_days)
    return CouponSpec(step.kind, amount_fen=int(step.value * 100),
                      threshold_fen=step.threshold_fen if step.kind in ("amount", "free_item") else 0,
                      valid_days=valid_days)


def cash_spec(fen: int, valid_days: int) -> CouponSpec:
    return CouponSpec("cash", amount_fen=fen, valid_days=valid_days)


def free_item_spec(cap_fen: int, valid_days: int, category: str = "") -> CouponSpec:
    """One item free up to `cap_fen` (of `category` only, when given)."""
    return CouponSpec("free_item", amount_fen=cap_fen, valid_days=valid_days, category=category)


def amount_spec(fen: int, threshold_fen: int, valid_days: int) -> CouponSpec:
    return CouponSpec("amount" if threshold_fen else "cash", amount_fen=fen, threshold_fen=threshold_fen,
                      valid_days=valid_days)


def give(session: Session, config: StoreConfig, spec: CouponSpec, now: datetime, member_id: int,
         valid: tuple[datetime, datetime] | None = None) -> Given:
    return insert_coupon(session, config, spec, now, member_id, valid)


def multiplier_of(rule: str) -> Decimal:
    """A double-points voucher's multiplier, kept in its rule ('bounce_back:6x2')."""
    _, _, text = rule.partition("x")
    try:
        value = Decimal(text)
    except ArithmeticError:
        return Decimal(2)
    return value if value.is_finite() and value > 1 else Decimal(2)
