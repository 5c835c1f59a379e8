"""RFM scoring and named segments.

Scores are quintiles 1-5 (5 = best: most recent, most frequent, highest spend) over the
members who bought in the window. Names, first rule that matches:
- never bought: New if enrolled within new_days, else Lost
- last purchase >= lost_days ago: Lost; >= hibernating_days: Hibernating; >= at_risk_days: At risk
- first purchase within new_days: New
- R >= 4 and F >= 4 and M >= 4: Champions
- F >= 4, or F >= 3 and M >= 4: Loyal
- otherwise: Potential
Flags beside the name: whale (spend in window >= whale_spend), promotion-only (every
purchase in the window used a coupon).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos.config import SegmentsConfig

SEGMENT_NAMES = ("Champions", "Loyal", "Potential", "New", "At risk", "Hibernating", "Lost")


@dataclass(frozen=True)
class RfmRow:
    member_id: int
    recency_days: int | None      # days since the last purchase; None = never bought
    frequency: int
    monetary_fen: int
    first_purchase_days: int | None
    enrolled_days: int
    coupon_sales: int = 0         # purchases in the window that used a coupon


def ntile(rank: int, count: int, buckets: int = 5) -> int:
    """SQL NTILE: bucket (1..buckets) of the 0-based rank among count rows; earlier buckets get the extra rows."""
    size, extra = divmod(count, buckets)
    big_rows = extra * (size + 1)
    if rank < big_rows:
        return rank // (size + 1) + 1
    return extra + (rank - big_rows) // size + 1


def bucket_starts(count: int, buckets: int = 5) -> list[int]:
    """The first 0-based rank of each bucket 2..buckets under `ntile` (a bucket no rank reaches starts
    at `count`): ntile(rank, count) == 1 + the number of starts <= rank."""
    size, extra = divmod(count, buckets)
    return [k * (size + 1) if k <= extra else extra * (size + 1) + (k - extra) * size for k in range(1, buckets)]


def quintile_scores(values: Sequence[float | int], higher_is_better: bool = True) -> list[int]:
    """Scores 1..5 like SQL NTILE(5) over the sorted values (5 = best).

    Equal values share the score of the first of them, so scores never decrease as values improve.
    """
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i], reverse=not higher_is_better)
    scores = [0] * n
    previous_value, previous_score = None, 0
    for rank, i in enumerate(order):
        tied = rank > 0 and values[i] == previous_value
        score = previous_score if tied else ntile(rank, n)
        scores[i] = score
        previous_value, previous_score = values[i], score
    return scores


def segment_name(row: RfmRow, r: int, f: int, m: int, cfg: SegmentsConfig) -> str:
    """The named segment of one member from its row and R/F/M scores (rules in the module doc)."""
    if row.recency_days is None:
        return "New" if row.enrolled_days <= cfg.new_days else "Lost"
    if row.recency_days >= cfg.lost_days:
        return "Lost"
    if row.recency_days >= cfg.hibernating_days:
        return "Hibernating"
    if row.recency_days >= cfg.at_risk_days:
        return "At risk"
    if row.first_purchase_days is not None and row.first_purchase_days <= cfg.new_days:
        return "New"
    if r >= 4 and f >= 4 and m >= 4:
        return "Champions"
    if f >= 4 or (f >= 3 and m >= 4):
        return "Loyal"
    return "Potential"


def is_whale(row: RfmRow, cfg: SegmentsConfig) -> bool:
    return row.monetary_fen >= cfg.whale_spend_fen


def is_promotion_only(row: RfmRow) -> bool:
    return row.frequency > 0 and row.coupon_sales == row.frequency
