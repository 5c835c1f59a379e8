"""SQLite look-up vs its same-work raw-driver floor (bench/run.py's Floor), interleaved, with a profile.

    python bench/lookup_ratio.py STORE.sqlite3 [--n 2000] [--profile]

The store is a bulk demo (`pos init --demo --members N` or bench/generation.py). Prints the medians
of the service look-up by phone and of the floor, their ratio, and with --profile the top of a cProfile
of the service calls (by internal time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from bench.run import NOW, Floor
    from pos.clock import fixed_clock
    from pos.config import load_config
    from pos.db.engine import make_engine
    from pos.services.admin.bulk_demo import phone_of
    from pos.services.context import AppContext
    from pos.services.members.lookup import lookup

    ctx = AppContext(make_engine(f"sqlite:///{args.store}"), load_config(), fixed_clock(NOW))
    with ctx.engine.connect() as conn:
        members = conn.exec_driver_sql("SELECT max(id) FROM members").scalar()
    rng = Random(3)
    phones = [phone_of(rng.randint(4, members)) for _ in range(args.n)]
    floor = Floor(ctx)
    service, raw = [], []
    for phone in phones[:50]:
        lookup(ctx, phone=phone)
        floor.same_work(phone)
    for phone in phones:
        start = time.perf_counter()
        lookup(ctx, phone=phone)
        service.append(time.perf_counter() - start)
        start = time.perf_counter()
        floor.same_work(phone)
        raw.append(time.perf_counter() - start)
    s, f = statistics.median(service) * 1000, statistics.median(raw) * 1000
    print(f"{members:,} members, n={args.n}: service {s:.3f} ms, floor {f:.3f} ms, ratio {s / f:.2f}x")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for phone in phones:
            lookup(ctx, phone=phone)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    floor.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
