"""Bounce-back ladder (回头券): keyed on the purchase number in the window; one step per sale."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from pos.config import BounceStep, Tier


def reaches(step: BounceStep, purchase_no: int) -> bool:
    """The `after`-th purchase, and every `every`-th after it when `every` is set."""
    if purchase_no == step.after:
        return True
    return step.every > 0 and purchase_no > step.after and (purchase_no - step.after) % step.every == 0


def step_for(steps: Sequence[BounceStep], purchase_no: int, *, tier_key: str | None = None,
             segment: str | None = None, tiers: Sequence[Tier] = ()) -> tuple[int, BounceStep] | None:
    """(index, step) of the step this purchase reaches: of several, the one with the highest `after`
    (the furthest rung), then the first listed; steps whose tier or segment the member lacks are skipped."""
    best: tuple[int, BounceStep] | None = None
    for index, step in enumerate(steps):
        if not reaches(step, purchase_no) or not _holder_fits(step, tier_key, segment, tiers):
            continue
        if best is None or step.after > best[1].after:
            best = (index, step)
    return best


def _holder_fits(step: BounceStep, tier_key: str | None, segment: str | None, tiers: Sequence[Tier]) -> bool:
    if step.segment and step.segment != segment:
        return False
    if not step.tier:
        return True
    keys = [t.key for t in tiers]
    if tier_key is None:
        return False
    if tier_key not in keys or step.tier not in keys:
        return tier_key == step.tier
    return keys.index(tier_key) >= keys.index(step.tier)


def validity(now: datetime, days: int) -> tuple[datetime, datetime]:
    """From the start of the next day, for `days` days (the last one to 23:59:59)."""
    start = datetime.combine(now.date() + timedelta(days=1), time.min)
    end = datetime.combine(start.date() + timedelta(days=days - 1), time(23, 59, 59))
    return start, end
