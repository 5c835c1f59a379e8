"""RFM segmentation over the configured window, stored as a dated snapshot.

Aggregation (recency, frequency, monetary, coupon use) and the 1-5 scores are SQL
(NTILE over the window); only the small rule table of pos.loyalty.rfm names segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, insert, select

from pos.db.models import Member, MemberSegment, Sale, SegmentSnapshot
from pos.loyalty.rfm import SEGMENT_NAMES, RfmRow, is_promotion_only, is_whale, segment_name
from pos.services.context import AppContext
from pos.services.standing import window_start


@dataclass(frozen=True)
class SegmentSizes:
    snapshot_id: int
    sizes: dict[str, int]
    whales: int
    promotion_only: int


def compute_segments(ctx: AppContext) -> SegmentSizes:
    now = ctx.clock()
    cfg = ctx.config.segments
    since = window_start(now, cfg.window_days)
    with ctx.write() as session:
        stats = (select(Sale.member_id.label("member_id"),
                        func.max(Sale.created_at).label("last_at"),
                        func.min(Sale.created_at).label("first_at"),
                        func.count(Sale.id).label("frequency"),
                        func.sum(Sale.total_fen).label("monetary"),
                        func.sum(case((Sale.coupon_id.is_not(None), 1), else_=0)).label("coupon_sales"))
                 .where(Sale.member_id.is_not(None), Sale.created_at >= since)
                 .group_by(Sale.member_id).subquery())
        scored = (select(stats, func.ntile(5).over(order_by=stats.c.last_at).label("r"),
                         func.ntile(5).over(order_by=stats.c.frequency).label("f"),
                         func.ntile(5).over(order_by=stats.c.monetary).label("m")).subquery())
        ever_first = (select(Sale.member_id, func.min(Sale.created_at).label("first_ever"),
                             func.max(Sale.created_at).label("last_ever"))
                      .where(Sale.member_id.is_not(None)).group_by(Sale.member_id).subquery())
        rows = session.execute(
            select(Member.id, Member.enrolled_at, scored.c.last_at, scored.c.frequency, scored.c.monetary,
                   scored.c.coupon_sales, scored.c.r, scored.c.f, scored.c.m, ever_first.c.first_ever,
                   ever_first.c.last_ever)
            .outerjoin(scored, scored.c.member_id == Member.id)
            .outerjoin(ever_first, ever_first.c.member_id == Member.id)
            .where(Member.erased_at.is_(None))).all()
        snapshot = SegmentSnapshot(taken_at=now, members=len(rows))
        session.add(snapshot)
        session.flush()
        values, sizes = [], dict.fromkeys(SEGMENT_NAMES, 0)
        whales = promo = 0
        for (mid, enrolled, _last, freq, money, coupon_sales, r, f, m, first_ever, last_ever) in rows:
            row = RfmRow(member_id=mid,
                         recency_days=(now - last_ever).days if last_ever else None,
                         frequency=int(freq or 0), monetary_fen=int(money or 0),
                         first_purchase_days=(now - first_ever).days if first_ever else None,
                         enrolled_days=(now - enrolled).days, coupon_sales=int(coupon_sales or 0))
            name = segment_name(row, int(r or 1), int(f or 1), int(m or 1), cfg)
            whale, promo_only = is_whale(row, cfg), is_promotion_only(row)
            sizes[name] += 1
            whales += whale
            promo += promo_only
            values.append({"snapshot_id": snapshot.id, "member_id": mid, "segment": name, "r": int(r or 0),
                           "f": int(f or 0), "m": int(m or 0), "whale": whale, "promotion_only": promo_only})
        for start in range(0, len(values), 5000):
            session.execute(insert(MemberSegment), values[start:start + 5000])
        return SegmentSizes(snapshot.id, sizes, whales, promo)


