"""Rotating the member-QR signing key (managers only, audited); payloads themselves: members/qr.py."""

from __future__ import annotations

from pos.services.context import AppContext
from pos.services.members import qr as member_qr
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id


def rotate_qr_key(ctx: AppContext, actor_id: int) -> str:
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Rotating the member-QR key")
        key = member_qr.rotate_key(session, ctx.clock())
        audit.record(session, ctx.clock(), "qr_key_rotated", staff_id=actor_id, target=key.kid)
        return key.kid
