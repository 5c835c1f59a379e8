"""RFM segmentation in SQL: every listed member's scores, segment and list statistics in member_stats.

Why it looks like this:
- Set-based statements in one transaction, no Python loop over members: (1) every buyer's all-time
  first/last purchase and in-window frequency, spend and coupon use are brought up to date in
  `member_activity` (pos.services.lifecycle.activity: only the members whose figures can have moved
  since the last run are aggregated again from their sales); (2) the number of window buyers;
  (3) the score thresholds from histograms; (4) one pass over members (LEFT JOINs by key; a member
  without an activity row never bought) computes every member's row with the expiring points grouped
  once from points_lots and updates the member_stats rows that differ. SQLite >= 3.33 and PostgreSQL
  alike.
- Ties: pos.loyalty.rfm.quintile_scores (the reference) gives equal values the score of the first
  of them; plain NTILE would split ties arbitrarily. NTILE of the first tied row is arithmetic on
  its RANK() and the row count, so each score costs one sort (measured: half the time of NTILE
  followed by MIN(...) OVER (PARTITION BY value)).
- The segment names are a SQL CASE mirroring pos.loyalty.rfm.segment_name. Day thresholds come from
  the configuration as cut-off timestamps: `(now - t).days >= n` is exactly `t <= now - n days`,
  and `(now - t).days <= n` is `t > now - (n + 1) days`. tests/services/test_segments_sql.py checks
  the SQL result equals the Python rules member by member.
- The member list needs 365-day spend, visits, segment and expiring points for 1M members, sortable
  and indexed. They are computed here with the segment (from member_activity) and kept in
  `member_stats`, one narrow row per listed member with the list's four indexes. That table is the snapshot: the job updates only the rows whose figures changed (a week
  moves a fraction of the members), where it used to insert a row per member into a snapshot table
  and then copy the changed statistics onto `members`, rewriting 17-index member rows (migration
  0019). The console's member list shows the snapshot date beside them
  (pos.services.members.listing.stats_as_of). The job returns `Changes(segments=True)` and the
  console, not this job, drops the list's cached pages.
- The segment sizes of each run stay on its `segment_snapshots` row (`counts`) for "change since
  last time".
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from sqlalchemy import Date, DateTime, bindparam, case, func, select, text
from sqlalchemy.orm import Session

from pos.config import SegmentsConfig
from pos.db.models import MemberStats, SegmentSnapshot
from pos.errors import BadInput
from pos.loyalty.rfm import SEGMENT_NAMES, bucket_starts
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.lifecycle import activity, groups
from pos.services.lifecycle.activity import TABLE
from pos.services.lifecycle.groups import GroupSizes
from pos.services.staff.roles import is_active_manager, refuse_reader

WHALE, PROMOTION_ONLY = "Whale", "Promotion-only"
OVERVIEW_NAMES = (*SEGMENT_NAMES, WHALE, PROMOTION_ONLY)

# The scores of the members who bought in the window: NTILE(5) of the first of tied values is the
# number of the four bucket starts (pos.loyalty.rfm.bucket_starts) the value's rank reaches, and the
# rank of a value reaches start b exactly when the value is above the b-th smallest value. So four
# thresholds per score, read from one sorted histogram of the column (_thresholds), replace three
# window sorts over every buyer (100k members: 1.5 s of RANK() -> 0.1 s).
# The thresholds never decrease with k (the starts do not, and the histogram is sorted), so the
# number of them a value is above is the highest k it is above: one CASE that stops at the first
# match from the top instead of four CASEs summed (same score).
def _score(column: str, dimension: str) -> str:
    steps = " ".join(f"WHEN s.{column} > :{dimension}{k} THEN {k}" for k in range(5, 1, -1))
    return f"(CASE WHEN s.frequency > 0 THEN CASE {steps} ELSE 1 END END)"


# a window buyer's latest purchase is in the window: their last_ever is the recency
SCORED = {"r": "last_ever", "f": "frequency", "m": "monetary"}
_SCORES = {dimension: _score(column, dimension) for dimension, column in SCORED.items()}

# Every listed member in one pass (a member without a row in member_activity never bought), written where
# it differs from the member's row (every listed member has one: a trigger adds it at enrolment)
_RFM_UPDATE = """
UPDATE member_stats SET segment = n.segment, r = n.r, f = n.f, m = n.m, whale = n.whale,
       promotion_only = n.promotion_only, spend_365_fen = n.spend, visits_365 = n.visits,
       points_expiring = n.points
