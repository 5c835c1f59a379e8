"""Who is acting, resolved once at the CLI's edge: a manager PIN (argon2, lock-out, audited by
sign-in) or a staff code becomes a staff id. Services take that id and check its role in the
database inside their own unit of work; no service sees a PIN except sign-in."""

from __future__ import annotations

from pos.errors import PermissionDenied
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


def cashier_id(ctx: AppContext, code: str | None, pin: str | None) -> int | None:
    """The staff member a sale or return is recorded on (`--cashier CODE`): only with their PIN (a
    sign-in, audited, counted against the lock-out)."""
    if not code:
        return None
    accounts.require_active_code(ctx, code)
    if not pin:
        raise PermissionDenied("cashier_pin_required", f"--cashier {code} needs {code}'s PIN (--cashier-pin).")
    return accounts.sign_in(ctx, pin, code=code).id
