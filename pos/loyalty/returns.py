"""Proportional reversal for returns, exact over any split into partial returns.

Refund per line: paid × cumulative qty // qty, so returning every unit refunds exactly
what was paid. Points earned (reversed), points redeemed (restored) and growth (reversed)
follow the refunded fraction of the total paid (gross when nothing was paid, e.g. all
by points). Each amount is computed for the cumulative returned part (what was returned before plus
this return) minus the same for what was returned before, so several partial returns add
up exactly to a full return: the whole paid amount, every point earned and redeemed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos.errors import BadInput, Refusal


@dataclass(frozen=True)
class SoldLine:
    """One line of the original sale: quantity sold, money actually paid, gross before discounts."""

    qty: int
    paid_fen: int
    gross_fen: int

    def __post_init__(self) -> None:
        if self.qty < 1:
            raise BadInput("quantity_invalid", f"a sold line has a quantity of at least 1, got {self.qty}")
        if self.paid_fen < 0 or self.gross_fen < 0:
            raise BadInput("amount_invalid", "a sold line cannot have a negative amount")


@dataclass(frozen=True)
class ReturnAmounts:
    refund_fen: int
    points_reversed: int
    points_restored: int
    growth_reversed: int


def _cumulative_refund(sold: Sequence[SoldLine], returned: Sequence[int]) -> int:
    return sum(line.paid_fen * qty // line.qty for line, qty in zip(sold, returned))


def _cumulative_weight(sold: Sequence[SoldLine], returned: Sequence[int], use_gross: bool) -> int:
    return sum((line.gross_fen if use_gross else line.paid_fen) * qty // line.qty
               for line, qty in zip(sold, returned))


def _share(total: int, part: int, whole: int) -> int:
    return total * part // whole if whole else 0


def return_amounts(sold: Sequence[SoldLine], already_returned: Sequence[int], returning: Sequence[int], *,
                   points_earned: int, points_redeemed: int, growth_earned: int) -> ReturnAmounts:
    if not (len(sold) == len(already_returned) == len(returning)):
        raise BadInput("line_invalid", "return lines do not match the sale")
    for line, before, now in zip(sold, already_returned, returning):
        if before < 0 or now < 0:
            raise BadInput("quantity_invalid", "return quantities cannot be negative")
        if before + now > line.qty:
            raise Refusal("return_exceeds_sale", f"Only {line.qty - before} of {line.qty} can still be returned "
                          "on that line.")
    after = [b + n for b, n in zip(already_returned, returning)]
    refund = _cumulative_refund(sold, after) - _cumulative_refund(sold, already_returned)
    use_gross = sum(line.paid_fen for line in sold) == 0
    whole = _cumulative_weight(sold, [line.qty for line in sold], use_gross)
    w_before = _cumulative_weight(sold, already_returned, use_gross)
    w_after = _cumulative_weight(sold, after, use_gross)

    def delta(total: int) -> int:
        return _share(total, w_after, whole) - _share(total, w_before, whole)

    return ReturnAmounts(refund, delta(points_earned), delta(points_redeemed), delta(growth_earned))
