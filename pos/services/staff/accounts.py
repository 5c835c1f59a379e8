"""Staff accounts: argon2-hashed unique PINs, back-off and lock-out per till and per staff member, roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, text

from pos.db.engine import dialect_insert
from pos.db.models import Staff, TillPinFailures
from pos.errors import BadInput, NotFound, PermissionDenied, Refusal
from pos.services.context import AppContext
from pos.services.staff import audit

# argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): 36 ms a check here instead
# of 158 ms with argon2-cffi's default (64 MiB, 3 passes, 4 lanes). A 4-6 digit PIN is guessed
# offline in 10^4-10^6 tries whatever the cost; at the till its protection is the lock-out. Hashes
# with other parameters still verify and are replaced at the next successful sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
ROLES = ("cashier", "manager")
BACKOFF_CAP_SECONDS = 60
FAILURE_WINDOW = timedelta(minutes=15)      # wrong PINs further apart than this start the count again
_PIN_CHANGE_LOCK = text("SELECT pg_advisory_xact_lock(7365937253651082)")


@dataclass(frozen=True)
class StaffView:
    id: int
    code: str
    name: str
    role: str
    store_id: int | None = None        # a store manager's (or cashier's) home store; None: the chain

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def _view(staff: Staff) -> StaffView:
    return StaffView(staff.id, staff.code, staff.name, staff.role, staff.store_id)


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def check_pin_format(pin: str, min_length: int = 4) -> None:
    if not (pin and pin.isascii() and pin.isdigit() and min_length <= len(pin) <= 12):
        raise BadInput("pin_invalid_format", f"A PIN is {min_length} to 12 digits.")


def check_new_pin_format(ctx: AppContext, pin: str) -> None:
    """A PIN being set: the store's minimum length (sign-in still takes older, shorter PINs)."""
    check_pin_format(pin, getattr(ctx.config.security, "pin_min_length", 4))


def refuse_taken_pin(session, ctx: AppContext, pin: str, *, actor_id: int | None, target: str,
                     except_id: int | None = None) -> None:
    """Refuses `pin_taken` (not saying whose) when an active staff member other than `except_id`
    has this PIN, and commits the refusal to the audit log. Hashes are salted: each one is verified
    (~36 ms each; a store has few staff)."""
    if session.get_bind().dialect.name == "postgresql":     # two managers must not both set one PIN
        session.execute(_PIN_CHANGE_LOCK)
    others = session.scalars(select(Staff.pin_hash).where(Staff.active.is_(True), Staff.id != (except_id or 0)))
    if any(_verify(pin_hash, pin) for pin_hash in others):
        audit.record(session, ctx.clock(), "pin_refused_taken", staff_id=actor_id, target=target)
        session.commit()
        raise Refusal("pin_taken", "This PIN cannot be used: choose another one.")


def create_staff(ctx: AppContext, code: str, name: str, role: str, pin: str, *,
                 actor_id: int | None = None) -> StaffView:
    """No permission check: for `pos init --demo` (staff.admin.add_staff_member checks the actor)."""
    pin_hash = _hasher.hash(pin)         # ~36 ms: before the write lock is taken
    with ctx.write() as session:
        if session.scalars(select(Staff).where(Staff.code == code)).first():
            raise BadInput("staff_exists", f"staff code '{code}' already exists")
        refuse_taken_pin(session, ctx, pin, actor_id=actor_id, target=code)
        staff = Staff(code=code, name=name, role=role, pin_hash=pin_hash,
                      failed_attempts=0, active=True, created_at=ctx.clock())
        session.add(staff)
        session.flush()
        audit.record(session, ctx.clock(), "staff_added", staff_id=actor_id, target=code, role=role)
        return _view(staff)


def sign_in(ctx: AppContext, pin: str, *, code: str | None = None, need_manager: bool = False) -> StaffView:
    """Finds the staff member whose PIN this is (optionally by code).

    Wrong PINs are counted at this till (ctx.till_id) whether or not a code is given, and for the
    named staff member when one is: after each one the till waits an exponential back-off
    (`pin_backoff`, refused before the PIN is even checked) and after `pin_max_failures` within
    FAILURE_WINDOW its PIN entry locks for `pin_lockout_minutes` (`till_locked`). The counts and the
    audit entries are committed before the refusal is raised.
    """
    check_pin_format(pin)
    now = ctx.clock()
    matched = None
    with ctx.write() as session:
        till = _till_failures(session, ctx.till_id)
        refusal = _throttled(till, now)
        if refusal is None:
            refusal, matched = _attempt(session, ctx, till, pin, code, need_manager, now)
            if refusal is None and matched is not None and _hasher.check_needs_rehash(matched.pin_hash):
                matched.pin_hash = _hasher.hash(pin)      # older parameters: replaced in this transaction
    if refusal is not None:
        raise refusal
    assert matched is not None     # _attempt refuses when no PIN matched
    return _view(matched)


