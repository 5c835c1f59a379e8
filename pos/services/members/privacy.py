"""A member's personal data: the full phone number (audited) and erasure on request. Managers only.

Each use case checks `actor_id` in the database inside its own unit of work
(pos.services.staff.roles); the CLI and the console resolve the acting manager at their edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.db.models import Coupon, Member
from pos.errors import NotFound
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id


@dataclass(frozen=True)
class Erased:
    member_id: int
    coupons_voided: int
    changes: Changes


def reveal_phone(ctx: AppContext, actor_id: int, member_id: int) -> str:
    """The full phone number, audited as `full_phone_viewed`."""
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Showing a full phone number")
        member = listed_member(session, member_id)
        audit.record(session, ctx.clock(), "full_phone_viewed", staff_id=actor_id, target=str(member.id))
        return member.phone


def erase_member(ctx: AppContext, actor_id: int, member_id: int) -> Erased:
    """Anonymises: name, phone and birthday are gone; sales stay for the books; coupons are voided."""
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Erasing a member")
        member = listed_member(session, member_id, for_update=True)
        member.phone = member.phone_tail = None
        member.name = ""
        member.birth_month = member.birth_day = None
        member.consent_marketing = False
        member.erased_at = ctx.clock()
        voided = session.query(Coupon).filter(Coupon.member_id == member.id, Coupon.status == "issued").update(
            {"status": "void"}, synchronize_session=False)
        audit.record(session, ctx.clock(), "member_erased", staff_id=actor_id, target=str(member.id))
        return Erased(member.id, voided, Changes(members=frozenset({member.id}), coupons=bool(voided)))


def listed_member(session: Session, member_id: int, *, for_update: bool = False) -> Member:
    """The member with this id, unless there is none or they were erased."""
    member = session.get(Member, member_id, with_for_update=for_update)
    if member is None or member.erased_at is not None:
        raise NotFound("member_not_found", f"No member with id {member_id} (or the member was erased).")
    return member
