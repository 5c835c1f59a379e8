"""Fraud signals on a hand-made day of activity."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pos.errors import PosError
from pos.services.members import lookup as members
from pos.services.reports.fraud import fraud_flags
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.staff.accounts import create_staff


def test_flags_busy_member_outlier_cashier_and_enrolment_burst(ctx, products, manager, cashier):
    others = [create_staff(ctx, f"C{i}", f"Cashier {i}", "cashier", f"{i}{i}{i}{i}") for i in range(2, 5)]
    referrer = members.enrol(ctx, "13800138000").member
    for i in range(5):
        members.enrol(replace(ctx, till_id="till-7"), f"1390013900{i}", referrer=referrer.referral_code)
    for _ in range(3):
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone="13800138000",
                                            cashier_id=cashier.id))
    for staff in others:   # ordinary cashiers: one small sale each
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], cashier_id=staff.id))
    for _ in range(2):     # one cashier redeems a lot
        co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone="13800138000",
                                            redeem_points=1000, cashier_id=cashier.id))
    flags = {(f.kind, f.subject) for f in fraud_flags(ctx, manager.id, days=1)}
    assert ("busy_member", f"member {referrer.member_id}") in flags
    assert ("cashier_redemptions", "cashier C01") in flags
    assert ("till_enrolments", "till till-7") in flags
    assert ("referral_enrolments", f"referrer member {referrer.member_id}") in flags
    assert not any(subject.startswith("cashier C2") for _, subject in flags)
    with pytest.raises(PosError) as err:
        fraud_flags(ctx, cashier.id)
    assert err.value.code == "manager_required"


def test_cashier_refunding_far_more_than_colleagues_is_flagged_and_viewing_is_audited(ctx, products, manager,
                                                                                          cashier):
    from sqlalchemy import func, select

    from pos.db.models import AuditEntry
    from pos.services.sales import returns

    others = [create_staff(ctx, f"C{i}", f"Cashier {i}", "cashier", f"{i}{i}{i}{i}") for i in range(2, 5)]
    for staff in [cashier, *others]:
        sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], cashier_id=staff.id))
        returns.return_sale(ctx, sale.receipt_no, [(1, 1)], cashier_id=staff.id)       # ¥28 each
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], cashier_id=cashier.id))
    returns.return_sale(ctx, sale.receipt_no, [(1, 1)], cashier_id=cashier.id, manager_pin="8888")  # C01: +¥1,000
    flags = {(f.kind, f.subject) for f in fraud_flags(ctx, manager.id, days=1)}
    assert ("cashier_refunds", "cashier C01") in flags
    assert not any(subject.startswith("cashier C2") for _, subject in flags)
    with ctx.read() as session:
        views = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "fraud_signals_viewed"))
    assert views == 1
