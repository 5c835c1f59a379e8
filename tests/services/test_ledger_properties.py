"""Hypothesis over real checkouts and returns on SQLite: the ledger never lies."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import Product
from pos.errors import Refusal
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff
from tests.databases import sqlite_url
from tests.fixtures_db import Clock
from tests.services.test_checkout import ledger_consistent

PHONE = "13800138000"
PRICES = {"A": 990, "B": 2800, "C": 45600, "D": 100}

carts = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 4)), min_size=1, max_size=4)
sale_plans = st.lists(st.tuples(carts, st.integers(0, 20), st.booleans()), min_size=1, max_size=6)


def _context(tmp_path_factory) -> AppContext:
    from tests.databases import NOW

    ctx = AppContext(make_engine(sqlite_url(tmp_path_factory.mktemp("ledger"))), load_config(), Clock(NOW))
    with ctx.write() as session:
        session.add_all(Product(sku=sku, name=sku, price_fen=price, discountable=sku != "D")
                        for sku, price in PRICES.items())
    members.enrol(ctx, PHONE)
    create_staff(ctx, "M01", "Manager", "manager", "8888")
    return ctx


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=sale_plans)
def test_returning_everything_restores_the_balance(tmp_path_factory, plan):
    ctx = _context(tmp_path_factory)
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

