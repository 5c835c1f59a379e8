"""Privacy: full phone views (audited), erasure on request, manual point adjustments."""

from __future__ import annotations

from dataclasses import dataclass

from pos.db.models import Coupon, Member
from pos.errors import BadInput
from pos.services.context import AppContext
from pos.services.members.lookup import find_member
from pos.services.points import ledger
from pos.services.staff import audit
from pos.services.staff.accounts import require_manager


@dataclass(frozen=True)
class AdjustResult:
    member_id: int
    points: int
    points_balance: int


def full_phone(ctx: AppContext, member_id: int, manager_pin: str | None) -> str:
    manager = require_manager(ctx, manager_pin, "Showing a full phone number")
    with ctx.write() as session:
        member = session.get(Member, member_id)
        if member is None or member.phone is None:
            raise BadInput("member_not_found", "No such member (or the member was erased).")
        audit.record(session, ctx.clock(), "full_phone_viewed", staff_id=manager.id, target=str(member_id))
        return member.phone


def erase_member(ctx: AppContext, phone: str, manager_pin: str | None) -> int:
    """Anonymises: name, phone and birthday are gone; sales stay for the books; coupons are voided."""
    manager = require_manager(ctx, manager_pin, "Erasing a member")
    with ctx.write() as session:
        member = find_member(session, ctx, phone=phone, for_update=True)
        member.phone = member.phone_tail = None
        member.name = ""
        member.birth_month = member.birth_day = None
        member.consent_marketing = False
        member.erased_at = ctx.clock()
        session.query(Coupon).filter(Coupon.member_id == member.id, Coupon.status == "issued").update(
            {"status": "void"}, synchronize_session=False)
        audit.record(session, ctx.clock(), "member_erased", staff_id=manager.id, target=str(member.id))
        return member.id


def adjust_points(ctx: AppContext, phone: str, points: int, reason: str, manager_pin: str | None) -> AdjustResult:
    if not (reason or "").strip():
        raise BadInput("reason_required", "A manual points adjustment needs a reason.")
    if points == 0 or abs(points) > 10_000_000:
        raise BadInput("points_invalid", "Adjust by a non-zero number of points (at most 10,000,000).")
    manager = require_manager(ctx, manager_pin, "A manual points adjustment")
    now = ctx.clock()
    with ctx.write() as session:
        member = find_member(session, ctx, phone=phone, for_update=True)
        balance = ledger.adjust(session, ctx.config.points, member.id, points, now, staff_id=manager.id,
                                reason=reason.strip()[:200])
        audit.record(session, now, "points_adjusted", staff_id=manager.id, target=str(member.id), points=points,
                     reason=reason.strip())
        return AdjustResult(member.id, points, balance)
