"""Replenishment reminders (补货提醒, SPEC §11).

A consumable product has a cycle: the member's own, the median interval in days between their
purchases of it (at least 2 purchases: one interval), else the product's default days. The member
is due when today >= last purchase + cycle - `lead_days` (3). Purchases on the same day count once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median


@dataclass(frozen=True)
class Due:
    product: str
    last: date
    cycle_days: int
    due_on: date
    days_since: int


def learned_cycle(days: Iterable[date], default_days: int) -> int:
    """Median interval of the distinct purchase days (rounded half up to whole days), else the default."""
    distinct = sorted(set(days))
    if len(distinct) < 2:
        return default_days
    gaps = [(b - a).days for a, b in zip(distinct, distinct[1:], strict=False)]
    middle = median(gaps)
    return int(middle) + (1 if middle - int(middle) >= 0.5 else 0)


def due_of(product: str, days: Iterable[date], default_days: int, lead_days: int, today: date) -> Due | None:
    """The product's due date for this member (None: never bought). Whether it is due: `is_due`."""
    distinct = sorted(set(days))
    if not distinct:
        return None
    cycle = learned_cycle(distinct, default_days)
    last = distinct[-1]
    return Due(product, last, cycle, last + timedelta(days=cycle - lead_days), (today - last).days)


def is_due(due: Due, today: date, within_days: int = 0) -> bool:
    """Due today (within_days=0) or within the next `within_days` days."""
    return due.due_on <= today + timedelta(days=within_days)
