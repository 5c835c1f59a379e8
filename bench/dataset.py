"""Chain-scale data with bulk inserts: members across all tiers, sales with lines, ledger entries,
points lots and coupons, consistent with the rules (balance == ledger == open lots).

SQLite: executemany in large transactions with synchronous=OFF during the load.
PostgreSQL: COPY. Rows are made in chunks of members so memory stays flat.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from sqlalchemy import Engine, text

from pos.config import StoreConfig
from pos.loyalty.tiers import upgraded_tier

CHUNK = 20_000
PRODUCTS = [(f"B{i:03d}", f"69{i:011d}", f"Product {i} 商品{i}", 500 + (i * 731) % 20000) for i in range(200)]
COLUMNS = {
    "members": ("id", "phone", "phone_tail", "name", "birth_month", "birth_day", "consent_marketing", "consent_at",
                "referral_code", "enrolled_at", "tier_key", "tier_since", "points_balance", "last_visit_at"),
    "sales": ("id", "sale_uuid", "receipt_no", "created_at", "member_id", "subtotal_fen", "tier_discount_fen",
              "coupon_id", "coupon_discount_fen", "points_redeemed", "points_value_fen", "total_fen", "points_earned",
              "growth_earned", "tier_before", "tier_after"),
    "sale_lines": ("id", "sale_id", "line_no", "sku", "name", "unit_price_fen", "qty", "discountable", "gross_fen",
                   "tier_discount_fen", "coupon_fen", "points_fen", "paid_fen", "returned_qty"),
    "payments": ("id", "sale_id", "method", "amount_fen", "tendered_fen", "change_fen"),
    "points_lots": ("id", "member_id", "earned_at", "expires_on", "points", "remaining"),
    "points_ledger": ("id", "member_id", "kind", "points", "balance_after", "at", "sale_id", "lot_id", "reason"),
    "coupons": ("id", "code", "kind", "amount_fen", "percent_bp", "threshold_fen", "valid_from", "valid_to",
                "member_id", "status", "issued_at"),
}


def phone_of(member_id: int) -> str:
    return f"+86139{member_id:08d}"


def generate(engine: Engine, config: StoreConfig, members: int, sales_per_member: int, now: datetime,
             seed: int = 1, progress=print) -> dict[str, float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    _products(engine)
    ids = {"sale": 0, "line": 0, "lot": 0, "entry": 0, "coupon": 0}
    counts = dict.fromkeys(COLUMNS, 0)
    for first in range(1, members + 1, CHUNK):
        last = min(members, first + CHUNK - 1)
        rows = {table: [] for table in COLUMNS}
        for member_id in range(first, last + 1):
            _member(rng, config, member_id, sales_per_member, now, ids, rows)
        _insert(engine, rows)
        for table, table_rows in rows.items():
            counts[table] += len(table_rows)
        progress(f"  {last:,} members, {counts['sales']:,} sales ({time.perf_counter() - started:.0f} s)")
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in COLUMNS:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))
            conn.execute(text("ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
    return {"seconds": time.perf_counter() - started, **{k: float(v) for k, v in counts.items()}}


def _products(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO products (sku, barcode, name, price_fen, discountable, active) "
                          "VALUES (:sku, :barcode, :name, :price, true, true)"),
                     [dict(sku=s, barcode=b, name=n, price=p) for s, b, n, p in PRODUCTS])


def _member(rng, config, member_id, per_member, now, ids, rows) -> None:
    tiers = config.tiers
    enrolled = now - timedelta(days=rng.randint(30, 700), seconds=rng.randint(0, 86399))
    n_sales = max(0, int(rng.expovariate(1 / per_member))) if per_member else 0
    balance, growth, last_visit = 0, 0, None
    tier = tiers[0]
    for _ in range(n_sales):
        at = now - timedelta(days=rng.randint(0, 364), seconds=rng.randint(0, 86399))
        if at < enrolled:
            at = enrolled + timedelta(hours=1)
        lines = [PRODUCTS[rng.randrange(len(PRODUCTS))] for _ in range(rng.randint(1, 4))]
        gross = [(sku, name, price, qty := rng.randint(1, 3), price * qty) for sku, _, name, price in lines]
        subtotal = sum(g[4] for g in gross)
        tier_off = [g[4] * int(tier.discount * 10000) // 10000 for g in gross]
        total = subtotal - sum(tier_off)
        earned = int(total // 100 * tier.points_multiplier)
        ids["sale"] += 1
        sid = ids["sale"]
        rows["sales"].append((sid, f"00000000-0000-4000-8000-{sid:012d}", f"B{sid:010d}", at, member_id, subtotal,
                              sum(tier_off), None, 0, 0, 0, total, earned, total // 100, tier.key, tier.key))
        for no, ((sku, name, price, qty, g), off) in enumerate(zip(gross, tier_off), start=1):
            ids["line"] += 1
            rows["sale_lines"].append((ids["line"], sid, no, sku, name, price, qty, True, g, off, 0, 0, g - off, 0))
        rows["payments"].append((sid, sid, rng.choice(("cash", "card", "wechat", "alipay")), total, total, 0))
        if earned:
            ids["lot"] += 1
            ids["entry"] += 1
            balance += earned
            rows["points_lots"].append((ids["lot"], member_id, at, datetime(at.year + 1, 12, 31).date(), earned,
                                        earned))
            rows["points_ledger"].append((ids["entry"], member_id, "earn", earned, balance, at, sid, ids["lot"], ""))
        growth += total // 100
        last_visit = max(last_visit or at, at)
        tier = upgraded_tier(tiers, tier.key, growth, 0)
    rows["members"].append((member_id, phone_of(member_id), phone_of(member_id)[-4:], f"会员{member_id}",
                            rng.randint(1, 12), rng.randint(1, 28), True, enrolled, f"R{member_id:09d}", enrolled,
                            tier.key, enrolled, balance, last_visit))
    if rng.random() < 0.3:
        ids["coupon"] += 1
        rows["coupons"].append((ids["coupon"], f"CB{ids['coupon']:010d}", "amount", 1500, 0, 10000, now - timedelta(
            days=1), now + timedelta(days=30), member_id, "issued", now - timedelta(days=1)))


def _insert(engine: Engine, rows: dict[str, list[tuple]]) -> None:
    order = ("members", "coupons", "sales", "sale_lines", "payments", "points_lots", "points_ledger")
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cur:
                for table in order:
                    with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                        for row in rows[table]:
                            copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
        return
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("BEGIN")
        for table in order:
            cols = COLUMNS[table]
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            rows[table])
        cur.execute("COMMIT")
        cur.execute("PRAGMA synchronous=NORMAL")
    finally:
        raw.close()
