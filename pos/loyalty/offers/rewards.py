"""Rewards catalogue (积分兑换): a gift or a coupon bought with points."""

from __future__ import annotations

from dataclasses import dataclass

from pos.errors import NotFound, Refusal

GIFT = "gift"
COUPON = "coupon"


@dataclass(frozen=True)
class Reward:
    code: str
    name: str
    kind: str            # gift | coupon
    points: int
    active: bool = True


def check_redeem(reward: Reward | None, code: str, *, balance: int, stock: int) -> None:
    """Refusals, first failure wins: unknown or withdrawn, out of stock, too few points."""
    if reward is None or not reward.active:
        raise NotFound("reward_unknown", f"'{code}' is not a reward of this store's catalogue.")
    if stock < 1:
        raise Refusal("reward_out_of_stock", f"{reward.name} is out of stock.")
    if balance < reward.points:
        raise Refusal("points_insufficient", f"{reward.name} costs {reward.points} points; the member has {balance}.")
