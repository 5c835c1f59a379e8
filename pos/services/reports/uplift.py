"""Campaign uplift (SPEC §11): the members who got a campaign's coupon against its random holdout,
over the N days after the campaign started (default `lifecycle.uplift_days`): buyers %, revenue per
member, coupon cost, and incremental revenue with its 95 % interval (pos.loyalty.uplift, scipy.stats).
Also the distribution of days from coupon issue to use. Read with one grouped statement per group
(sales joined to the campaign's coupons or holdout rows on the member, in the window).

One store's uplift (`--store`, a store manager's default; `STORE` in the session as for every report,
pos.services.reports.queries): both groups are the members that store enrolled (the holdout is drawn
at random from all members, so it stays a random share of theirs), their sales booked there, and the
coupons used there. Coupon-use days: the coupons used at the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.db.models import Campaign, CampaignHoldout, Coupon, CouponRedemption, ReportCouponUse, Sale
from pos.errors import BadInput, NotFound
from pos.loyalty.uplift import Outcome, Uplift, uplift
from pos.services.context import AppContext
from pos.services.reports import queries as q
from pos.services.staff.roles import require_manager_id, store_scope

MAX_DAYS = 366
# the last bucket starts at pos.services.sales.rollups.USE_DAYS_CAP (the rollups keep days up to it)
USE_DAY_BUCKETS = ((0, 0, "0"), (1, 1, "1"), (2, 3, "2-3"), (4, 7, "4-7"), (8, 14, "8-14"), (15, 30, "15-30"),
                   (31, None, "31+"))


@dataclass(frozen=True)
class CampaignUplift:
    campaign_id: int
    name: str
    started: datetime
    days: int
    coupon_cost_fen: int
    buyers_issued: int
    buyers_holdout: int
    revenue_issued_fen: int
    revenue_holdout_fen: int
    result: Uplift

    @property
    def net_fen(self) -> int:
        """Incremental revenue less what the coupons cost."""
        return self.result.incremental_revenue_fen - self.coupon_cost_fen


def _outcomes(session: Session, members, window: tuple[datetime, datetime]) -> tuple[list[Outcome], int, int]:
    """(outcomes, buyers, revenue) of the members of a group (a select of member ids)."""
    ids = members.subquery()
    n = int(session.scalar(select(func.count()).select_from(ids)) or 0)
    rows = session.execute(select(Sale.member_id, func.sum(Sale.total_fen))
                           .join(ids, ids.c.member_id == Sale.member_id)
                           .where(Sale.created_at >= window[0], Sale.created_at < window[1],
                                  q.at_store(session, Sale.store_id))
                           .group_by(Sale.member_id)).all()
    outcomes = [Outcome(True, int(total)) for _, total in rows] + [Outcome(False, 0)] * (n - len(rows))
    return outcomes, len(rows), sum(int(total) for _, total in rows)


def uplift_of(session: Session, campaign: Campaign, days: int) -> CampaignUplift:
    window = (campaign.created_at, campaign.created_at + timedelta(days=days))
    issued_ids = select(Coupon.member_id.label("member_id")).where(
        Coupon.campaign_id == campaign.id, Coupon.member_id.is_not(None), q.member_at_store(session, Coupon.member_id))
    held_ids = select(CampaignHoldout.member_id.label("member_id")).where(
        CampaignHoldout.campaign_id == campaign.id, q.member_at_store(session, CampaignHoldout.member_id))
    issued, buyers_i, revenue_i = _outcomes(session, issued_ids, window)
    held, buyers_h, revenue_h = _outcomes(session, held_ids, window)
    cost = session.scalar(select(func.coalesce(func.sum(CouponRedemption.discount_fen), 0))
                          .join(Coupon, Coupon.id == CouponRedemption.coupon_id)
                          .where(Coupon.campaign_id == campaign.id, CouponRedemption.at < window[1],
                                 q.at_store(session, CouponRedemption.store_id)))
    return CampaignUplift(campaign.id, campaign.name, campaign.created_at, days, int(cost or 0), buyers_i, buyers_h,
                          revenue_i, revenue_h, uplift(issued, held))


def campaign_uplift(ctx: AppContext, actor_id: int, campaign_id: int, days: int | None = None, *,
                    store_id: int | None = None) -> CampaignUplift:
    """`store_id`: one store's uplift (None: the chain's); a store manager's own store whatever is asked."""
    days = ctx.config.lifecycle.uplift_days if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise BadInput("days_invalid", f"days must be between 1 and {MAX_DAYS}")
    with ctx.write() as session:       # a refusal is audited
        store_id = store_scope(session, require_manager_id(session, actor_id, "Reports"), store_id, "Reports")
    with ctx.read() as session:
        session.info[q.STORE] = store_id
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound("campaign_not_found", f"No campaign {campaign_id}.")
        return uplift_of(session, campaign, days)


def campaigns_with_holdout(session: Session, since: datetime, until: datetime, days: int) -> list[CampaignUplift]:
    """Cost against incremental revenue of every campaign with a holdout started in the range."""
    campaigns = session.scalars(select(Campaign).where(Campaign.created_at >= since, Campaign.created_at < until,
                                                       Campaign.holdout > 0).order_by(Campaign.id))
    return [uplift_of(session, c, days) for c in campaigns]


def use_days(session: Session, since: datetime, until: datetime) -> list[tuple[str, int]]:
    """Coupons used in the range (whole days) by whole days from issue to use, in buckets: from the
    coupon-use rollups (pos/services/sales/rollups.py, per day x store x days, kept by checkout; #19)."""
    counts: Counter[str] = Counter()
    rows = session.execute(select(ReportCouponUse.days, func.sum(ReportCouponUse.uses))
                           .where(ReportCouponUse.day >= since.date(), ReportCouponUse.day < until.date(),
                                  q.at_store(session, ReportCouponUse.store_id))
                           .group_by(ReportCouponUse.days))
    for days, n in rows:
        counts[use_day_bucket(int(days))] += int(n or 0)
    return [(label, counts[label]) for _, _, label in USE_DAY_BUCKETS]


def use_day_bucket(days: int) -> str:
    return next(label for low, high, label in USE_DAY_BUCKETS if days <= (high if high is not None else days)
                and days >= low)
