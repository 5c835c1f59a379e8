"""Who is acting, resolved once at the CLI's edge: a manager PIN (argon2, lock-out, audited by
sign-in) or a staff code becomes a staff id. Services take that id and check its role in the
database inside their own unit of work; no service sees a PIN except sign-in."""

from __future__ import annotations

from sqlalchemy import select

from pos.db.models import Staff
from pos.errors import NotFound, PermissionDenied
from pos.services.context import AppContext
from pos.services.staff import accounts
from pos.services.staff import admin as staff_admin


def manager_id(ctx: AppContext, pin: str | None, action: str) -> int:
    """The staff id of the manager whose PIN this is; `manager_pin_required` without a PIN."""
    if not pin:
        raise PermissionDenied("manager_pin_required", f"{action} needs a manager PIN (--manager-pin).")
    return accounts.sign_in(ctx, pin, need_manager=True).id


def manager_id_unless_first(ctx: AppContext, pin: str | None, action: str) -> int | None:
    """As manager_id, but None while the store has no manager yet (the first staff are added so)."""
    if not pin and not staff_admin.has_active_manager(ctx):
        return None
    return manager_id(ctx, pin, action)


def staff_id_by_code(ctx: AppContext, code: str | None) -> int | None:
    """The active staff member with this code (`--cashier`), recorded on a sale or return."""
    if not code:
        return None
    with ctx.read() as session:
        found = session.scalar(select(Staff.id).where(Staff.code == code, Staff.active.is_(True)))
    if found is None:
        raise NotFound("staff_not_found", f"No active staff member with code '{code}'.")
    return found
