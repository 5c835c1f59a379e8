"""What the receipt's "Due soon 补货提醒" costs a sale: the checkout commit and the receipt document of
member sales, with `lifecycle.receipt_due_soon` off and on, on copies of one bulk demo store whose
ten B-products and two demo products are consumables.

    .venv/bin/python bench/receipt_reminders.py --members 20000 [--n 500]

Prints one line per setting (medians and p99 in ms, and how many receipts carried reminders).
The reminders are one indexed query per member receipt (sales by member, ix_sales_member_created);
the checkout itself does not change."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import NOW, _phones, percentile, prepare  # noqa: E402
from pos.clock import fixed_clock  # noqa: E402
from pos.config import load_config  # noqa: E402
from pos.db.engine import make_engine  # noqa: E402
from pos.services.context import AppContext  # noqa: E402
from pos.services.lifecycle import replenishment  # noqa: E402
from pos.services.members import lookup as member_service  # noqa: E402
from pos.services.sales import checkout as co  # noqa: E402
from pos.services.sales.cart import LineInput  # noqa: E402
from pos.services.sales.receipts import sale_receipt  # noqa: E402


def build(folder: Path, members: int) -> Path:
    path = folder / "store.sqlite3"
    ctx, _ = prepare(f"sqlite:///{path}", members, 5, lambda m: None)
    with ctx.write() as session:
        for sku, days in [("BEA01", 30), ("DRP01", 14)] + [(f"B{i:03d}", 20 + i) for i in range(10)]:
            replenishment.mark_consumable(session, sku, days)
    ctx.engine.dispose()
    return path


def measure(store: Path, folder: Path, members: int, n: int, on: bool) -> str:
    path = folder / f"run-{on}.sqlite3"
    shutil.copy(store, path)
    config = load_config()
    config = replace(config, lifecycle=replace(config.lifecycle, receipt_due_soon=on))
    ctx = AppContext(make_engine(f"sqlite:///{path}"), config, fixed_clock(NOW))
    rng, skus = Random(5), [f"B{i:03d}" for i in range(200)]
    book, receipt, shown = [], [], 0
    for i, phone in enumerate(_phones(ctx, members, n + 20, 5)):
        member_service.lookup(ctx, phone=phone)
        request = co.CheckoutRequest(lines=[LineInput(sku=rng.choice(skus)) for _ in range(5)], member_phone=phone,
                                     payments=[co.PaymentInput("wechat")])
        started = time.perf_counter()
        sale = co.checkout(ctx, request)
        booked = time.perf_counter()
        doc = sale_receipt(ctx, sale.receipt_no)
        if i >= 20:                   # warm-up
            book.append((booked - started) * 1000)
            receipt.append((time.perf_counter() - booked) * 1000)
            shown += bool(doc.due_soon)
    ctx.engine.dispose()
    return (f"receipt_due_soon={on}: checkout median {statistics.median(book):.2f} ms, p99 "
            f"{percentile(book, 99):.2f}; receipt document median {statistics.median(receipt):.2f} ms, p99 "
            f"{percentile(receipt, 99):.2f}; receipts with reminders {shown}/{n}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = build(folder, args.members)
        for on in (False, True):
            print(measure(store, folder, args.members, args.n, on), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
