"""Benchmarks at chain scale: generate data, measure, print a table, write bench/results.json and
docs/BENCHMARKS.md. Not tests: nothing here asserts; targets are reported as pass/miss.

    python bench/run.py --members 1000000            # SQLite (default), plus PostgreSQL if --pg URL
    python bench/run.py --smoke                      # tiny run for CI: keeps the script working
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.services import checkout as co  # noqa: E402
from pos.services import members as member_service  # noqa: E402
from pos.services.cart import LineInput  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.setup import init_database  # noqa: E402

NOW = datetime(2026, 11, 22, 12, 0, 0)
TARGETS = {
    "lookup_phone_ms": ("member look-up by phone (service)", "median ≤ 2 ms, p99 ≤ 10 ms", 2, 10),
    "lookup_qr_ms": ("member look-up by signed QR (service)", "median ≤ 2 ms", 2, None),
    "lookup_floor_ms": ("same look-up, raw driver indexed SQL (floor)", "reported", None, None),
    "checkout_ms": ("checkout commit (member, 5 lines, coupon, points)", "median ≤ 15 ms SQLite / 25 ms PG", 15, None),
    "pdf_ms": ("receipt PDF render", "median ≤ 50 ms", 50, None),
    "escpos_ms": ("receipt ESC/POS render", "median ≤ 5 ms", 5, None),
    "segments_s": ("RFM segmentation (all members)", "≤ 30 s SQLite at 1M", None, None),
    "cold_start_s": ("terminal cold start to look-up ready (offscreen)", "≤ 1.5 s", None, None),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, n: int) -> dict[str, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return {"median": statistics.median(samples), "p99": percentile(samples, 99), "n": n}


def prepare(url: str, members: int, per_member: int, log) -> tuple[AppContext, dict]:
    from bench.dataset import generate

    ctx = AppContext(make_engine(url), load_config(), fixed_clock(NOW))
    init_database(ctx)
    log(f"generating {members:,} members × ~{per_member} sales on {ctx.engine.dialect.name}")
    stats = generate(ctx.engine, ctx.config, members, per_member, NOW, progress=log)
    from pos.services.staff import create_staff

    create_staff(ctx, "B01", "Bench", "cashier", "1234")
    return ctx, stats


def measure_lookups(ctx: AppContext, members: int, n: int) -> dict:
    from random import Random

    from bench.dataset import phone_of

    rng = Random(3)
    phones = [phone_of(rng.randint(1, members)) for _ in range(n)]
    it = iter(phones * 2)
    result = {"lookup_phone_ms": timed(lambda: member_service.lookup(ctx, phone=next(it)), n)}
    payloads = [member_service.member_qr_payload(ctx, rng.randint(1, members)) for _ in range(n)]
    qr = iter(payloads)
    result["lookup_qr_ms"] = timed(lambda: member_service.lookup(ctx, qr=next(qr)), n)
    result["lookup_floor_ms"] = _floor(ctx, phones, n)
    return result


def _floor(ctx: AppContext, phones: list[str], n: int) -> dict:
    it = iter(phones * 2)
    if ctx.engine.dialect.name == "sqlite":
        conn = sqlite3.connect(ctx.engine.url.database)
        query = "SELECT id, tier_key, points_balance FROM members WHERE phone = ?"
        return timed(lambda: conn.execute(query, (next(it),)).fetchone(), n)
    import psycopg

    conn = psycopg.connect(ctx.engine.url.set(drivername="postgresql").render_as_string(hide_password=False))
    return timed(lambda: conn.execute("SELECT id, tier_key, points_balance FROM members WHERE phone = %s",
                                      (next(it),)).fetchone(), n)


def measure_checkout(ctx: AppContext, members: int, n: int) -> dict:
    from random import Random

    from bench.dataset import phone_of
    from pos.services import coupons

    rng = Random(5)
    spec = coupons.parse_spec("cash", "1", valid_days=30)
    codes = coupons.issue(ctx, spec, count=n)
    skus = [f"B{i:03d}" for i in range(200)]
    jobs = iter([(phone_of(rng.randint(1, members)), codes[i]) for i in range(n)])

    def one():
        phone, code = next(jobs)
        balance = member_service.lookup(ctx, phone=phone).points
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=rng.choice(skus)) for _ in range(5)],
                                            member_phone=phone, coupon_code=code,
                                            redeem_points=100 if balance >= 100 else 0,
                                            payments=[co.PaymentInput("wechat")]))
    timing = timed(one, n)
    return {"checkout_ms": timing}


def _till(url: str, seconds: float, members: int, seed: int, out) -> None:
    from random import Random

    from bench.dataset import phone_of

    ctx = AppContext(make_engine(url), load_config(), fixed_clock(NOW))
    rng = Random(seed)
    done = errors = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        try:
            co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=f"B{rng.randrange(200):03d}") for _ in range(3)],
                                                member_phone=phone_of(rng.randint(1, members))))
            done += 1
        except Exception:  # noqa: BLE001 - counted and reported
            errors += 1
    out.put((done, errors))


def measure_concurrency(url: str, members: int, seconds: float, tills: int = 4) -> dict:
    spawn = mp.get_context("spawn")
    out = spawn.Queue()
    procs = [spawn.Process(target=_till, args=(url, seconds, members, i, out)) for i in range(tills)]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    return {"concurrent_checkouts_per_s": {"value": done / seconds, "errors": sum(r[1] for r in results),
                                           "tills": tills}}


def measure_printing(ctx: AppContext, n: int) -> dict:
    from sqlalchemy import text

    from pos.printing import render_receipt_escpos, render_receipt_pdf
    from pos.services.receipts import sale_receipt

    with ctx.engine.connect() as conn:
        receipt_no = conn.execute(text("SELECT receipt_no FROM sales WHERE member_id IS NOT NULL "
                                       "ORDER BY id DESC LIMIT 1")).scalar()
    doc = sale_receipt(ctx, receipt_no)
    render_receipt_pdf(doc)    # font registration happens once per process
    return {"pdf_ms": timed(lambda: render_receipt_pdf(doc), n), "escpos_ms": timed(lambda: render_receipt_escpos(doc), n)}


def measure_segments(ctx: AppContext) -> dict:
    from pos.services.segments import compute_segments

    start = time.perf_counter()
    compute_segments(ctx)
    return {"segments_s": {"value": time.perf_counter() - start}}


def measure_cold_start(url: str) -> dict:
    code = ("import time; t=time.perf_counter(); import os; os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from PySide6.QtWidgets import QApplication; app=QApplication([]);"
            "from pos.clock import fixed_clock; from pos.config import load_config; from pos.db.engine import make_engine;"
            "from pos.services.context import AppContext; from pos.services.staff import sign_in;"
            "from pos.ui.main_window import TillWindow; import datetime;"
            f"ctx=AppContext(make_engine({url!r}), load_config(), fixed_clock(datetime.datetime(2026,11,22,12)));"
            "s=sign_in(ctx, '1234', code='B01'); w=TillWindow(ctx, s); w.show(); app.processEvents();"
            "print(time.perf_counter()-t)")
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        return {"cold_start_s": {"value": float(out.stdout.strip().splitlines()[-1])}}
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        return {"cold_start_s": {"value": None, "error": str(exc)}}


def run(url: str, members: int, per_member: int, n: int, log) -> dict:
    ctx, stats = prepare(url, members, per_member, log)
    results = {"dataset": stats}
    log("measuring look-ups")
    results.update(measure_lookups(ctx, members, n))
    log("measuring checkouts")
    results.update(measure_checkout(ctx, members, min(n, 1000)))
    log("measuring printing")
    results.update(measure_printing(ctx, min(n, 200)))
    log("measuring segmentation")
    results.update(measure_segments(ctx))
    if ctx.engine.dialect.name == "postgresql":
        log("measuring 4 concurrent tills")
        results.update(measure_concurrency(url, members, 10 if n >= 500 else 3))
    else:
        results.update(measure_cold_start(url))
    ctx.engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--sales-per-member", type=int, default=5)
    parser.add_argument("--n", type=int, default=1000, help="operations per timing")
    parser.add_argument("--pg", help="PostgreSQL server URL (a database is created on it)")
    parser.add_argument("--smoke", action="store_true", help="tiny run for CI")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    args = parser.parse_args()
    if args.smoke:
        args.members, args.n = 2000, 50
    data = ROOT / "bench" / "data"
    data.mkdir(exist_ok=True)
    report = {"machine": _machine(), "members": args.members, "runs": {}}
    sqlite_file = data / f"bench-{args.members}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    report["runs"]["sqlite"] = run(f"sqlite:///{sqlite_file}", args.members, args.sales_per_member, args.n, print)
    if args.pg:
        report["runs"]["postgresql"] = run(_pg_database(args.pg), args.members, args.sales_per_member, args.n, print)
    Path(args.out).write_text(json.dumps(report, indent=2, default=str))
    print(table(report))
    if not args.smoke:
        (ROOT / "docs" / "BENCHMARKS-latest.md").write_text(table(report))
    return 0


def _pg_database(server: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"pos_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "date": datetime.now().isoformat(timespec="seconds")}


def table(report: dict) -> str:
    lines = [f"| operation | target | {' | '.join(report['runs'])} |", "| --- | --- |" + " --- |" * len(report["runs"])]
    keys = list(TARGETS) + ["concurrent_checkouts_per_s"]
    for key in keys:
        label, target = TARGETS.get(key, ("sustained checkouts, 4 processes", "≥ 200/s, zero errors"))[:2]
        cells = [_cell(run.get(key)) for run in report["runs"].values()]
        if any(cell != "—" for cell in cells):
            lines.append(f"| {label} | {target} | {' | '.join(cells)} |")
    gen = " | ".join(f"{r['dataset']['seconds']:.0f} s ({r['dataset']['sales']:,.0f} sales)"
                     for r in report["runs"].values())
    lines.append(f"| data generation, {report['members']:,} members | < 10 min at 1M (SQLite) | {gen} |")
    return "\n".join(lines)


def _cell(value) -> str:
    if value is None:
        return "—"
    if "median" in value:
        return f"{value['median']:.2f} (p99 {value['p99']:.2f})"
    if value.get("value") is None:
        return "n/a"
    extra = f", {value['errors']} errors" if "errors" in value else ""
    return f"{value['value']:.2f}{extra}"


if __name__ == "__main__":
    sys.exit(main())