FROM (
    SELECT mb.id AS member_id,
           CASE WHEN s.member_id IS NULL THEN (CASE WHEN mb.enrolled_at > :new_cut THEN 'New' ELSE 'Lost' END)
                ELSE {segment_case} END AS segment,
           COALESCE({r}, 0) AS r, COALESCE({f}, 0) AS f, COALESCE({m}, 0) AS m,
           COALESCE(s.monetary, 0) >= :whale_fen AS whale,
           COALESCE(s.frequency, 0) > 0 AND s.coupon_sales = s.frequency AS promotion_only,
           COALESCE(s.monetary, 0) AS spend, COALESCE(s.frequency, 0) AS visits, COALESCE(ex.points, 0) AS points
    FROM members mb{members_scan} LEFT JOIN member_activity s ON s.member_id = mb.id
         LEFT JOIN (SELECT member_id, SUM(remaining) AS points FROM points_lots{lots_index}
                    WHERE remaining > 0 AND expires_on <= :horizon GROUP BY member_id) ex ON ex.member_id = mb.id
    WHERE mb.erased_at IS NULL
) AS n
WHERE n.member_id = member_stats.member_id
  AND (member_stats.segment <> n.segment OR member_stats.r <> n.r OR member_stats.f <> n.f
       OR member_stats.m <> n.m OR member_stats.whale <> n.whale OR member_stats.promotion_only <> n.promotion_only
       OR member_stats.spend_365_fen <> n.spend OR member_stats.visits_365 <> n.visits
       OR member_stats.points_expiring <> n.points)
