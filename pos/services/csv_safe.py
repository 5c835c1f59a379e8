"""CSV files a spreadsheet opens as data: a text cell that a spreadsheet would run as a formula
(a member named `=HYPERLINK(...)`, or text starting with + - @, a tab or a carriage return) is
written with a leading apostrophe, as OWASP advises. Plain numbers (`-12.50`, `+8613800138000`)
stay as they are: they are not formulas. Every CSV the program writes goes through `writer`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def cell(value: Any) -> Any:
    """`value` as a spreadsheet shows it, never as a formula it runs."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    def __init__(self, handle: Any) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any) -> SafeWriter:
    return SafeWriter(handle)
