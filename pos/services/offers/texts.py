"""Reasons and titles of what the offers give, in English and Chinese."""

from __future__ import annotations

from pos.config import BounceStep
from pos.loyalty.coupons import CouponTerms
from pos.services.coupons.issue import CouponSpec


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def visit_reason(purchase_no: int) -> tuple[str, str]:
    return f"{ordinal(purchase_no)} visit reward", f"第{purchase_no}次消费回馈"


def step_title(step: BounceStep, spec: CouponSpec | None) -> tuple[str, str]:
    if step.name or step.name_zh:
        return step.name or step.name_zh, step.name_zh or step.name
    if spec is None:
        return f"{step.value}× points on your next visit", f"下次消费{step.value}倍积分"
    return terms_title(spec.terms())


def terms_title(terms: CouponTerms) -> tuple[str, str]:
    return terms.describe("en"), terms.describe("zh")
