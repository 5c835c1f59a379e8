"""Report rollups (#19) are exact: after any sequence of sales (members and walk-ins, coupons, points,
offline sales synced late, several stores and days) and partial or whole returns, every row of
`report_days` equals a full recomputation from sales and returns. Real SQLite files and PostgreSQL,
the real checkout and return use cases; concurrent tills in real threads lose no update; the
migration's backfill gives the same rows."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.migrate import alembic_config, upgrade
from pos.db.models import Product, ReportDay
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.reports.summary import run_report
from pos.services.sales import checkout as co
from pos.services.sales import returns, rollups
from pos.services.sales.cart import LineInput
from pos.services.stores import chain
from tests.databases import NOW

PHONES = ("13800000001", "13800000002", "13800000003")
PRICES = {"A": 990, "B": 2800, "C": 45600, "D": 100}
TILLS = ("S01-1", "S02-1", "S02-2")
OFFLINE_NO = itertools.count(1)     # the examples share one database: offline receipt numbers stay unique


def rollup_rows(ctx: AppContext) -> dict[tuple, tuple]:
    with ctx.read() as session:
        kept = {(str(r.day), r.store_id, r.tier_key): tuple(getattr(r, v) for v in rollups.VALUES)
                for r in session.scalars(select(ReportDay))}
    return {key: values for key, values in kept.items() if any(values)}


def recomputed(ctx: AppContext) -> dict[tuple, tuple]:
    with ctx.read() as session:
        rows = session.execute(rollups.recompute(session.get_bind().dialect.name)).all()
    return {(str(r[0]), int(r[1]), r[2]): tuple(int(v) for v in r[3:]) for r in rows}


@contextmanager
def chain_tills(ctx, manager, db_url, clock) -> Iterator[dict[str, AppContext]]:
    """Two stores, three tills (each its own context, as separate processes) and the products."""
    chain.add_store(ctx, manager.id, "S02", "Pudong")
    chain.add_till(ctx, manager.id, "S02")
    chain.add_till(ctx, manager.id, "S02")
    with ctx.write() as session:
        session.add_all(Product(sku=sku, name=sku, price_fen=price, discountable=sku != "D")
                        for sku, price in PRICES.items())
    tills = {code: AppContext(make_engine(db_url), load_config(), clock, till=code) for code in TILLS}
    try:
        yield tills
    finally:
        for till in tills.values():
            till.engine.dispose()


@contextmanager
def chain_tills_enrolled_apart(ctx, manager, db_url, clock) -> Iterator[dict[str, AppContext]]:
    """chain_tills, each member enrolled at a till of its own (so at both stores)."""
    with chain_tills(ctx, manager, db_url, clock) as tills:
        for number, phone in enumerate(PHONES):
            members.enrol(tills[TILLS[number]], phone)
        yield tills


@pytest.fixture
def chain_shop(ctx, manager, db_url, clock):
    """chain_tills, and the members (enrolled through the test's own context, not at a till)."""
    with chain_tills(ctx, manager, db_url, clock) as tills:
        for phone in PHONES:
            members.enrol(ctx, phone)
        yield tills


cart = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 4)), min_size=1, max_size=3)
sale_op = st.tuples(st.just("sell"), st.integers(0, 2), st.sampled_from((None, *PHONES)), cart, st.booleans(),
                    st.integers(0, 3), st.integers(0, 2))
offline_op = st.tuples(st.just("offline"), st.integers(0, 2), st.sampled_from((None, *PHONES)), cart,
                       st.booleans(), st.integers(0, 3), st.integers(1, 3))
