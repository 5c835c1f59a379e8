"""`pos audit verify`: walks the audit log's hash chain (managers only; the check is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pos.db.models import AuditEntry
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id

_CHAIN_COLUMNS = select(AuditEntry.id, AuditEntry.at, AuditEntry.staff_id, AuditEntry.action, AuditEntry.target,
                        AuditEntry.details, AuditEntry.prev_hash, AuditEntry.row_hash, AuditEntry.salt).order_by(AuditEntry.id)


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    rows: int
    first_break: int | None


def verify_chain(ctx: AppContext, actor_id: int) -> ChainCheck:
    """Checks every row written before this check (read outside the write lock: a long log must not
    stop the tills); the check's own audit entry is written after it."""
    with ctx.read() as session:
        manager = require_manager_id(session, actor_id, "Verifying the audit log")
        rows, broken = audit.check_chain(session.execute(_CHAIN_COLUMNS.execution_options(yield_per=5000)))
    with ctx.write() as session:
        audit.record(session, ctx.clock(), "audit_verified", staff_id=manager.id, rows=rows, first_break=broken)
    return ChainCheck(broken is None, rows, broken)
