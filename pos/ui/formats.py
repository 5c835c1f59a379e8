"""The one number format of every screen (till, customer display, console): thousands separated by
commas, money with ¥ and two decimals, a change of points with its sign.

`count(9428)` -> "9,428"; `signed(5061)` -> "+5,061"; `money(-1250)` -> "-¥12.50"."""

from __future__ import annotations

from decimal import Decimal

from pos.money import yuan


def count(n: int) -> str:
    """A whole number (points, members, sales): 9,428."""
    return f"{n:,}"


def signed(n: int) -> str:
    """A change (points earned or taken): +5,061, -300, 0."""
    return f"{n:+,}" if n else "0"


def money(fen: int | None) -> str:
    """Fen as yuan: ¥12,345.50 (empty for None)."""
    return "" if fen is None else yuan(fen)


def decimal(value: Decimal) -> str:
    """A rate or percentage as it was computed: 91.7, 1,234.5."""
    return f"{value:,}"
