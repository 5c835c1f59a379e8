"""The report rollups of many sales booked in one transaction (an offline sync batch), written once at its end.

Why: a checkout adds to rows every till shares (the day's sales, the repeat-purchase sequences, the
coupon uses by days since issue, the tier moves and upgrades). A batch that added to them sale by sale
held those rows locked from its first sale to its commit, so a second batch committing beside it waited
for them, or deadlocked when the two took them in another order. Here each table's rows are summed by
key and written once, in one table order (coupon uses, tier moves, upgrades, repeats, days: the order
a single checkout writes them in) and in key order within a table, right before the commit: two writers
take the shared rows in the same order and hold them for the last statements only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from pos.db import direct
from pos.services.members import rollups as member_rollups
from pos.services.members import upgrade_rollups
from pos.services.sales import repeat_rollups, rollups


@dataclass
class BatchRollups:
    sales: list[dict[str, Any]] = field(default_factory=list)       # the sales' columns (day rollup)
    coupon_uses: list[tuple[datetime, datetime]] = field(default_factory=list)   # (issued at, used at)
    moves: list[member_rollups.Move] = field(default_factory=list)
    upgrades: list[dict[str, Any]] = field(default_factory=list)    # upgrade_rollups rows
    repeats: list[dict[str, Any]] = field(default_factory=list)     # repeat_rollups rows

    def add(self, other: BatchRollups) -> None:
        """A sale's rollups (booked in its savepoint) joined to the batch's."""
        self.sales.extend(other.sales)
        self.coupon_uses.extend(other.coupon_uses)
        self.moves.extend(other.moves)
        self.upgrades.extend(other.upgrades)
        self.repeats.extend(other.repeats)

    def write(self, conn: Connection) -> None:
        uses = [{**rollups.coupon_use_row(conn, issued_at, used_at), "uses": 1} for issued_at, used_at in self.coupon_uses]
        if uses:
            direct.execute(conn, rollups.use_upsert(conn.dialect.name),
                           summed(uses, ("day", "store_id", "days"), ("uses",)))
        member_rollups.add_moves(conn, self.moves)
        upgrade_rollups.write(conn, summed(self.upgrades, upgrade_rollups.KEYS, upgrade_rollups.COUNTERS))
        repeat_rollups.write(conn, summed(self.repeats, repeat_rollups.KEYS, repeat_rollups.COUNTERS))
        rollups.add_sales(conn, self.sales)


def summed(rows: Iterable[dict[str, Any]], keys: Sequence[str], counters: Sequence[str]) -> list[dict[str, Any]]:
    """Rows with the same key as one row of summed counters, in key order (rows without a count dropped)."""
    totals: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        total = totals.setdefault(tuple(row[k] for k in keys), [0] * len(counters))
        for i, name in enumerate(counters):
            total[i] += int(row[name])
    return [{**dict(zip(keys, key, strict=True)), **dict(zip(counters, total, strict=True))}
            for key, total in sorted(totals.items()) if any(total)]
