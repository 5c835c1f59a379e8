"""Reading the audit log (managers only) and rotating the member-QR key (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from pos.db.models import AuditEntry, Staff
from pos.errors import BadInput
from pos.services import audit, member_qr
from pos.services.context import AppContext
from pos.services.staff import require_manager


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str
    staff: str | None
    target: str
    details: str


def recent(ctx: AppContext, limit: int, manager_pin: str | None) -> list[AuditRow]:
    if not 1 <= limit <= 10000:
        raise BadInput("limit_invalid", "limit must be between 1 and 10000")
    manager = require_manager(ctx, manager_pin, "Reading the audit log")
    with ctx.write() as session:
        rows = session.execute(select(AuditEntry, Staff.code).outerjoin(Staff, Staff.id == AuditEntry.staff_id)
                               .order_by(AuditEntry.id.desc()).limit(limit)).all()
        result = [AuditRow(e.at, e.action, code, e.target, e.details) for e, code in rows]
        audit.record(session, ctx.clock(), "audit_viewed", staff_id=manager.id, rows=len(result))
    return result


def rotate_qr_key(ctx: AppContext, manager_pin: str | None) -> str:
    manager = require_manager(ctx, manager_pin, "Rotating the member-QR key")
    with ctx.write() as session:
        key = member_qr.rotate_key(session, ctx.clock())
        audit.record(session, ctx.clock(), "qr_key_rotated", staff_id=manager.id, target=key.kid)
        return key.kid
