"""One member as the manager sees it, and manual point adjustments (the one use case the console's
member detail and `pos points adjust` share).

Manager-only: each use case checks `actor_id` in the database inside its own unit of work
(pos.services.staff.roles); opening a member's details is audited (`member_viewed`). Histories are
capped (newest 200) so a member with years of visits opens fast; every list is read with the
member's own index (sales, ledger, tier history, coupons by member id).
Points expiring are computed live here (the member list shows the snapshot figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import Coupon, LedgerEntry, Return, Sale, SaleLine, TierChange
from pos.errors import BadInput
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.members.listing import birthday_text
from pos.services.members.phones import mask_phone
from pos.services.members.privacy import REDACTED_REASON, listed_member
from pos.services.members.standing import coupon_terms, standing
from pos.services.points import ledger
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id

HISTORY = 200
MAX_ADJUST = 10_000_000


@dataclass(frozen=True)
class PointsAdjusted:
    member_id: int
    points: int
    points_balance: int
    changes: Changes


@dataclass(frozen=True)
class TierHistoryRow:
    at: datetime
    from_tier: str | None
    to_tier: str
    reason: str


@dataclass(frozen=True)
class LedgerRow:
    at: datetime
    kind: str
    points: int
    balance_after: int
    reason: str
    receipt_no: str | None
    reason_key: str = ""                 # see reason_parts: a screen words the reason in its own language
    reason_args: tuple[str, ...] = ()


# The reasons the services write into the ledger (checkout, returns, expiry, erasure) as a stable key and
# its arguments; a reason a manager typed (an adjustment) has the key "" and itself as its argument.
_REASONS = ((re.compile(r"earned on (\S+)"), "earned_on"), (re.compile(r"redeemed on (\S+)"), "redeemed_on"),
            (re.compile(r"expired (\S+)"), "expired"),
            (re.compile(r"return (\S+) \((\d+) already spent\)"), "return_spent"),
            (re.compile(r"return (\S+)"), "return"))


def reason_parts(kind: str, reason: str) -> tuple[str, tuple[str, ...]]:
    if reason == REDACTED_REASON:
        return "redacted", ()
    if kind != "adjust":
        for pattern, key in _REASONS:
            match = pattern.fullmatch(reason)
            if match:
                return key, match.groups()
    return "", (reason,)


@dataclass(frozen=True)
class SaleSummary:
    receipt_no: str
    at: datetime
    total_fen: int
    points_earned: int
    points_redeemed: int
    returned: bool


@dataclass(frozen=True)
class ReturnSummary:
    return_no: str
    receipt_no: str
    at: datetime
    refund_fen: int
    points_reversed: int


@dataclass(frozen=True)
class CouponRow:
    code: str
    title: str
    status: str
    valid_to: datetime
    title_zh: str = ""


@dataclass(frozen=True)
class MemberDetail:
    member_id: int
    phone_masked: str
    name: str
    birthday: str
    consent_marketing: bool
    consent_at: datetime | None
    referral_code: str
    enrolled_at: datetime
    tier_key: str
    tier_name: str
    growth: int
    to_next_tier_fen: int | None
    points: int
    points_expiring: int
    segment: str
    tier_history: tuple[TierHistoryRow, ...]
    ledger: tuple[LedgerRow, ...]
    sales: tuple[SaleSummary, ...]
    returns: tuple[ReturnSummary, ...]
    coupons: tuple[CouponRow, ...]


def member_detail(ctx: AppContext, actor_id: int, member_id: int) -> MemberDetail:
    with ctx.write() as session:
        require_manager_id(session, actor_id, "Opening a member's details")
        member = listed_member(session, member_id)
        now = ctx.clock()
        audit.record(session, now, "member_viewed", staff_id=actor_id, target=str(member.id))
        st = standing(session, member, ctx.config, now)
        tier = next((t for t in ctx.config.tiers if t.key == member.tier_key), None)
        return MemberDetail(
            member_id=member.id, phone_masked=mask_phone(member.phone), name=member.name,
            birthday=birthday_text(member.birth_month, member.birth_day),
            consent_marketing=member.consent_marketing, consent_at=member.consent_at,
            referral_code=member.referral_code, enrolled_at=member.enrolled_at, tier_key=member.tier_key,
            tier_name=tier.name if tier else member.tier_key, growth=st.growth,
            to_next_tier_fen=st.progress.to_next_fen if st.progress.next_tier else None,
            points=member.points_balance, points_expiring=st.points_expiring, segment=st.segment or "",
            tier_history=_tier_history(session, member.id), ledger=_ledger(session, member.id),
            sales=_sales(session, member.id), returns=_returns(session, member.id),
            coupons=_coupons(session, member.id))


def adjust_points(ctx: AppContext, actor_id: int, member_id: int, points: int, reason: str) -> PointsAdjusted:
    """Adds (or with a negative number takes) points; the balance never goes below zero."""
    reason = checked_adjustment(points, reason)
    now = ctx.clock()
    with ctx.write() as session:
        require_manager_id(session, actor_id, "A manual points adjustment")
        member = listed_member(session, member_id, for_update=True)
        balance = ledger.adjust(session, ctx.config.points, member.id, points, now, staff_id=actor_id,
                                reason=reason[:200])
        audit.record(session, now, "points_adjusted", staff_id=actor_id, target=str(member.id), points=points,
                     reason=reason)
    return PointsAdjusted(member_id, points, balance, Changes(members=frozenset({member_id}), points=True))


def checked_adjustment(points: int, reason: str) -> str:
    """The reason, trimmed, of a valid adjustment; BadInput otherwise."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("reason_required", "A manual points adjustment needs a reason.")
    if not isinstance(points, int) or points == 0 or abs(points) > MAX_ADJUST:
        raise BadInput("points_invalid", f"Adjust by a non-zero number of points (at most {MAX_ADJUST:,}).")
    return reason


