"""The tier-upgrade report for one year (#19, round five): from the `report_upgrades` rollup against the
COUNT(DISTINCT member_id) queries over tier_history it replaced, on the same database in one process,
interleaved (old, new, old, new ...), for the chain and each store; the answers asserted equal. Not a
test: it prints the medians for docs/BENCHMARKS.md.

    python bench/tier_upgrade.py --members 100000 --stores 10          # a bulk demo spread over stores
    python bench/tier_upgrade.py --file COPY.sqlite3                   # a COPY of a kept store, migrated here
    python bench/tier_upgrade.py --members 100000 --pg URL             # the bulk demo on an EMPTY PostgreSQL database

--file works on the given file itself (it migrates it: the rollup's backfill is timed): pass a copy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.stores import END, NOW, START, prepare  # noqa: E402
from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.db.models import TierChange  # noqa: E402
from pos.services.admin.setup import init_database  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.reports import queries as q  # noqa: E402
from pos.services.reports import summary as reports  # noqa: E402
from pos.services.staff.accounts import sign_in  # noqa: E402


def _old_upgrades(session: Session, since: datetime, until: datetime):
    """The queries before round five: the range's upgrade rows of tier_history (one store's by its store_id)."""
    return ((TierChange.reason == "upgrade") & (TierChange.at >= since) & (TierChange.at < until)
            & q.at_store(session, TierChange.store_id))


def old_members_upgraded(session: Session, since: datetime, until: datetime) -> int:
    return session.scalar(select(func.count(func.distinct(TierChange.member_id)))
                          .where(_old_upgrades(session, since, until))) or 0


def old_upgrades_by_tier(session: Session, since: datetime, until: datetime) -> dict[str, int]:
    return {k: int(n) for k, n in session.execute(
        select(TierChange.to_key, func.count(func.distinct(TierChange.member_id)))
        .where(_old_upgrades(session, since, until)).group_by(TierChange.to_key))}


NEW = (q.members_upgraded, q.upgrades_by_tier)
OLD = (old_members_upgraded, old_upgrades_by_tier)


def timed(ctx: AppContext, manager: int, store: int | None, functions) -> tuple[float, object]:
    q.members_upgraded, q.upgrades_by_tier = functions
    try:
        started = time.perf_counter()
        report = reports.run_report(ctx, manager, "tier_upgrade", START, END, store_id=store)
        return time.perf_counter() - started, report
    finally:
        q.members_upgraded, q.upgrades_by_tier = NEW


def compare(ctx: AppContext, repeats: int) -> None:
    from pos.services.admin.demo import DEMO_MANAGER

    manager = sign_in(ctx, DEMO_MANAGER[3], code=DEMO_MANAGER[0]).id
    with ctx.read() as session:
        stores = [int(s) for s in session.scalars(text("SELECT id FROM stores ORDER BY id"))]
    print(f"{'scope':8} {'old s (median)':>15} {'new s (median)':>15}   load {os.getloadavg()[0]:.2f}", flush=True)
    for store in [None, *stores]:
        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(repeats):
            old_s, old = timed(ctx, manager, store, OLD)
            new_s, new = timed(ctx, manager, store, NEW)
            assert old == new, (store, old, new)
            times["old"].append(old_s)
            times["new"].append(new_s)
        print(f"{'chain' if store is None else store:8} {statistics.median(times['old']):15.3f} "
              f"{statistics.median(times['new']):15.3f}   load {os.getloadavg()[0]:.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--file", help="a COPY of a kept SQLite store: migrated and measured in place")
    parser.add_argument("--pg", help="an empty PostgreSQL database's URL (else a SQLite file in a temporary folder)")
    args = parser.parse_args()
    log = lambda line: print(line, file=sys.stderr, flush=True)   # noqa: E731
    if args.file:
        ctx = AppContext(make_engine(f"sqlite:///{args.file}"), load_config(), fixed_clock(NOW))
        started = time.perf_counter()
        init_database(ctx)
        log(f"migrated (with the backfills) in {time.perf_counter() - started:.1f} s, load {os.getloadavg()[0]:.2f}")
        compare(ctx, args.repeats)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        ctx = prepare(args.pg or f"sqlite:///{Path(folder) / 'tiers.sqlite3'}", args.members, args.stores, log)
        compare(ctx, args.repeats)
        ctx.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
