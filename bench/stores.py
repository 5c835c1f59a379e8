"""Per-store report times (#16, a chain of stores): a bulk demo spread over N stores, then every
manager report for one year, for the whole chain and for each store. Not a test: it prints a table
(and JSON with --out) for docs/BENCHMARKS.md ("Reports per store").

    python bench/stores.py --members 100000 --stores 10 [--pg URL] [--out bench/stores.json]
    python bench/stores.py --from bench/data/bench-1000000.sqlite3 --stores 10   # a copy of a kept store

--from reuses a SQLite file that `bench/run.py --keep` left (building 1M members takes minutes): the
bench copies it, migrates the copy to the current schema, spreads it over the stores and measures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.services.admin.bulk_demo import create_bulk_demo  # noqa: E402
from pos.services.admin.chain_demo import spread_over_stores  # noqa: E402
from pos.services.admin.setup import init_database  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.reports import summary as reports  # noqa: E402
from pos.services.staff.accounts import sign_in  # noqa: E402

NOW = datetime(2026, 6, 10, 12, 0)
START, END = date(2025, 6, 11), date(2026, 6, 10)


def prepare(url: str, members: int, stores: int, log, *, generate: bool = True) -> AppContext:
    ctx = AppContext(make_engine(url), load_config(), fixed_clock(NOW))
    init_database(ctx)      # on a copied store: the migrations since the copy was made
    if generate:
        started = time.perf_counter()
        create_bulk_demo(ctx, members, progress=log)
        log(f"bulk demo of {members:,} members in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    spread_over_stores(ctx, stores)
    log(f"spread over {stores} stores in {time.perf_counter() - started:.1f} s")
    return ctx


def measure(ctx: AppContext, stores: int, repeats: int, keys: tuple[str, ...] = reports.REPORT_KEYS
            ) -> dict[str, dict[str, float]]:
    from pos.services.admin.demo import DEMO_MANAGER

    manager = sign_in(ctx, DEMO_MANAGER[3], code=DEMO_MANAGER[0]).id
    out: dict[str, dict[str, float]] = {}
    for key in keys:
        def seconds(store_id: int | None, key: str = key) -> float:
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                reports.run_report(ctx, manager, key, START, END, store_id=store_id)
                times.append(time.perf_counter() - started)
            return statistics.median(times)
        per_store = [seconds(store) for store in range(1, stores + 1)]
        out[key] = {"chain_s": seconds(None), "store_median_s": statistics.median(per_store),
                    "store_max_s": max(per_store), "stores_sum_s": sum(per_store)}
        print(f"{key:20} chain {out[key]['chain_s']:7.2f} s   one store median {out[key]['store_median_s']:6.2f} s"
              f"  max {out[key]['store_max_s']:6.2f} s", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--pg", help="PostgreSQL URL (else a SQLite file in a temporary folder)")
    parser.add_argument("--from", dest="source", help="a kept SQLite bench file to copy instead of generating")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--reports", help="only these reports (comma-separated keys; default all)")
    args = parser.parse_args()
    log = lambda line: print(line, file=sys.stderr, flush=True)   # noqa: E731
    with tempfile.TemporaryDirectory(dir=Path(args.source).parent if args.source else None) as folder:
        path = Path(folder) / "stores.sqlite3"
        if args.source:
            shutil.copyfile(args.source, path)
        url = args.pg or f"sqlite:///{path}"
        ctx = prepare(url, args.members, args.stores, log, generate=not args.source)
        with ctx.read() as session:
            args.members = int(session.scalar(text("SELECT count(*) FROM members")) or 0)
        figures = measure(ctx, args.stores, args.repeats,
                          tuple(args.reports.split(",")) if args.reports else reports.REPORT_KEYS)
        ctx.engine.dispose()
    result = {"members": args.members, "stores": args.stores, "backend": url.split(":")[0], "reports": figures,
              "load": os.getloadavg()}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
