"""Referral (老带新): who is rewarded, and when a referral is refused."""

from __future__ import annotations

from dataclasses import dataclass

from pos.config import ReferralConfig

REWARD = "reward"
NOT_FIRST = "not_first"
BELOW_MINIMUM = "below_minimum"
ALREADY = "already_rewarded"
LIMIT = "limit"


@dataclass(frozen=True)
class Person:
    phone: str | None
    name: str = ""
    birth_month: int | None = None
    birth_day: int | None = None


def is_self_referral(referrer: Person, newcomer: Person) -> bool:
    """The same phone, or the same (non-empty) name with the same birthday: one person twice."""
    if referrer.phone and referrer.phone == newcomer.phone:
        return True
    same_name = bool(referrer.name.strip()) and referrer.name.strip().casefold() == newcomer.name.strip().casefold()
    same_birthday = (referrer.birth_month is not None and referrer.birth_day is not None
                     and (referrer.birth_month, referrer.birth_day) == (newcomer.birth_month, newcomer.birth_day))
    return same_name and same_birthday


def reward_decision(cfg: ReferralConfig, *, paid_fen: int, earlier_sales: int, already_rewarded: bool,
                    rewards_this_month: int) -> str:
    """What the newcomer's sale does for the referrer: REWARD, or why not."""
    if earlier_sales > 0:
        return NOT_FIRST
    if already_rewarded:
        return ALREADY
    if paid_fen < cfg.min_paid_fen:
        return BELOW_MINIMUM
    if rewards_this_month >= cfg.monthly_limit:
        return LIMIT
    return REWARD