return_op = st.tuples(st.just("return"), st.integers(0, 2), st.integers(0, 30), st.booleans(), st.integers(0, 2))
plans = st.lists(st.one_of(sale_op, offline_op, return_op), min_size=1, max_size=8)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans)
def test_rollups_equal_a_full_recomputation(chain_shop, manager, clock, plan):
    sold: list[str] = []
    for op in plan:
        clock.moment = NOW + timedelta(days=op[-1], minutes=len(sold))
        till = chain_shop[TILLS[op[1]]]
        if op[0] in ("sell", "offline"):
            _, _, phone, lines, with_coupon, redeem, _ = op
            code = None
            if with_coupon and phone:
                member_id = members.lookup(till, phone=phone).member_id
                code = coupons.issue_coupons(till, manager.id, coupons.parse_spec("amount", "5"),
                                             member_id=member_id).codes[0]
            offline = None
            if op[0] == "offline":       # sold earlier by an offline till, booked now (its own day)
                offline = co.OfflineOrigin(f"OFF-{next(OFFLINE_NO):06d}",
                                           clock.moment - timedelta(days=op[-1]), None)
            request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=q) for s, q in lines], member_phone=phone,
                                         coupon_code=code, redeem_points=redeem * 100 if phone else 0,
                                         manager_pin="8888", offline=offline)
            try:
                sold.append(co.checkout(till, request).receipt_no)
            except PosError:    # not enough points, coupon threshold: the sale without them
                sold.append(co.checkout(till, co.CheckoutRequest(lines=request.lines, member_phone=phone,
                                                                 offline=offline)).receipt_no)
        elif sold:
            _, _, which, whole, _ = op
            receipt = sold[which % len(sold)]
            try:
                returns.return_sale(till, receipt, None if whole else [(1, 1)], manager_pin="8888")
            except PosError as refusal:
                assert refusal.code in ("return_exceeds_sale", "line_invalid"), refusal.code
    assert rollup_rows(chain_shop["S01-1"]) == recomputed(chain_shop["S01-1"])


def test_concurrent_tills_lose_no_update(chain_shop):
    """Four threads per till sell at once into the same day's rows of two stores."""
    errors: list[BaseException] = []

    def sell_many(till: AppContext) -> None:
        try:
            for _ in range(6):
                co.checkout(till, co.CheckoutRequest(lines=[LineInput(sku="B", qty=1)], member_phone=PHONES[0]))
                co.checkout(till, co.CheckoutRequest(lines=[LineInput(sku="A", qty=2)]))
        except BaseException as exc:     # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sell_many, args=(chain_shop[code],)) for code in TILLS for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    kept = rollup_rows(chain_shop["S01-1"])
    assert sum(values[0] for values in kept.values()) == len(threads) * 12
    assert kept == recomputed(chain_shop["S01-1"])


def test_reports_read_the_rollups_per_store(chain_shop, manager):
    s01, s02 = chain_shop["S01-1"], chain_shop["S02-1"]
    co.checkout(s01, co.CheckoutRequest(lines=[LineInput(sku="B", qty=1)], member_phone=PHONES[0]))
    sale = co.checkout(s02, co.CheckoutRequest(lines=[LineInput(sku="A", qty=1)]))
    co.checkout(s02, co.CheckoutRequest(lines=[LineInput(sku="D", qty=3)], member_phone=PHONES[1]))
    returns.return_sale(s02, sale.receipt_no)     # a return does not change the day's sales figures
    day = NOW.date()
    whole = run_report(s01, manager.id, "sales_per_day", day, day)
    assert whole.rows == ((day, 3, 2800 + 990 + 300, 2),)
    pudong = run_report(s01, manager.id, "sales_per_day", day, day, store_id=chain.store_id_of(s01, "S02"))
    assert pudong.rows == ((day, 2, 990 + 300, 1),)
    aov = run_report(s01, manager.id, "aov_members", day - timedelta(days=30), day)
    assert aov.rows == (("members", 2, 3100, 1550), ("non-members", 1, 990, 990))


def test_the_migration_backfills_the_rollups(chain_shop, ctx):
    till = chain_shop["S02-2"]
    for phone in (None, *PHONES):
        sale = co.checkout(till, co.CheckoutRequest(lines=[LineInput(sku="B", qty=2)], member_phone=phone))
    returns.return_sale(till, sale.receipt_no, [(1, 1)])
    expected = recomputed(ctx)
    assert rollup_rows(ctx) == expected and expected
    command.downgrade(alembic_config(ctx.engine), "0011_repurchase_offers")
    upgrade(ctx.engine)
    assert rollup_rows(ctx) == expected
    with ctx.write() as session:           # the bulk loads' rebuild gives the same rows again
        session.execute(delete(ReportDay))
        rollups.rebuild(session.connection())
    assert rollup_rows(ctx) == expected
