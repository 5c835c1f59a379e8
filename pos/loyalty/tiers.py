"""Tier ladder (会员等级): which tier growth (or purchase count) qualifies for, progress, retention.

- A tier qualifies when its growth threshold is met, or when its purchase-count threshold
  (> 0) is met. A tier above the entry tier with growth 0 and purchases > 0 is count-only:
  its growth threshold is "not used" (otherwise everybody would qualify).
- Upgrades are immediate at sale time (`upgraded_tier`) and never lower the tier.
- Retention is evaluated daily (`evaluate_retention`): below the tier's threshold a grace
  period starts; when it has run out the tier drops at most `max_drop` levels, never below
  the tier the member qualifies for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pos.config import Tier


def tier_index(tiers: Sequence[Tier], key: str) -> int:
    for index, tier in enumerate(tiers):
        if tier.key == key:
            return index
    raise KeyError(f"unknown tier '{key}'")


def uses_growth(tier: Tier) -> bool:
    """False for a count-only tier (growth 0 but a purchase threshold)."""
    return tier.growth > 0 or tier.purchases == 0


def _qualifies(tier: Tier, growth: int, purchases: int) -> bool:
    by_growth = uses_growth(tier) and growth >= tier.growth
    by_purchases = tier.purchases > 0 and purchases >= tier.purchases
    return by_growth or by_purchases


def qualifying_tier(tiers: Sequence[Tier], growth: int, purchases: int) -> Tier:
    """The highest tier whose growth or purchase-count threshold is met (the entry tier at least)."""
    best = tiers[0]
    for tier in tiers[1:]:
        if _qualifies(tier, growth, purchases):
            best = tier
    return best


def upgraded_tier(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int) -> Tier:
    """max(current, qualifying): upgrades are immediate at sale time and never lower the tier."""
    current = tier_index(tiers, current_key)
    qualifying = tier_index(tiers, qualifying_tier(tiers, growth, purchases).key)
    return tiers[max(current, qualifying)]


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    next_tier: Tier | None
    growth: int
    purchases: int
    to_next_growth: int                 # growth still needed for the next tier, 0 at the top
    to_next_fen: int                    # money to pay to earn to_next_growth (rounded up to ¥1)
    percent: int                        # 0-100 progress within the current band
    keep_until: date | None = None      # grace deadline while in grace
    to_keep_growth: int = 0             # growth needed to keep the tier during grace
    top_until: date | None = None       # at the top tier: held until this date
    to_keep_fen: int = 0                # money for to_keep_growth
    to_next_purchases: int = 0          # purchases still needed (count-based next tier)
    to_keep_purchases: int = 0          # purchases needed to keep a count-only tier in grace

    @property
    def valid_until(self) -> date | None:
        return self.top_until

    @property
    def in_grace(self) -> bool:
        return self.keep_until is not None and (self.to_keep_growth > 0 or self.to_keep_purchases > 0)

    def text(self, lang: str = "en", currency: str = "¥") -> str:
        """'¥320.00 more to Gold', 'Diamond until 2027-03-31', '¥150.00 more by 2026-12-20 to keep Gold'."""
        zh = lang.startswith("zh")
        if self.in_grace:
            return self._keep_text(zh, currency)
        if self.next_tier is None:
            return self._top_text(zh)
        return self._next_text(zh, currency)

    def _keep_text(self, zh: bool, currency: str) -> str:
        name, by = self.tier.label("zh" if zh else "en"), f"{self.keep_until:%Y-%m-%d}"
        if self.to_keep_growth > 0:
            money = money_text(self.to_keep_fen, currency)
            return f"{by}前再消费{money}保级{name}" if zh else f"{money} more by {by} to keep {name}"
        count = self.to_keep_purchases
        return f"{by}前再消费{count}次保级{name}" if zh else f"{_more_purchases(count)} by {by} to keep {name}"

    def _top_text(self, zh: bool) -> str:
        name = self.tier.label("zh" if zh else "en")
        if self.top_until is None:
            return f"{name}（最高等级）" if zh else f"{name} (top tier)"
        return f"{name}有效期至{self.top_until:%Y-%m-%d}" if zh else f"{name} until {self.top_until:%Y-%m-%d}"

    def _next_text(self, zh: bool, currency: str) -> str:
        assert self.next_tier is not None
        name = self.next_tier.label("zh" if zh else "en")
        if not uses_growth(self.next_tier):
            count = self.to_next_purchases
            return f"再消费{count}次升级{name}" if zh else f"{_more_purchases(count)} to {name}"
        money = money_text(self.to_next_fen, currency)
        return f"再消费{money}升级{name}" if zh else f"{money} more to {name}"


def money_text(fen: int, currency: str = "¥") -> str:
    return f"{currency}{fen // 100:,}.{fen % 100:02d}"


def _more_purchases(count: int) -> str:
    return f"{count} more purchase" if count == 1 else f"{count} more purchases"


def fen_for_growth(growth: int, per_yuan: int) -> int:
    """Money to pay to earn `growth` (whole yuan, rounded up: a part-yuan earns nothing)."""
    if per_yuan <= 0 or growth <= 0:
        return 0
    return -(-growth // per_yuan) * 100


def _growth_needed(tier: Tier, growth: int) -> int:
    return max(0, tier.growth - growth) if uses_growth(tier) else 0


def _purchases_needed(tier: Tier, purchases: int) -> int:
    return max(0, tier.purchases - purchases) if tier.purchases > 0 else 0


def _band_percent(low: int, high: int, value: int) -> int:
    if high <= low:
        return 100
    done = min(max(value - low, 0), high - low)
    return done * 100 // (high - low)


def _progress_percent(tier: Tier, next_tier: Tier, growth: int, purchases: int) -> int:
    parts = []
    if uses_growth(next_tier):
        parts.append(_band_percent(tier.growth, next_tier.growth, growth))
    if next_tier.purchases > 0:
        parts.append(_band_percent(tier.purchases, next_tier.purchases, purchases))
    return max(parts)


def tier_progress(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int, *,
                  per_yuan: int = 1, grace_until: date | None = None,
                  valid_until: date | None = None) -> TierProgress:
    """Progress toward the next tier, or what keeps the tier during grace; valid_until is for the top."""
    index = tier_index(tiers, current_key)
    tier = tiers[index]
    next_tier = tiers[index + 1] if index + 1 < len(tiers) else None
    qualified_now = _qualifies(tier, growth, purchases) or index == 0
    to_keep = 0 if qualified_now or grace_until is None else _growth_needed(tier, growth)
    to_keep_count = 0 if qualified_now or grace_until is None or to_keep else _purchases_needed(tier, purchases)
    keep: dict[str, Any] = dict(keep_until=grace_until, to_keep_growth=to_keep,
                                to_keep_fen=fen_for_growth(to_keep, per_yuan), to_keep_purchases=to_keep_count)
    if next_tier is None:
        return TierProgress(tier, None, growth, purchases, 0, 0, 100, top_until=valid_until, **keep)
    to_next = _growth_needed(next_tier, growth)
    return TierProgress(tier, next_tier, growth, purchases, to_next, fen_for_growth(to_next, per_yuan),
                        _progress_percent(tier, next_tier, growth, purchases),
                        to_next_purchases=_purchases_needed(next_tier, purchases), **keep)


# ---------------------------------------------------------------- retention


@dataclass(frozen=True)
class RetentionDecision:
    new_key: str
    grace_until: date | None
    downgraded: bool
    in_grace: bool


def evaluate_retention(tiers: Sequence[Tier], current_key: str, growth: int, purchases: int,
                       grace_until: date | None, today: date, grace_days: int,
                       max_drop: int = 1) -> RetentionDecision:
    """Daily check: below the tier's threshold starts a grace period; after it, drop at most max_drop.

    Qualifying for the tier (or a higher one) keeps it and clears any grace. After a drop
    the grace is cleared: the next evaluation starts a new one if still too high.
    """
    current = tier_index(tiers, current_key)
    qualifying = tier_index(tiers, qualifying_tier(tiers, growth, purchases).key)
    if qualifying >= current:
        return RetentionDecision(tiers[qualifying].key, None, False, False)
    if grace_until is None:
        return RetentionDecision(current_key, today + timedelta(days=grace_days), False, True)
    if today <= grace_until:
        return RetentionDecision(current_key, grace_until, False, True)
    new_index = max(qualifying, current - max(1, max_drop))
    return RetentionDecision(tiers[new_index].key, None, True, False)
