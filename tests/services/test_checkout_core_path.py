"""The checkout's Core write path (no unit of work): the rows it writes and how many statements a sale takes."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from pos.db.models import (
    CouponRedemption,
    LedgerEntry,
    Member,
    Payment,
    PointsLot,
    Product,
    Sale,
    TierChange,
)
from pos.errors import PosError
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput

PHONE = "138 0013 8000"


def sell(ctx, *lines, coupon=None, redeem=0, payments=(), cashier_id=None, pin=None):
    return co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku=x) if isinstance(x, str) else x for x in lines], member_phone=PHONE,
        coupon_code=coupon, redeem_points=redeem, payments=list(payments), cashier_id=cashier_id,
        manager_pin=pin))


def test_sale_rows_points_and_upgrade(ctx, products, cashier, clock):
    members.enrol(ctx, PHONE)
    first = sell(ctx, "BIG", cashier_id=cashier.id)
    second = sell(ctx, "6900000000001")                      # by barcode; crosses into Silver
    assert (second.tier_before, second.tier_after, second.growth) == ("member", "silver", 2000)
    code = coupons.issue(ctx, coupons.parse_spec("amount", "15", threshold="100"),
                         member_id=members.lookup(ctx, phone=PHONE).member_id)[0]
    third = sell(ctx, LineInput(sku=" LAT ", qty=5), "CARD", LineInput(name="Open", price_fen=1234),
                 coupon=code, redeem=500, cashier_id=cashier.id,
                 payments=[co.PaymentInput("card", 5000), co.PaymentInput("cash", 50000)])
    with ctx.read() as s:
        sale = s.get(Sale, third.sale_db_id)
        assert sale.receipt_no == third.receipt_no == f"R{clock():%y%m%d}-{third.sale_db_id:06d}"
        assert (sale.points_earned, sale.growth_earned, sale.tier_before, sale.tier_after) == (
            third.points_earned, third.total_due_fen // 100, "silver", "silver")
        assert [(ln.line_no, ln.sku, ln.qty, ln.returned_qty, ln.paid_fen) for ln in sale.lines][:2] == [
            (1, "LAT", 5, 0, sale.lines[0].paid_fen), (2, "CARD", 1, 0, sale.lines[1].paid_fen)]
        assert sale.lines[2].sku is None and sale.lines[2].name == "Open"
        assert sum(ln.paid_fen for ln in sale.lines) == third.total_due_fen
        assert [(p.method, p.amount_fen, p.tendered_fen, p.change_fen)
                for p in s.scalars(select(Payment).where(Payment.sale_id == sale.id).order_by(Payment.id))] == [
            ("card", 5000, 5000, 0), ("cash", third.total_due_fen - 5000, 50000, third.change_fen)]
        assert s.scalar(select(CouponRedemption.discount_fen).where(CouponRedemption.sale_id == sale.id)) == 1500
        entries = s.scalars(select(LedgerEntry).where(LedgerEntry.sale_id == sale.id).order_by(LedgerEntry.id)).all()
        assert [(e.kind, e.points, e.balance_after, e.reason, e.idem_key, e.staff_id) for e in entries] == [
            ("redeem", -500, first.points_earned + second.points_earned - 500, f"redeemed on {sale.receipt_no}",
             f"redeem:{sale.sale_uuid}", cashier.id),
            ("earn", third.points_earned, third.points_balance, f"earned on {sale.receipt_no}",
             f"earn:{sale.sale_uuid}", cashier.id)]
        assert entries[0].lot_id is None and s.get(PointsLot, entries[1].lot_id).remaining == third.points_earned
        lots = s.scalars(select(PointsLot).where(PointsLot.member_id == sale.member_id).order_by(PointsLot.id)).all()
        assert [lot.remaining for lot in lots] == [first.points_earned - 500, second.points_earned,
                                                   third.points_earned]     # FIFO: the oldest lot first
        member = s.get(Member, sale.member_id)
        assert (member.points_balance, member.last_visit_at, member.tier_key) == (third.points_balance, clock(),
                                                                                  "silver")
        changes = s.scalars(select(TierChange).where(TierChange.reason == "upgrade")).all()
        assert [(c.from_key, c.to_key, c.sale_id, c.at) for c in changes] == [
            ("member", "silver", second.sale_db_id, clock())]


def test_a_member_sale_takes_few_statements(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    statements = []
    event.listen(ctx.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    sell(ctx, "LAT", "LAT", "CARD", "6900000000002", "LAT", coupon=code, redeem=100)   # no upgrade
    # BEGIN, settings, member, coupon, products, sale, lines, payments, coupon use, redemption,
    # balance, open lots, lot update, new lot, ledger entries, growth, receipt no (+ COMMIT)
    assert len(statements) <= 17, statements
    assert sum("INSERT INTO sale_lines" in s for s in statements) == 1


def test_refusals_after_writes_roll_back(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=30), count=1)[0]
    sell(ctx, "LAT", coupon=code)
    with ctx.read() as s:
        before = [s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1)),
                  s.get(Member, 1).points_balance]
    with pytest.raises(PosError) as err:
        sell(ctx, "LAT", coupon=code)
    assert err.value.code == "coupon_used"
    with ctx.write() as s:
        s.add(Product(sku="OFF", barcode="LAT", name="Not this one", price_fen=1, active=True))
    with pytest.raises(PosError) as err:
        sell(ctx, "LAT", "NOPE")
    assert err.value.code == "sku_unknown" and "'NOPE'" in str(err.value)
    with ctx.read() as s:
        assert [s.scalar(select(Sale.id).order_by(Sale.id.desc()).limit(1)),
                s.get(Member, 1).points_balance] == before
    assert sell(ctx, "LAT").subtotal_fen == 2800          # a SKU wins over another product's barcode
