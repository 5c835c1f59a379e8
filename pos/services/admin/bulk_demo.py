"""A chain-scale demo store with bulk inserts: `pos init --demo --members 1000000`.

Why not the checkout service (pos.services.admin.demo does that for a few hundred members)? One checkout
is ~15 ms; five million would take a day. Here rows are made in Python in chunks of members (in
a spawned second process above one chunk, so row building and writing use both cores) and written
with plain sqlite3 executemany in one transaction per chunk (own connection: no FK checks,
synchronous=OFF, journal in memory during the load) or COPY (PostgreSQL), so memory stays flat.
The rows follow the rules the services keep, computed with the domain's own functions (pos.loyalty):
the tier discount half up per line, the 满100减15 coupon's threshold and its spread over the lines,
points earned with the tier, birthday-month and member-day multipliers, growth per whole yuan;
balance == sum(ledger) == sum(open lots), tiers upgraded by growth, tier history from enrolment,
line amounts adding up to the sale. Every
secondary index of the loaded tables is dropped during the load and re-created at the end from its
own saved definition (sorted builds instead of millions of random inserts).
Measured on the loaded 2-core machine (SQLite, rows + indexes, before segments): 100k members /
500k sales 159 s (profiled) / ~160 s before -> 79-111 s; 60k at light load 32 s; 200k under heavy
load 220 s. 1M extrapolates to ~9-16 min depending on the machine's load.

Times are written with non-zero microseconds: sqlite3 renders a datetime without microseconds as
'... 12:00:00', which compares wrongly against SQLAlchemy's '... 12:00:00.000000'.
Member phones are `phone_of(id)`; ids 1-3 are the well-known demo numbers of pos.services.admin.demo.
"""

from __future__ import annotations

import itertools
import multiprocessing
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select, text

from pos.config import StoreConfig, Tier
from pos.db.models import Member, Product
from pos.errors import BadInput
from pos.loyalty.coupons import CouponTerms, coupon_discount
from pos.loyalty.growth import growth_for_payment
from pos.loyalty.points import is_birthday_month, is_member_day, lot_expiry, points_earned
from pos.loyalty.pricing import CartLine, allocate, tier_discounts
from pos.loyalty.tiers import upgraded_tier, uses_growth
from pos.services.admin import demo
from pos.services.admin.chain_demo import DEMO_STORES, add_demo_stores, rebuild_rollups, store_tills
from pos.services.context import AppContext
from pos.services.coupons.issue import issue, parse_spec
from pos.services.members.lookup import lookup
from pos.services.segments.rfm import compute_segments
from pos.services.staff.accounts import create_staff

CHUNK = 20_000
PRODUCTS = [(f"B{i:03d}", f"69{i:011d}", f"Product {i} 商品{i}", 500 + (i * 731) % 20000) for i in range(200)]
DEMO_PHONES = (demo.DEMO_GOLD_PHONE, demo.DEMO_SILVER_PHONE, demo.DEMO_DIAMOND_PHONE)
COLUMNS = {
    "members": ("id", "phone", "phone_tail", "name", "birth_month", "birth_day", "consent_marketing", "consent_at",
                "referral_code", "enrolled_at", "enrolled_by", "tier_key", "tier_since", "points_balance",
                "last_visit_at", "store_id"),
    "coupons": ("id", "code", "kind", "amount_fen", "percent_bp", "threshold_fen", "valid_from", "valid_to",
                "member_id", "status", "issued_at"),
    "sales": ("id", "sale_uuid", "receipt_no", "created_at", "cashier_id", "member_id", "subtotal_fen",
              "tier_discount_fen", "coupon_id", "coupon_discount_fen", "points_redeemed", "points_value_fen",
              "total_fen", "points_earned", "growth_earned", "tier_before", "tier_after", "store_id", "till_id"),
    "sale_lines": ("id", "sale_id", "line_no", "sku", "name", "unit_price_fen", "qty", "discountable", "gross_fen",
                   "tier_discount_fen", "coupon_fen", "points_fen", "paid_fen", "returned_qty"),
    "payments": ("id", "sale_id", "method", "amount_fen", "tendered_fen", "change_fen", "store_id", "till_id"),
    "coupon_redemptions": ("id", "coupon_id", "sale_id", "member_id", "at", "discount_fen", "store_id", "till_id"),
    "points_lots": ("id", "member_id", "earned_at", "expires_on", "points", "remaining"),
    "points_ledger": ("id", "member_id", "kind", "points", "balance_after", "at", "sale_id", "lot_id", "reason",
                      "store_id", "till_id"),
    "tier_history": ("member_id", "from_key", "to_key", "reason", "at", "sale_id", "store_id"),
}
ID_TABLES = ("sales", "sale_lines", "payments", "points_lots", "points_ledger", "coupons", "coupon_redemptions")
COUPON_SALE_SHARE = 0.05      # sales that used a 满100减15 coupon
COUPON_TERMS = CouponTerms("amount", Decimal(15), threshold_fen=10000)
METHODS = demo.PAYMENT_MIX
_AT, _TOTAL, _EARNED, _GROWTH = (COLUMNS["sales"].index(name)
                                 for name in ("created_at", "total_fen", "points_earned", "growth_earned"))


