"""Checkout, returns and the ledger on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pos.db.models import CouponRedemption, LedgerEntry, Member, PointsLot, Sale, SaleLine
from pos.errors import PosError
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE = "138 0013 8000"


def sell(ctx, *skus, phone=PHONE, coupon=None, redeem=0, sale_id=None, pin=None, cashier_id=None):
    return co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku=s) for s in skus], member_phone=phone, coupon_code=coupon, redeem_points=redeem,
        sale_id=sale_id, manager_pin=pin, cashier_id=cashier_id))


def counts(ctx):
    with ctx.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                     (Sale, SaleLine, LedgerEntry, PointsLot, CouponRedemption))


def ledger_consistent(ctx):
    with ctx.read() as s:
        for member in s.scalars(select(Member)):
            ledger = s.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                              .where(LedgerEntry.member_id == member.id))
            lots = s.scalar(select(func.coalesce(func.sum(PointsLot.remaining), 0))
                            .where(PointsLot.member_id == member.id))
            assert member.points_balance == ledger == lots >= 0


def test_spec_worked_example_silver(ctx, products, cashier):
    members.enrol(ctx, PHONE)
    first = sell(ctx, "BIG", cashier_id=cashier.id)
    assert (first.total_due_fen, first.points_earned, first.tier_after) == (100000, 1000, "member")
    crossing = sell(ctx, "BIG")
    assert crossing.tier_before == "member" and crossing.tier_after == "silver"   # upgrade is immediate
    assert crossing.upgraded
    silver = sell(ctx, "BIG")
    assert silver.tier_discount_fen == 5000            # ¥1,000 at Silver -> ¥50.00
    assert silver.total_due_fen == 95000
    assert silver.points_earned == 1140                # 950 × 1.2
    view = members.lookup(ctx, phone="+86 138-0013-8000")
    assert view.tier_key == "silver" and view.growth == 2950
    assert view.to_next_tier_fen == (8000 - 2950) * 100
    assert view.points == 1000 + 1000 + 1140
    assert view.phone_masked == "138****8000"
    ledger_consistent(ctx)


def test_tier_coupon_points_in_fixed_order(ctx, products, clock):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    sell(ctx, "BIG")                                   # now Silver with 2,000 points
    spec = coupons.parse_spec("amount", "15", threshold="100")
    code = coupons.issue(ctx, spec, member_id=members.lookup(ctx, phone=PHONE).member_id)[0]
    result = co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku="LAT", qty=5), LineInput(sku="CARD")], member_phone=PHONE, coupon_code=code,
        redeem_points=500))
    # subtotal 140 + 100 = 240; tier 5% on 140 = 7.00; coupon 15 on eligible; points 500 = ¥5
    assert result.subtotal_fen == 24000
    assert result.tier_discount_fen == 700
    assert result.coupon_discount_fen == 1500
    assert result.points_value_fen == 500
    assert result.total_due_fen == 24000 - 700 - 1500 - 500
    with pytest.raises(PosError) as used:
        sell(ctx, "BIG", coupon=code)
    assert used.value.code == "coupon_used"
    ledger_consistent(ctx)


def test_refusals_leave_nothing_behind(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    before = counts(ctx)
    cases = {
        "points_step": dict(redeem=150), "points_minimum": dict(redeem=50),
        "points_insufficient": dict(redeem=5000), "coupon_unknown": dict(coupon="NOPE123"),
        "sku_unknown": dict(skus=("NOSUCH",)), "member_not_found": dict(phone="13912345678"),
        "phone_invalid": dict(phone="12345"),
    }
    for code, kwargs in cases.items():
        skus = kwargs.pop("skus", ("LAT",))
        with pytest.raises(PosError) as err:
            sell(ctx, *skus, **kwargs)
        assert err.value.code == code, code
    sell(ctx, "BIG")                                   # 2,000 points, Silver
    before = counts(ctx)
    with pytest.raises(PosError) as capped:
        sell(ctx, "LAT", redeem=1500)                  # ¥15 > 50 % of ¥26.60
    assert capped.value.code == "points_cap_exceeded"
    assert counts(ctx) == before


def test_expired_and_future_coupons(ctx, products, clock):
    members.enrol(ctx, PHONE)
    spec = coupons.parse_spec("cash", "5", valid_days=1)
    code = coupons.issue(ctx, spec, count=1)[0]
    clock.moment += timedelta(days=3)
    with pytest.raises(PosError) as err:
        sell(ctx, "LAT", coupon=code)
    assert err.value.code == "coupon_expired"
    assert coupons.show(ctx, code).status == "expired"


def test_same_sale_id_is_booked_once(ctx, products):
    members.enrol(ctx, PHONE)
    sale_id = str(uuid.uuid4())
    first = sell(ctx, "BIG", sale_id=sale_id)
    again = sell(ctx, "BIG", sale_id=sale_id)
    assert again.replayed and again.receipt_no == first.receipt_no
    assert counts(ctx)[0] == 1
    assert members.lookup(ctx, phone=PHONE).points == first.points_earned


def test_full_return_restores_balance_and_coupon(ctx, products):
    members.enrol(ctx, PHONE)
    sell(ctx, "BIG")
    balance_before = members.lookup(ctx, phone=PHONE).points
    code = coupons.issue(ctx, coupons.parse_spec("amount", "15", threshold="100"),
                         member_id=members.lookup(ctx, phone=PHONE).member_id)[0]
    sale = co.checkout(ctx, co.CheckoutRequest(
        lines=[LineInput(sku="LAT", qty=3), LineInput(sku="CARD")], member_phone=PHONE, coupon_code=code,
        redeem_points=300))
    first = returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    assert first.refund_fen > 0 and first.reissued_coupon is None
    rest = returns.return_sale(ctx, sale.receipt_no)
    assert first.refund_fen + rest.refund_fen == sale.total_due_fen
    assert first.points_reversed + rest.points_reversed == sale.points_earned
    assert first.points_restored + rest.points_restored == 300
    assert rest.reissued_coupon and rest.reissued_coupon != code
    assert members.lookup(ctx, phone=PHONE).points == balance_before
    with pytest.raises(PosError) as err:
        returns.return_sale(ctx, sale.receipt_no, [(1, 1)])
    assert err.value.code == "return_exceeds_sale"
    ledger_consistent(ctx)


def test_return_above_limit_needs_manager(ctx, products, manager):
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")]))
    with pytest.raises(PosError) as err:
        returns.return_sale(ctx, sale.receipt_no)
    assert err.value.code == "manager_pin_required"
    with pytest.raises(PosError) as wrong:
        returns.return_sale(ctx, sale.receipt_no, manager_pin="0000")
    assert wrong.value.code == "pin_invalid"
    assert returns.return_sale(ctx, sale.receipt_no, manager_pin="8888").refund_fen == 100000


def test_unknown_receipt(ctx):
    with pytest.raises(PosError) as err:
        returns.return_sale(ctx, "R000000-999999")
    assert err.value.code == "receipt_not_found"


def test_large_redemption_needs_manager_pin(ctx, products, manager):
    members.enrol(ctx, PHONE)
    for _ in range(6):
        sell(ctx, "BIG")
    with pytest.raises(PosError) as err:
        sell(ctx, "BIG", redeem=6000)
    assert err.value.code == "manager_pin_required"
    result = sell(ctx, "BIG", redeem=6000, pin="8888")
    assert result.points_redeemed == 6000
