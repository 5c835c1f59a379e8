"""Before/after of service code on the same database (used for docs/BENCHMARKS.md):

    git worktree add --detach /tmp/before HEAD && (cd /tmp/before && git revert --no-commit <fix commits>)
    python bench/ab.py /tmp/before bench/data/bench-100000.sqlite3     # run.py --keep leaves this file
    python bench/ab.py .           bench/data/bench-100000.sqlite3

Prints one JSON line: median wall and CPU (process_time) ms of the look-up by phone and by QR, a
member checkout (5 lines, coupon) and counting all members, with the pos package found at ROOT.
CPU time is the figure to compare when other work shares the machine.
"""

from __future__ import annotations

import importlib
import json
import sqlite3
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from random import Random

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))     # bench.actors; main() puts the tree first
from bench.actors import list_actor  # noqa: E402

NOW = datetime(2026, 11, 22, 12)


def timed(fn, items) -> dict[str, float]:
    wall, cpu = [], []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(item)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"wall": round(statistics.median(wall), 3), "cpu": round(statistics.median(cpu), 3)}


def main(root: str, db: str) -> dict:
    sys.path.insert(0, root)
    clock = importlib.import_module("pos.clock")
    config = importlib.import_module("pos.config")
    engine = importlib.import_module("pos.db.engine")
    context = importlib.import_module("pos.services.context")

    def first(*names):
        for name in names:
            try:
                return importlib.import_module(name)
            except ImportError:
                continue
        raise ImportError(names)

    ms = first("pos.services.members.lookup", "pos.services.members")
    co = first("pos.services.sales.checkout", "pos.services.checkout")
    coupons = first("pos.services.coupons.issue", "pos.services.coupons")
    cart = first("pos.services.sales.cart", "pos.services.cart")
    ctx = context.AppContext(engine.make_engine(f"sqlite:///{db}"), config.load_config(), clock.fixed_clock(NOW))
    raw = sqlite3.connect(db)
    phones = [r[0] for r in raw.execute("SELECT phone FROM members WHERE id > 3 ORDER BY random() LIMIT 900")]
    ids = [r[0] for r in raw.execute("SELECT id FROM members WHERE id > 3 ORDER BY random() LIMIT 400")]
    out = {}
    for phone in phones[:30]:
        ms.lookup(ctx, phone=phone)
    out["lookup"] = timed(lambda phone: ms.lookup(ctx, phone=phone), phones[30:630])
    payloads = [ms.member_qr_payload(ctx, i) for i in ids[:330]]
    for payload in payloads[:30]:
        ms.lookup(ctx, qr=payload)
    out["lookup_qr"] = timed(lambda payload: ms.lookup(ctx, qr=payload), payloads[30:])
    codes = coupons.issue(ctx, coupons.parse_spec("cash", "1", valid_days=30), count=260)
    rng, skus = Random(1), [f"B{i:03d}" for i in range(200)]
    requests = [co.CheckoutRequest(lines=[cart.LineInput(sku=rng.choice(skus)) for _ in range(5)], member_phone=phone,
                                   coupon_code=code, payments=[co.PaymentInput("wechat")])
                for phone, code in zip(phones[630:890], codes, strict=True)]
    for request in requests[:20]:
        co.checkout(ctx, request)
    out["checkout"] = timed(lambda request: co.checkout(ctx, request), requests[20:])
    try:
        ml = first("pos.services.members.listing", "pos.services.member_list")
    except ImportError:
        return out
    actor = list_actor(ctx, ml)
    ml.count_members(ctx, *actor, ml.MemberFilter())
    out["count_all"] = timed(lambda _: ml.count_members(ctx, *actor, ml.MemberFilter()), range(20))
    return out


if __name__ == "__main__":
    print("AB " + json.dumps(main(sys.argv[1], sys.argv[2])))