"""

# pos.loyalty.rfm.segment_name for members who ever bought (the never-bought rule is above), first
# matching rule wins; r/f/m of a member without sales in the window count as 1. "score >= k" is
# "value above the k-th threshold" (the thresholds never decrease), for a member with sales in the
# window: the score expressions are not evaluated again here.
def _at_least(dimension: str, k: int) -> str:
    return f"(s.frequency > 0 AND s.{SCORED[dimension]} > :{dimension}{k})"


_SEGMENT_CASE = f"""CASE
    WHEN s.last_ever <= :lost_cut THEN 'Lost'
    WHEN s.last_ever <= :hibernating_cut THEN 'Hibernating'
    WHEN s.last_ever <= :at_risk_cut THEN 'At risk'
    WHEN s.first_ever > :new_cut THEN 'New'
    WHEN {_at_least("r", 4)} AND {_at_least("f", 4)} AND {_at_least("m", 4)} THEN 'Champions'
    WHEN {_at_least("f", 4)} OR ({_at_least("f", 3)} AND {_at_least("m", 4)}) THEN 'Loyal'
    ELSE 'Potential' END"""

@dataclass(frozen=True)
class SegmentSizes:
    snapshot_id: int
    sizes: dict[str, int]
    whales: int
    promotion_only: int
    changes: Changes = Changes(segments=True)
    groups: GroupSizes | None = None       # with_groups: the behaviour groups written in the same job


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


def segment_name(text: str, *, flags: bool = False) -> str:
    """The canonical segment name for `text` (any case); a typo must not issue or export nothing.
    flags: also "Whale" and "Promotion-only" (flags on a member's snapshot row, not a segment)."""
    names = OVERVIEW_NAMES if flags else SEGMENT_NAMES
    for name in names:
        if name.casefold() == (text or "").strip().casefold():
            return name
    raise BadInput("segment_unknown", f"'{text}' is not a segment; use one of: {', '.join(names)}")


def rfm_parameters(now: datetime, cfg: SegmentsConfig, expiring_days: int) -> dict[str, object]:
    """The configuration's day counts as cut-off timestamps (see the module doc for the equivalence)."""
    return {"new_cut": now - timedelta(days=cfg.new_days + 1),
            "lost_cut": now - timedelta(days=cfg.lost_days),
            "hibernating_cut": now - timedelta(days=cfg.hibernating_days),
            "at_risk_cut": now - timedelta(days=cfg.at_risk_days),
            "horizon": now.date() + timedelta(days=expiring_days), "whale_fen": cfg.whale_spend_fen}


# SQLite: a coarse key of the column that never decreases as the value grows (a timestamp's day is the
# start of its ISO text; integer division truncates), so the sorted values are the keys' buckets one
# after the other: the b-th smallest value is a known place in one bucket. The histogram of keys has
# a few hundred rows instead of one per distinct value (1M members: 902,527 rows of last_at,
# 420,345 of monetary), and only the buckets holding a threshold are read back.
_COARSE = {"last_ever": "substr(last_ever, 1, 10)", "monetary": "monetary / 1000"}


def _thresholds(session: Session, column: str, dimension: str, buyers: int) -> dict[str, object]:
    """:{dimension}2..5, the values a buyer's `column` must be above to reach each next score: for each
    bucket start b, the b-th smallest value, found in the column's sorted histogram by bisecting its
    running counts (the rows go straight through the driver: up to a row per buyer; on SQLite a
    histogram of coarse keys, then the values of the buckets that hold the thresholds)."""
    starts = bucket_starts(buyers)
    coarse = _COARSE.get(column) if session.get_bind().dialect.name == "sqlite" else None
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(f"SELECT {coarse or column}, count(*) FROM {TABLE} WHERE frequency > 0 GROUP BY 1 "
                       "ORDER BY 1")
        rows = cursor.fetchall()
        running = list(accumulate(n for _, n in rows))
        if coarse is None or not rows:
            return {f"{dimension}{k}": rows[bisect_left(running, start)][0] if start <= buyers and rows else None
                    for k, start in enumerate(starts, 2)}
        places = {start: bisect_left(running, start) for start in starts if start <= buyers}
        keys = sorted({rows[i][0] for i in places.values()})
        cursor.execute(f"SELECT {coarse}, {column} FROM {TABLE} WHERE frequency > 0 "
                       f"AND {coarse} IN ({', '.join('?' * len(keys))})", keys)
        buckets: dict[object, list] = {key: [] for key in keys}
        for key, value in cursor.fetchall():
            buckets[key].append(value)
    finally:
        cursor.close()
    for values in buckets.values():
        values.sort()
    # the start-th smallest (1-based; a start of 0, which no buyer count gives, reads the smallest as above)
    return {f"{dimension}{k}": buckets[rows[i][0]][max(start - (running[i - 1] if i else 0), 1) - 1]
            if (i := places.get(start)) is not None else None for k, start in enumerate(starts, 2)}


def update_statement(dialect: str = ""):
    """The member_stats update over member_activity. On SQLite the expiring points are read from the
    covering expiry index (a range of the lots due by the horizon), not by walking every lot in member
    order and its table row (the planner's choice, which spares the sort of the few due lots); and
    members are read in id order (NOT INDEXED), so the look-ups of each member's member_stats and
    member_activity rows by id walk those tables forward instead of jumping about in the order of the
    narrow list index the planner would scan instead (1M: ~0.45 s of ~4.7 s)."""
    sqlite = dialect == "sqlite"
    return text(_RFM_UPDATE.format(segment_case=_SEGMENT_CASE, **_SCORES,
                                   lots_index=" INDEXED BY ix_points_lots_expiry_open" if sqlite else "",
                                   members_scan=" NOT INDEXED" if sqlite else "")).bindparams(
        *(bindparam(name, type_=DateTime()) for name in ("new_cut", "lost_cut", "hibernating_cut", "at_risk_cut")),
        bindparam("horizon", type_=Date()))


def compute_segments(ctx: AppContext, *, with_groups: bool = False) -> SegmentSizes:
    """Every listed member's segment, scores and list statistics (member_stats rows that changed), the
    sizes on a new snapshot row; with_groups: the behaviour groups too, from the same member figures
    (the weekly job), their sizes in `groups`."""
    now, lifecycle = ctx.clock(), ctx.config.lifecycle
    params = rfm_parameters(now, ctx.config.segments, ctx.config.receipt.expiring_days)
    update = update_statement(ctx.engine.dialect.name)
    group_sizes = None
    mark = activity.sale_mark(ctx.engine)
    with ctx.bulk_write() as session:
        activity.refresh(session, activity.bounds(now, ctx.config.segments, lifecycle), mark)
        buyers = int(session.scalar(text(f"SELECT count(*) FROM {TABLE} WHERE frequency > 0")) or 0)
        thresholds: dict[str, object] = {}
        for dimension, column in SCORED.items():
            thresholds.update(_thresholds(session, column, dimension, buyers))
        _update_stats(session, update, {**params, **thresholds})
        # erasure deletes a member's row; this keeps the table to listed members whatever erased them
        # (a few rows, through the erased members' partial index)
        session.execute(text("DELETE FROM member_stats WHERE member_id IN "
                             "(SELECT id FROM members WHERE erased_at IS NOT NULL)"))
        if with_groups:
            group_sizes = groups.write_groups(session, TABLE, now, lifecycle)
        counts = _segment_counts(session)
        snapshot = SegmentSnapshot(taken_at=now, members=sum(counts[name] for name in SEGMENT_NAMES),
                                   counts=json.dumps(counts))
        session.add(snapshot)
        session.flush()
        snapshot_id = snapshot.id
    _vacuum_stats(ctx)
    return SegmentSizes(snapshot_id, {name: counts[name] for name in SEGMENT_NAMES}, counts[WHALE],
                        counts[PROMOTION_ONLY], groups=group_sizes)


def _update_stats(session: Session, update, params: dict[str, object]) -> None:  # noqa: ANN001
    """PostgreSQL: the joins as merge joins walking each table's key, so the changed member_stats rows
    are written in key order, page after page. Since member_activity became a kept table (its refreshed
    rows at its end, so its key order is no longer its physical order), the planner picked batched hash
    joins, which hand the rows to the update in no order: 1M members, 198,133 rows changed, the update
    6.3-6.4 s against 3.4 s with hash joins off for this statement (same store, same week)."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        session.execute(text("SET LOCAL enable_hashjoin = off"))
    session.execute(update, params)
    if postgresql:
        session.execute(text("RESET enable_hashjoin"))


def _segment_counts(session: Session) -> dict[str, int]:
    """Segment sizes, whales and promotion-only buyers in one pass over member_stats (members enrolled
    since the last run have no segment yet: '' is not counted)."""
    counts = dict.fromkeys(OVERVIEW_NAMES, 0)
    for name, n, whales, promotion_only in session.execute(
            select(MemberStats.segment, func.count(), func.count(case((MemberStats.whale.is_(True), 1))),
                   func.count(case((MemberStats.promotion_only.is_(True), 1))))
            .where(MemberStats.segment != "").group_by(MemberStats.segment)):
        counts[name] = int(n)
        counts[WHALE] += int(whales)
        counts[PROMOTION_ONLY] += int(promotion_only)
    return counts


def _vacuum_stats(ctx: AppContext) -> None:
    """PostgreSQL: the job rewrote many member_stats rows, which leaves the list's index-only walks
    and counts fetching heap pages until autovacuum comes by (a narrow table: a fraction of the second
    that `VACUUM members` took when these were columns of members). SQLite updates in place."""
    if ctx.engine.dialect.name != "postgresql":
        return
    with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) member_stats"))


def latest_snapshot(session: Session) -> SegmentSnapshot | None:
    return session.scalars(select(SegmentSnapshot).order_by(SegmentSnapshot.id.desc()).limit(1)).first()


def segment_overview(ctx: AppContext, actor_id: int | None) -> SegmentOverview:
    with ctx.read() as session:
        allowed = is_active_manager(session, actor_id)
        recent = list(session.scalars(select(SegmentSnapshot).order_by(SegmentSnapshot.id.desc()).limit(2))) \
            if allowed else []
        counts = [_counts_of(snapshot) for snapshot in recent]
    if not allowed:
        refuse_reader(ctx, actor_id, "segment overview")
    if not recent:
        return SegmentOverview(None, None, tuple(SegmentCount(name, 0, None, None) for name in OVERVIEW_NAMES))
    current, previous = counts[0], counts[1] if len(counts) > 1 else None
    rows = tuple(SegmentCount(name, current.get(name, 0), previous.get(name, 0) if previous else None,
                              current.get(name, 0) - previous.get(name, 0) if previous else None)
                 for name in OVERVIEW_NAMES)
    return SegmentOverview(recent[0].taken_at, recent[1].taken_at if len(recent) > 1 else None, rows)


def _counts_of(snapshot: SegmentSnapshot) -> dict[str, int]:
    return json.loads(snapshot.counts) if snapshot.counts else {}     # migration 0019 filled the latest
