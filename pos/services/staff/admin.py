"""Staff administration for managers: list, add, reset a PIN (clears the lock-out), (de)activate.

Every function re-checks in the database that `actor_id` is an active manager, in the same
transaction as the change, and audits the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pos.db.models import Staff
from pos.errors import BadInput, NotFound, Refusal
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.accounts import ROLES, StaffView, check_new_pin_format, hash_pin, refuse_taken_pin
from pos.services.staff.roles import require_manager_id, store_scope


@dataclass(frozen=True)
class StaffAdminView(StaffView):
    active: bool = True
    locked_until: datetime | None = None


def _view(staff: Staff) -> StaffAdminView:
    return StaffAdminView(staff.id, staff.code, staff.name, staff.role, staff.store_id, staff.active, staff.locked_until)


def list_staff(ctx: AppContext, actor_id: int) -> list[StaffAdminView]:
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Listing staff")
        return [_view(s) for s in session.scalars(select(Staff).order_by(Staff.role.desc(), Staff.code))]


def has_active_manager(ctx: AppContext) -> bool:
    with ctx.read() as session:
        return _active_managers(session) > 0


def add_staff_member(ctx: AppContext, actor_id: int | None, code: str, name: str, role: str,
                     pin: str, store_id: int | None = None) -> StaffAdminView:
    """Adds staff. Without an actor only while the store has no active manager (setting a store up).
    `store_id`: their home store (a manager with one is that store's manager; without, the chain's);
    a store manager adds staff to their own store only."""
    code, name = (code or "").strip(), (name or "").strip()
    if role not in ROLES:
        raise BadInput("role_invalid", f"role must be one of {', '.join(ROLES)}")
    if not code or not name or len(code) > 32 or len(name) > 100:
        raise BadInput("staff_invalid", "staff need a code (up to 32 characters) and a name (up to 100)")
    check_new_pin_format(ctx, pin)
    pin_hash = hash_pin(pin)           # ~0.1 s: before the write lock is taken
    with ctx.write() as session:
        if actor_id is not None or _active_managers(session):
            actor = require_manager_id(session, actor_id, "Adding staff")
            store_id = store_scope(session, actor, store_id, "Adding staff")
        if session.scalar(select(Staff.id).where(Staff.code == code)) is not None:
            raise BadInput("staff_exists", f"staff code '{code}' already exists")
        refuse_taken_pin(session, ctx, pin, actor_id=actor_id, target=code)
        staff = Staff(code=code, name=name, role=role, pin_hash=pin_hash, failed_attempts=0, active=True,
                      created_at=ctx.clock(), store_id=store_id)
        session.add(staff)
        session.flush()
        audit.record(session, ctx.clock(), "staff_added", staff_id=actor_id, target=code, role=role)
        return _view(staff)


def reset_pin(ctx: AppContext, actor_id: int, staff_id: int, new_pin: str) -> None:
    check_new_pin_format(ctx, new_pin)
    pin_hash = hash_pin(new_pin)
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Resetting a PIN")
        staff = _staff(session, staff_id)
        refuse_taken_pin(session, ctx, new_pin, actor_id=manager.id, target=staff.code, except_id=staff.id)
        staff.pin_hash, staff.failed_attempts, staff.locked_until = pin_hash, 0, None
        audit.record(session, ctx.clock(), "pin_reset", staff_id=manager.id, target=staff.code)


def set_active(ctx: AppContext, actor_id: int, staff_id: int, active: bool) -> None:
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Activating or deactivating staff")
        staff = _staff(session, staff_id)
        if not active and staff.role == "manager" and staff.active and _active_managers(session) == 1:
            raise Refusal("last_manager", "The last active manager cannot be deactivated.")
        staff.active = active
        audit.record(session, ctx.clock(), "staff_activated" if active else "staff_deactivated",
                     staff_id=manager.id, target=staff.code)


def _staff(session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("staff_not_found", f"No staff member with id {staff_id}.")
    return staff


def _active_managers(session) -> int:
    return int(session.scalar(select(func.count(Staff.id)).where(Staff.role == "manager", Staff.active.is_(True))))
