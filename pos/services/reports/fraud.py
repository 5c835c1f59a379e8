"""Fraud signals for managers: busy members, outlier cashiers, enrolment bursts.

Thresholds: a member with `busy_member` or more loyalty transactions (sales with the member,
returns) in one day; a cashier whose redeemed points or refunds are more than
`outlier_factor` × the median of the cashiers (and above a floor); a till or referral code
with `enrol_burst` or more enrolments in one day; any till or staff member whose PIN entry was
locked after repeated wrong PINs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import func, select

from pos.db.models import AuditEntry, Member, Return, Sale, Staff
from pos.errors import BadInput
from pos.services.context import AppContext
from pos.services.staff import audit
from pos.services.staff.roles import require_manager_id

BUSY_MEMBER = 5
OUTLIER_FACTOR = 3
ENROL_BURST = 5


@dataclass(frozen=True)
class Flag:
    kind: str          # busy_member | cashier_redemptions | cashier_refunds | till_enrolments | referral_enrolments
    #                    | till_pin_lockouts | staff_pin_lockouts | referral_refused
    subject: str
    value: int
    detail: str
    # for a screen that words the flag in its own language: who (a member id, staff code, till id) and the
    # detail's figure (busy_member: the day; cashier_*: the median; else "")
    subject_id: str = ""
    figure: str = ""


def fraud_flags(ctx: AppContext, actor_id: int, day: date | None = None, days: int = 7) -> list[Flag]:
    """The flags of the `days` days ending on `day` (default today) for the signed-in manager; audited."""
    if not 1 <= days <= 366:
        raise BadInput("days_invalid", "days must be between 1 and 366")
    with ctx.write() as session:
        manager = require_manager_id(session, actor_id, "Reading fraud signals")
        return _flags(session, ctx, manager.id, day, days)


def _flags(session, ctx: AppContext, manager_id: int, day: date | None, days: int) -> list[Flag]:
    end_day = day or ctx.clock().date()
    start = datetime.combine(end_day - timedelta(days=days - 1), datetime.min.time())
    end = datetime.combine(end_day + timedelta(days=1), datetime.min.time())
    flags = [*_busy_members(session, start, end), *_cashier_outliers(session, start, end),
             *_enrolment_bursts(session, start, end), *_pin_lockouts(session, start, end),
             *_referral_refusals(session, start, end)]
    audit.record(session, ctx.clock(), "fraud_signals_viewed", staff_id=manager_id, flags=len(flags),
                 since=start.date().isoformat())
    return flags


def _busy_members(session, start: datetime, end: datetime) -> list[Flag]:
    day = func.date(Sale.created_at)
    sales = (select(Sale.member_id.label("member_id"), day.label("day"), func.count().label("n"))
             .where(Sale.member_id.is_not(None), Sale.created_at >= start, Sale.created_at < end)
             .group_by(Sale.member_id, day))
    rows = session.execute(sales.having(func.count() >= BUSY_MEMBER)).all()
    return [Flag("busy_member", f"member {mid}", int(n), f"{n} loyalty transactions on {d}", str(mid), str(d)) for mid, d, n in rows]


def _cashier_outliers(session, start: datetime, end: datetime) -> list[Flag]:
    redeemed = dict(session.execute(
        select(Staff.code, func.coalesce(func.sum(Sale.points_redeemed), 0)).join(Sale, Sale.cashier_id == Staff.id)
        .where(Sale.created_at >= start, Sale.created_at < end).group_by(Staff.code)).all())
    refunds = dict(session.execute(
        select(Staff.code, func.coalesce(func.sum(Return.refund_fen), 0)).join(Return, Return.cashier_id == Staff.id)
        .where(Return.created_at >= start, Return.created_at < end).group_by(Staff.code)).all())
    return [*_outliers("cashier_redemptions", redeemed, 1000, "points redeemed"),
            *_outliers("cashier_refunds", refunds, 50000, "fen refunded")]


def _outliers(kind: str, totals: dict[str, int], floor: int, unit: str) -> list[Flag]:
    if len(totals) < 2:
        return []
    typical = median(totals.values())
    return [Flag(kind, f"cashier {code}", int(v), f"{v} {unit} vs median {typical:g}", str(code), f"{typical:g}")
            for code, v in totals.items() if v >= floor and v > OUTLIER_FACTOR * max(typical, 1)]


def _enrolment_bursts(session, start: datetime, end: datetime) -> list[Flag]:
    flags = []
    for kind, column in (("till_enrolments", Member.enrolled_till), ("referral_enrolments", Member.referrer_id)):
        rows = session.execute(select(column, func.count()).where(
            Member.enrolled_at >= start, Member.enrolled_at < end, column.is_not(None))
            .group_by(column).having(func.count() >= ENROL_BURST)).all()
        flags += [Flag(kind, f"{'till' if kind == 'till_enrolments' else 'referrer member'} {key}", int(n),
                       f"{n} enrolments", str(key)) for key, n in rows]
    return flags


def _pin_lockouts(session, start: datetime, end: datetime) -> list[Flag]:
    kinds = {"pin_locked_till": ("till_pin_lockouts", "till"), "staff_locked": ("staff_pin_lockouts", "staff")}
    rows = session.execute(select(AuditEntry.action, AuditEntry.target, func.count()).where(
        AuditEntry.action.in_(kinds), AuditEntry.at >= start, AuditEntry.at < end)
        .group_by(AuditEntry.action, AuditEntry.target)).all()
    return [Flag(kinds[action][0], f"{kinds[action][1]} {target}", int(n), f"{n} PIN lock-out(s) after wrong PINs", str(target))
            for action, target, n in rows]


def _referral_refusals(session, start: datetime, end: datetime) -> list[Flag]:
    """Every refused referral (self-referral, a referrer over the monthly limit) is a flag on its code."""
    rows = session.execute(select(AuditEntry.target, func.count()).where(
        AuditEntry.action == "referral_refused", AuditEntry.at >= start, AuditEntry.at < end)
        .group_by(AuditEntry.target)).all()
    return [Flag("referral_refused", f"referral code {target}", int(n), f"{n} refused referral(s)")
            for target, n in rows]
