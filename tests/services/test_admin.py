"""Manager actions: backup/restore, erasure, manual adjustments, audit, QR key rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from pos.db.models import AuditEntry
from pos.errors import PosError
from pos.services import audit_log, backup, members, privacy
from pos.services import checkout as co
from pos.services.cart import LineInput

PHONE = "13800138000"


def snapshot(ctx):
    with ctx.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in tables}


def test_backup_and_restore_give_back_every_row(ctx, products, manager, tmp_path):
    members.enrol(ctx, PHONE)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=2)], member_phone=PHONE))
    target = tmp_path / "backup.bin"
    backup.backup(ctx, str(target))
    before = snapshot(ctx)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))   # after the backup
    members.enrol(ctx, "13900139000")
    backup.restore(ctx, str(target))
    after = snapshot(ctx)
    after["audit_log"] = [row for row in after["audit_log"] if "restore" not in repr(row)]
    before["audit_log"] = [row for row in before["audit_log"] if "'backup'" not in repr(row)]
    assert after == before
    with pytest.raises(PosError) as err:
        backup.backup(ctx, str(target))
    assert err.value.code == "file_exists"


def test_erased_member_cannot_be_found(ctx, products, manager):
    members.enrol(ctx, PHONE, name="张三", birthday="03-15")
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    with pytest.raises(PosError) as err:
        privacy.erase_member(ctx, PHONE, "1234")
    assert err.value.code == "pin_invalid"
    privacy.erase_member(ctx, PHONE, "8888")
    with pytest.raises(PosError) as gone:
        members.lookup(ctx, phone=PHONE)
    assert gone.value.code == "member_not_found"
    with ctx.read() as session:
        assert session.execute(text("SELECT count(*) FROM sales WHERE receipt_no = :r"),
                               {"r": sale.receipt_no}).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM members WHERE phone IS NOT NULL OR name != ''")).scalar() == 0
    members.enrol(ctx, PHONE)   # the number can join again as a new member


def test_adjustment_needs_reason_and_manager(ctx, products, manager, cashier):
    members.enrol(ctx, PHONE)
    with pytest.raises(PosError) as no_reason:
        privacy.adjust_points(ctx, PHONE, 100, " ", "8888")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(PosError) as cashier_pin:
        privacy.adjust_points(ctx, PHONE, 100, "goodwill", "1234")
    assert cashier_pin.value.code == "pin_invalid"
    assert privacy.adjust_points(ctx, PHONE, 500, "goodwill", "8888").points_balance == 500
    with pytest.raises(PosError) as too_much:
        privacy.adjust_points(ctx, PHONE, -600, "correction", "8888")
    assert too_much.value.code == "points_insufficient"
    assert privacy.adjust_points(ctx, PHONE, -200, "correction", "8888").points_balance == 300
    with ctx.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("points_adjusted") == 2 and "pin_failed" in actions


def test_rotated_key_works_during_overlap_only(ctx, manager, clock):
    old = members.enrol(ctx, PHONE).qr_payload
    audit_log.rotate_qr_key(ctx, "8888")
    new = members.member_qr_payload(ctx, members.lookup(ctx, phone=PHONE).member_id)
    assert new.split(".")[1] != old.split(".")[1]
    assert members.lookup(ctx, qr=old).phone_masked == "138****8000"
    clock.moment += timedelta(days=ctx.config.security.qr_key_overlap_days + 1)
    with pytest.raises(PosError) as err:
        members.lookup(ctx, qr=old)
    assert err.value.code == "qr_invalid"
    assert members.lookup(ctx, qr=new).phone_masked == "138****8000"


def test_audit_log_is_for_managers(ctx, manager, cashier):
    with pytest.raises(PosError) as err:
        audit_log.recent(ctx, 10, "1234")
    assert err.value.code == "pin_invalid"
    rows = audit_log.recent(ctx, 10, "8888")
    assert rows and rows[0].action in ("manager_pin_ok", "pin_failed", "staff_added")
