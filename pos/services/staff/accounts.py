"""Staff accounts: argon2-hashed PINs, lock-out after repeated failures, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from pos.db.models import Staff
from pos.errors import BadInput, PermissionDenied
from pos.services.context import AppContext
from pos.services.staff import audit

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): 36 ms a check here instead
# of 158 ms with argon2-cffi's default (64 MiB, 3 passes, 4 lanes). A 4-6 digit PIN is guessed
# offline in 10^4-10^6 tries whatever the cost; at the till its protection is the lock-out. Hashes
# with other parameters still verify and are replaced at the next successful sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
ROLES = ("cashier", "manager")


@dataclass(frozen=True)
class StaffView:
    id: int
    code: str
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def _view(staff: Staff) -> StaffView:
    return StaffView(staff.id, staff.code, staff.name, staff.role)


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def check_pin_format(pin: str) -> None:
    if not (pin and pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 12):
        raise BadInput("pin_invalid_format", "A PIN is 4 to 12 digits.")


def add_staff(ctx: AppContext, code: str, name: str, role: str, pin: str, *,
              manager_pin: str | None = None) -> StaffView:
    """Adds staff; once a manager exists, only a manager (by PIN) may add more."""
    if role not in ROLES:
        raise BadInput("role_invalid", f"role must be one of {', '.join(ROLES)}")
    if not (code or "").strip() or not (name or "").strip():
        raise BadInput("staff_invalid", "staff need a code and a name")
    check_pin_format(pin)
    if _has_manager(ctx):
        require_manager(ctx, manager_pin, "Adding staff")
    return create_staff(ctx, code, name, role, pin)


def create_staff(ctx: AppContext, code: str, name: str, role: str, pin: str) -> StaffView:
    """No permission check: for `pos init --demo` and add_staff after its checks."""
    with ctx.write() as session:
        if session.scalars(select(Staff).where(Staff.code == code)).first():
            raise BadInput("staff_exists", f"staff code '{code}' already exists")
        staff = Staff(code=code, name=name, role=role, pin_hash=_hasher.hash(pin),
                      failed_attempts=0, active=True, created_at=ctx.clock())
        session.add(staff)
        session.flush()
        audit.record(session, ctx.clock(), "staff_added", target=code, role=role)
        return _view(staff)


def sign_in(ctx: AppContext, pin: str, *, code: str | None = None, need_manager: bool = False) -> StaffView:
    """Finds the staff member whose PIN this is (optionally by code); locks after failures.

    Failed attempts and the audit entry are committed before the refusal is raised.
    """
    check_pin_format(pin)
    now = ctx.clock()
    with ctx.write() as session:
        query = select(Staff).where(Staff.active.is_(True))
        if code:
            query = query.where(Staff.code == code)
        if need_manager:
            query = query.where(Staff.role == "manager")
        candidates = list(session.scalars(query.order_by(Staff.id)))
        matched = next((staff for staff in candidates if _verify(staff.pin_hash, pin)), None)
        refusal = _check_attempt(session, ctx, matched, candidates if code else [], code, need_manager, now)
        if refusal is None and matched is not None and _hasher.check_needs_rehash(matched.pin_hash):
            matched.pin_hash = _hasher.hash(pin)      # older parameters: replaced in this transaction
        view = _view(matched) if matched is not None else None
    if refusal is not None:
        raise refusal
    return view


def _check_attempt(session, ctx: AppContext, matched: Staff | None, named: list[Staff], code: str | None,
                   need_manager: bool, now) -> PermissionDenied | None:
    sec = ctx.config.security
    if matched is not None and matched.locked_until and matched.locked_until > now:
        audit.record(session, now, "sign_in_locked", staff_id=matched.id, target=matched.code)
        return PermissionDenied("staff_locked", f"{matched.name} is locked until {matched.locked_until:%H:%M} "
                                "after repeated wrong PINs.")
    if matched is not None:
        matched.failed_attempts, matched.locked_until = 0, None
        audit.record(session, now, "manager_pin_ok" if need_manager else "sign_in", staff_id=matched.id,
                     target=matched.code)
        return None
    for staff in named:
        staff.failed_attempts += 1
        if staff.failed_attempts >= sec.pin_max_failures:
            staff.locked_until = now + timedelta(minutes=sec.pin_lockout_minutes)
            staff.failed_attempts = 0
            audit.record(session, now, "staff_locked", staff_id=staff.id, target=staff.code)
    audit.record(session, now, "pin_failed", target=code or "", manager=need_manager)
    return PermissionDenied("pin_invalid", "Wrong manager PIN." if need_manager else "Wrong PIN.")


def _has_manager(ctx: AppContext) -> bool:
    with ctx.read() as session:
        return session.scalars(select(Staff.id).where(Staff.role == "manager", Staff.active.is_(True))).first() \
            is not None


def require_manager(ctx: AppContext, manager_pin: str | None, reason: str) -> StaffView:
    if not manager_pin:
        raise PermissionDenied("manager_pin_required", f"{reason} needs a manager PIN.")
    return sign_in(ctx, manager_pin, need_manager=True)


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