def phone_of(member_id: int) -> str:
    if 1 <= member_id <= len(DEMO_PHONES):
        return "+86" + DEMO_PHONES[member_id - 1]
    return f"+86158{member_id:08d}"


def create_bulk_demo(ctx: AppContext, members: int, *, sales_per_member: float = 5,
                     progress: Callable[[str], None] | None = None, seed: int = 1) -> dict[str, int]:
    """Staff, products, members with months of sales, current coupons and a segment snapshot."""
    if members < len(DEMO_PHONES):
        raise BadInput("members_invalid", f"--members must be at least {len(DEMO_PHONES)}")
    with ctx.read() as session:
        if session.scalar(select(func.count()).select_from(Member)):
            raise BadInput("database_not_empty", "demo data goes into an empty database")
    say = progress or (lambda _message: None)
    cashier = create_staff(ctx, *demo.DEMO_CASHIER)
    create_staff(ctx, *demo.DEMO_MANAGER)
    _demo_products(ctx)
    # the demo's two stores first, so every row is written with its store and till (member m shops at
    # store 1 + m % 2, as spread_over_stores would set them; an UPDATE of every row afterwards took half
    # of the PostgreSQL generation)
    add_demo_stores(ctx)
    tills = store_tills(ctx, len(DEMO_STORES))
    counts = generate(ctx.engine, ctx.config, members, sales_per_member, ctx.clock(), seed=seed, progress=say,
                      cashier_id=cashier.id, tills=tills)
    say("report rollups")
    rebuild_rollups(ctx)
    for phone in DEMO_PHONES:
        issue(ctx, parse_spec("amount", "15", threshold="100", valid_days=30),
              member_id=lookup(ctx, phone=phone).member_id)
    say("computing segments")
    started = time.perf_counter()
    compute_segments(ctx)
    say(f"  segments in {time.perf_counter() - started:.1f} s")
    return {**{key: int(value) for key, value in counts.items()}, "staff": 2,
            "products": len(PRODUCTS) + len(demo.PRODUCTS)}


def _demo_products(ctx: AppContext) -> None:
    with ctx.write() as session:
        session.add_all(Product(sku=sku, barcode=barcode, name=name, price_fen=price, discountable=discountable,
                                active=True) for sku, barcode, name, price, discountable in demo.PRODUCTS)


