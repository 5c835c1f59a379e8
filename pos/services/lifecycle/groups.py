"""Behaviour groups in SQL (the rules: pos.loyalty.behaviour), rewritten by the weekly regrouping job.

What the five rules need per member is kept in `member_activity` (pos.services.lifecycle.activity,
refreshed first, only for the members whose figures can have moved); one INSERT ... SELECT per group
then writes `member_groups` (a member may appear under several groups): on SQLite after deleting last
week's pairs, on PostgreSQL by difference (only the pairs that came or went are written). The sizes of each
regrouping are kept on `group_snapshots`, for "change since last week". Day thresholds are cut-off
timestamps at midnight: a purchase on `day` is `n` or more days ago (`(today - day).days >= n`)
exactly when `created_at < midnight of today - n + 1`. tests/services/test_lifecycle.py checks the
SQL equals the Python rules member by member.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import DateTime, bindparam, select, text
from sqlalchemy.orm import Session

from pos.config import LifecycleConfig
from pos.db.models import GroupSnapshot, MemberGroup
from pos.loyalty.behaviour import (
    GROUPS,
    HIGH_POTENTIAL_NEW,
    PRICE_SENSITIVE,
    SLEEPING,
    STABLE,
    WHALE,
    midnight,
    month_index,
)
from pos.services.changes import Changes
from pos.services.context import AppContext
from pos.services.lifecycle import activity
from pos.services.staff.roles import is_active_manager, refuse_reader

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class GroupSizes:
    snapshot_id: int
    sizes: dict[str, int]
    changes: Changes = Changes(segments=True)


@dataclass(frozen=True)
class GroupCount:
    key: str
    count: int
    previous_count: int | None      # None: no regrouping a week or more before the latest
    change: int | None


@dataclass(frozen=True)
class GroupOverview:
    taken_at: datetime | None
    previous_taken_at: datetime | None
    rows: tuple[GroupCount, ...]


# erased members are few (a partial index lists them): left out by one NOT IN, not a join per row
_LISTED = "g.member_id NOT IN (SELECT id FROM members WHERE erased_at IS NOT NULL)"
_INSERTS = {
    SLEEPING: "SELECT m.id, :key FROM members m LEFT JOIN {table} g ON g.member_id = m.id "
              "WHERE m.erased_at IS NULL AND COALESCE(g.last_ever, m.enrolled_at) < :sleep_cut",
    HIGH_POTENTIAL_NEW: "SELECT g.member_id, :key FROM {table} g "
                        f"WHERE g.n_all = 1 AND g.last_ever >= :new_cut AND g.first_paid >= :new_min AND {_LISTED}",
    # a purchase in each of the `months` months before today's: the row's bits are months back from its
    # own refresh month (pos.services.lifecycle.activity), one month before today's at most, or the
    # member has not bought since (no bits for the months in between)
    STABLE: "SELECT g.member_id, :key FROM {table} g WHERE g.month_base >= :month_now - 1 "
            f"AND ((g.month_bits >> (1 - (:month_now - g.month_base))) & :stable_mask) = :stable_mask AND {_LISTED}",
    WHALE: f"SELECT g.member_id, :key FROM {{table}} g WHERE g.g_spend >= :whale_fen AND {_LISTED}",
    PRICE_SENSITIVE: "SELECT g.member_id, :key FROM {table} g "
                     f"WHERE g.g_n_win > 0 AND g.g_n_coupon * :share_den >= :share_num * g.g_n_win AND {_LISTED}",
}
_DATETIMES = ("window_from", "sleep_cut", "new_cut")


def group_parameters(today: date, cfg: LifecycleConfig) -> dict[str, object]:
    num, den = cfg.price_sensitive_share.as_integer_ratio()
    params: dict[str, object] = {
        "window_from": activity.window_from(today, cfg),
        "sleep_cut": midnight(today - timedelta(days=cfg.sleeping_days - 1)),
        "new_cut": midnight(today - timedelta(days=cfg.new_days)), "new_min": cfg.new_min_paid_fen,
        "month_now": month_index(today), "stable_mask": (1 << cfg.stable_months) - 1,
        "whale_fen": cfg.whale_spend_fen, "share_num": num, "share_den": den}
    return params


def regroup(ctx: AppContext) -> GroupSizes:
    """Rewrites every member's behaviour groups (the weekly job; also on demand). Idempotent."""
    now, cfg = ctx.clock(), ctx.config.lifecycle
    mark = activity.sale_mark(ctx.engine)
    with ctx.bulk_write() as session:
        if cfg.groups_enabled:
            activity.refresh(session, activity.bounds(now, ctx.config.segments, cfg), mark)
        return write_groups(session, activity.TABLE, now, cfg)


