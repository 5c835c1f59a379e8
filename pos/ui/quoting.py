"""The live totals: price the cart through the service, dropping a refused coupon or points
request so the rest of the totals still show, with the refusal's reason."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pos.errors import PosError
from pos.loyalty.pricing import PriceBreakdown
from pos.services.sales import checkout as co
from pos.services.till import Till


@dataclass(frozen=True)
class Quote:
    breakdown: PriceBreakdown | None
    max_points: int
    coupon_ok: bool
    points_ok: bool
    errors: tuple[PosError, ...]


def quote(till: Till, request: co.CheckoutRequest, balance: int) -> Quote:
    """`till`: online or from the offline journal (pos.services.till); a refused coupon (also
    `offline_coupon_unknown`) or points request (also `offline_cap_exceeded`) is dropped and reported."""
    if not request.lines:
        return Quote(None, 0, True, True, ())
    errors: list[PosError] = []
    coupon_ok = points_ok = True
    for _ in range(3):
        try:
            breakdown = till.price(request)
        except PosError as exc:
            if request.coupon_code and exc.code.startswith(("coupon", "offline_coupon")):
                errors.append(exc)
                coupon_ok, request = False, replace(request, coupon_code=None)
            elif request.redeem_points and (exc.code.startswith("points") or exc.code in (
                    "member_required", "offline_cap_exceeded", "manager_pin_required")):
                errors.append(exc)
                points_ok, request = False, replace(request, redeem_points=0)
            else:
                raise
            continue
        limit = till.redeem_limit(breakdown.after_coupon_fen, balance, request.member_id) if request.member_id else 0
        return Quote(breakdown, limit, coupon_ok, points_ok, tuple(errors))
    raise AssertionError("unreachable: each retry removes one refused part")
