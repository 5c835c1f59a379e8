"""Checkout pricing in the fixed order of SPEC §5.

1 lines -> 2 tier discount (discountable lines, half up per line) -> 3 coupon (threshold on
the subtotal after step 2, discount spread over discountable lines) -> 4 points (within the
share-of-due cap, spread over all lines) -> 5 amount due. Every step is allocated to lines
exactly (largest remainder), so returns can reverse each line's share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pos.config import PointsConfig, Tier
from pos.errors import BadInput, Refusal
from pos.loyalty.coupons import CouponState, ItemOffer, check_coupon, coupon_discount, free_item_choice
from pos.loyalty.points import validate_redemption
from pos.money import apply_rate

MAX_QTY = 9999


@dataclass(frozen=True)
class CartLine:
    sku: str | None
    name: str
    unit_price_fen: int
    qty: int
    discountable: bool = True
    category: str = ""          # the product's category (stamp cards, free-item coupons); "" for none

    def __post_init__(self) -> None:
        if isinstance(self.qty, bool) or not isinstance(self.qty, int) or not 1 <= self.qty <= MAX_QTY:
            raise BadInput("quantity_invalid", f"quantity of '{self.name}' must be 1 to {MAX_QTY}, got {self.qty}")
        if not isinstance(self.unit_price_fen, int) or self.unit_price_fen < 0:
            raise BadInput("amount_invalid", f"price of '{self.name}' must not be negative")

    @property
    def gross_fen(self) -> int:
        return self.unit_price_fen * self.qty


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    gross_fen: int
    tier_discount_fen: int
    coupon_fen: int
    points_fen: int

    @property
    def paid_fen(self) -> int:
        return self.gross_fen - self.tier_discount_fen - self.coupon_fen - self.points_fen


@dataclass(frozen=True)
class PriceBreakdown:
    lines: tuple[PricedLine, ...]
    subtotal_fen: int
    tier_discount_fen: int
    after_tier_fen: int
    coupon_discount_fen: int
    after_coupon_fen: int
    points_redeemed: int
    points_value_fen: int
    total_due_fen: int


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Splits total over weights proportionally (largest remainder, ties to the earlier line).

    Shares are integers summing exactly to total; with 0 <= total <= sum(weights) no share
    exceeds its weight. Nothing to split over (all weights 0) gives all zeros.
    """
    weight_sum = sum(weights)
    if total == 0 or weight_sum == 0:
        return [0] * len(weights)
    shares = [total * w // weight_sum for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def price_cart(lines: Sequence[CartLine], *, tier: Tier | None, coupon: CouponState | None = None,
               coupon_context: dict | None = None, redeem_points: int = 0, points_balance: int = 0,
               points_cfg: PointsConfig, now: datetime, member_id: int | None = None,
               segment: str | None = None, tiers: Sequence[Tier] = ()) -> PriceBreakdown:
    """Prices a cart in the SPEC §5 order; tier None is a non-member (no tier discount, no points).

    coupon_context optionally overrides what the coupon is checked against: keys member_id,
    tier_key, segment, tiers (by default the member, the member's tier, segment and tiers).
    """
    if not lines:
        raise BadInput("cart_empty", "a sale needs at least one line")
    gross = [line.gross_fen for line in lines]
    tier_off = tier_discounts(lines, tier)
    after_tier = [g - t for g, t in zip(gross, tier_off)]
    coupon_off = [0] * len(lines)
    if coupon is not None:
        context: dict[str, Any] = dict(member_id=member_id, tier_key=tier.key if tier else None, segment=segment,
                                       tiers=tiers)
        context.update(coupon_context or {})
        check_coupon(coupon, now=now, base_fen=sum(after_tier), **context)
        coupon_off = coupon_shares(coupon, lines, after_tier)
    after_coupon = [a - c for a, c in zip(after_tier, coupon_off)]
    if redeem_points and tier is None:
        raise Refusal("member_required", "Points can only be redeemed by a member: look the member up first.")
    value = validate_redemption(redeem_points, points_balance, sum(after_coupon), points_cfg)
    points_off = allocate(value, after_coupon)
    priced = tuple(PricedLine(line, g, t, c, p)
                   for line, g, t, c, p in zip(lines, gross, tier_off, coupon_off, points_off))
    return PriceBreakdown(
        lines=priced, subtotal_fen=sum(gross), tier_discount_fen=sum(tier_off), after_tier_fen=sum(after_tier),
        coupon_discount_fen=sum(coupon_off), after_coupon_fen=sum(after_coupon),
        points_redeemed=redeem_points, points_value_fen=value, total_due_fen=sum(after_coupon) - value)


def tier_discounts(lines: Sequence[CartLine], tier: Tier | None) -> list[int]:
    """Step 2: the tier's rate on each discountable line, half up per line."""
    if tier is None:
        return [0] * len(lines)
    return [apply_rate(line.gross_fen, tier.discount) if line.discountable else 0 for line in lines]


def coupon_shares(coupon: CouponState, lines: Sequence[CartLine], after_tier: Sequence[int]) -> list[int]:
    """Step 3: the coupon's discount on the discountable lines, spread in proportion to them; a
    free-item coupon's on the one line free_item_choice picks (`coupon_no_item` when none qualifies)."""
    if coupon.terms.kind == "free_item":
        return free_item_shares(coupon, lines, after_tier)
    eligible = [amount if line.discountable else 0 for amount, line in zip(after_tier, lines)]
    return allocate(coupon_discount(coupon.terms, sum(eligible)), eligible)


def free_item_shares(coupon: CouponState, lines: Sequence[CartLine], after_tier: Sequence[int]) -> list[int]:
    """One unit of one discountable line, priced after the tier discount (rounded down to the fen)."""
    items = [ItemOffer(i, amount // line.qty, line.category)
             for i, (amount, line) in enumerate(zip(after_tier, lines)) if line.discountable]
    chosen = free_item_choice(coupon.terms, items)
    if chosen is None:
        what = f"{coupon.terms.category} item" if coupon.terms.category else "item it can take off"
        raise Refusal("coupon_no_item", f"Coupon {coupon.code} gives a free item: this sale has no {what}.")
    shares = [0] * len(lines)
    shares[chosen[0]] = chosen[1]
    return shares
