"""Points (积分): earning with multipliers, redemption rules, expiry lots (FIFO)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from pos.config import PointsConfig, Tier
from pos.errors import BadInput, Refusal
from pos.money import floor_decimal


def is_birthday_month(birth_month: int | None, today: date) -> bool:
    return birth_month is not None and birth_month == today.month


def is_member_day(cfg: PointsConfig, today: date) -> bool:
    if cfg.member_day <= 0:
        return False
    last = calendar.monthrange(today.year, today.month)[1]
    return today.day == min(cfg.member_day, last)


def earn_multiplier(tier: Tier, cfg: PointsConfig, *, birthday_month: bool, member_day: bool) -> Decimal:
    multiplier = tier.points_multiplier
    if birthday_month:
        multiplier *= cfg.birthday_multiplier
    if member_day:
        multiplier *= cfg.member_day_multiplier
    return multiplier


def points_earned(paid_fen: int, tier: Tier, cfg: PointsConfig, *, birthday_month: bool = False,
                  member_day: bool = False) -> int:
    if paid_fen <= 0:
        return 0
    multiplier = earn_multiplier(tier, cfg, birthday_month=birthday_month, member_day=member_day)
    return floor_decimal(Decimal(paid_fen) / 100 * cfg.earn_per_yuan * multiplier)


def points_value_fen(points: int, cfg: PointsConfig) -> int:
    return points * 100 // cfg.redeem_points_per_yuan


def _cap_fen(due_fen: int, cfg: PointsConfig) -> Decimal:
    return Decimal(due_fen) * cfg.redeem_max_share


def max_redeemable(due_fen: int, balance: int, cfg: PointsConfig) -> int:
    """The largest redeemable multiple of the step within balance and the share-of-due cap."""
    if due_fen <= 0 or balance <= 0:
        return 0
    cap_points = floor_decimal(_cap_fen(due_fen, cfg) * cfg.redeem_points_per_yuan / 100)
    best = min(balance, cap_points) // cfg.redeem_step * cfg.redeem_step
    while best > 0 and points_value_fen(best, cfg) > _cap_fen(due_fen, cfg):
        best -= cfg.redeem_step
    return best if best >= cfg.redeem_minimum else 0


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
        most = max_redeemable(due_fen, balance, cfg)
        share = int(cfg.redeem_max_share * 100)
        raise Refusal("points_cap_exceeded", f"Points may pay at most {share}% of the amount due: "
                      f"at most {most} points on this sale.")
    return value


def needs_manager_pin(points: int, cfg: PointsConfig) -> bool:
    return points > cfg.manager_pin_above


def lot_expiry(earned_on: date, cfg: PointsConfig) -> date | None:
    if cfg.expiry == "never":
        return None
    return date(earned_on.year + 1, 12, 31)


def consume_fifo(lots: Sequence[tuple[int, int]], points: int) -> list[tuple[int, int]]:
    """Takes `points` from lots in the given (oldest-first) order: [(lot_id, taken), ...]."""
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
