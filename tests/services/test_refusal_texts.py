"""The refusals a cashier or a manager reads at the till, code and text, from the real use cases.

The services' mutation sample (docs/MUTATION.md) showed refusal texts that could become None or
anything else unnoticed: the tests checked the codes only. These are the texts shown in the till's
message line and the manager console, so they are asserted whole here.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry
from pos.errors import PosError
from pos.services.coupons import issue as coupons
from pos.services.members import detail
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput

PHONE = "13800138000"


def refused(call, *args, **kwargs) -> tuple[str, str]:
    with pytest.raises(PosError) as err:
        call(*args, **kwargs)
    return err.value.code, err.value.message


def sale(**kwargs) -> co.CheckoutRequest:
    return co.CheckoutRequest(lines=kwargs.pop("lines", [LineInput(sku="LAT")]), **kwargs)


def test_cart_refusals(ctx, products):
    assert refused(co.checkout, ctx, sale(lines=[])) == ("cart_empty", "a sale needs at least one line")
    assert refused(co.checkout, ctx, sale(lines=[LineInput(sku=" NOPE42 ")])) == (
        "sku_unknown", "No product with SKU or barcode 'NOPE42'.")
    assert refused(co.quote, ctx, sale(lines=[LineInput(sku="LAT"), LineInput(sku="6900000000009")])) == (
        "sku_unknown", "No product with SKU or barcode '6900000000009'.")


def test_checkout_refusals(ctx, products):
    assert refused(co.checkout, ctx, sale(sale_id="not-a-uuid")) == (
        "sale_id_invalid", "sale id 'not-a-uuid' is not a UUID")
    assert refused(co.checkout, ctx, sale(payments=[co.PaymentInput("cash"), co.PaymentInput("card")])) == (
        "payment_invalid", "only one payment may leave its amount open")
    assert refused(co.checkout, ctx, sale(member_id=999)) == ("member_not_found", "This member no longer exists.")
    assert refused(co.checkout, ctx, sale(member_phone="13900139000")) == (
        "member_not_found", "No member with this phone number.")
    assert refused(co.parse_payment, "bitcoin:5") == (
        "payment_invalid", "payment method 'bitcoin' must be one of cash, card, wechat, alipay")
    assert co.parse_payment(" card:12.50") == co.PaymentInput("card", 1250)        # and what it accepts
    assert co.parse_payment("Cash") == co.PaymentInput("cash", None)
    assert refused(co.parse_payment, "card:1:2") == (
        "amount_invalid", "payment amount: '1:2' is not an amount of money")


def test_a_coupon_used_meanwhile_is_refused_by_its_code(ctx, products):
    code = coupons.issue(ctx, coupons.parse_spec("cash", "5"), count=1)[0]
    co.checkout(ctx, sale(coupon_code=code))
    code_, message = refused(co.checkout, ctx, sale(coupon_code=code))
    assert code_ == "coupon_used" and code in message


def test_taking_more_points_than_the_member_has_is_refused(ctx, products, manager):
    member_id = members.enrol(ctx, PHONE).member.member_id
    co.checkout(ctx, sale(member_phone=PHONE))                   # 28 points
    assert detail.adjust_points(ctx, manager.id, member_id, 10, "goodwill").points_balance == 38
    assert refused(detail.adjust_points, ctx, manager.id, member_id, -39, "breakage") == (
        "points_insufficient", "The member does not have enough points.")
    assert refused(co.checkout, ctx, sale(member_phone=PHONE, redeem_points=100)) == (
        "points_insufficient", "The member has 38 points, not 100.")


def test_a_large_redemption_needs_a_manager_and_is_audited_under_them(ctx, products, manager, cashier):
    members.enrol(ctx, PHONE)
    for _ in range(6):                                           # 1,000 + 1,000 + 4 × 1,200 points
        co.checkout(ctx, sale(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    big = sale(lines=[LineInput(sku="BIG")], member_phone=PHONE, redeem_points=6000, cashier_id=cashier.id)
    assert refused(co.checkout, ctx, big) == ("manager_pin_required", "Redeeming 6000 points needs a manager PIN.")
    booked = co.checkout(ctx, replace(big, manager_pin="8888"))
    with ctx.read() as session:
        rows = session.execute(select(AuditEntry.staff_id, AuditEntry.target, AuditEntry.details)
                               .where(AuditEntry.action == "large_redemption")).all()
    assert [(staff_id, target, json.loads(details)) for staff_id, target, details in rows] == [
        (manager.id, booked.receipt_no, {"points": 6000, "cashier_id": cashier.id})]

