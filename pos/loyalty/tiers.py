"""Tier ladder: which tier growth (or purchase count) qualifies for, progress, retention."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pos.config import Tier


def tier_index(tiers: Sequence[Tier], key: str) -> int:
    for index, tier in enumerate(tiers):
        if tier.key == key:
            return index
    raise KeyError(f"unknown tier '{key}'")


def _qualifies(tier: Tier, growth: int, purchases: int) -> bool:
    return growth >= tier.growth or (tier.purchases > 0 and purchases >= tier.purchases)


def qualifying_tier(tiers: Sequence[Tier], growth: int, purchases: int) -> Tier:
    best = tiers[0]
    for tier in tiers[1:]:
        if _qualifies(tier, growth, purchases):
            best = tier
    return best


def upgraded_tier(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int) -> Tier:
    """Upgrades are immediate at sale time and never lower the tier."""
    current = tier_index(tiers, current_key)
    qualifying = tier_index(tiers, qualifying_tier(tiers, growth, purchases).key)
    return tiers[max(current, qualifying)]


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    next_tier: Tier | None
    growth: int
    purchases: int
    to_next_growth: int
    to_next_fen: int
    percent: int
    keep_until: date | None = None
    to_keep_growth: int = 0
    to_keep_fen: int = 0
    valid_until: date | None = None

    def text(self, lang: str = "en", currency: str = "¥") -> str:
        zh = lang.startswith("zh")
        if self.keep_until and self.to_keep_growth > 0:
            money = _money(self.to_keep_fen, currency)
            if zh:
                return f"{self.keep_until:%Y-%m-%d}前再消费{money}保级{self.tier.label(lang)}"
            return f"{money} more by {self.keep_until:%Y-%m-%d} to keep {self.tier.name}"
        if self.next_tier is None:
            if self.valid_until is None:
                return f"{self.tier.label(lang)}" + ("（最高等级）" if zh else " (top tier)")
            if zh:
                return f"{self.tier.label(lang)}有效期至{self.valid_until:%Y-%m-%d}"
            return f"{self.tier.name} until {self.valid_until:%Y-%m-%d}"
        money = _money(self.to_next_fen, currency)
        if zh:
            return f"再消费{money}升级{self.next_tier.label(lang)}"
        return f"{money} more to {self.next_tier.name}"


def _money(fen: int, currency: str) -> str:
    return f"{currency}{fen // 100:,}.{fen % 100:02d}"


def _fen_for_growth(growth: int, per_yuan: int) -> int:
    if per_yuan <= 0:
        return 0
    yuan = -(-growth // per_yuan)   # round up: a part-yuan earns no growth
    return yuan * 100


def tier_progress(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int, *,
                  per_yuan: int = 1, grace_until: date | None = None,
                  valid_until: date | None = None) -> TierProgress:
    index = tier_index(tiers, current_key)
    tier = tiers[index]
    next_tier = tiers[index + 1] if index + 1 < len(tiers) else None
    to_keep = max(0, tier.growth - growth) if grace_until else 0
    if next_tier is None:
        return TierProgress(tier, None, growth, purchases, 0, 0, 100, grace_until, to_keep,
                            _fen_for_growth(to_keep, per_yuan), valid_until)
    to_next = max(0, next_tier.growth - growth)
    band = next_tier.growth - tier.growth
    done = min(max(growth - tier.growth, 0), band)
    percent = 100 if band <= 0 else done * 100 // band
    return TierProgress(tier, next_tier, growth, purchases, to_next, _fen_for_growth(to_next, per_yuan),
                        percent, grace_until, to_keep, _fen_for_growth(to_keep, per_yuan))


@dataclass(frozen=True)
class RetentionDecision:
    new_key: str
    grace_until: date | None
    downgraded: bool
    in_grace: bool


def evaluate_retention(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int,
                       grace_until: date | None, today: date, grace_days: int,
                       max_drop: int = 1) -> RetentionDecision:
    """Daily check: below the tier's threshold starts a grace period; after it, drop at most max_drop."""
    current = tier_index(tiers, current_key)
    qualifying = tier_index(tiers, qualifying_tier(tiers, growth, purchases).key)
    if qualifying >= current:
        return RetentionDecision(tiers[qualifying].key, None, False, False)
    if grace_until is None:
        return RetentionDecision(current_key, today + timedelta(days=grace_days), False, True)
    if today <= grace_until:
        return RetentionDecision(current_key, grace_until, False, True)
    new_index = max(qualifying, current - max_drop)
    return RetentionDecision(tiers[new_index].key, None, True, False)
