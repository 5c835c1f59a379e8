"""Reading and exporting the audit log (managers only, itself audited) and rotating the
member-QR key. Nothing here (or anywhere) edits or deletes audit rows: the database refuses it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from pos.db.models import AuditEntry, Staff
from pos.errors import BadInput, EnvironmentFault
from pos.files import open_private
from pos.services.context import AppContext
from pos.services.members import qr as member_qr
from pos.services.staff import audit
from pos.services.staff.accounts import require_manager
from pos.services.staff.roles import require_manager_id

EXPORT_COLUMNS = ("id", "at", "action", "staff", "target", "details")


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str
    staff: str | None
    target: str
    details: str
    id: int = 0


def recent(ctx: AppContext, limit: int, manager_pin: str | None) -> list[AuditRow]:
    if not 1 <= limit <= 10000:
        raise BadInput("limit_invalid", "limit must be between 1 and 10000")
    manager = require_manager(ctx, manager_pin, "Reading the audit log")
    with ctx.write() as session:
        rows = session.execute(select(AuditEntry, Staff.code).outerjoin(Staff, Staff.id == AuditEntry.staff_id)
                               .order_by(AuditEntry.id.desc()).limit(limit)).all()
        result = [AuditRow(e.at, e.action, code, e.target, e.details, e.id) for e, code in rows]
        audit.record(session, ctx.clock(), "audit_viewed", staff_id=manager.id, rows=len(result))
    return result


def _query(action: str | None = None):
    query = select(AuditEntry, Staff.code).outerjoin(Staff, Staff.id == AuditEntry.staff_id)
    if action:
        query = query.where(AuditEntry.action == action)
    return query.order_by(AuditEntry.id.desc())


def audit_entries(ctx: AppContext, actor_id: int, *, limit: int = 500, action: str | None = None) -> list[AuditRow]:
    """Newest first; optionally one action. The viewing is audited."""
    if not 1 <= limit <= 10000:
        raise BadInput("limit_invalid", "limit must be between 1 and 10000")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Reading the audit log")
        rows = session.execute(_query(action).limit(limit)).all()
        result = [AuditRow(e.at, e.action, code, e.target, e.details, e.id) for e, code in rows]
        audit.record(session, ctx.clock(), "audit_viewed", staff_id=manager.id, rows=len(result),
                     only=action or "")
    return result


def export_audit(ctx: AppContext, actor_id: int, path: str) -> int:
    """The whole log to CSV (newest first); returns the rows written. The export is audited."""
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise BadInput("file_invalid", f"'{path}' must end in .csv")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Exporting the audit log")
        rows = 0
        try:
            with open_private(target, "w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(EXPORT_COLUMNS)
                for e, code in session.execute(_query().execution_options(yield_per=2000)):
                    writer.writerow([e.id, e.at.isoformat(), e.action, code or "", e.target, e.details])
                    rows += 1
        except OSError as exc:
            raise EnvironmentFault("file_unwritable", f"cannot write {path}: {exc.strerror}") from None
        audit.record(session, ctx.clock(), "audit_exported", staff_id=manager.id, target=str(target), rows=rows)
    return rows


def rotate_qr_key(ctx: AppContext, manager_pin: str | None) -> str:
    manager = require_manager(ctx, manager_pin, "Rotating the member-QR key")
    with ctx.write() as session:
        key = member_qr.rotate_key(session, ctx.clock())
        audit.record(session, ctx.clock(), "qr_key_rotated", staff_id=manager.id, target=key.kid)
        return key.kid