def _attempt(session, ctx: AppContext, till: TillPinFailures, pin: str, code: str | None, need_manager: bool,
             now: datetime) -> tuple[PermissionDenied | None, Staff | None]:
    query = select(Staff).where(Staff.active.is_(True))
    if code:
        query = query.where(Staff.code == code)
    if need_manager:
        query = query.where(Staff.role == "manager")
    candidates = list(session.scalars(query.order_by(Staff.id)))
    matches = [staff for staff in candidates if _verify(staff.pin_hash, pin)]
    if len(matches) > 1:        # set before PINs had to be unique: whose action it is cannot be told
        audit.record(session, now, "pin_not_unique", target=",".join(s.code for s in matches), till=ctx.till_id)
        return PermissionDenied("pin_not_unique", "This PIN belongs to more than one staff member: "
                                "a manager must give them new PINs."), None
    if matches:
        return _signed_in(session, ctx, matches[0], need_manager, now), matches[0]
    _count_failure(session, ctx, till, candidates if code else [], now)
    audit.record(session, now, "pin_failed", target=code or "", manager=need_manager, till=ctx.till_id)
    return PermissionDenied("pin_invalid", "Wrong manager PIN." if need_manager else "Wrong PIN."), None


def _signed_in(session, ctx: AppContext, staff: Staff, need_manager: bool, now: datetime) -> PermissionDenied | None:
    if staff.locked_until and staff.locked_until > now:
        audit.record(session, now, "sign_in_locked", staff_id=staff.id, target=staff.code, till=ctx.till_id)
        return PermissionDenied("staff_locked", f"{staff.name} is locked until {staff.locked_until:%H:%M} "
                                "after repeated wrong PINs.")
    staff.failed_attempts, staff.locked_until = 0, None
    audit.record(session, now, "manager_pin_ok" if need_manager else "sign_in", staff_id=staff.id,
                 target=staff.code, till=ctx.till_id)
    return None


def _till_failures(session, till_id: str) -> TillPinFailures:
    """This till's counter, locked for this transaction (PostgreSQL; SQLite writes are serial)."""
    till_id = till_id[:64]
    insert = dialect_insert(session.get_bind().dialect.name)
    session.execute(insert(TillPinFailures).values(till_id=till_id, failures=0).on_conflict_do_nothing())
    return session.scalars(select(TillPinFailures).where(TillPinFailures.till_id == till_id)
                           .with_for_update()).one()


def _throttled(till: TillPinFailures, now: datetime) -> PermissionDenied | None:
    if till.locked_until and till.locked_until > now:
        return PermissionDenied("till_locked", f"Too many wrong PINs at this till: PIN entry is locked until "
                                f"{till.locked_until:%H:%M}.", retry_after=_seconds(till.locked_until - now))
    if till.failures and till.last_failure_at:
        ready = till.last_failure_at + backoff(till.failures)
        if ready > now:
            wait = _seconds(ready - now)
            return PermissionDenied("pin_backoff", f"Wrong PIN: wait {wait} s before the next try.",
                                    retry_after=wait)
    return None


def backoff(failures: int) -> timedelta:
    """The wait after the n-th wrong PIN at a till: none after one slip of the finger, then 1, 2,
    4... seconds, at most a minute."""
    return timedelta(seconds=min(2 ** (failures - 2), BACKOFF_CAP_SECONDS) if failures > 1 else 0)


def _count_failure(session, ctx: AppContext, till: TillPinFailures, named: list[Staff], now: datetime) -> None:
    """A success does not reset the till's count (a cashier could otherwise interleave their own PIN
    with guesses); it starts again after FAILURE_WINDOW without a wrong PIN. Once at the limit, each
    further wrong PIN in the window locks the till again."""
    sec = ctx.config.security
    if till.last_failure_at is None or now - till.last_failure_at > FAILURE_WINDOW:
        till.failures = 0
    till.failures, till.last_failure_at = till.failures + 1, now
    if till.failures >= sec.pin_max_failures and sec.pin_lockout_minutes > 0:
        till.locked_until = now + timedelta(minutes=sec.pin_lockout_minutes)
        audit.record(session, now, "pin_locked_till", target=till.till_id, failures=till.failures,
                     until=till.locked_until.isoformat())
    for staff in named:
        staff.failed_attempts += 1
        if staff.failed_attempts >= sec.pin_max_failures:
            staff.locked_until = now + timedelta(minutes=sec.pin_lockout_minutes)
            staff.failed_attempts = 0
            audit.record(session, now, "staff_locked", staff_id=staff.id, target=staff.code, till=ctx.till_id)


def _seconds(delta: timedelta) -> int:
    return max(1, ceil(delta.total_seconds()))


def require_active_code(ctx: AppContext, code: str) -> None:
    """NotFound("staff_not_found") unless `code` is an active staff member's."""
    with ctx.read() as session:
        found = session.scalar(select(Staff.id).where(Staff.code == code, Staff.active.is_(True)))
    if found is None:
        raise NotFound("staff_not_found", f"No active staff member with code '{code}'.")


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
