"""Campaign uplift (SPEC §11): members who got the coupon against the random holdout who got nothing.

Per member of each group: bought in the window (0/1) and revenue paid (fen). The differences of the
means (buyer rate, revenue per member) come with 95 % confidence intervals from Welch's t-test
(`scipy.stats.ttest_ind(equal_var=False)`; on 0/1 outcomes it is the usual two-proportion test for
samples of this size). Incremental revenue is the revenue difference per member times the members
issued, with its interval scaled the same way. The statistics are floats inside scipy; amounts come
back as whole fen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Outcome:
    bought: bool
    revenue_fen: int


@dataclass(frozen=True)
class Difference:
    estimate: float
    low: float
    high: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Uplift:
    issued: int
    holdout: int
    buyers_issued: Decimal          # share, 0..1
    buyers_holdout: Decimal
    revenue_per_issued_fen: int
    revenue_per_holdout_fen: int
    buyer_rate: Difference | None     # None: a group too small to compare (fewer than 2 members)
    revenue: Difference | None
    incremental_revenue_fen: int
    ci95_fen: tuple[int, int] | None

    @property
    def significant(self) -> bool:
        return self.revenue is not None and self.revenue.significant

    def verdict(self) -> str:
        if self.revenue is None:
            return "Too few members in the issued group or the holdout to compare."
        if not self.significant:
            return ("The difference is not significant: the campaign cannot be told apart from chance "
                    "(the 95 % interval of incremental revenue includes zero).")
        word = "more" if self.incremental_revenue_fen > 0 else "less"
        return f"The campaign brought significantly {word} revenue than the holdout (95 % confidence)."


def _difference(a: Sequence[float], b: Sequence[float]) -> Difference | None:
    if len(a) < 2 or len(b) < 2:
        return None
    from scipy import stats  # imported when a report runs: keeps the till's start quick

    if max(a) == min(a) and max(b) == min(b):       # no spread at all: the t statistic is undefined
        diff = float(a[0]) - float(b[0])
        return Difference(diff, diff, diff, 0.0 if diff else 1.0)
    result = stats.ttest_ind(a, b, equal_var=False)
    interval = result.confidence_interval(confidence_level=CONFIDENCE)
    estimate = sum(a) / len(a) - sum(b) / len(b)
    p_value = float(result.pvalue) if not math.isnan(result.pvalue) else 1.0
    return Difference(estimate, float(interval.low), float(interval.high), p_value)


def _share(outcomes: Sequence[Outcome]) -> Decimal:
    return Decimal(sum(o.bought for o in outcomes)) / len(outcomes) if outcomes else Decimal(0)


def _per_member(outcomes: Sequence[Outcome]) -> int:
    return round(Decimal(sum(o.revenue_fen for o in outcomes)) / len(outcomes)) if outcomes else 0


def uplift(issued: Sequence[Outcome], holdout: Sequence[Outcome]) -> Uplift:
    buyers = _difference([float(o.bought) for o in issued], [float(o.bought) for o in holdout])
    revenue = _difference([float(o.revenue_fen) for o in issued], [float(o.revenue_fen) for o in holdout])
    n = len(issued)
    incremental = round(revenue.estimate * n) if revenue else 0
    ci = (math.floor(revenue.low * n), math.ceil(revenue.high * n)) if revenue else None
    return Uplift(n, len(holdout), _share(issued), _share(holdout), _per_member(issued), _per_member(holdout),
                  buyers, revenue, incremental, ci)


def in_holdout(seed: str, member_id: int, percent: int) -> bool:
    """Whether a member of a campaign's audience is kept back: a hash of the campaign's stored seed
    and the member id, so the draw is random across members yet the same on every re-run."""
    import hashlib

    digest = hashlib.sha256(f"{seed}:{member_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10000 < percent * 100
