"""How the Part II rules write at checkout (#19): the double-points and earn-ladder bonus is booked in the
sale's own points posting (one balance move and one lot, each bonus still its own ledger line, taken back
by a return as before), and the offers' coupons are written by one statement that draws another code on a
clash. Real SQLite file and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from pos.db.models import Coupon, LedgerEntry, OfferIssue, PointsLot, Product
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput
from tests.services.test_checkout import ledger_consistent
from tests.services.test_offers import PHONE


@pytest.fixture
def shop(ctx, products, cashier, manager):
    with ctx.write() as session:    # as in test_offers: the latte on the coffee card, a cheap mug
        session.execute(update(Product).where(Product.sku == "LAT").values(category="coffee"))
        session.add(Product(sku="MUG", name="Mug", price_fen=1000, discountable=True))
    return ctx


def _ladder_on(ctx):
    ctx.config = replace(ctx.config, earn_ladder=replace(ctx.config.earn_ladder, enabled=True),
                         bounce_back=replace(ctx.config.bounce_back, enabled=False))


def _entries(ctx, sale_db_id):
    with ctx.read() as session:
        return session.execute(select(LedgerEntry.kind, LedgerEntry.points, LedgerEntry.balance_after,
                                      LedgerEntry.idem_key, LedgerEntry.lot_id, LedgerEntry.reason)
                               .where(LedgerEntry.sale_id == sale_db_id).order_by(LedgerEntry.id)).all()


def test_the_ladder_bonus_is_its_own_line_in_the_sales_posting(shop):
    ctx = shop
    _ladder_on(ctx)
    members.enrol(ctx, PHONE)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Cake", price_fen=12000)], member_phone=PHONE))
    before = members.lookup(ctx, phone=PHONE).points
    big = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Cake", price_fen=20000)], member_phone=PHONE))
    assert big.points_earned == 200 and big.offers.bonus_points == 100 and big.points_balance == before + 300
    earn, bonus = _entries(ctx, big.sale_db_id)
    assert (earn.kind, earn.points, earn.balance_after, earn.idem_key) == ("earn", 200, before + 200,
                                                                          f"earn:{big.sale_id}")
    assert (bonus.kind, bonus.points, bonus.balance_after, bonus.idem_key) == ("earn", 100, before + 300,
                                                                              f"ladder:{big.sale_id}")
    assert bonus.reason == f"monthly earn ladder step 2 on {big.receipt_no}"
    assert earn.lot_id == bonus.lot_id is not None
    with ctx.read() as session:
        lot = session.get(PointsLot, earn.lot_id)
        assert lot is not None and lot.points == lot.remaining == 300
        assert session.scalar(select(func.count(OfferIssue.id)).where(OfferIssue.sale_id == big.sale_db_id,
                                                                     OfferIssue.kind == "bonus")) == 1
    back = returns.return_sale(ctx, big.receipt_no, [(1, 1)])    # the whole sale: its points and the bonus
    assert back.points_reversed == 200
    assert members.lookup(ctx, phone=PHONE).points == before
    ledger_consistent(ctx)


def test_double_points_with_redeemed_points_in_one_posting(shop, clock):
    ctx = shop
    members.enrol(ctx, PHONE)
    for _ in range(6):                            # the 6th sale gives a double-points visit
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(name="Cake", price_fen=5000)], member_phone=PHONE))
    clock.moment += timedelta(days=1)
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="MUG"), LineInput(sku="MUG")],
                                               member_phone=PHONE, redeem_points=100))
    assert sale.points_redeemed == 100 and sale.offers.bonus_points == sale.points_earned > 0
    rows = _entries(ctx, sale.sale_db_id)
    assert [(r.kind, r.idem_key) for r in rows] == [("redeem", f"redeem:{sale.sale_id}"),
                                                    ("earn", f"earn:{sale.sale_id}"),
                                                    ("earn", f"double:{sale.sale_id}")]
    assert rows[-1].balance_after == sale.points_balance == members.lookup(ctx, phone=PHONE).points
    assert rows[1].balance_after == rows[0].balance_after + sale.points_earned
    ledger_consistent(ctx)


def test_an_offer_coupon_draws_another_code_on_a_clash(shop, monkeypatch):
    ctx = shop
    member_id = members.enrol(ctx, PHONE).member.member_id
    taken = coupons.issue(ctx, coupons.parse_spec("cash", "1"), count=1)[0]
    drawn = iter([taken, "OFFERNEW1"])
    monkeypatch.setattr(coupons, "new_coupon_code", lambda *_args: next(drawn))
    spec = coupons.CouponSpec("cash", amount_fen=500, valid_days=7)
    with ctx.write() as session:
        given = coupons.insert_coupon(session, ctx.config, spec, ctx.clock(), member_id)
    assert given.code == "OFFERNEW1"
    with ctx.read() as session:
        assert session.scalar(select(func.count(Coupon.id)).where(Coupon.code == taken)) == 1
        row = session.get(Coupon, given.id)
        assert row is not None and (row.code, row.amount_fen, row.status, row.member_id) == ("OFFERNEW1", 500,
                                                                                           "issued", member_id)
        assert row.valid_to == coupons.end_of_day(ctx.clock() + timedelta(days=7))
