"""What the repeat-purchase rollups (#19, round four) cost a member checkout: on a bulk demo spread over
stores, member checkouts (5 lines) at a till, in alternating blocks with `repeat_rollups.member_sale_rows`
on and switched off (a no-op), median wall and CPU ms of each. For docs/BENCHMARKS.md ("Reports round
four"). Not a test.

    python bench/repeat_checkout.py --members 20000 [--pg SERVER_URL]   # PG: a throw-away database
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.services.admin.bulk_demo import create_bulk_demo  # noqa: E402
from pos.services.admin.chain_demo import spread_over_stores  # noqa: E402
from pos.services.admin.setup import init_database  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.sales import checkout as co  # noqa: E402
from pos.services.sales import repeat_rollups  # noqa: E402
from pos.services.sales.cart import LineInput  # noqa: E402

NOW = datetime(2026, 6, 10, 12, 0)


def run(url: str, members: int, sales: int) -> dict:
    ctx = AppContext(make_engine(url), load_config(), fixed_clock(NOW))
    init_database(ctx)
    create_bulk_demo(ctx, members)
    spread_over_stores(ctx, 2)
    ctx.engine.dispose()
    till = AppContext(make_engine(url), load_config(), fixed_clock(NOW), till="S01-1")
    with till.read() as session:
        phones = [r[0] for r in session.execute(text("SELECT phone FROM members WHERE store_id = 1 ORDER BY id"))]
        skus = [r[0] for r in session.execute(text("SELECT sku FROM products WHERE active ORDER BY id LIMIT 50"))]
    rng = Random(4)
    picked = rng.sample(phones, min(len(phones), sales + 40))
    real = repeat_rollups.member_sale_rows
    times: dict[str, list[tuple[float, float]]] = {"on": [], "off": []}
    for number, phone in enumerate(picked):
        mode = "on" if (number // 20) % 2 == 0 else "off"
        repeat_rollups.member_sale_rows = real if mode == "on" else (lambda *args: [])
        request = co.CheckoutRequest(lines=[LineInput(sku=rng.choice(skus)) for _ in range(5)], member_phone=phone,
                                     payments=[co.PaymentInput("wechat")])
        wall, cpu = time.perf_counter(), time.process_time()
        co.checkout(till, request)
        if number >= 40:        # warm-up
            times[mode].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    repeat_rollups.member_sale_rows = real
    till.engine.dispose()
    return {mode: {"n": len(t), "wall_ms": round(statistics.median(w for w, _ in t), 3),
                   "cpu_ms": round(statistics.median(c for _, c in t), 3)} for mode, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--sales", type=int, default=400)
    parser.add_argument("--pg", help="PostgreSQL server URL (a throw-away database on it)")
    args = parser.parse_args()
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        out["sqlite"] = run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.members, args.sales)
    if args.pg:
        from tests.databases import drop_postgres, postgres_url

        url = postgres_url(args.pg)
        try:
            out["postgresql"] = run(url, args.members, args.sales)
        finally:
            drop_postgres(url)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
