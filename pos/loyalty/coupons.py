"""Coupons (优惠券): terms, validity checks in a fixed order, and the discount.

Kinds: "amount" (满100减15: value in yuan, usually with a threshold), "percent" (85折:
value is the fraction OFF, 0.15, with an optional cap), "cash" (无门槛¥5) and "free_item"
(免费单品（最高¥25）: value is the cap in yuan; it takes ONE item off, optionally only an item of
one product category — see free_item_choice and docs/CONFIGURATION.md).
Checks, first failure wins: used, not yet valid, expired, not for this member (member,
tier "or higher", segment; restricted coupons need a member), threshold not met.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pos.config import COUPON_KINDS, Tier
from pos.errors import BadInput, Refusal
from pos.money import apply_rate, yuan


@dataclass(frozen=True)
class CouponTerms:
    kind: str                 # amount | percent | cash | free_item
    value: Decimal            # yuan for amount/cash, the cap for free_item; fraction OFF for percent (0.15 = 85折)
    threshold_fen: int = 0
    cap_fen: int | None = None
    category: str = ""        # free_item: only an item of this product category ("": any item)

    def __post_init__(self) -> None:
        if self.kind not in COUPON_KINDS:
            raise BadInput("coupon_kind_invalid", f"coupon kind must be one of {', '.join(COUPON_KINDS)}, "
                           f"got '{self.kind}'")
        if not isinstance(self.value, Decimal) or not self.value.is_finite() or self.value <= 0:
            raise BadInput("amount_invalid", f"coupon value must be a positive Decimal, got {self.value!r}")
        if self.kind == "percent" and self.value >= 1:
            raise BadInput("amount_invalid", f"a percent coupon takes the fraction off (0.15 = 85折), "
                           f"got {self.value}")
        if self.threshold_fen < 0 or (self.cap_fen is not None and self.cap_fen < 0):
            raise BadInput("amount_invalid", "coupon threshold and cap cannot be negative")
        if self.category and self.kind != "free_item":
            raise BadInput("coupon_kind_invalid", "only a free-item coupon is limited to a product category")

    @property
    def value_fen(self) -> int:
        """Yuan value in fen for amount/cash coupons (half up to the fen)."""
        return apply_rate(100, self.value)

    def describe(self, lang: str = "en") -> str:
        """'¥15.00 off over ¥100.00' / '满100减15', '15% off (max ¥20.00)' / '85折', '¥5.00 cash' / '无门槛¥5'."""
        zh = lang.startswith("zh")
        if self.kind == "percent":
            return self._describe_percent(zh)
        if self.kind == "free_item":
            return self._describe_free_item(zh)
        if self.threshold_fen:
            if zh:
                return f"满{_short(self.threshold_fen)}减{_short(self.value_fen)}"
            return f"{yuan(self.value_fen)} off over {yuan(self.threshold_fen)}"
        if self.kind == "amount":
            return f"立减{_short(self.value_fen)}" if zh else f"{yuan(self.value_fen)} off"
        return f"无门槛¥{_short(self.value_fen)}" if zh else f"{yuan(self.value_fen)} cash"

    def _describe_percent(self, zh: bool) -> str:
        if zh:
            text = f"满{_short(self.threshold_fen)}享" if self.threshold_fen else ""
            text += f"{_zhe(self.value)}折"
            return text + (f"（最多减{_short(self.cap_fen)}）" if self.cap_fen is not None else "")
        text = f"{(self.value * 100).normalize():f}% off"
        if self.threshold_fen:
            text += f" over {yuan(self.threshold_fen)}"
        return text + (f" (max {yuan(self.cap_fen)})" if self.cap_fen is not None else "")


    def _describe_free_item(self, zh: bool) -> str:
        """'a free item up to ¥25' / '免费单品（最高¥25）', with its category and threshold when it has them."""
        if zh:
            text = f"满{_short(self.threshold_fen)}享" if self.threshold_fen else ""
            limit = "，限指定品类" if self.category else ""      # the category is a key, not a Chinese name
            return f"{text}免费单品（最高¥{_short(self.value_fen)}{limit}）"
        text = f"a free {self.category + ' ' if self.category else ''}item up to ¥{_short(self.value_fen)}"
        return text + (f" over {yuan(self.threshold_fen)}" if self.threshold_fen else "")


def _zhe(off: Decimal) -> str:
    """Chinese discount notation: 10 % off -> 9(折), 15 % off -> 85(折), 12.5 % off -> 87.5(折)."""
    pay = (Decimal(1) - off) * 100
    if pay % 10 == 0:
        return f"{(pay / 10).normalize():f}"
    return f"{pay.normalize():f}"


def _short(fen: int) -> str:
    return str(fen // 100) if fen % 100 == 0 else f"{fen // 100}.{fen % 100:02d}"


@dataclass(frozen=True)
class CouponState:
    code: str
    terms: CouponTerms
    valid_from: datetime
    valid_to: datetime
    used: bool
    member_id: int | None = None
    tier_key: str | None = None
    segment: str | None = None


def check_coupon(coupon: CouponState, *, now: datetime, member_id: int | None, tier_key: str | None,
                 segment: str | None, tiers: Sequence[Tier], base_fen: int) -> None:
    code = coupon.code
    if coupon.used:
        raise Refusal("coupon_used", f"Coupon {code} has already been used.")
    if now < coupon.valid_from:
        raise Refusal("coupon_not_yet_valid", f"Coupon {code} is valid from {coupon.valid_from:%Y-%m-%d %H:%M}.")
    if now > coupon.valid_to:
        raise Refusal("coupon_expired", f"Coupon {code} expired on {coupon.valid_to:%Y-%m-%d}.")
    _check_holder(coupon, member_id, tier_key, segment, tiers)
    if base_fen < coupon.terms.threshold_fen:
        raise Refusal("coupon_threshold_not_met", f"Coupon {code} needs {yuan(coupon.terms.threshold_fen)}, "
                      f"this sale has {yuan(base_fen)}.")


def _check_holder(coupon: CouponState, member_id: int | None, tier_key: str | None, segment: str | None,
                  tiers: Sequence[Tier]) -> None:
    code = coupon.code
    restricted = coupon.member_id is not None or coupon.tier_key or coupon.segment
    if restricted and member_id is None:
        raise Refusal("coupon_not_for_member", f"Coupon {code} is for members only: look the member up first.")
    if coupon.member_id is not None and coupon.member_id != member_id:
        raise Refusal("coupon_not_for_member", f"Coupon {code} belongs to another member.")
    if coupon.tier_key and not _tier_at_least(tiers, tier_key, coupon.tier_key):
        name = next((t.name for t in tiers if t.key == coupon.tier_key), coupon.tier_key)
        raise Refusal("coupon_not_for_member", f"Coupon {code} is for {name} members and above.")
    if coupon.segment and coupon.segment != segment:
        raise Refusal("coupon_not_for_member", f"Coupon {code} is for the '{coupon.segment}' segment only.")


def _tier_at_least(tiers: Sequence[Tier], tier_key: str | None, wanted_key: str) -> bool:
    """True when tier_key is wanted_key or higher on the ladder (equality when the ladder is unknown)."""
    keys = [t.key for t in tiers]
    if tier_key is None:
        return False
    if tier_key not in keys or wanted_key not in keys:
        return tier_key == wanted_key
    return keys.index(tier_key) >= keys.index(wanted_key)


@dataclass(frozen=True)
class ItemOffer:
    """One line a free-item coupon may take an item off: its index, one unit's price after the tier
    discount (rounded down to the fen), and its product category."""

    index: int
    unit_fen: int
    category: str = ""


def free_item_choice(terms: CouponTerms, items: Sequence[ItemOffer]) -> tuple[int, int] | None:
    """The free-item rule: the line and amount a free-item coupon takes off, None if no line qualifies.

    It takes ONE unit of ONE line: of the qualifying lines (the coupon's category if it has one, a unit
    price above zero) the one whose unit gives the most, min(unit price, cap). So the most expensive
    item up to the cap is free; when an item costs more than the cap, the cap comes off the cheapest
    such item. Ties go to the earlier line. Never negative, never above the cap, never above the unit.
    """
    cap = terms.value_fen
    best: tuple[int, int, int] | None = None        # (off, -unit, -index): the largest wins
    for item in items:
        if item.unit_fen <= 0 or (terms.category and item.category != terms.category):
            continue
        key = (min(item.unit_fen, cap), -item.unit_fen, -item.index)
        if best is None or key > best:
            best = key
    if best is None or best[0] <= 0:
        return None
    return -best[2], best[0]


def coupon_discount(terms: CouponTerms, eligible_fen: int) -> int:
    """Amount/cash: the value; percent: eligible × fraction half up, capped. Never above eligible.
    (A free-item coupon is priced per item: free_item_choice.)"""
    if eligible_fen <= 0:
        return 0
    if terms.kind == "percent":
        off = apply_rate(eligible_fen, terms.value)
        if terms.cap_fen is not None:
            off = min(off, terms.cap_fen)
    else:
        off = terms.value_fen
    return max(0, min(off, eligible_fen))
