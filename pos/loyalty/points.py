"""Points (积分): earning with multipliers, redemption rules, expiry lots (FIFO).

- Earn: floor(paid yuan × earn_per_yuan × tier multiplier × birthday × member day).
- Redeem: redeem_points_per_yuan points = ¥1, at least redeem_minimum, in steps of
  redeem_step, worth at most redeem_max_share of the amount due (exact comparison).
- Expiry: a lot earned in year Y expires on Dec 31 of Y+1; lots are used oldest first.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pos.config import PointsConfig, Tier
from pos.errors import BadInput, Refusal
from pos.money import floor_decimal, yuan


def is_birthday_month(birth_month: int | None, today: date) -> bool:
    return birth_month is not None and birth_month == today.month


def is_member_day(cfg: PointsConfig, today: date) -> bool:
    """member_day 0 = none; a day past the month's end (31 in June) falls on its last day."""
    if cfg.member_day <= 0:
        return False
    last = calendar.monthrange(today.year, today.month)[1]
    return today.day == min(cfg.member_day, last)


def earn_multiplier(tier: Tier, cfg: PointsConfig, *, birthday_month: bool, member_day: bool) -> Decimal:
    """Tier, birthday-month and member-day multipliers multiply."""
    multiplier = tier.points_multiplier
    if birthday_month:
        multiplier *= cfg.birthday_multiplier
    if member_day:
        multiplier *= cfg.member_day_multiplier
    return multiplier


def points_earned(paid_fen: int, tier: Tier, cfg: PointsConfig, *, birthday_month: bool = False,
                  member_day: bool = False) -> int:
    """floor(paid yuan × earn_per_yuan × multiplier): ¥950.00 at Silver (1.2×) earns 1140."""
    if paid_fen <= 0:
        return 0
    multiplier = earn_multiplier(tier, cfg, birthday_month=birthday_month, member_day=member_day)
    return floor_decimal(Decimal(paid_fen) / 100 * cfg.earn_per_yuan * multiplier)


def points_value_fen(points: int, cfg: PointsConfig) -> int:
    return points * 100 // cfg.redeem_points_per_yuan


def _cap_fen(due_fen: int, cfg: PointsConfig) -> Decimal:
    return Decimal(max(due_fen, 0)) * cfg.redeem_max_share


def max_redeemable(due_fen: int, balance: int, cfg: PointsConfig) -> int:
    """The largest multiple of the step within balance whose value fits the share-of-due cap.

    0 when that is below the minimum. Exact: value(p) = p*100 // per_yuan <= cap_value
    holds exactly for p <= ((cap_value + 1) * per_yuan - 1) // 100.
    """
    cap_value = floor_decimal(_cap_fen(due_fen, cfg))
    by_cap = ((cap_value + 1) * cfg.redeem_points_per_yuan - 1) // 100
    best = max(0, min(balance, by_cap)) // cfg.redeem_step * cfg.redeem_step
    return best if best >= max(cfg.redeem_minimum, 1) else 0


def validate_redemption(points: int, balance: int, due_fen: int, cfg: PointsConfig) -> int:
    """Returns the money value of the points in fen, or refuses with the rule broken."""
    if points < 0:
        raise BadInput("points_invalid", f"points to redeem cannot be negative ({points})")
    if points == 0:
        return 0
    if points < cfg.redeem_minimum:
        raise Refusal("points_minimum", f"At least {cfg.redeem_minimum} points must be redeemed at once.")
    if points % cfg.redeem_step:
        raise Refusal("points_step", f"Points are redeemed in steps of {cfg.redeem_step}; {points} is not.")
    if points > balance:
        raise Refusal("points_insufficient", f"The member has {balance} points, not {points}.")
    value = points_value_fen(points, cfg)
    if value > _cap_fen(due_fen, cfg):
        raise Refusal("points_cap_exceeded", _cap_message(due_fen, balance, cfg))
    return value


def _cap_message(due_fen: int, balance: int, cfg: PointsConfig) -> str:
    share = f"{(cfg.redeem_max_share * 100).normalize():f}"
    most = max_redeemable(due_fen, balance, cfg)
    limit = f"at most {most} points" if most else "no points can be redeemed"
    return f"Points may pay at most {share}% of the {yuan(due_fen)} due: {limit} on this sale."


def needs_manager_pin(points: int, cfg: PointsConfig) -> bool:
    return points > cfg.manager_pin_above


def lot_expiry(earned_on: date, cfg: PointsConfig) -> date | None:
    """Dec 31 of the year after earning ("end_of_next_year"), or None when points never expire."""
    if cfg.expiry == "never":
        return None
    return date(earned_on.year + 1, 12, 31)


def consume_fifo(lots: Sequence[tuple[int, int]], points: int) -> list[tuple[int, int]]:
    """Takes `points` from lots in the given (oldest-first) order: [(lot_id, taken), ...]."""
    if points < 0:
        raise BadInput("points_invalid", f"points to take cannot be negative ({points})")
    taken: list[tuple[int, int]] = []
    left = points
    for lot_id, remaining in lots:
        if left <= 0:
            break
        take = min(left, remaining)
        if take > 0:
            taken.append((lot_id, take))
            left -= take
    if left > 0:
        raise Refusal("points_insufficient", f"Only {points - left} of {points} points are available.")
    return taken
