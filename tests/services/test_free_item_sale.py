"""The free-item coupon at a real checkout and return (SQLite file and PostgreSQL), hand-worked:
one item off up to the cap, on that item's line only; a return of that line refunds what it paid;
a fully returned sale gives the coupon back as it was (kind, cap and category)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from pos.db.models import Coupon, Product, SaleLine
from pos.errors import Refusal
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE = "13800138000"


@pytest.fixture
def shop(ctx, products, manager):
    with ctx.write() as session:     # the latte (¥28) is a coffee; a ¥10 mug is not
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
        session.add(Product(sku="MUG", name="Mug", price_fen=1000, discountable=True))
    return ctx


def issue(ctx, manager, cap: str, category: str = "") -> str:
    spec = coupons.parse_spec("free_item", cap)
    if category:
        spec = coupons.CouponSpec("free_item", amount_fen=spec.amount_fen, category=category)
    return coupons.issue_coupons(ctx, manager.id, spec).codes[0]


def sell(ctx, *skus, coupon=None, phone=None):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=s) for s in skus], coupon_code=coupon,
                                               member_phone=phone))


def coupon_fen_per_line(ctx, receipt_no):
    with ctx.read() as session:
        sale = returns.find_sale(session, receipt_no)
        return [line.coupon_fen for line in sorted(sale.lines, key=lambda line: line.line_no)]


def test_up_to_the_cap_on_one_line_and_its_return(shop, manager):
    ctx = shop
    code = issue(ctx, manager, "25")
    assert coupons.show(ctx, code).title == "a free item up to ¥25"
    sale = sell(ctx, "MUG", "LAT", coupon=code)       # ¥10 + ¥28: the latte gives the most, ¥25 (the cap)
    assert sale.total_due_fen == 3800 - 2500
    assert coupon_fen_per_line(ctx, sale.receipt_no) == [0, 2500]
    back = returns.return_sale(ctx, sale.receipt_no, [(2, 1)])      # the latte: it paid ¥3
    assert back.refund_fen == 300
    cheap = issue(ctx, manager, "25")
    free_mug = sell(ctx, "MUG", coupon=cheap)                         # ¥10 ≤ ¥25: the mug is free
    assert free_mug.total_due_fen == 0 and coupon_fen_per_line(ctx, free_mug.receipt_no) == [1000]


def test_a_coffee_coupon_takes_a_coffee_and_comes_back_whole(shop, manager):
    ctx = shop
    members.enrol(ctx, PHONE)
    code = issue(ctx, manager, "40", category="coffee")
    with pytest.raises(Refusal) as refused:
        sell(ctx, "MUG", coupon=code, phone=PHONE)
    assert refused.value.code == "coupon_no_item"
    assert coupons.show(ctx, code).status == "issued"                 # nothing taken
    sale = sell(ctx, "MUG", "LAT", coupon=code, phone=PHONE)          # the latte (¥28 ≤ ¥40) free, not the mug
    assert coupon_fen_per_line(ctx, sale.receipt_no) == [0, 2800] and sale.total_due_fen == 1000
    returns.return_sale(ctx, sale.receipt_no)                         # full return: the coupon given back
    with ctx.read() as session:
        again = session.scalars(select(Coupon).where(Coupon.reissued_from.is_not(None))).one()
        assert (again.kind, again.amount_fen, again.category) == ("free_item", 4000, "coffee")
        assert session.scalar(select(SaleLine.paid_fen).where(SaleLine.sku == "LAT")) == 0
