"""A till that sells and returns in a loop, logging each sale the service confirmed.

Run as a subprocess by test_crash.py, which kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import datetime

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput


def main(url: str, log_path: str, seed: int) -> None:
    rng = random.Random(seed)
    ctx = AppContext(make_engine(url), load_config(), fixed_clock(datetime(2026, 6, 10, 12)))
    with open(log_path, "a", encoding="utf-8") as log:
        while True:
            redeem = rng.choice([0, 0, 100, 200])
            try:
                sale = co.checkout(ctx, co.CheckoutRequest(
                    lines=[LineInput(sku="LAT", qty=rng.randint(1, 3)), LineInput(sku="CARD")],
                    member_phone="13800138000", redeem_points=redeem))
            except PosError:
                continue
            log.write(f"sale {sale.receipt_no}\n")
            log.flush()
            os.fsync(log.fileno())
            if rng.random() < 0.3:
                ret = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
                log.write(f"return {ret.return_no}\n")
                log.flush()
                os.fsync(log.fileno())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
