"""Function calls (cProfile) per look-up by phone, by QR and per member checkout (5 lines, coupon): a
proxy for the work each does that a busy machine does not disturb, for a before/after of one store.

    git worktree add --detach /tmp/before <commit>
    cp store.sqlite3 run.sqlite3 && python bench/calls.py /tmp/before run.sqlite3
    cp store.sqlite3 run.sqlite3 && python bench/calls.py .           run.sqlite3

Works with the flat services of before the restructure and with the packages by aggregate after it.
"""

from __future__ import annotations

import cProfile
import importlib
import json
import pstats
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from random import Random

NOW = datetime(2026, 11, 22, 12)
WARM_UP = 10


def first(*names: str):
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError(names)


def calls_per_item(fn: Callable, items: Sequence) -> int:
    for item in items[:WARM_UP]:
        fn(item)
    profile = cProfile.Profile()
    profile.enable()
    for item in items[WARM_UP:]:
        fn(item)
    profile.disable()
    return round(pstats.Stats(profile).total_calls / (len(items) - WARM_UP))


def main(root: str, db: str) -> dict[str, int]:
    sys.path.insert(0, root)
    clock, config, engine = (importlib.import_module(f"pos.{name}") for name in ("clock", "config", "db.engine"))
    context = importlib.import_module("pos.services.context")
    ms = first("pos.services.members.lookup", "pos.services.members")
    co = first("pos.services.sales.checkout", "pos.services.checkout")
    coupons = first("pos.services.coupons.issue", "pos.services.coupons")
    cart = first("pos.services.sales.cart", "pos.services.cart")
    ctx = context.AppContext(engine.make_engine(f"sqlite:///{db}"), config.load_config(), clock.fixed_clock(NOW))
    raw = sqlite3.connect(db)
    phones = [r[0] for r in raw.execute("SELECT phone FROM members WHERE id > 3 ORDER BY id LIMIT 400")]
    ids = [r[0] for r in raw.execute("SELECT id FROM members WHERE id > 3 ORDER BY id LIMIT 200")]
    out = {"lookup_phone": calls_per_item(lambda phone: ms.lookup(ctx, phone=phone), phones[:110])}
    payloads = [ms.member_qr_payload(ctx, member_id) for member_id in ids[:110]]
    out["lookup_qr"] = calls_per_item(lambda payload: ms.lookup(ctx, qr=payload), payloads)
    codes = coupons.issue(ctx, coupons.parse_spec("cash", "1", valid_days=30), count=60)
    rng, skus = Random(1), [f"B{i:03d}" for i in range(200)]
    requests = [co.CheckoutRequest(lines=[cart.LineInput(sku=rng.choice(skus)) for _ in range(5)], member_phone=phone,
                                   coupon_code=code, payments=[co.PaymentInput("wechat")])
                for phone, code in zip(phones[300:360], codes, strict=True)]
    out["checkout"] = calls_per_item(lambda request: co.checkout(ctx, request), requests)
    return out


if __name__ == "__main__":
    print("CALLS " + json.dumps(main(sys.argv[1], sys.argv[2])))
