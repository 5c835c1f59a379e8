"""Every field a return writes, read back: the result, the rows, the ledger, the audit and the coupon.

The services' mutation sample (docs/MUTATION.md) showed fields of a return that no test read: a
`returned_qty` or a receipt number could be None, the audit could name nobody, the ledger reason
could be anything. These tests read each of them back from the database or the use case's answer.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, Coupon, LedgerEntry, Member, PointsLot, Return
from pos.errors import PosError
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.points import expiry
from pos.services.sales import checkout as co
from pos.services.sales import returns
from pos.services.sales.cart import LineInput

PHONE = "13800138000"
RETURN_ID = "6f1c1d8e-2f8a-4b7e-9a55-0d5c2b1e7a10"


def sell(ctx, *lines, redeem=0, coupon=None, cashier_id=None, phone=PHONE):
    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku=sku, qty=qty) for sku, qty in lines],
                                               member_phone=phone, redeem_points=redeem, coupon_code=coupon,
                                               cashier_id=cashier_id))


def _return_row(ctx, return_no):
    with ctx.read() as session:
        return session.scalars(select(Return).where(Return.return_no == return_no)).one()


def _entries(ctx, return_db_id):
    with ctx.read() as session:
        rows = session.execute(select(LedgerEntry.kind, LedgerEntry.points, LedgerEntry.balance_after,
                                      LedgerEntry.reason, LedgerEntry.staff_id, LedgerEntry.sale_id)
                               .where(LedgerEntry.return_id == return_db_id).order_by(LedgerEntry.id)).all()
    return [tuple(row) for row in rows]


def _audit(ctx, action="return"):
    with ctx.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).all()
    return [(row.staff_id, row.target, json.loads(row.details)) for row in rows]


def test_a_partial_return_answers_and_records_every_field(ctx, products, cashier, clock):
    """One latte of two, on a sale that redeemed 200 points: ¥27 back, 27 points reversed, 100 restored."""
    members.enrol(ctx, PHONE)
    sell(ctx, ("BIG", 1))                                        # 1,000 points
    sale = sell(ctx, ("LAT", 2), redeem=200, cashier_id=cashier.id)   # ¥56 − ¥2 = ¥54: 54 points earned
    assert (sale.total_due_fen, sale.points_earned, sale.points_balance) == (5400, 54, 854)
    clock.moment += timedelta(hours=1)
    result = returns.return_sale(ctx, sale.receipt_no, [(1, 1)], cashier_id=cashier.id, return_id=RETURN_ID)
    row = _return_row(ctx, result.return_no)
    assert result == returns.ReturnResult(
        return_no=f"S01-1-{clock.moment:%y%m%d}-T0001", receipt_no=sale.receipt_no, refund_fen=2700,
        points_reversed=27, points_restored=100, points_balance=854 - 27 + 100, reissued_coupon=None,
        lines=((1, 1, 2700),))
    assert (row.store_id, row.till_id) == (1, 1)
    assert (row.return_uuid, row.sale_id, row.member_id, row.created_at, row.cashier_id, row.approved_by) == (
        RETURN_ID, sale.sale_db_id, sale.member_id, clock.moment, cashier.id, None)
    assert (row.refund_fen, row.points_reversed, row.points_restored, row.growth_reversed) == (2700, 27, 100, 27)
    reason = f"return {result.return_no}"
    assert _entries(ctx, row.id) == [("reverse", -27, 827, reason, cashier.id, sale.sale_db_id),
                                     ("restore", 100, 927, reason, cashier.id, sale.sale_db_id)]
    assert _audit(ctx) == [(cashier.id, sale.receipt_no, {"return_no": result.return_no, "refund_fen": 2700})]
    assert returns.sale_lines(ctx, sale.receipt_no) == [returns.SaleLineView(1, "Latte 拿铁", 2, 1, 5400)]
    assert members.lookup(ctx, phone=PHONE).growth == 1000 + 54 - 27
    with ctx.read() as session:                                  # a return is not a visit
        assert session.get(Member, sale.member_id).last_visit_at == sale.created_at


def test_the_same_return_id_answers_the_first_return_again(ctx, products):
    members.enrol(ctx, PHONE)
    sale = sell(ctx, ("LAT", 3))
    first = returns.return_sale(ctx, sale.receipt_no, [(1, 1)], return_id=RETURN_ID)
    again = returns.return_sale(ctx, sale.receipt_no, [(1, 1)], return_id=RETURN_ID)
    assert again == first and again.receipt_no == sale.receipt_no and again.lines == ((1, 1, 2800),)
    assert returns.sale_lines(ctx, sale.receipt_no)[0].returned_qty == 1


def test_one_line_named_twice_returns_both_quantities(ctx, products):
    sale = sell(ctx, ("LAT", 3), phone=None)
    result = returns.return_sale(ctx, sale.receipt_no, [(1, 1), (1, 1)])
    assert (result.refund_fen, result.lines) == (5600, ((1, 2, 5600),))
    assert returns.sale_lines(ctx, sale.receipt_no)[0].returned_qty == 2


def test_the_reversal_takes_the_returned_sales_own_points_first(ctx, products, clock):
    """Last year's 1,000 points expire first (FIFO); a return of this year's sale takes back the 28
    points that sale earned, from its own lot, and leaves the older lot as it was."""
    members.enrol(ctx, PHONE)
    clock.moment = datetime(2025, 6, 1, 10, 0)
    sell(ctx, ("BIG", 1))                                        # lot expiring 2026-12-31
    clock.moment = datetime(2026, 6, 10, 10, 0)
    latte = sell(ctx, ("LAT", 1))                                # lot expiring 2027-12-31
    assert returns.return_sale(ctx, latte.receipt_no).points_reversed == 28
    with ctx.read() as session:
        lots = session.execute(select(PointsLot.expires_on, PointsLot.points, PointsLot.remaining)
                               .order_by(PointsLot.id)).all()
    assert [(str(day), points, left) for day, points, left in lots] == [
        ("2026-12-31", 1000, 1000), ("2027-12-31", 28, 0)]


def test_restored_points_keep_the_expiry_of_the_sale_that_redeemed_them(ctx, products, clock, manager):
    """Points given back by a return expire as if earned on the original sale's day: the daily job
    takes them at the end of the year after it, and leaves the points earned later."""
    members.enrol(ctx, PHONE)
    clock.moment = datetime(2025, 6, 1, 10, 0)
    sell(ctx, ("BIG", 1))                                        # 1,000 points, expiring 2026-12-31
    clock.moment = datetime(2025, 7, 1, 10, 0)
    spent = sell(ctx, ("LAT", 1), redeem=1000)                   # all of them; 18 earned
    clock.moment = datetime(2026, 6, 10, 10, 0)
    sell(ctx, ("BIG", 1))                                        # 1,000 points, expiring 2027-12-31
    result = returns.return_sale(ctx, spent.receipt_no, manager_pin="8888")     # a year after: a late return
    assert (result.points_reversed, result.points_restored, result.points_balance) == (18, 1000, 2000)
    clock.moment = datetime(2027, 1, 5, 9, 0)
    assert expiry.expire_points(ctx) == expiry.ExpiryResult(members=1, points=1000)
    assert members.lookup(ctx, phone=PHONE).points == 1000
    assert expiry.expire_points(ctx) == expiry.ExpiryResult(members=0, points=0)    # idempotent


def test_a_large_return_is_audited_under_the_approving_manager(ctx, products, cashier, manager):
    sale = sell(ctx, ("BIG", 1), phone=None, cashier_id=cashier.id)
    result = returns.return_sale(ctx, sale.receipt_no, cashier_id=cashier.id, manager_pin="8888")
    row = _return_row(ctx, result.return_no)
    assert (row.cashier_id, row.approved_by, row.member_id) == (cashier.id, manager.id, None)
    assert (result.points_balance, result.points_reversed, result.points_restored) == (None, 0, 0)
    assert _audit(ctx) == [(manager.id, sale.receipt_no, {"return_no": result.return_no, "refund_fen": 100000})]
    assert _entries(ctx, row.id) == []


def test_points_already_spent_are_reversed_as_far_as_they_go_and_the_reason_says_so(ctx, products, cashier,
                                                                                   manager):
    members.enrol(ctx, PHONE)
    big = sell(ctx, ("BIG", 1))                                  # 1,000 points
    sell(ctx, ("LAT", 1), redeem=1000)                           # spent: ¥28 − ¥10 = ¥18, 18 points back
    result = returns.return_sale(ctx, big.receipt_no, cashier_id=cashier.id, manager_pin="8888")
    row = _return_row(ctx, result.return_no)
    assert (result.points_reversed, result.points_balance, row.points_reversed) == (18, 0, 18)
    assert _entries(ctx, row.id) == [
        ("reverse", -18, 0, f"return {result.return_no} (982 already spent)", cashier.id, big.sale_db_id)]


def test_a_fully_returned_sale_gets_its_coupon_back_with_the_same_terms(ctx, products, clock):
    member_id = members.enrol(ctx, PHONE).member.member_id
    code = coupons.issue(ctx, coupons.parse_spec("percent", "10", threshold="20", cap="5", valid_days=10),
                         member_id=member_id)[0]
    sale = sell(ctx, ("LAT", 1), coupon=code)                    # 10 % of ¥28 = ¥2.80, under the ¥5 cap
    assert sale.coupon_discount_fen == 280
    clock.moment += timedelta(days=3)
    partial = sell(ctx, ("LAT", 2))
    assert returns.return_sale(ctx, partial.receipt_no, [(1, 1)]).reissued_coupon is None
    result = returns.return_sale(ctx, sale.receipt_no)
    with ctx.read() as session:
        old = session.scalars(select(Coupon).where(Coupon.code == code)).one()
        new = session.scalars(select(Coupon).where(Coupon.code == result.reissued_coupon)).one()
        row = session.scalars(select(Return).where(Return.return_no == result.return_no)).one()
    assert result.reissued_coupon != code and row.reissued_coupon_id == new.id
    assert (new.kind, new.amount_fen, new.percent_bp, new.threshold_fen, new.cap_fen) == (
        old.kind, old.amount_fen, old.percent_bp, old.threshold_fen, old.cap_fen) == ("percent", 0, 1000, 2000, 500)
    assert (new.member_id, new.segment, new.tier_key, new.reissued_from, new.status) == (
        member_id, None, None, old.id, "issued")
    assert new.valid_from == clock.moment and (new.valid_to - old.valid_to).days == 0    # what was left: 7 days


def test_a_coupon_returned_on_its_last_day_is_reissued_for_one_day(ctx, products, clock):
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5", valid_days=1), count=1)[0]
    sale = sell(ctx, ("LAT", 1), coupon=code, phone=None)
    clock.moment += timedelta(hours=6)                           # the coupon's valid_to is tomorrow's end
    result = returns.return_sale(ctx, sale.receipt_no)
    with ctx.read() as session:
        new = session.scalars(select(Coupon).where(Coupon.code == result.reissued_coupon)).one()
    assert (new.kind, new.amount_fen, new.member_id) == ("cash", 500, None)
    assert new.valid_to.date() == (clock.moment + timedelta(days=1)).date()


def test_refusals_tell_the_cashier_what_is_wrong(ctx, products):
    sale = sell(ctx, ("LAT", 1), phone=None)
    with pytest.raises(PosError) as err:
        returns.return_sale(ctx, sale.receipt_no, [(2, 1)])
    assert (err.value.code, err.value.message) == ("line_invalid", f"receipt {sale.receipt_no} has no line 2")
    returns.return_sale(ctx, sale.receipt_no)
    with pytest.raises(PosError) as err:
        returns.return_sale(ctx, sale.receipt_no)
    assert (err.value.code, err.value.message) == (
        "return_exceeds_sale", f"Everything on {sale.receipt_no} has already been returned.")
    with pytest.raises(PosError) as err:
        returns.sale_lines(ctx, "R999999-999999")
    assert (err.value.code, err.value.message) == (
        "receipt_not_found", "No sale with receipt number 'R999999-999999'.")
