"""The aggregate SQL behind pos.services.reports.summary: each function is one query (GROUP BY in the
database), written once for SQLite and PostgreSQL.

One store's report (`pos report ... --store`, a store manager's default): the report's session
carries the store (`STORE` in session.info) and every query adds its condition: sales and coupon
uses where they were booked, member figures by the store that enrolled the member. So sales,
revenue, coupons redeemed and member counts of the stores add up to the chain's; buyers of a
repeat-purchase report do not (a member buying in two stores is a buyer of each)."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import case, exists, func, literal, select
from sqlalchemy.orm import Session

from pos.db.models import (
    AuditEntry,
    Campaign,
    Coupon,
    CouponRedemption,
    Member,
    PointsLot,
    ReportDay,
    ReportTierMove,
    Sale,
)
from pos.services.members import upgrade_rollups
from pos.services.sales import repeat_rollups

STORE = "report_store_id"


def _in(column, since: datetime, until: datetime):
    return (column >= since) & (column < until)


def _store(session: Session):
    return session.info.get(STORE)


def _at_store(session: Session, column):
    """`column` (a store_id) is the report's store; always true for the chain's report."""
    store = _store(session)
    return literal(True) if store is None else column == store


def _member_at_store(session: Session, member_id):
    """The member was enrolled at the report's store: a lookup by primary key per row (an IN list of the
    store's members is built again by every statement: 12 monthly statements, 12 builds)."""
    store = _store(session)
    return literal(True) if store is None else exists().where(Member.id == member_id, Member.store_id == store)


at_store, member_at_store = _at_store, _member_at_store     # for the reports of other modules


