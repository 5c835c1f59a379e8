"""Staff administration by a signed-in manager; every manager-only service of the console refuses
a cashier's (or unknown, or deactivated) staff id in the service itself, and audits the attempt."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from pos.config import DEFAULT_CONFIG_PATH
from pos.db.models import AuditEntry
from pos.errors import PermissionDenied, PosError
from pos.services.admin import settings
from pos.services.reports import fraud
from pos.services.staff import accounts as staff
from pos.services.staff import admin as staff_admin
from pos.services.staff import audit_log


def audited(ctx, action: str) -> list[AuditEntry]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_manager_adds_staff_who_can_then_sign_in(ctx, manager):
    added = staff_admin.add_staff_member(ctx, manager.id, " C07 ", "小王", "cashier", "2468")
    assert (added.code, added.role, added.active) == ("C07", "cashier", True)
    assert staff.sign_in(ctx, "2468", code="C07").id == added.id
    assert [(s.code, s.role) for s in staff_admin.list_staff(ctx, manager.id)] == [("M01", "manager"),
                                                                                  ("C07", "cashier")]
    [entry] = [e for e in audited(ctx, "staff_added") if e.target == "C07"]
    assert entry.staff_id == manager.id


@pytest.mark.parametrize(("args", "code"), [
    (("C01", "Dup", "cashier", "1111"), "staff_exists"),
    (("C08", "X", "owner", "1111"), "role_invalid"),
    (("C08", " ", "cashier", "1111"), "staff_invalid"),
    (("C08", "X", "cashier", "12a4"), "pin_invalid_format"),
])
def test_bad_staff_is_refused(ctx, manager, cashier, args, code):
    with pytest.raises(PosError) as err:
        staff_admin.add_staff_member(ctx, manager.id, *args)
    assert err.value.code == code


def test_reset_pin_replaces_the_pin_and_clears_the_lock_out(ctx, manager, cashier):
    for number in range(ctx.config.security.pin_max_failures):      # at several tills: none of them locks
        with pytest.raises(PermissionDenied):
            staff.sign_in(replace(ctx, till_id=f"till-{number}"), "0000", code="C01")
    with pytest.raises(PermissionDenied) as err:
        staff.sign_in(ctx, "1234", code="C01")
    assert err.value.code == "staff_locked"
    staff_admin.reset_pin(ctx, manager.id, cashier.id, "5678")
    assert staff.sign_in(ctx, "5678", code="C01").id == cashier.id
    with pytest.raises(PermissionDenied):
        staff.sign_in(ctx, "1234", code="C01")
    assert [e.target for e in audited(ctx, "pin_reset")] == ["C01"]


def test_deactivated_staff_cannot_sign_in_and_the_last_manager_stays(ctx, manager, cashier):
    staff_admin.set_active(ctx, manager.id, cashier.id, False)
    with pytest.raises(PermissionDenied):
        staff.sign_in(ctx, "1234", code="C01")
    staff_admin.set_active(ctx, manager.id, cashier.id, True)
    assert staff.sign_in(ctx, "1234", code="C01").id == cashier.id
    with pytest.raises(PosError) as err:
        staff_admin.set_active(ctx, manager.id, manager.id, False)
    assert err.value.code == "last_manager"
    assert [e.action for e in audited(ctx, "staff_deactivated") + audited(ctx, "staff_activated")] == [
        "staff_deactivated", "staff_activated"]


def manager_only(ctx, tmp_path, cashier_id):
    """Every manager-only service of part B of the console, as a function of the actor id."""
    from pos.services.campaigns import campaign as campaigns
    from pos.services.coupons.issue import CouponSpec

    toml = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    return {
        "list staff": lambda a: staff_admin.list_staff(ctx, a),
        "add staff": lambda a: staff_admin.add_staff_member(ctx, a, "C99", "X", "manager", "4321"),
        "reset pin": lambda a: staff_admin.reset_pin(ctx, a, cashier_id, "4321"),
        "deactivate": lambda a: staff_admin.set_active(ctx, a, cashier_id, False),
        "audit view": lambda a: audit_log.audit_entries(ctx, a),
        "audit export": lambda a: audit_log.export_audit(ctx, a, str(tmp_path / "audit.csv")),
        "fraud flags": lambda a: fraud.fraud_flags(ctx, a),
        "settings": lambda a: settings.save_settings(ctx, a, toml),
        "campaign": lambda a: campaigns.issue_campaign(ctx, a, "Win-back", campaigns.Audience(segment="At risk"),
                                                       CouponSpec("cash", amount_fen=500)),
        "campaign export": lambda a: campaigns.export_campaign(ctx, a, 1, str(tmp_path / "c.csv"), full_phone=True),
    }


def test_non_managers_are_refused_by_every_manager_service_and_audited(ctx, manager, cashier, tmp_path):
    retired = staff_admin.add_staff_member(ctx, manager.id, "M02", "Old manager", "manager", "7777")
    staff_admin.set_active(ctx, manager.id, retired.id, False)
    actions = manager_only(ctx, tmp_path, cashier.id)
    allowed = []
    for name, action in actions.items():
        for actor in (cashier.id, retired.id, 424242):
            try:
                action(actor)
                allowed.append((name, actor))
            except PosError as exc:
                assert exc.code == "manager_required", (name, actor, exc.code)
    assert allowed == []
    violations = audited(ctx, "role_violation")
    assert len(violations) == 3 * len(actions)
    assert {v.staff_id for v in violations} == {cashier.id, retired.id, None}
    assert {v.target for v in violations} >= {"Adding staff", "Reading the audit log", "Changing the settings"}
    assert not (tmp_path / "audit.csv").exists()
    assert staff.sign_in(ctx, "1234", code="C01").id == cashier.id      # PIN not reset, still active
    with ctx.read() as session:
        assert session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "pin_reset")) == 0