def _tier_history(session: Session, member_id: int) -> tuple[TierHistoryRow, ...]:
    rows = session.scalars(select(TierChange).where(TierChange.member_id == member_id)
                           .order_by(TierChange.at.desc(), TierChange.id.desc()).limit(HISTORY))
    return tuple(TierHistoryRow(r.at, r.from_key, r.to_key, r.reason) for r in rows)


def _ledger(session: Session, member_id: int) -> tuple[LedgerRow, ...]:
    rows = session.execute(select(LedgerEntry, Sale.receipt_no).outerjoin(Sale, Sale.id == LedgerEntry.sale_id)
                           .where(LedgerEntry.member_id == member_id)
                           .order_by(LedgerEntry.at.desc(), LedgerEntry.id.desc()).limit(HISTORY))
    return tuple(LedgerRow(e.at, e.kind, e.points, e.balance_after, e.reason, receipt, *reason_parts(e.kind, e.reason))
                 for e, receipt in rows)


def _sales(session: Session, member_id: int) -> tuple[SaleSummary, ...]:
    returned = (select(SaleLine.id).where(SaleLine.sale_id == Sale.id, SaleLine.returned_qty > 0)
                .exists())
    rows = session.execute(select(Sale, returned).where(Sale.member_id == member_id)
                           .order_by(Sale.created_at.desc(), Sale.id.desc()).limit(HISTORY))
    return tuple(SaleSummary(s.receipt_no, s.created_at, s.total_fen, s.points_earned, s.points_redeemed,
                             bool(was_returned)) for s, was_returned in rows)


def _returns(session: Session, member_id: int) -> tuple[ReturnSummary, ...]:
    rows = session.execute(select(Return, Sale.receipt_no).join(Sale, Sale.id == Return.sale_id)
                           .where(Return.member_id == member_id)
                           .order_by(Return.created_at.desc(), Return.id.desc()).limit(HISTORY))
    return tuple(ReturnSummary(r.return_no, receipt, r.created_at, r.refund_fen, r.points_reversed)
                 for r, receipt in rows)


def _coupons(session: Session, member_id: int) -> tuple[CouponRow, ...]:
    rows = session.scalars(select(Coupon).where(Coupon.member_id == member_id)
                           .order_by(Coupon.valid_to.desc(), Coupon.id.desc()).limit(HISTORY))
    return tuple(CouponRow(c.code, coupon_terms(c).describe("en"), c.status, c.valid_to, coupon_terms(c).describe("zh"))
                 for c in rows)
