"""Before/after of the PostgreSQL checkout in one pipeline (#19, round two), on one prepared database:

    git worktree add --detach /tmp/before <commit>
    python bench/pg_pipeline.py /tmp/before --db URL --members 100000
    python bench/pg_pipeline.py .           --db URL --members 100000

URL: a bulk demo database (bench/run.py's prepare, or a copy of one: CREATE DATABASE ... TEMPLATE).
With the pos package and bench/run.py found at ROOT it runs bench/run.py's own measure_checkout (median
member checkout, 5 lines, coupon, points; its raw-driver floor: the same statements replayed with psycopg,
in a pipeline where the checkout sent one) and measure_concurrency (4 tills), and counts the round trips
one checkout waits for (libpq's trace: one ReadyForQuery each). Prints one JSON line with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def round_trips(ctx, request, co) -> int:  # noqa: ANN001
    from sqlalchemy import event

    traced = []

    def trace(dbapi_connection, _record, _proxy) -> None:
        out = tempfile.TemporaryFile()
        dbapi_connection.pgconn.trace(out.fileno())
        traced.append((dbapi_connection, out))

    event.listen(ctx.engine, "checkout", trace)
    try:
        co.checkout(ctx, request)
    finally:
        event.remove(ctx.engine, "checkout", trace)
    waits = 0
    for dbapi_connection, out in traced:
        dbapi_connection.pgconn.untrace()
        out.seek(0)
        waits += sum("\tB\t" in line and "\tReadyForQuery" in line for line in out.read().decode().splitlines())
        out.close()
    return waits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--db", required=True)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--tills-seconds", type=float, default=10)
    parser.add_argument("--no-tills", action="store_true")
    args = parser.parse_args()
    root = str(Path(args.root).resolve())
    sys.path.insert(0, root)
    os.chdir(root)
    from random import Random

    from bench import run
    from pos.services.coupons import issue as coupons

    ctx = run.AppContext(run.make_engine(args.db), run.load_config(), run.fixed_clock(run.NOW))
    out: dict = {"root": root, "load_before": os.getloadavg()}
    out.update(run.measure_checkout(ctx, args.members, args.n, False))
    code = coupons.issue(ctx, coupons.parse_spec("cash", "1", valid_days=30), count=1)[0]
    phone = run._phones(ctx, args.members, 1, 77)[0]
    rng = Random(3)
    out["round_trips"] = round_trips(ctx, run.co.CheckoutRequest(
        lines=[run.LineInput(sku=f"B{rng.randrange(200):03d}") for _ in range(5)], member_phone=phone,
        coupon_code=code, redeem_points=100 if run.member_service.lookup(ctx, phone=phone).points >= 100 else 0,
        payments=[run.co.PaymentInput("wechat")]), run.co)
    ctx.engine.dispose()
    if not args.no_tills:
        out.update(run.measure_concurrency(args.db, args.members, args.tills_seconds))
    out["load_after"] = os.getloadavg()
    print("PGPIPE " + json.dumps(out, default=str))


if __name__ == "__main__":
    main()
