"""RFM segmentation in SQL, stored as a dated snapshot, plus the per-member list statistics.

Why it looks like this:
- One INSERT ... SELECT computes every member's row: a single GROUP BY pass over sales gives the
  all-time first/last purchase and the in-window recency, frequency, spend and coupon use; NTILE(5)
  window functions give the 1-5 scores (SQLite >= 3.25 and PostgreSQL alike). No Python loop over
  members.
- Ties: pos.loyalty.rfm.quintile_scores (the reference) gives equal values the score of the first
  of them; plain NTILE would split ties arbitrarily. NTILE of the first tied row is arithmetic on
  its RANK() and the row count, so each score costs one sort (measured: half the time of NTILE
  followed by MIN(...) OVER (PARTITION BY value)).
- The segment names are a SQL CASE mirroring pos.loyalty.rfm.segment_name. Day thresholds come from
  the configuration as cut-off timestamps: `(now - t).days >= n` is exactly `t <= now - n days`,
  and `(now - t).days <= n` is `t > now - (n + 1) days`. tests/services/test_segments_sql.py checks
  the SQL result equals the Python rules member by member.
- The member list needs 365-day spend, visits, segment and expiring points for 1M members, sortable
  and indexed. A rolling window cannot be kept exact incrementally, so this job copies them onto
  `members` (columns with their own list indexes); the list shows the snapshot date beside them.
  That copy runs in chunks of member ids, one short transaction each, so on SQLite the tills'
  writes are never held up for longer than one chunk; only changed rows are written.
- Per-member rows of older snapshots are deleted (a weekly 1M-row snapshot would pile up); the
  segment sizes of each snapshot stay on the snapshot row (`counts`) for "change since last time".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Date, DateTime, bindparam, func, select, text
from sqlalchemy.orm import Session

from pos.config import SegmentsConfig
from pos.db.models import Member, MemberSegment, SegmentSnapshot
from pos.loyalty.rfm import SEGMENT_NAMES
from pos.services.context import AppContext
from pos.services.member_list import forget_pages

WHALE, PROMOTION_ONLY = "Whale", "Promotion-only"
OVERVIEW_NAMES = (*SEGMENT_NAMES, WHALE, PROMOTION_ONLY)
CHUNK = 100_000

_RFM_INSERT = """
INSERT INTO member_segments (snapshot_id, member_id, segment, r, f, m, whale, promotion_only,
                             spend_fen, visits, points_expiring)
WITH agg AS (
    SELECT member_id, MIN(created_at) AS first_ever, MAX(created_at) AS last_ever,
           MAX(CASE WHEN created_at >= :since THEN created_at END) AS last_at,
           SUM(CASE WHEN created_at >= :since THEN 1 ELSE 0 END) AS frequency,
           SUM(CASE WHEN created_at >= :since THEN total_fen ELSE 0 END) AS monetary,
           SUM(CASE WHEN created_at >= :since AND coupon_id IS NOT NULL THEN 1 ELSE 0 END) AS coupon_sales
    FROM sales WHERE member_id IS NOT NULL GROUP BY member_id
), ranked AS (
    SELECT agg.*, frequency > 0 AS scored, COUNT(*) OVER (PARTITION BY frequency > 0) AS n,
           RANK() OVER (PARTITION BY frequency > 0 ORDER BY last_at) - 1 AS r0,
           RANK() OVER (PARTITION BY frequency > 0 ORDER BY frequency) - 1 AS f0,
           RANK() OVER (PARTITION BY frequency > 0 ORDER BY monetary) - 1 AS m0
    FROM agg
), s AS (
    SELECT ranked.*, {r} AS r, {f} AS f, {m} AS m FROM ranked
)
SELECT :snapshot_id, mb.id, {segment_case},
       CASE WHEN s.scored THEN s.r ELSE 0 END, CASE WHEN s.scored THEN s.f ELSE 0 END,
       CASE WHEN s.scored THEN s.m ELSE 0 END,
       s.monetary >= :whale_fen, s.frequency > 0 AND s.coupon_sales = s.frequency,
       s.monetary, s.frequency, {expiring}