def repeat_buyers_in(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """Buyers and repeat buyers (two sales or more) of whole days [since, until), from the repeat rollups
    (pos/services/sales/repeat_rollups.py, kept exact at checkout): a month reads ~30 x 365 rows of a scope,
    the year ~365 x 365, instead of grouping every sale of the range by member (#19, round four). One
    store's: its own sales only (a member buying in two stores is a buyer of each)."""
    return repeat_rollups.counts(session, _store(session), since.date(), until.date())


def members_enrolled_before(session: Session, moment: datetime) -> int:
    return session.scalar(select(func.count(Member.id)).where(Member.enrolled_at < moment,
                                                              _at_store(session, Member.store_id))) or 0


def members_upgraded(session: Session, since: datetime, until: datetime) -> int:
    """Distinct members upgraded in whole days [since, until), from the upgrade rollups
    (pos/services/members/upgrade_rollups.py, kept exact by every upgrade's writer): days x days x tiers
    rows of the scope instead of COUNT(DISTINCT member_id) over the range's upgrades (#19, round five).
    One store's: by tier_history.store_id, the member's store."""
    return upgrade_rollups.counts(session, _store(session), since.date(), until.date())[0]


def upgrades_by_tier(session: Session, since: datetime, until: datetime) -> dict[str, int]:
    """Distinct members upgraded to each tier in whole days [since, until) (tiers with none left out)."""
    return upgrade_rollups.counts(session, _store(session), since.date(), until.date())[1]


def coupons_by_campaign(session: Session, since: datetime, until: datetime) -> list[tuple[str, int, int]]:
    """Coupons issued in the range per campaign (others together), and how many of them were used (for
    one store: coupons are chain-wide, so issued ones are the chain's and used ones those used there)."""
    name = func.coalesce(Campaign.name, literal("(no campaign)"))
    rows = session.execute(
        select(name, func.count(Coupon.id), func.count(CouponRedemption.id))
        .outerjoin(Campaign, Campaign.id == Coupon.campaign_id)
        .outerjoin(CouponRedemption, (CouponRedemption.coupon_id == Coupon.id)
                   & _at_store(session, CouponRedemption.store_id))
        .where(_in(Coupon.issued_at, since, until))
        .group_by(Coupon.campaign_id, Campaign.name).order_by(func.min(Coupon.id))).all()
    return [(str(n), int(i), int(u)) for n, i, u in rows]


def points_by_tier(session: Session) -> dict[str, tuple[int, int]]:
    """tier -> (members holding points, outstanding points)."""
    rows = session.execute(
        select(Member.tier_key, func.count(Member.id), func.coalesce(func.sum(Member.points_balance), 0))
        .where(Member.points_balance > 0, _at_store(session, Member.store_id)).group_by(Member.tier_key)).all()
    return {k: (int(n), int(p)) for k, n, p in rows}


def expiring_by_tier(session: Session, first: date, last: date) -> dict[str, int]:
    """tier -> points of open lots expiring first..last (lots from the covering expiry index)."""
    rows = session.execute(
        select(Member.tier_key, func.sum(PointsLot.remaining))
        .join(Member, Member.id == PointsLot.member_id)
        .where(PointsLot.remaining > 0, PointsLot.expires_on >= first, PointsLot.expires_on <= last,
               _at_store(session, Member.store_id))
        .group_by(Member.tier_key)).all()
    return {k: int(p or 0) for k, p in rows}


def tier_moves(session: Session, since: datetime | None, until: datetime) -> dict[tuple[str | None, str], int]:
    """(from tier, to tier) -> changes in [since, until) (whole days; since None: from the beginning).

    Every writer records from_key = the member's tier before the change (None when enrolling), so
    per member the moves telescope: members per tier at a moment = entries into it minus exits out
    of it before that moment. Read from the tier-move rollups (pos/services/members/rollups.py: per
    day x member's store x move, kept exact by every tier_history writer): a year is ~365 x stores x
    moves rows instead of an index range of every tier change (#19, round two)."""
    when = ReportTierMove.day < until.date()
    if since is not None:
        when = when & (ReportTierMove.day >= since.date())
    return {(f or None, t): int(n) for f, t, n in session.execute(
        select(ReportTierMove.from_key, ReportTierMove.to_key, func.sum(ReportTierMove.changes))
        .where(when, _at_store(session, ReportTierMove.store_id))
        .group_by(ReportTierMove.from_key, ReportTierMove.to_key)) if n}


def sales_in(session: Session, since: datetime, until: datetime) -> tuple[int, int, int, int]:
    """(sales, revenue fen, member sales, member revenue fen) in [since, until) (whole days) from the
    report rollups (pos/services/sales/rollups.py: per day x store x tier, kept exact at checkout):
    a year reads ~365 x stores x tiers rows instead of a range of millions of sales (#19)."""
    is_member = ReportDay.tier_key != ""
    n, total, member_n, member_total = session.execute(
        select(func.coalesce(func.sum(ReportDay.sales), 0), func.coalesce(func.sum(ReportDay.revenue_fen), 0),
               func.coalesce(func.sum(case((is_member, ReportDay.sales), else_=0)), 0),
               func.coalesce(func.sum(case((is_member, ReportDay.revenue_fen), else_=0)), 0))
        .where(ReportDay.day >= since.date(), ReportDay.day < until.date(),
               _at_store(session, ReportDay.store_id))).one()
    return int(n), int(total), int(member_n), int(member_total)


def sales_by_day(session: Session, since: datetime, until: datetime) -> dict[date, tuple[int, int, int]]:
    """day -> (sales, revenue fen, member sales) in [since, until) (whole days) from the report rollups:
    a month of a store's days in one statement (366 statements for a year took 1.3 s at 100k members on
    a loaded machine, mostly per-statement overhead)."""
    is_member = ReportDay.tier_key != ""
    rows = session.execute(
        select(ReportDay.day, func.sum(ReportDay.sales), func.sum(ReportDay.revenue_fen),
               func.sum(case((is_member, ReportDay.sales), else_=0)))
        .where(ReportDay.day >= since.date(), ReportDay.day < until.date(), _at_store(session, ReportDay.store_id))
        .group_by(ReportDay.day)).all()
    return {_as_date(day): (int(n or 0), int(total or 0), int(member_n or 0)) for day, n, total, member_n in rows}


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def offline_overdraws(session: Session, since: datetime, until: datetime) -> list[tuple]:
    """(day, receipt no, member id, points, coupon, value in fen) of the `offline_overdraw` audit entries
    in the range; the store's own when the report is one store's (the sale's store)."""
    query = (select(AuditEntry.at, AuditEntry.target, AuditEntry.details)
             .where(AuditEntry.action == "offline_overdraw", AuditEntry.at >= since, AuditEntry.at < until)
             .order_by(AuditEntry.id))
    if _store(session) is not None:
        query = query.where(AuditEntry.target.in_(select(Sale.receipt_no).where(_at_store(session, Sale.store_id))))
    rows = []
    for at, target, details in session.execute(query):
        found = json.loads(details or "{}")
        rows.append((at.date(), target, found.get("member_id"), int(found.get("points") or 0), found.get("coupon"),
                     int(found.get("value_fen") or 0)))
    return rows
