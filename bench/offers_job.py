"""The automatic-offer job at scale (pos.services.lifecycle.offers.issue_lapse_offers, the first run,
which issues a coupon to every lapsed consenting member at once) on a bulk demo store. Target (issue
#19): ≤ 30 s for 100,000 due members, with progress.

    python bench/offers_job.py --members 100000 [--pg URL] [--pg-only] [--db URL ...]

Times the job on the wall clock and in this process's CPU time, counts its statements and their time
by kind (the database's share), records its progress reports, and scales the figure to 100,000 due
members (the job is linear in due members: batches of offers.BATCH). --db uses an existing bulk demo
database as it is (the job writes into it: use a copy); otherwise one is built (SQLite in a temporary
folder; --pg: a throw-away database on that server). Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select  # noqa: E402

from bench.backends import add_database_options, each_database, log  # noqa: E402
from bench.run import NOW, prepare  # noqa: E402
from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.db.models import Member  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.lifecycle import offers  # noqa: E402

TARGET_S = 30.0
DUE = 100_000


def measure(ctx: AppContext, log) -> dict:
    spent: dict[str, list] = defaultdict(lambda: [0, 0.0])

    def before(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        conn.info["bench_t0"] = time.perf_counter()

    def after(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        kind = " ".join(statement.split())[:60]
        spent[kind][0] += 1
        spent[kind][1] += time.perf_counter() - conn.info.pop("bench_t0", time.perf_counter())
    event.listen(ctx.engine, "before_cursor_execute", before)
    event.listen(ctx.engine, "after_cursor_execute", after)
    steps: list[tuple[float, int, int]] = []
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        steps.append((round(time.perf_counter() - started, 2), done, total))
    load = os.getloadavg()
    cpu = time.process_time()
    result = offers.issue_lapse_offers(ctx, progress=progress)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    event.remove(ctx.engine, "before_cursor_execute", before)
    event.remove(ctx.engine, "after_cursor_execute", after)
    issued = sum(result.issued.values())
    again = time.perf_counter()
    rerun = offers.issue_lapse_offers(ctx)
    figures = {"issued": result.issued, "already": result.already, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
               "ms_per_offer": round(wall * 1000 / max(issued, 1), 3),
               "per_100k_due_s": round(wall * DUE / max(issued, 1), 1),
               "cpu_per_100k_due_s": round(cpu * DUE / max(issued, 1), 1),
               "statements_s": round(sum(t for _, t in spent.values()), 2),
               "statements": {k: [n, round(t, 3)] for k, (n, t) in sorted(spent.items(), key=lambda kv: -kv[1][1])[:8]},
               "progress_reports": len(steps), "first_progress": steps[:2], "last_progress": steps[-1:],
               "rerun_s": round(time.perf_counter() - again, 2), "rerun_issued": sum(rerun.issued.values()),
               "load_avg_before": load, "load_avg_after": os.getloadavg()}
    figures["verdict"] = "pass" if figures["per_100k_due_s"] <= TARGET_S else "MISS"
    log(f"issued {issued:,} in {wall:.1f} s ({cpu:.1f} s CPU): {figures['per_100k_due_s']} s per 100k due")
    return figures


def run(url: str, members: int, build: bool, log) -> dict:
    if build:
        ctx, stats = prepare(url, members, 5, log)
        built = round(stats["seconds"], 1)
    else:
        ctx, built = AppContext(make_engine(url), load_config(), fixed_clock(NOW)), None
    with ctx.read() as session:
        have = session.scalar(select(func.count()).select_from(Member))
    result = {"database": ctx.engine.dialect.name, "members": have, "build_s": built, **measure(ctx, log)}
    ctx.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    add_database_options(parser)
    args = parser.parse_args()
    runs = each_database(args, lambda url, fresh: run(url, args.members, fresh, log))
    print(json.dumps({"now": NOW.isoformat(), "target_s_per_100k_due": TARGET_S, "batch": offers.BATCH,
                      "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