FROM s JOIN members mb ON mb.id = s.member_id
WHERE mb.erased_at IS NULL
UNION ALL
SELECT :snapshot_id, mb.id, CASE WHEN mb.enrolled_at > :new_cut THEN 'New' ELSE 'Lost' END, 0, 0, 0,
       0 >= :whale_fen, 1 = 0, 0, 0, {expiring}
FROM members mb
WHERE mb.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM sales WHERE sales.member_id = mb.id)
"""

# pos.loyalty.rfm.segment_name for members who ever bought (the never-bought rule is the second
# SELECT above), first matching rule wins; r/f/m of a member without sales in the window count as 1
_SEGMENT_CASE = """CASE
    WHEN s.last_ever <= :lost_cut THEN 'Lost'
    WHEN s.last_ever <= :hibernating_cut THEN 'Hibernating'
    WHEN s.last_ever <= :at_risk_cut THEN 'At risk'
    WHEN s.first_ever > :new_cut THEN 'New'
    WHEN {r} >= 4 AND {f} >= 4 AND {m} >= 4 THEN 'Champions'
    WHEN {f} >= 4 OR ({f} >= 3 AND {m} >= 4) THEN 'Loyal'
    ELSE 'Potential' END""".format(r="(CASE WHEN s.scored THEN s.r ELSE 1 END)",
                                   f="(CASE WHEN s.scored THEN s.f ELSE 1 END)",
                                   m="(CASE WHEN s.scored THEN s.m ELSE 1 END)")

_EXPIRING = """(SELECT COALESCE(SUM(remaining), 0) FROM points_lots
    WHERE points_lots.member_id = mb.id AND remaining > 0 AND expires_on <= :horizon)"""

_COPY_TO_MEMBERS = """
UPDATE members SET segment = ms.segment, spend_365_fen = ms.spend_fen, visits_365 = ms.visits,
                   points_expiring = ms.points_expiring
FROM member_segments ms
WHERE ms.snapshot_id = :snapshot_id AND ms.member_id = members.id AND members.id BETWEEN :low AND :high
  AND (members.segment <> ms.segment OR members.spend_365_fen <> ms.spend_fen
       OR members.visits_365 <> ms.visits OR members.points_expiring <> ms.points_expiring)
"""


@dataclass(frozen=True)
class SegmentSizes:
    snapshot_id: int
    sizes: dict[str, int]
    whales: int
    promotion_only: int


@dataclass(frozen=True)
class SegmentCount:
    name: str
    count: int
    previous_count: int | None     # None: there is no earlier snapshot
    change: int | None


@dataclass(frozen=True)
class SegmentOverview:
    taken_at: datetime | None
    previous_taken_at: datetime | None
    rows: tuple[SegmentCount, ...]


def rfm_parameters(now: datetime, cfg: SegmentsConfig, expiring_days: int) -> dict[str, object]:
    """The configuration's day counts as cut-off timestamps (see the module doc for the equivalence)."""
    return {"since": now - timedelta(days=cfg.window_days), "new_cut": now - timedelta(days=cfg.new_days + 1),
            "lost_cut": now - timedelta(days=cfg.lost_days),
            "hibernating_cut": now - timedelta(days=cfg.hibernating_days),
            "at_risk_cut": now - timedelta(days=cfg.at_risk_days),
            "horizon": now.date() + timedelta(days=expiring_days), "whale_fen": cfg.whale_spend_fen}


def _ntile(rank0: str) -> str:
    """NTILE(5) of the first row among ties, from its 0-based RANK among n rows (pos.loyalty.rfm.ntile):
    one sort per score instead of NTILE plus MIN over the tied values."""
    size, extra = "(n / 5)", "(n % 5)"
    big = f"({extra} * ({size} + 1))"
    return (f"(CASE WHEN {rank0} < {big} THEN {rank0} / ({size} + 1) + 1 "
            f"ELSE {extra} + ({rank0} - {big}) / NULLIF({size}, 0) + 1 END)")


