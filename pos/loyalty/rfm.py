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
    recency_days: int | None
    frequency: int
    monetary_fen: int
    first_purchase_days: int | None
    enrolled_days: int
    coupon_sales: int = 0


def quintile_scores(values: Sequence[float | int], higher_is_better: bool = True) -> list[int]:
    """NTILE(5) over the sorted values; equal values share the score of the first of them."""
    n = len(values)
    order = sorted(range(n), key=lambda i: values[i], reverse=not higher_is_better)
    scores = [0] * n
    previous_value, previous_score = None, 0
    for rank, i in enumerate(order):
        score = rank * 5 // n + 1
        if previous_value is not None and values[i] == previous_value:
            score = previous_score
        scores[i] = score
        previous_value, previous_score = values[i], score
    return scores


def segment_name(row: RfmRow, r: int, f: int, m: int, cfg: SegmentsConfig) -> str:
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
