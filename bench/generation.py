"""Time the bulk demo (`pos init --demo --members N`) by stage, on SQLite or PostgreSQL.

    python bench/generation.py --members 100000 [--pg URL] [--profile FILE]

SQLite: a fresh file under bench/data. PostgreSQL: a fresh database `bench_generation` on the server
of URL (dropped and created). Prints the generator's own progress lines with a clock, then the total
and the row counts; --profile writes a cProfile of the writing process (the row maker runs in a
second process above one chunk: its share shows as waiting on the queue).
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 22, 12, 0, 0)


def fresh_url(pg: str | None) -> str:
    if not pg:
        path = ROOT / "bench" / "data" / "generation.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(pg)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS bench_generation WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE bench_generation"))
    admin.dispose()
    return url.set(database="bench_generation").render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--pg", help="a PostgreSQL URL (its server gets a fresh bench_generation database)")
    parser.add_argument("--profile", help="cProfile output file of the writing process")
    args = parser.parse_args()

    from pos.clock import fixed_clock
    from pos.config import load_config
    from pos.db.engine import make_engine
    from pos.services.admin.bulk_demo import create_bulk_demo
    from pos.services.admin.setup import init_database
    from pos.services.context import AppContext

    ctx = AppContext(make_engine(fresh_url(args.pg)), load_config(), fixed_clock(NOW))
    init_database(ctx)
    started = time.perf_counter()
    cpu = time.process_time()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    counts = create_bulk_demo(ctx, args.members, progress=log)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    total = time.perf_counter() - started
    print(f"{ctx.engine.dialect.name} {args.members:,} members: {total:.1f} s wall, "
          f"{time.process_time() - cpu:.1f} s CPU of this process; "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
