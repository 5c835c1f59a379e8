"""Growth value (成长值): +per_yuan for every whole ¥1 actually paid, over a rolling window.

"Actually paid" is after every discount and excludes what points paid for; refunds take
growth back in proportion (see returns.py).
"""

from __future__ import annotations

from datetime import date, timedelta


def growth_for_payment(paid_fen: int, per_yuan: int) -> int:
    if paid_fen <= 0:
        return 0
    return (paid_fen // 100) * per_yuan


def window_start(today: date, window_days: int) -> date:
    return today - timedelta(days=window_days)