def rfm_statement():
    datetimes = ("since", "new_cut", "lost_cut", "hibernating_cut", "at_risk_cut")
    return text(_RFM_INSERT.format(segment_case=_SEGMENT_CASE, expiring=_EXPIRING, r=_ntile("r0"),
                                   f=_ntile("f0"), m=_ntile("m0"))).bindparams(
        *(bindparam(name, type_=DateTime()) for name in datetimes), bindparam("horizon", type_=Date()))


def compute_segments(ctx: AppContext) -> SegmentSizes:
    now = ctx.clock()
    params = rfm_parameters(now, ctx.config.segments, ctx.config.receipt.expiring_days)
    with ctx.write() as session:
        snapshot = SegmentSnapshot(taken_at=now, members=0)
        session.add(snapshot)
        session.flush()
        session.execute(rfm_statement(), {**params, "snapshot_id": snapshot.id})
        counts = _snapshot_counts(session, snapshot.id)
        snapshot.members = sum(counts[name] for name in SEGMENT_NAMES)
        snapshot.counts = json.dumps(counts)
        snapshot_id, top = snapshot.id, session.scalar(select(func.max(Member.id))) or 0
    _copy_to_members(ctx, snapshot_id, top)
    forget_pages()
    return SegmentSizes(snapshot_id, {name: counts[name] for name in SEGMENT_NAMES}, counts[WHALE],
                        counts[PROMOTION_ONLY])


def _snapshot_counts(session: Session, snapshot_id: int) -> dict[str, int]:
    of_snapshot = MemberSegment.snapshot_id == snapshot_id
    counts = dict.fromkeys(OVERVIEW_NAMES, 0)
    counts.update({name: int(n) for name, n in session.execute(
        select(MemberSegment.segment, func.count()).where(of_snapshot).group_by(MemberSegment.segment))})
    counts[WHALE] = session.scalar(select(func.count()).where(of_snapshot, MemberSegment.whale.is_(True))) or 0
    counts[PROMOTION_ONLY] = session.scalar(
        select(func.count()).where(of_snapshot, MemberSegment.promotion_only.is_(True))) or 0
    return counts


def _copy_to_members(ctx: AppContext, snapshot_id: int, top_id: int) -> None:
    """Stats onto members and old per-member rows away, a chunk of ids per (short) transaction."""
    for low in range(0, top_id + 1, CHUNK):
        bounds = {"snapshot_id": snapshot_id, "low": low, "high": low + CHUNK - 1}
        with ctx.write() as session:
            session.execute(text(_COPY_TO_MEMBERS), bounds)
            session.execute(text("DELETE FROM member_segments WHERE snapshot_id < :snapshot_id "
                                 "AND member_id BETWEEN :low AND :high"), bounds)


def latest_snapshot(session: Session) -> SegmentSnapshot | None:
    return session.scalars(select(SegmentSnapshot).order_by(SegmentSnapshot.id.desc()).limit(1)).first()


def segment_overview(ctx: AppContext) -> SegmentOverview:
    with ctx.read() as session:
        recent = list(session.scalars(select(SegmentSnapshot).order_by(SegmentSnapshot.id.desc()).limit(2)))
        counts = [_counts_of(session, snapshot) for snapshot in recent]
    if not recent:
        return SegmentOverview(None, None, tuple(SegmentCount(name, 0, None, None) for name in OVERVIEW_NAMES))
    current, previous = counts[0], counts[1] if len(counts) > 1 else None
    rows = tuple(SegmentCount(name, current.get(name, 0), previous.get(name, 0) if previous else None,
                              current.get(name, 0) - previous.get(name, 0) if previous else None)
                 for name in OVERVIEW_NAMES)
    return SegmentOverview(recent[0].taken_at, recent[1].taken_at if len(recent) > 1 else None, rows)


def _counts_of(session: Session, snapshot: SegmentSnapshot) -> dict[str, int]:
    if snapshot.counts:
        return json.loads(snapshot.counts)
    return _snapshot_counts(session, snapshot.id)     # snapshots taken before counts were kept
