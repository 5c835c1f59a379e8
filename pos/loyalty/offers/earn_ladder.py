"""Monthly earn ladder: the earn rate rises with the member's paid spend in the calendar month."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from pos.config import EarnStep


def step_reached(steps: Sequence[EarnStep], month_spend_fen: int) -> tuple[int, EarnStep] | None:
    """(1-based step number, step) of the highest step whose spend the month reached."""
    reached = [(i, s) for i, s in enumerate(sorted(steps, key=lambda s: s.spend_fen), start=1)
               if month_spend_fen >= s.spend_fen]
    return reached[-1] if reached else None


def ladder_points(step: EarnStep, paid_fen: int, multiplier: Decimal, points_per_yuan: int) -> int:
    """floor(paid × rate in points value × tier multiplier); 100 points = ¥1 by default."""
    value = Decimal(paid_fen) / 100 * step.rate * points_per_yuan * multiplier
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def ladder_bonus(steps: Sequence[EarnStep], month_spend_fen: int, paid_fen: int, multiplier: Decimal,
                 points_per_yuan: int, ordinary_points: int) -> tuple[int, int]:
    """(step number, extra points): what the ladder earns beyond the ordinary points, never less than 0."""
    reached = step_reached(steps, month_spend_fen)
    if reached is None or paid_fen <= 0:
        return 0, 0
    number, step = reached
    return number, max(0, ladder_points(step, paid_fen, multiplier, points_per_yuan) - ordinary_points)
