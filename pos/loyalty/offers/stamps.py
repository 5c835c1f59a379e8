"""Stamp card (集点卡): one stamp per qualifying item, `needed` stamps give one free item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class StampResult:
    earned: int          # stamps this sale added
    rewards: int         # free items completed
    used: int            # stamps turned into rewards
    balance: int         # stamps on the card afterwards (below `needed`)


def add_stamps(balance: int, items: int, needed: int) -> StampResult:
    if balance < 0 or items < 0 or needed < 1:
        raise ValueError("stamps, items and needed must be non-negative (needed positive)")
    total = balance + items
    rewards = total // needed
    return StampResult(items, rewards, rewards * needed, total - rewards * needed)


def take_back(balance: int, items: int) -> tuple[int, int]:
    """Stamps taken back for returned items: (taken, short). A card never goes below zero; `short` is
    what was already turned into a reward."""
    taken = min(balance, items)
    return taken, items - taken


def reward_value(unit_prices_fen: Sequence[int], cap_fen: int) -> int:
    """The free item is worth the cheapest qualifying item, at most the cap."""
    priced = [p for p in unit_prices_fen if p > 0]
    return min(min(priced), cap_fen) if priced else cap_fen


def progress(balance: int, needed: int) -> str:
    return f"{balance}/{needed}"
