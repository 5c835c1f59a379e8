"""Every manager-only service, called with a cashier's PIN, with a wrong PIN and with none:
refused by the service (not just hidden in the UI) and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pos.db.models import AuditEntry
from pos.errors import PosError
from pos.services.members import export, privacy
from pos.services.members import lookup as members
from pos.services.reports import fraud
from pos.services.sales import checkout, returns
from pos.services.sales.cart import LineInput
from pos.services.staff import accounts as staff
from pos.services.staff import audit_log
from tests.reliability.conftest import TRIED

PHONE = "13800138000"


def manager_only(ctx, tmp_path, sale_no):
    return {
        "full phone": lambda pin: privacy.full_phone(ctx, 1, pin),
        "erase": lambda pin: privacy.erase_member(ctx, PHONE, pin),
        "adjust points": lambda pin: privacy.adjust_points(ctx, PHONE, 100, "test", pin),
        "full export": lambda pin: export.export_members(ctx, str(tmp_path / "x.csv"), full_phone=True,
                                                         manager_pin=pin),
        "audit log": lambda pin: audit_log.recent(ctx, 10, pin),
        "rotate key": lambda pin: audit_log.rotate_qr_key(ctx, pin),
        "fraud signals": lambda pin: fraud.fraud_signals(ctx, pin),
        "add staff": lambda pin: staff.add_staff(ctx, "C99", "X", "manager", "4321", manager_pin=pin),
        "large return": lambda pin: returns.return_sale(ctx, sale_no, manager_pin=pin),
        "large redemption": lambda pin: checkout.checkout(ctx, checkout.CheckoutRequest(
            lines=[LineInput(sku="BIG")], member_phone=PHONE, redeem_points=6000, manager_pin=pin)),
    }


def test_cashiers_cannot_do_manager_things(ctx, products, cashier, manager, tmp_path):
    members.enrol(ctx, PHONE)
    for _ in range(7):
        checkout.checkout(ctx, checkout.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    sale_no = checkout.checkout(ctx, checkout.CheckoutRequest(lines=[LineInput(sku="BIG")])).receipt_no
    allowed = []
    for name, action in manager_only(ctx, tmp_path, sale_no).items():
        for pin, code in ((None, "manager_pin_required"), ("1234", "pin_invalid"), ("9999", "pin_invalid")):
            TRIED["role_violations"] += 1
            try:
                action(pin)
                allowed.append((name, pin))
            except PosError as exc:
                assert exc.code == code, (name, pin, exc.code)
            ctx.clock.moment += timedelta(minutes=ctx.config.security.pin_lockout_minutes)   # past any lock-out
    assert allowed == []
    with ctx.read() as session:
        failed = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "pin_failed"))
    assert failed == 20                       # every wrong PIN is in the audit log
    assert members.lookup(ctx, phone=PHONE).points > 0


@pytest.mark.parametrize("role", ["cashier"])
def test_manager_pin_does_work(ctx, products, manager, role, tmp_path):
    members.enrol(ctx, PHONE)
    assert privacy.full_phone(ctx, 1, "8888") == "+8613800138000"
    assert export.export_members(ctx, str(tmp_path / "full.csv"), full_phone=True, manager_pin="8888").rows == 1
    assert "+8613800138000" in (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
