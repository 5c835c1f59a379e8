"""The Part II rules at checkout: the same member checkout (5 lines, a coupon, points redeemed) with
every Part II rule switched off, then on (bounce-back ladder, referral, stamp card, monthly earn ladder),
on a bulk demo store. Target (issue #19): on − off ≤ 1 ms at the median, on either database.

    python bench/partii.py --members 100000 [--pg URL] [--pg-only] [--db URL] [--n 300]

The two settings take turns sale by sale (off, on, off, on ...), so a burst of load from the other
work on a shared machine falls on both alike. Each checkout is timed on the wall clock and in this
process's CPU time (the fairer figure on a shared machine; the database server's own CPU is not in it,
so on PostgreSQL the wall clock's extra round trips show in "wall" only), and its statements counted.
To make every rule do its work, one of the five lines is a stamp-card product (a coffee), and the
benchmark's members were referred by another member (the referral rule reads its three facts at each
of their sales); the bounce-back ladder and the earn ladder act on the members' own history.

--db uses an existing bulk demo database as it is (e.g. a copy made with CREATE DATABASE ... TEMPLATE);
otherwise one is built (SQLite in a temporary folder; --pg: a throw-away database on that server).
Prints one JSON object; docs/BENCHMARKS.md ("Part II operations") carries the figures."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, func, select, text, update  # noqa: E402

from bench.backends import add_database_options, each_database, log  # noqa: E402
from bench.dataset import phone_of  # noqa: E402
from bench.run import NOW, percentile, prepare  # noqa: E402
from pos.clock import fixed_clock  # noqa: E402
from pos.config import StoreConfig, load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.db.models import Member, Product  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.coupons import issue as coupons  # noqa: E402
from pos.services.members import lookup as member_service  # noqa: E402
from pos.services.sales import checkout as co  # noqa: E402
from pos.services.sales.cart import LineInput  # noqa: E402

TARGET_MS = 1.0
RULES = ("bounce_back", "referral", "stamps", "earn_ladder")
COFFEE = "LAT01"        # a demo product; put on the stamp card (the [stamps] category) for the run


def with_rules(config: StoreConfig, on: bool) -> StoreConfig:
    """`config` with every Part II rule switched on or off (nothing else changed)."""
    return dataclasses.replace(config, **{rule: dataclasses.replace(getattr(config, rule), enabled=on)
                                          for rule in RULES})


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "p99": round(percentile(values, 99), 3),
            "mean": round(statistics.fmean(values), 3)}


def measure(ctx: AppContext, members: int, n: int, warm: int, log) -> dict:
    engine, base = ctx.engine, ctx.config
    rng = Random(19)
    total = 2 * (n + warm)
    ids = rng.sample(range(4, members + 1), total)     # members 1-3 are the demo's own
    with ctx.write() as session:
        session.execute(update(Product).where(Product.sku == COFFEE).values(category=base.stamps.category))
        # each benchmark member was referred by the member before it: the referral rule reads its facts
        session.execute(update(Member).where(Member.id.in_(ids)).values(referrer_id=Member.id - 1))
        saved = session.scalar(text("SELECT count(*) FROM store_settings"))
    if saved:
        raise SystemExit("the database has saved settings: this bench switches the rules through the file config")
    spec = coupons.parse_spec("cash", "1", valid_days=30)
    codes = coupons.issue(ctx, spec, count=total)
    contexts = {}
    for mode, on in (("off", False), ("on", True)):
        config = with_rules(base, on)
        contexts[mode] = AppContext(engine, config, fixed_clock(NOW))
        contexts[mode].file_config = config
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args) -> None:  # noqa: ANN002
        statements[0] += 1

    skus = [f"B{i:03d}" for i in range(200)]
    samples: dict[str, dict[str, list[float]]] = {m: {"wall_ms": [], "cpu_ms": [], "statements": []} for m in contexts}
    fired: dict[str, dict[str, int]] = {m: {"coupons_issued": 0, "bonus_points_sales": 0, "stamp_sales": 0}
                                        for m in contexts}
    jobs = iter(zip(ids, codes, strict=True))
    log(f"{n} + {warm} warm-up checkouts with the rules off and on, taking turns")
    for i in range(n + warm):
        for mode, mode_ctx in contexts.items():
            member_id, code = next(jobs)
            phone = phone_of(member_id)
            balance = member_service.lookup(mode_ctx, phone=phone).points     # what the till shows first
            request = co.CheckoutRequest(lines=[LineInput(sku=COFFEE)] + [LineInput(sku=rng.choice(skus))
                                                                          for _ in range(4)],
                                         member_phone=phone, coupon_code=code,
                                         redeem_points=100 if balance >= 100 else 0,
                                         payments=[co.PaymentInput("wechat")])
            before = statements[0]
            wall, cpu = time.perf_counter(), time.process_time()
            result = co.checkout(mode_ctx, request)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            if i < warm:
                continue
            samples[mode]["wall_ms"].append(wall * 1000)
            samples[mode]["cpu_ms"].append(cpu * 1000)
            samples[mode]["statements"].append(statements[0] - before)
            fired[mode]["coupons_issued"] += len(result.offers.issued)
            fired[mode]["bonus_points_sales"] += bool(result.offers.bonus)
            fired[mode]["stamp_sales"] += bool(result.offers.stamps)
    event.remove(engine, "before_cursor_execute", _count)
    figures: dict = {}
    for mode in contexts:
        figures[mode] = {key: summary(values) for key, values in samples[mode].items()}
        figures[mode]["fired"] = fired[mode]
    figures["on_minus_off_ms"] = {
        "wall_median": round(figures["on"]["wall_ms"]["median"] - figures["off"]["wall_ms"]["median"], 3),
        "cpu_median": round(figures["on"]["cpu_ms"]["median"] - figures["off"]["cpu_ms"]["median"], 3),
        "wall_mean": round(figures["on"]["wall_ms"]["mean"] - figures["off"]["wall_ms"]["mean"], 3),
        "statements_mean": round(figures["on"]["statements"]["mean"] - figures["off"]["statements"]["mean"], 2)}
    figures["verdict"] = "pass" if figures["on_minus_off_ms"]["wall_median"] <= TARGET_MS else "MISS"
    return figures


def run(url: str, members: int, n: int, warm: int, build: bool, log) -> dict:
    if build:
        ctx, stats = prepare(url, members, 5, log)
        built = round(stats["seconds"], 1)
    else:
        ctx, built = AppContext(make_engine(url), load_config(), fixed_clock(NOW)), None
    with ctx.read() as session:
        have = session.scalar(select(func.count()).select_from(Member))
    result = {"database": ctx.engine.dialect.name, "members": have, "build_s": built, "n": n,
              "load_avg_before": os.getloadavg()}
    result.update(measure(ctx, have or members, n, warm, log))
    result["load_avg_after"] = os.getloadavg()
    ctx.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=300, help="timed checkouts per setting")
    parser.add_argument("--warm", type=int, default=20)
    add_database_options(parser)
    args = parser.parse_args()
    runs = each_database(args, lambda url, fresh: run(url, args.members, args.n, args.warm, fresh, log))
    print(json.dumps({"now": NOW.isoformat(), "target_ms": TARGET_MS, "rules": RULES, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
