"""Hypothesis over real partial returns of one sale (SQLite file, the real use cases): whatever the
order and size of the returns, and whatever the member spends in between, the returns never refund
more money than the sale took nor take back more points than it earned, nor give back more points
than it redeemed; a refused return changes nothing; once everything is back, the refunds are exactly
what was paid and every earned point is either taken back or counted as not reversed."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import Product
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.points import ledger
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff
from tests.databases import NOW, sqlite_url
from tests.fixtures_db import Clock
from tests.services.test_checkout import ledger_consistent

PHONE = "13800138000"
PRICES = {"A": 990, "B": 2800, "C": 45600, "D": 100}

cart = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 5)), min_size=1, max_size=4)
steps = st.lists(st.one_of(
    st.tuples(st.just("return"), st.lists(st.tuples(st.integers(1, 4), st.integers(0, 6)), min_size=1,
                                          max_size=3)),
    st.tuples(st.just("return the rest"), st.none()),
    st.tuples(st.just("spend"), st.integers(1, 2000)),             # the member spends points elsewhere
), min_size=1, max_size=8)


def _context(url: str) -> AppContext:
    ctx = AppContext(make_engine(url), load_config(), Clock(NOW))
    with ctx.write() as session:
        session.add_all(Product(sku=sku, name=sku, price_fen=price, discountable=sku != "D")
                        for sku, price in PRICES.items())
    members.enrol(ctx, PHONE)
    create_staff(ctx, "M01", "Manager", "manager", "8888")
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="C", qty=2)], member_phone=PHONE))   # points to redeem
    return ctx


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=cart, redeem_steps=st.integers(0, 5), plan=steps)
# three lattes, two returned one by one after the member spent nearly everything, then the rest
@example(lines=[("B", 3), ("A", 1)], redeem_steps=1,
         plan=[("spend", 2000), ("return", [(1, 1)]), ("return", [(1, 0), (2, 1)]), ("return", [(1, 1)]),
               ("return the rest", None), ("return the rest", None)])
def test_partial_returns_never_give_back_more_than_the_sale_took(tmp_path_factory, lines, redeem_steps, plan):
    ctx = _context(sqlite_url(tmp_path_factory.mktemp("returns")))
    try:
        request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=q) for s, q in lines], member_phone=PHONE,
                                     redeem_points=redeem_steps * 100, manager_pin="8888")
        try:
            sale = co.checkout(ctx, request)
        except PosError:                     # more points than the cart may take: the sale without them
            sale = co.checkout(ctx, replace(request, redeem_points=0))
        refunded = reversed_ = not_reversed = restored = 0
        for action, arg in plan:
            balance = members.lookup(ctx, phone=PHONE).points
            if action == "spend":
                if balance:
                    with ctx.write() as session:
                        ledger.adjust(session, ctx.config.points, sale.member_id, -min(arg, balance), ctx.clock(),
                                      staff_id=None, reason="spent elsewhere")
                continue
            picks = None if action == "return the rest" else arg
            try:
                result = returns.return_sale(ctx, sale.receipt_no, picks, manager_pin="8888")
            except PosError as refusal:      # a line the sale has not, a quantity of 0, more than is left
                assert refusal.code in ("line_invalid", "quantity_invalid", "return_exceeds_sale"), refusal.code
                assert members.lookup(ctx, phone=PHONE).points == balance
                continue
            assert result.refund_fen >= 0 and result.points_reversed >= 0 and result.points_not_reversed >= 0
            assert result.points_reversed <= balance              # never below zero
            refunded += result.refund_fen
            reversed_ += result.points_reversed
            not_reversed += result.points_not_reversed
            restored += result.points_restored
            assert refunded <= sale.total_due_fen
            assert reversed_ + not_reversed <= sale.points_earned
            assert restored <= sale.points_redeemed
            ledger_consistent(ctx)
        if all(line.returned_qty == line.qty for line in returns.sale_lines(ctx, sale.receipt_no)):
            assert (refunded, reversed_ + not_reversed, restored) == (
                sale.total_due_fen, sale.points_earned, sale.points_redeemed)
    finally:
        ctx.engine.dispose()
