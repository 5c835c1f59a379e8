"""Every manager-only service, called with a cashier's staff id, an unknown id and none: refused by
the service itself (not just hidden in the UI), the refusal audited, nothing changed. The CLI's one
place that turns a PIN into a staff id refuses a cashier's PIN, a wrong PIN and none, audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from pos.cli import actors
from pos.db.models import AuditEntry, Coupon
from pos.errors import PosError
from pos.services import printouts
from pos.services.campaigns import campaign as campaigns
from pos.services.coupons import issue as coupons
from pos.services.members import detail, export, privacy, qr_keys
from pos.services.members import lookup as members
from pos.services.reports import fraud, summary
from pos.services.sales import checkout, returns
from pos.services.sales.cart import LineInput
from pos.services.staff import admin as staff_admin
from pos.services.staff import audit_log
from tests.reliability.conftest import TRIED

PHONE = "13800138000"
SPEC = coupons.parse_spec("cash", "50")


def manager_only(ctx, tmp_path, member_id):
    """name -> the use case called by `actor`."""
    return {
        "member detail": lambda actor: detail.member_detail(ctx, actor, member_id),
        "full phone": lambda actor: privacy.reveal_phone(ctx, actor, member_id),
        "erase": lambda actor: privacy.erase_member(ctx, actor, member_id),
        "adjust points": lambda actor: detail.adjust_points(ctx, actor, member_id, 100, "test"),
        "masked export": lambda actor: export.export_members(ctx, actor, str(tmp_path / "x.csv")),
        "full export": lambda actor: export.export_members(ctx, actor, str(tmp_path / "x.csv"), full_phone=True),
        "bearer coupons": lambda actor: coupons.issue_coupons(ctx, actor, SPEC, count=5),
        "member coupon": lambda actor: coupons.issue_coupons(ctx, actor, SPEC, member_id=member_id),
        "segment coupons": lambda actor: campaigns.issue_campaign(ctx, actor, "X", campaigns.Audience(segment="New"),
                                                                  SPEC),
        "audit log": lambda actor: audit_log.audit_entries(ctx, actor, limit=10),
        "rotate key": lambda actor: qr_keys.rotate_qr_key(ctx, actor),
        "fraud signals": lambda actor: fraud.fraud_flags(ctx, actor),
        "add staff": lambda actor: staff_admin.add_staff_member(ctx, actor, "C99", "X", "manager", "4321"),
        "report": lambda actor: summary.run_report(ctx, actor, "sales_per_day", date(2026, 6, 1), date(2026, 6, 10)),
        "campaign list": lambda actor: campaigns.list_campaigns(ctx, actor),
        "campaign sheet": lambda actor: campaigns.write_campaign_sheet(ctx, actor, 1, str(tmp_path / "x.pdf")),
        "coupon sheet": lambda actor: printouts.write_coupon_sheet(ctx, actor, tmp_path / "x.pdf", codes=["C1"]),
    }


def needs_a_manager_pin(ctx, sale_no):
    """Resolved from a PIN: the CLI's edge, and the mid-sale approvals of the till."""
    return {
        "cli edge": lambda pin: actors.manager_id(ctx, pin, "Anything"),
        "large return": lambda pin: returns.return_sale(ctx, sale_no, manager_pin=pin),
        "large redemption": lambda pin: checkout.checkout(ctx, checkout.CheckoutRequest(
            lines=[LineInput(sku="BIG")], member_phone=PHONE, redeem_points=6000, manager_pin=pin)),
    }


def count(ctx, what, *where) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count(what)).where(*where))


def test_cashiers_cannot_do_manager_things(ctx, products, cashier, manager, tmp_path):
    member_id = members.enrol(ctx, PHONE).member.member_id
    for _ in range(7):
        checkout.checkout(ctx, checkout.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))
    sale_no = checkout.checkout(ctx, checkout.CheckoutRequest(lines=[LineInput(sku="BIG")])).receipt_no
    coupons_before = count(ctx, Coupon.id)
    allowed = []
    for name, action in manager_only(ctx, tmp_path, member_id).items():
        for actor in (cashier.id, 999_999, None):
            TRIED["role_violations"] += 1
            try:
                action(actor)
                allowed.append((name, actor))
            except PosError as exc:
                assert exc.code == "manager_required", (name, actor, exc.code)
    for name, action in needs_a_manager_pin(ctx, sale_no).items():
        for pin, code in ((None, "manager_pin_required"), ("1234", "pin_invalid"), ("9999", "pin_invalid")):
            TRIED["role_violations"] += 1
            try:
                action(pin)
                allowed.append((name, pin))
            except PosError as exc:
                assert exc.code == code, (name, pin, exc.code)
            ctx.clock.moment += timedelta(minutes=ctx.config.security.pin_lockout_minutes)   # past any lock-out
    assert allowed == []
    assert count(ctx, AuditEntry.id, AuditEntry.action == "role_violation") == 17 * 3   # each refusal on record
    assert count(ctx, AuditEntry.id, AuditEntry.action == "pin_failed") == 3 * 2        # every wrong PIN too
    assert members.lookup(ctx, phone=PHONE).points > 0 and count(ctx, Coupon.id) == coupons_before
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("role", ["cashier"])
def test_a_manager_pin_resolved_at_the_edge_does_work(ctx, products, manager, role, tmp_path):
    member_id = members.enrol(ctx, PHONE).member.member_id
    actor = actors.manager_id(ctx, "8888", "Test")
    assert actor == manager.id
    assert privacy.reveal_phone(ctx, actor, member_id) == "+8613800138000"
    assert export.export_members(ctx, actor, str(tmp_path / "full.csv"), full_phone=True).rows == 1
    assert "+8613800138000" in (tmp_path / "full.csv").read_text(encoding="utf-8-sig")
