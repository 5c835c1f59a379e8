"""Manager actions: backup/restore, erasure, manual adjustments, audit, QR key rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from pos.db.models import AuditEntry, Return, Sale
from pos.errors import PosError
from pos.services.admin import backup
from pos.services.members import detail, privacy, qr_keys
from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.services.staff import audit_log
from tests.reliability.conftest import FIGURES

PHONE = "13800138000"
PASSPHRASE = "correct horse battery staple"


def snapshot(ctx):
    with ctx.engine.connect() as conn:
        tables = sorted(inspect(conn).get_table_names())
        return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()), key=repr) for t in tables}


def test_backup_and_restore_give_back_every_row(ctx, products, manager, tmp_path):
    members.enrol(ctx, PHONE)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT", qty=2)], member_phone=PHONE))
    target = tmp_path / "backup.bin"
    backup.backup(ctx, str(target), staff_id=manager.id, passphrase=PASSPHRASE)
    before = snapshot(ctx)
    co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="BIG")], member_phone=PHONE))   # after the backup
    members.enrol(ctx, "13900139000")
    backup.restore(ctx, str(target), staff_id=manager.id, passphrase=PASSPHRASE)
    after = snapshot(ctx)
    after["audit_log"] = [row for row in after["audit_log"] if "restore" not in repr(row)]
    before["audit_log"] = [row for row in before["audit_log"] if "'backup'" not in repr(row)]
    assert after == before
    with pytest.raises(PosError) as err:
        backup.backup(ctx, str(target), staff_id=manager.id, passphrase=PASSPHRASE)
    assert err.value.code == "file_exists"


def test_erased_member_cannot_be_found(ctx, products, manager, cashier):
    member_id = members.enrol(ctx, PHONE, name="张三", birthday="03-15").member.member_id
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    with pytest.raises(PosError) as err:
        privacy.erase_member(ctx, cashier.id, member_id)
    assert err.value.code == "manager_required"
    privacy.erase_member(ctx, manager.id, member_id)
    with pytest.raises(PosError) as gone:
        members.lookup(ctx, phone=PHONE)
    assert gone.value.code == "member_not_found"
    with ctx.read() as session:
        assert session.execute(text("SELECT count(*) FROM sales WHERE receipt_no = :r"),
                               {"r": sale.receipt_no}).scalar() == 1
        assert session.execute(text("SELECT count(*) FROM members WHERE phone IS NOT NULL OR name != ''")).scalar() == 0
    members.enrol(ctx, PHONE)   # the number can join again as a new member


def test_adjustment_needs_reason_and_manager(ctx, products, manager, cashier):
    member_id = members.enrol(ctx, PHONE).member.member_id
    with pytest.raises(PosError) as no_reason:
        detail.adjust_points(ctx, manager.id, member_id, 100, " ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(PosError) as by_cashier:
        detail.adjust_points(ctx, cashier.id, member_id, 100, "goodwill")
    assert by_cashier.value.code == "manager_required"
    assert detail.adjust_points(ctx, manager.id, member_id, 500, "goodwill").points_balance == 500
    with pytest.raises(PosError) as too_much:
        detail.adjust_points(ctx, manager.id, member_id, -600, "correction")
    assert too_much.value.code == "points_insufficient"
    assert detail.adjust_points(ctx, manager.id, member_id, -200, "correction").points_balance == 300
    with ctx.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("points_adjusted") == 2 and "role_violation" in actions


def test_rotated_key_works_during_overlap_only(ctx, manager, clock):
    old = members.enrol(ctx, PHONE).qr_payload
    qr_keys.rotate_qr_key(ctx, manager.id)
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
        audit_log.audit_entries(ctx, cashier.id, limit=10)
    assert err.value.code == "manager_required"
    rows = audit_log.audit_entries(ctx, manager.id, limit=10)
    assert rows and rows[0].action == "role_violation"


def recorded_audit_actions() -> set[str]:
    """The action names pos/ passes to audit.record (string literals, either side of an `if`)."""
    import ast
    from pathlib import Path

    found = set()
    for path in (Path(__file__).resolve().parents[2] / "pos").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record" \
                    and getattr(node.func.value, "id", None) == "audit" and len(node.args) >= 3:
                action = node.args[2]
                options = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
                found |= {o.value for o in options if isinstance(o, ast.Constant)}
    return found


def test_every_audited_action_has_one_documented_name():
    recorded = recorded_audit_actions()
    assert {"full_phone_viewed", "points_adjusted", "members_exported", "sign_in", "manager_pin_ok"} <= recorded
    assert sorted(recorded - set(audit_log.ACTIONS)) == []
    assert "phone_viewed" not in recorded            # the console once audited the same view under this name


APPEND_ONLY = ("sales", "payments", "points_ledger", "returns", "return_lines", "coupon_redemptions")


def confirmed(log) -> set[str]:
    return set(log.read_text(encoding="utf-8").split()[1::2]) if log.exists() else set()


def test_backup_while_a_till_keeps_selling(ctx, db_url, products, manager, tmp_path):
    """A till (another process) sells and returns non-stop while `backup` runs on a database of
    ~10 MB (thousands of pages, so a page-by-page copy would have to restart on every sale). The
    backup restores to a consistent database holding every sale confirmed before it started."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from datetime import datetime
    from pathlib import Path

    from pos.config import load_config
    from pos.db.engine import make_engine
    from pos.services.context import AppContext
    from tests.databases import drop_postgres, postgres_url, sqlite_url
    from tests.services.test_checkout import ledger_consistent

    members.enrol(ctx, PHONE)
    with ctx.write() as session:                 # bulk: audit rows are insert-only, like a long-lived till's
        session.execute(AuditEntry.__table__.insert(), [
            {"at": datetime(2026, 1, 1), "action": "filler", "target": str(i), "details": "x" * 200}
            for i in range(40000)])
    log = tmp_path / "confirmed.log"
    worker = Path(__file__).resolve().parents[1] / "reliability" / "crash_worker.py"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    till = subprocess.Popen([sys.executable, str(worker), db_url, str(log), "3"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(confirmed(log)) < 5 and time.monotonic() < deadline:
            time.sleep(0.1)
        before = confirmed(log)
        started = time.monotonic()
        backup.backup(ctx, str(tmp_path / "during.bak"), staff_id=manager.id, passphrase=PASSPHRASE)
        took = time.monotonic() - started
        during = confirmed(log) - before
        time.sleep(1.0)
        assert till.poll() is None, till.stderr.read().decode()          # the till never stopped
    finally:
        till.send_signal(signal.SIGKILL)
        till.wait(timeout=30)
    assert len(before) >= 5 and len(confirmed(log)) > len(before), "the till should have kept selling"
    live = snapshot(ctx)
    (tmp_path / "restored").mkdir()
    other_url = sqlite_url(tmp_path / "restored") if db_url.startswith("sqlite") else postgres_url(
        os.environ["POS_TEST_PG_URL"])
    other = AppContext(make_engine(other_url), load_config(), ctx.clock)
    try:
        backup.restore(other, str(tmp_path / "during.bak"), staff_id=None, passphrase=PASSPHRASE)  # no manager yet
        ledger_consistent(other)
        restored = snapshot(other)
        with other.read() as session:
            numbers = set(session.scalars(select(Sale.receipt_no))) | set(session.scalars(select(Return.return_no)))
    finally:
        other.engine.dispose()
        if not db_url.startswith("sqlite"):
            drop_postgres(other_url)
    for table in APPEND_ONLY:                    # a prefix of what the till wrote, nothing invented
        assert set(restored[table]) <= set(live[table]), table
    assert {row[0] for row in restored["sale_lines"]} <= {row[0] for row in live["sale_lines"]}  # returned_qty moves
    assert before <= numbers, before - numbers                   # everything confirmed before the backup
    FIGURES["backup_seconds_while_selling"] = round(took, 2)
    FIGURES["sales_during_backup"] += len(during)
    print(f"backup took {took:.2f} s; {len(during)} operations confirmed meanwhile; {len(numbers)} in the backup")


def test_consent_is_stored_with_its_time_and_erasure_removes_personal_data(ctx, products, manager, clock):
    from pos.db.models import Member

    with_consent = members.enrol(ctx, PHONE, name="张三", birthday="03-15", consent=True).member.member_id
    without = members.enrol(ctx, "13900139000").member.member_id
    with ctx.read() as session:
        yes, no = session.get(Member, with_consent), session.get(Member, without)
        assert (yes.consent_marketing, yes.consent_at, yes.birth_month, yes.birth_day) == (True, clock.moment, 3, 15)
        assert (no.consent_marketing, no.consent_at) == (False, None)
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT")], member_phone=PHONE))
    privacy.erase_member(ctx, manager.id, with_consent)
    with ctx.read() as session:
        gone = session.get(Member, with_consent)
        assert (gone.phone, gone.name, gone.consent_marketing) == (None, "", False)
        assert gone.erased_at is not None and (gone.birth_month, gone.birth_day) == (None, None)
        total = session.execute(text("SELECT total_fen FROM sales WHERE receipt_no = :r"),
                                {"r": sale.receipt_no}).scalar()
        actions = list(session.scalars(select(AuditEntry.action)))
    assert total == sale.total_due_fen and "member_erased" in actions