def generate(engine: Engine, config: StoreConfig, members: int, sales_per_member: float, now: datetime,
             seed: int = 1, progress: Callable[[str], None] = print, cashier_id: int | None = None,
             parallel: bool | None = None, tills: dict[int, int] | None = None) -> dict[str, float]:
    """Bulk rows for `members` members (ids 1..members) into a migrated database without members.

    With `parallel` (default: more than one chunk) the rows are made in a second process while this
    one writes the previous chunk, so the two cores overlap Python row building and the inserts. The
    process is spawned (never forked with open database connections), so a script calling this must
    keep its top-level code under `if __name__ == "__main__":` (pos.cli.main and bench/run.py do).
    `tills` (store id -> till id, stores 1..n): member m's rows go to store 1 + m % n and its till;
    without it the rows have no store."""
    started = time.perf_counter()
    args = (seed, config, now.replace(microsecond=0), sales_per_member, cashier_id, members, CHUNK, tills)
    _products(engine)
    counts = dict.fromkeys(COLUMNS, 0)
    with _loading(engine) as write:
        for rows in _chunks(args, members > CHUNK if parallel is None else parallel):
            write(rows)
            for table, table_rows in rows.items():
                counts[table] += len(table_rows)
            progress(f"  {counts['members']:,} members, {counts['sales']:,} sales "
                     f"({time.perf_counter() - started:.0f} s)")
        progress(f"building indexes ({time.perf_counter() - started:.0f} s)")
    _finish(engine)
    progress(f"  rows and indexes in {time.perf_counter() - started:.0f} s")
    return {"seconds": time.perf_counter() - started, **{k: float(v) for k, v in counts.items()}}


def _chunks(args: tuple, parallel: bool) -> Iterator[dict[str, list[tuple]]]:
    if not parallel:
        yield from _made(*args)
        return
    context = multiprocessing.get_context("spawn")     # no fork of a process holding database connections
    queue = context.Queue(maxsize=2)
    maker = context.Process(target=_make_into, args=(queue, args), daemon=True, name="bulk-demo-rows")
    maker.start()
    try:
        while (rows := queue.get()) is not None:
            if isinstance(rows, BaseException):
                raise rows
            yield rows
    finally:
        maker.join(timeout=10)         # it has put None and is exiting; after an error it may be blocked
        if maker.is_alive():
            maker.terminate()
            maker.join()


def _make_into(queue, args: tuple) -> None:
    """The row-making process: chunks into the queue, then None (or the exception)."""
    try:
        for rows in _made(*args):
            queue.put(rows)
        queue.put(None)
    except BaseException as exc:  # noqa: BLE001 - handed to the writing process
        queue.put(exc)


def _made(seed: int, config: StoreConfig, now: datetime, per_member: float, cashier_id: int | None,
          members: int, chunk: int, tills: dict[int, int] | None = None) -> Iterator[dict[str, list[tuple]]]:
    maker = _RowMaker(random.Random(seed), config, now, per_member, cashier_id, tills)
    for first in range(1, members + 1, chunk):
        yield maker.chunk(first, min(members, first + chunk - 1))


