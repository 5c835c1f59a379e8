"""Growth value (成长值): +per_yuan for every whole ¥1 actually paid, over a rolling window.

"Actually paid" is after every discount and excludes what points paid for; refunds take
growth back in proportion (see returns.py).
"""

from __future__ import annotations

from datetime import date, timedelta


def growth_for_payment(paid_fen: int, per_yuan: int) -> int:
    """per_yuan for each whole ¥1 paid (floor): ¥950.99 earns 950 at 1 per ¥1. Never negative."""
    if paid_fen <= 0:
        return 0
    return (paid_fen // 100) * per_yuan


def window_start(today: date, window_days: int) -> date:
    """First day of the rolling window: purchases on or after it count."""
    return today - timedelta(days=window_days)
