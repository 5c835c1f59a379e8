"""The audit log: managers read and export it (and that is audited); nothing can edit it."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from pos.db.models import AuditEntry
from pos.errors import EnvironmentFault, PosError
from pos.services.members import lookup as members
from pos.services.reports import fraud
from pos.services.staff import accounts as staff
from pos.services.staff import audit_log


def test_manager_reads_the_log_newest_first_and_the_reading_is_audited(ctx, manager, cashier):
    members.enrol(ctx, "13800138000")
    with pytest.raises(PosError):
        staff.sign_in(ctx, "0000", code="C01")
    rows = audit_log.audit_entries(ctx, manager.id, limit=500)
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    assert {"staff_added", "pin_failed"} <= {r.action for r in rows}
    failed = audit_log.audit_entries(ctx, manager.id, action="pin_failed")
    assert [(r.action, r.target) for r in failed] == [("pin_failed", "C01")]
    newest = audit_log.audit_entries(ctx, manager.id, limit=2)
    assert newest[0].action == "audit_viewed" and newest[0].staff == "M01"   # the previous viewing
    with pytest.raises(PosError) as err:
        audit_log.audit_entries(ctx, manager.id, limit=0)
    assert err.value.code == "limit_invalid"


def test_export_writes_every_row_and_is_audited(ctx, manager, cashier, tmp_path):
    with ctx.read() as session:
        before = len(list(session.scalars(select(AuditEntry.id))))
    path = tmp_path / "audit.csv"
    assert audit_log.export_audit(ctx, manager.id, str(path)) == before
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == before and rows[0]["action"] == "staff_added"
    [entry] = audit_log.audit_entries(ctx, manager.id, action="audit_exported")
    assert entry.target == str(path) and f'"rows": {before}' in entry.details
    with pytest.raises(PosError) as err:
        audit_log.export_audit(ctx, manager.id, str(tmp_path / "audit.txt"))
    assert err.value.code == "file_invalid"


def test_fraud_flags_for_the_signed_in_manager_are_audited(ctx, manager):
    for i in range(5):
        members.enrol(ctx, f"1390013900{i}")
    flags = fraud.fraud_flags(ctx, manager.id)
    assert [f.kind for f in flags] == ["till_enrolments"]
    [viewed] = audit_log.audit_entries(ctx, manager.id, action="fraud_signals_viewed")
    assert viewed.staff == "M01"


def test_the_database_refuses_to_edit_or_delete_audit_rows(ctx, manager):
    for statement in (update(AuditEntry).values(action="nothing"), delete(AuditEntry)):
        with pytest.raises((EnvironmentFault, Exception)) as err:
            with ctx.write() as session:
                session.execute(statement)
        assert "append-only" in str(err.value)
    assert audit_log.audit_entries(ctx, manager.id)[-1].action == "staff_added"


def test_no_application_code_updates_or_deletes_audit_rows():
    pattern = re.compile(r"(update|delete)\(\s*AuditEntry|(UPDATE|DELETE FROM)\s+audit_log|session\.delete\(")
    root = Path(__file__).resolve().parents[2] / "pos"
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "migrations" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