class _RowMaker:
    """Members and their sales, consistent with the rules; ids are assigned here for the links.

    Hot path (5M sales): random() instead of randint, ids from itertools.count, the product lines and
    their tier discounts precomputed, expiry dates cached per year, times written as strings once per
    sale (what sqlite3's datetime adapter writes, `isoformat(" ")`; COPY parses the same text),
    upgrade checks only when a higher tier's threshold is reached.
    """

    def __init__(self, rng: random.Random, config: StoreConfig, now: datetime, per_member: float,
                 cashier_id: int | None, tills: dict[int, int] | None = None) -> None:
        self.rng, self.config, self.now, self.per_member, self.cashier_id = rng, config, now, per_member, cashier_id
        # (store, till) by member id % n: store 1 + m % n, that store's till; (None, None) without stores
        n = len(tills or ())
        self.places: list[tuple[int | None, int | None]] = [(1 + r, (tills or {}).get(1 + r)) for r in range(n)]
        self.places = self.places or [(None, None)]
        self.place: tuple[int | None, int | None] = (None, None)
        self.random = rng.random
        self.ids = {table: itertools.count(1) for table in ID_TABLES}
        self.lines = [(sku, name, price, qty, price * qty) for sku, _, name, price in PRODUCTS for qty in (1, 2, 3)]
        cart = [CartLine(sku, name, price, qty) for sku, name, price, qty, _ in self.lines]
        self.tier_off = {tier.key: tier_discounts(cart, tier) for tier in config.tiers}   # half up, per line
        tiers = config.tiers
        # per level: the least growth / purchase count at which some higher tier qualifies
        never = 1 << 62
        self.next_at = [(min((t.growth for t in tiers[level + 1:] if uses_growth(t)), default=never),
                         min((t.purchases for t in tiers[level + 1:] if t.purchases > 0), default=never))
                        for level in range(len(tiers))]
        self.expiry: dict[int, str | None] = {}
        self.coupon_issued = (now - timedelta(days=1, microseconds=1)).isoformat(" ")
        self.coupon_valid_to = (now - timedelta(days=1, microseconds=1) + timedelta(days=31)).isoformat(" ")
        self.rows: dict[str, list[tuple]] = {}

    def pick(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def chunk(self, first: int, last: int) -> dict[str, list[tuple]]:
        self.rows = {table: [] for table in COLUMNS}
        for member_id in range(first, last + 1):
            self.member(member_id)
        return self.rows

    def member(self, member_id: int) -> None:
        now, random, tiers = self.now, self.random, self.config.tiers
        self.place = self.places[member_id % len(self.places)]
        enrolled = now - timedelta(days=30 + int(random() * 671), seconds=int(random() * 86400),
                                   microseconds=1 + int(random() * 999_999))
        enrolled_text = enrolled.isoformat(" ")
        level, growth, last_visit, sales = 0, 0, None, []
        history = self.rows["tier_history"]
        history.append((member_id, None, tiers[0].key, "enrol", enrolled_text, None, self.place[0]))
        quiet_days = 0 if random() < 0.6 else 30 + int(random() * 271)    # lapsed members: At risk .. Lost
        n_sales = int(self.rng.expovariate(1 / self.per_member) + 0.5) if self.per_member else 0
        first = enrolled + timedelta(hours=1)
        span = 365 - quiet_days
        times = sorted(max(first, now - timedelta(days=quiet_days + int(random() * span),
                                                  seconds=int(random() * 86400),
                                                  microseconds=1 + int(random() * 999_999)))
                       for _ in range(n_sales))
        next_growth, next_count = self.next_at[level]
        for count, at in enumerate(times, start=1):
            tier = tiers[level]
            at_text = at.isoformat(" ")
            sale = self.sale(member_id, at, at_text, tier)
            sales.append((at, tier, sale))
            growth += sale[_GROWTH]
            sale_id = sale[0]
            if growth >= next_growth or count >= next_count:
                new_tier = upgraded_tier(tiers, tier.key, growth, count)
                if new_tier is not tier:
                    history.append((member_id, tier.key, new_tier.key, "upgrade", at_text, sale_id, self.place[0]))
                    level = tiers.index(new_tier)
                    next_growth, next_count = self.next_at[level]
            last_visit = at_text
        # the birthday is drawn after the sales (as the generator always did, so the same seed makes the
        # same members and sales); the points of each sale depend on it, so they are booked now
        name = demo.SURNAMES[int(random() * len(demo.SURNAMES))] + demo.GIVEN[int(random() * len(demo.GIVEN))]
        birthday = (1 + int(random() * 12), 1 + int(random() * 28)) if random() < 0.7 else (None, None)
        balance = self.book_points(member_id, birthday[0], sales)
        self.add_member(member_id, enrolled_text, name, birthday, tiers[level].key, balance, last_visit)

    def book_points(self, member_id: int, birth_month: int | None, sales: list[tuple[datetime, Tier, list]]) -> int:
        """Each sale's points earned (tier, birthday-month and member-day multipliers), its row written with
        them, and a lot and a ledger entry per sale that earned any; returns the balance."""
        cfg, balance, rows = self.config.points, 0, self.rows["sales"]
        for at, tier, sale in sales:
            day = at.date()
            earned = points_earned(sale[_TOTAL], tier, cfg, birthday_month=is_birthday_month(birth_month, day),
                                   member_day=is_member_day(cfg, day))
            sale[_EARNED] = earned
            rows.append(tuple(sale))
            if earned:
                balance += earned
                self.earn(member_id, at, sale[_AT], earned, balance, sale[0])
        return balance

    def add_member(self, member_id: int, enrolled: str, name: str, birthday: tuple[int | None, int | None],
                   tier_key: str, balance: int, last_visit: str | None) -> None:
        random, phone = self.random, phone_of(member_id)
        consent = random() < 0.8
        self.rows["members"].append((member_id, phone, phone[-4:], name, *birthday, consent,
                                     enrolled if consent else None, f"R{member_id:09d}", enrolled,
                                     self.cashier_id, tier_key, enrolled, balance, last_visit, self.place[0]))
        if random() < 0.3:
            coupon_id = next(self.ids["coupons"])
            self.rows["coupons"].append((coupon_id, f"CB{coupon_id:010d}", "amount", 1500, 0, 10000,
                                         self.coupon_issued, self.coupon_valid_to, member_id, "issued",
                                         self.coupon_issued))

    def sale(self, member_id: int, at: datetime, at_text: str, tier: Tier) -> list:
        """The sale's row (points earned still 0: `book_points`) and its lines, coupon and payment rows."""
        random, lines, offs, tier_key = self.random, self.lines, self.tier_off[tier.key], tier.key
        sale_id = next(self.ids["sales"])
        n_lines = len(lines)
        picked = [int(random() * n_lines) for _ in range(1 + int(random() * 4))]
        subtotal, tier_off = sum([lines[i][4] for i in picked]), sum([offs[i] for i in picked])
        coupon_off, coupon_id = 0, None
        if subtotal - tier_off >= COUPON_TERMS.threshold_fen and random() < COUPON_SALE_SHARE:
            coupon_off = coupon_discount(COUPON_TERMS, subtotal - tier_off)   # every line is discountable
            coupon_id = next(self.ids["coupons"])
            issued = at - timedelta(days=3)
            issued_text = issued.isoformat(" ")
            self.rows["coupons"].append((coupon_id, f"CB{coupon_id:010d}", "amount", 1500, 0, 10000, issued_text,
                                         (issued + timedelta(days=31)).isoformat(" "), member_id, "used",
                                         issued_text))
            self.rows["coupon_redemptions"].append((next(self.ids["coupon_redemptions"]), coupon_id, sale_id,
                                                    member_id, at_text, coupon_off, *self.place))
        total = subtotal - tier_off - coupon_off
        sale = [sale_id, f"00000000-0000-4000-8000-{sale_id:012d}", f"B{sale_id:010d}", at_text,
                self.cashier_id, member_id, subtotal, tier_off, coupon_id, coupon_off, 0, 0,
                total, 0, growth_for_payment(total, self.config.growth.per_yuan), tier_key, tier_key, *self.place]
        # the coupon spread over the lines after the tier discount, as the till's pricing does
        coupon_shares = allocate(coupon_off, [lines[i][4] - offs[i] for i in picked]) if coupon_off else None
        line_ids, sale_lines = self.ids["sale_lines"], self.rows["sale_lines"]
        for no, i in enumerate(picked, start=1):
            sku, name, price, qty, amount = lines[i]
            line_coupon = coupon_shares[no - 1] if coupon_shares else 0
            sale_lines.append((next(line_ids), sale_id, no, sku, name, price, qty, True, amount, offs[i],
                               line_coupon, 0, amount - offs[i] - line_coupon, 0))
        self.rows["payments"].append((next(self.ids["payments"]), sale_id, METHODS[int(random() * len(METHODS))],
                                      total, total, 0, *self.place))
        return sale

    def earn(self, member_id: int, at: datetime, at_text: str, points: int, balance: int, sale_id: int) -> None:
        lot_id = next(self.ids["points_lots"])
        if at.year not in self.expiry:
            expiry = lot_expiry(at.date(), self.config.points)
            self.expiry[at.year] = expiry.isoformat() if expiry else None
        expires = self.expiry[at.year]
        self.rows["points_lots"].append((lot_id, member_id, at_text, expires, points, points))
        self.rows["points_ledger"].append((next(self.ids["points_ledger"]), member_id, "earn", points, balance,
                                           at_text, sale_id, lot_id, "", *self.place))


def _products(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO products (sku, barcode, name, price_fen, discountable, active) "
                          "VALUES (:sku, :barcode, :name, :price, true, true)"),
                     [dict(sku=s, barcode=b, name=n, price=p) for s, b, n, p in PRODUCTS])


