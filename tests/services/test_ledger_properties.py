"""Hypothesis over real checkouts, returns, adjustments and expiry: the ledger never lies."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import PointsLot, Product
from pos.errors import Refusal
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.points import expiry, ledger
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff
from tests.databases import NOW, drop_postgres, postgres_url, sqlite_url
from tests.fixtures_db import Clock
from tests.services.test_checkout import ledger_consistent

PHONE = "13800138000"
PRICES = {"A": 990, "B": 2800, "C": 45600, "D": 100}

carts = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 4)), min_size=1, max_size=4)
sale_plans = st.lists(st.tuples(carts, st.integers(0, 20), st.booleans()), min_size=1, max_size=6)


def _context(url: str) -> AppContext:
    ctx = AppContext(make_engine(url), load_config(), Clock(NOW))
    with ctx.write() as session:
        session.add_all(Product(sku=sku, name=sku, price_fen=price, discountable=sku != "D")
                        for sku, price in PRICES.items())
    members.enrol(ctx, PHONE)
    create_staff(ctx, "M01", "Manager", "manager", "8888")
    return ctx


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=sale_plans)
def test_returning_everything_restores_the_balance(tmp_path_factory, plan):
    ctx = _context(sqlite_url(tmp_path_factory.mktemp("ledger")))
    booked = []
    for cart, redeem_steps, split_return in plan:
        balance = members.lookup(ctx, phone=PHONE).points
        request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=q) for s, q in cart], member_phone=PHONE,
                                     redeem_points=redeem_steps * 100)
        try:
            sale = co.checkout(ctx, request)
        except Refusal:
            assert members.lookup(ctx, phone=PHONE).points == balance   # a refusal changes nothing
            continue
        assert sale.total_due_fen >= 0 and sale.total_due_fen <= sale.subtotal_fen
        booked.append((sale, balance, split_return))
        ledger_consistent(ctx)
    for sale, balance_before, split in reversed(booked):   # undo newest first
        if split:
            returns.return_sale(ctx, sale.receipt_no, [(1, 1)], manager_pin="8888")
            ledger_consistent(ctx)
        if any(line.returned_qty < line.qty for line in returns.sale_lines(ctx, sale.receipt_no)):
            returns.return_sale(ctx, sale.receipt_no, manager_pin="8888")
        assert members.lookup(ctx, phone=PHONE).points == balance_before
        ledger_consistent(ctx)
    ctx.engine.dispose()



steps = st.lists(st.one_of(
    st.tuples(st.just("sale"), st.tuples(carts, st.integers(0, 20))),
    st.tuples(st.just("time passes"), st.integers(1, 400)),       # lots of other years; old ones expire
    st.tuples(st.just("adjust"), st.integers(-3000, 3000).filter(bool)),
    st.tuples(st.just("return"), st.integers(0, 5)),               # a sale not yet returned, in full
    st.tuples(st.just("expire"), st.none()),
), min_size=1, max_size=12)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
# a returned sale's redeemed points come back in a lot expiring as the sale's, newer than a lot of the
# next year: an adjustment takes from that lot before the next year's one
@example(plan=[("sale", ([("C", 2)], 0)), ("sale", ([("C", 1)], 4)), ("time passes", 300),
               ("sale", ([("C", 2)], 0)), ("return", 1), ("adjust", -900)])
def test_every_way_points_move_keeps_the_ledger_exact_and_takes_the_first_expiring_lots(
        tmp_path_factory, request, database, plan):
    """Sales, returns (which restore redeemed points into lots expiring as the sale's: not in id order),
    manual adjustments and expiry: balance == ledger == open lots after each, and points are taken
    from the lots that expire first."""
    url = sqlite_url(tmp_path_factory.mktemp("ledger")) if database == "sqlite" else \
        postgres_url(request.getfixturevalue("pg_url"))
    ctx = _context(url)
    try:
        sales = []
        for action, arg in plan:
            lots_before = _open_lots(ctx)
            taken = _step(ctx, action, arg, sales)
            if taken:
                assert _taken_from(lots_before, _open_lots(ctx)) == _first_expiring(lots_before, taken)
            ledger_consistent(ctx)
            assert not [lot for lot in _open_lots(ctx) if action == "expire" and lot[1] < ctx.clock().date()]
    finally:
        ctx.engine.dispose()
        if database == "postgres":
            drop_postgres(url)


def _step(ctx: AppContext, action: str, arg, sales: list) -> int:
    """Does one step; returns the points it took from lots (0 when it took none or was refused)."""
    if action == "time passes":
        ctx.clock.moment += timedelta(days=arg)
    elif action == "expire":
        expiry.expire_points(ctx)
    elif action == "return" and sales:
        returns.return_sale(ctx, sales.pop(min(arg, len(sales) - 1)).receipt_no, manager_pin="8888")
    elif action == "sale":
        cart, redeem_steps = arg
        try:
            sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=s, qty=q) for s, q in cart],
                                                       member_phone=PHONE, redeem_points=redeem_steps * 100,
                                                       manager_pin="8888"))
        except Refusal:
            return 0
        sales.append(sale)
        return sale.points_redeemed
    elif action == "adjust":
        try:
            with ctx.write() as session:
                ledger.adjust(session, ctx.config.points, 1, arg, ctx.clock(), staff_id=None, reason="count")
        except Refusal:
            return 0
        return max(0, -arg)
    return 0


def _open_lots(ctx: AppContext) -> list[tuple[int, date | None, int]]:
    with ctx.read() as session:
        return [(lot.id, lot.expires_on, lot.remaining)
                for lot in session.scalars(select(PointsLot).where(PointsLot.remaining > 0))]


def _taken_from(before, after) -> dict[int, int]:
    left = {lot_id: remaining for lot_id, _, remaining in after}
    return {lot_id: remaining - left.get(lot_id, 0) for lot_id, _, remaining in before
            if remaining != left.get(lot_id, 0)}


def _first_expiring(lots, points: int) -> dict[int, int]:
    """What taking `points` oldest expiry first (never-expiring last, then the older lot) takes."""
    taken = {}
    for lot_id, _, remaining in sorted(lots, key=lambda lot: (lot[1] is None, lot[1] or date.max, lot[0])):
        if points <= 0:
            break
        taken[lot_id] = min(points, remaining)
        points -= taken[lot_id]
    return taken
