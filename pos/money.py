"""Exact money: integer fen everywhere, Decimal only at the edges.

This is the single place where a rate is applied to an amount (half-up to the fen)
and where text is parsed into or formatted from money.
"""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from pos.errors import BadInput

FEN_PER_YUAN = 100
_CENT = Decimal("0.01")


def apply_rate(fen: int, rate: Decimal) -> int:
    """fen × rate, rounded half up to the fen (rate is a Decimal like 0.05)."""
    if not isinstance(rate, Decimal):
        raise TypeError("rate must be a Decimal")
    return int((Decimal(fen) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def floor_decimal(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


_PLAIN_AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_yuan(text: str | int | Decimal, *, field: str = "amount", allow_zero: bool = True) -> int:
    """'12.5' / '¥12.50' / 12 -> 1250 fen. Refuses floats, negatives, >2 decimals."""
    if isinstance(text, float):
        raise TypeError("money must never be a float")
    raw = str(text).strip().replace("¥", "").replace("￥", "").replace(",", "")
    # Decimal() also takes '1e5', '1_000' and 'Infinity': nobody types money like that.
    if isinstance(text, str) and not _PLAIN_AMOUNT.fullmatch(raw):
        raise BadInput("amount_invalid", f"{field}: '{text}' is not an amount of money")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadInput("amount_invalid", f"{field}: '{text}' is not an amount of money") from None
    if not value.is_finite():
        raise BadInput("amount_invalid", f"{field}: '{text}' is not an amount of money")
    if value < 0 or (value == 0 and not allow_zero):
        raise BadInput("amount_invalid", f"{field} must be {'zero or ' if allow_zero else ''}more than zero, got '{text}'")
    if value > Decimal("100000000"):
        raise BadInput("amount_invalid", f"{field}: '{text}' is too large")
    if value != value.quantize(_CENT):
        raise BadInput("amount_invalid", f"{field}: '{text}' has more than two decimals")
    return int(value * FEN_PER_YUAN)


def to_decimal(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(_CENT)


def fen_str(fen: int) -> str:
    """1250 -> '12.50' (the CLI's JSON money format)."""
    return f"{to_decimal(fen):.2f}"


def yuan(fen: int) -> str:
    """1234550 -> '¥12,345.50' for screens (print renderers may swap the symbol)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{to_decimal(abs(fen)):,.2f}"