def write_groups(session: Session, table: str, now: datetime, cfg: LifecycleConfig) -> GroupSizes:
    """member_groups rewritten from `table` (member_activity's columns), and the sizes kept on a new group
    snapshot."""
    params = group_parameters(now.date(), cfg)
    if cfg.groups_enabled and session.get_bind().dialect.name == "postgresql":
        sizes = _write_by_difference(session, table, params)
    else:
        session.execute(text("DELETE FROM member_groups"))
        sizes = {key: _insert_group(session, "member_groups", key, _INSERTS[key].format(table=table), params)
                 if cfg.groups_enabled else 0 for key in GROUPS}
    snapshot = GroupSnapshot(taken_at=now, counts=json.dumps(sizes))
    session.add(snapshot)
    session.flush()
    return GroupSizes(snapshot.id, sizes)


def _insert_group(session: Session, into: str, key: str, select_sql: str, params: dict[str, object]) -> int:
    statement = text(f"INSERT INTO {into} (member_id, group_key) {select_sql}").bindparams(
        *(bindparam(name, type_=DateTime()) for name in _DATETIMES if f":{name}" in select_sql))
    used = {name: value for name, value in params.items() if f":{name}" in select_sql}
    result = session.connection().execute(statement, {**used, "key": key})
    return int(result.rowcount)


def _write_by_difference(session: Session, table: str, params: dict[str, object]) -> dict[str, int]:
    """PostgreSQL: this week's pairs into a temporary table, then member_groups changed only where they
    differ (a week moves a few percent of ~790,000 pairs at 1M; rewriting them all leaves as many dead
    row versions). SQLite keeps the full rewrite: measured faster there (5.6 s against 8.7 s at 1M)."""
    session.execute(text("DROP TABLE IF EXISTS grp_week"))
    session.execute(text("CREATE TEMP TABLE grp_week (member_id INTEGER NOT NULL, group_key VARCHAR(24) NOT NULL)"))
    sizes = {key: _insert_group(session, "grp_week", key, _INSERTS[key].format(table=table), params) for key in GROUPS}
    # temporary tables get no statistics otherwise; without them the anti-joins below were planned
    # as nested loops (40.8 s for 70k pairs into an empty member_groups)
    session.execute(text("ANALYZE grp_week"))
    session.execute(text("DELETE FROM member_groups mg WHERE NOT EXISTS (SELECT 1 FROM grp_week w "
                         "WHERE w.member_id = mg.member_id AND w.group_key = mg.group_key)"))
    session.execute(text("INSERT INTO member_groups (member_id, group_key) SELECT member_id, group_key FROM grp_week "
                         "EXCEPT SELECT member_id, group_key FROM member_groups"))
    session.execute(text("DROP TABLE grp_week"))
    return sizes


def groups_of(session: Session, member_id: int) -> list[str]:
    rows = set(session.scalars(select(MemberGroup.group_key).where(MemberGroup.member_id == member_id)))
    return [key for key in GROUPS if key in rows]


def group_overview(ctx: AppContext, actor_id: int | None) -> GroupOverview:
    """Sizes at the latest regrouping and the change since the latest one a week or more before it
    (the console's segment tab: managers)."""
    with ctx.read() as session:
        if not is_active_manager(session, actor_id):
            refuse_reader(ctx, actor_id, "Behaviour groups")
        latest = session.scalars(select(GroupSnapshot).order_by(GroupSnapshot.id.desc()).limit(1)).first()
        if latest is None:
            return GroupOverview(None, None, tuple(GroupCount(key, 0, None, None) for key in GROUPS))
        before = session.scalars(select(GroupSnapshot).where(GroupSnapshot.taken_at <= latest.taken_at - WEEK)
                                 .order_by(GroupSnapshot.taken_at.desc(), GroupSnapshot.id.desc()).limit(1)).first()
    now_counts = json.loads(latest.counts)
    then = json.loads(before.counts) if before is not None else None
    rows = tuple(GroupCount(key, now_counts.get(key, 0), then.get(key, 0) if then is not None else None,
                            now_counts.get(key, 0) - then.get(key, 0) if then is not None else None) for key in GROUPS)
    return GroupOverview(latest.taken_at, before.taken_at if before is not None else None, rows)