@contextmanager
def _loading(engine: Engine) -> Iterator[Callable[[dict[str, list[tuple]]], None]]:
    """A writer of chunks (one transaction each) with the secondary indexes of the loaded tables
    dropped, re-created afterwards from their own saved definitions (exactly what the migrations
    made; sorted builds are far cheaper than millions of random inserts into each).

    SQLite: one connection of its own with foreign key checks off (the rows are consistent by
    construction), synchronous=OFF and an in-memory rollback journal instead of the WAL while
    loading (a crash mid-load leaves a broken demo database, never a broken store: the database
    was empty). PostgreSQL: COPY, with the foreign keys of the loaded tables dropped too."""
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            saved = _drop_indexes_pg(raw)
            try:
                yield lambda rows: _copy(raw, rows)
            finally:
                cur = raw.cursor()
                for _name, sql in saved:
                    cur.execute(sql)
                cur.close()
                raw.commit()
        finally:
            raw.close()
        return
    engine.dispose()                   # pooled connections closed: the journal mode can change
    conn = sqlite3.connect(engine.url.database or ":memory:", isolation_level=None, timeout=30)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA journal_mode=MEMORY")
        conn.execute("PRAGMA cache_size=-262144")        # 256 MB
        conn.execute("PRAGMA temp_store=MEMORY")
        saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                             f"AND tbl_name IN ({', '.join('?' * len(COLUMNS))})", tuple(COLUMNS)).fetchall()
        for name, _sql in saved:
            conn.execute(f'DROP INDEX "{name}"')
        try:
            yield lambda rows: _executemany(conn, rows)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.execute("BEGIN")
            for _name, sql in saved:
                conn.execute(sql)
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def _drop_indexes_pg(raw) -> list[tuple[str, str]]:
    """Drops the loaded tables' secondary indexes and their foreign keys; returns the statements that
    put them back, indexes first. A foreign key is checked per row during COPY (a trigger and an index
    probe each, ~1/3 of the load); added back afterwards it is validated in one join per key."""
    saved: list[tuple[str, str]] = []
    keys: list[tuple[str, str]] = []
    with raw.cursor() as cur:
        for table in COLUMNS:
            cur.execute("SELECT x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                        "WHERE x.indrelid = to_regclass(%s) AND NOT EXISTS "
                        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)", (table,))
            saved += cur.fetchall()
            cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid = to_regclass(%s) AND contype = 'f'", (table,))
            keys += [(f'{table} DROP CONSTRAINT "{name}"', f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {sql}')
                     for name, sql in cur.fetchall()]
        for name, _sql in saved:
            cur.execute(f"DROP INDEX {name}")
        for drop, _sql in keys:
            cur.execute(f"ALTER TABLE {drop}")
    raw.commit()
    return saved + keys


def _copy(raw, rows: dict[str, list[tuple]]) -> None:
    with raw.cursor() as cur:
        for table, cols in COLUMNS.items():
            with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows[table]:
                    copy.write_row(row)
    raw.commit()


def _executemany(conn: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
    conn.execute("BEGIN")
    for table, cols in COLUMNS.items():
        conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         rows[table])
    conn.execute("COMMIT")


def _finish(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in (*ID_TABLES, "members"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT coalesce(max(id), 1) FROM {table}))"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("PRAGMA analysis_limit=2000"))     # sampled statistics: seconds, not minutes
        conn.execute(text("ANALYZE"))

