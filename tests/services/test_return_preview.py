"""The refund the till shows before a return is confirmed is the refund the return books: money,
points taken back and points given back, for any choice of quantities (issue 13: returns in plain
words); and the sale as the return dialog sees it (prices, paid amounts, every tender of a split)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE = "13800138000"
ENROLLED: set = set()


def sell(ctx, redeem=0, payments=()):
    return co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku="LAT", qty=3), LineInput(sku="CARD", qty=1), LineInput(sku="BIG", qty=1)],
        member_phone=PHONE, redeem_points=redeem, payments=list(payments)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(0, 1)).filter(any),
       st.sampled_from([0, 100, 500]))
def test_the_preview_is_what_the_return_books(ctx, products, manager, picks, redeem):
    if ctx.engine.url not in ENROLLED:        # once per database (hypothesis reuses the fixture)
        members.enrol(ctx, PHONE)
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG", qty=2)], member_phone=PHONE))
        ENROLLED.add(ctx.engine.url)
    sale = sell(ctx, redeem=redeem)
    lines = [(n, q) for n, q in enumerate(picks, start=1) if q]
    preview = returns.preview_return(ctx, sale.receipt_no, lines)
    booked = returns.return_sale(ctx, sale.receipt_no, lines, manager_pin="8888")
    assert (preview.refund_fen, preview.points_taken_back, preview.points_given_back) == (
        booked.refund_fen, booked.points_reversed, booked.points_restored)
    assert preview.needs_manager == (booked.refund_fen > ctx.config.returns.manager_pin_above_fen)


def test_the_return_dialog_sees_prices_paid_amounts_and_every_tender(ctx, products):
    members.enrol(ctx, PHONE)
    sale = sell(ctx, payments=[co.PaymentInput("cash", 10000), co.PaymentInput("wechat")])
    view = returns.sale_for_return(ctx, sale.receipt_no.lower())
    assert view.receipt_no == sale.receipt_no and view.member_id == sale.member_id and view.refunded_fen == 0
    assert [(v.name, v.unit_price_fen, v.qty, v.returned_qty) for v in view.lines] == [
        ("Latte 拿铁", 2800, 3, 0), ("Gift card", 10000, 1, 0), ("Big item", 100000, 1, 0)]
    assert sum(v.paid_fen for v in view.lines) == sale.total_due_fen
    assert sorted(view.payments) == sorted([("cash", 10000), ("wechat", sale.total_due_fen - 10000)])
    returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    again = returns.sale_for_return(ctx, sale.receipt_no)
    assert again.lines[0].returned_qty == 1 and again.refunded_fen == again.lines[0].paid_fen // 3
