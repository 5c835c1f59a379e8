"""member_activity refreshed only where figures can have moved (pos.services.lifecycle.activity) gives the
weekly job exactly what a rebuild from every sale gives: the same member_stats rows, the same behaviour
groups and the same figures, after any sequence of sales (late offline sales with old dates among them),
clock moves forward and back across month ends and the 365-day window, settings changes and a sale
changed behind the application's back; on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from pos.db.models import MemberActivity, MemberGroup, MemberStats, Sale
from pos.errors import EnvironmentFault
from pos.loyalty.behaviour import STABLE, month_start
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.lifecycle import activity
from pos.services.segments import rfm
from pos.vocabulary import DATABASE_BUSY
from tests.databases import NOW
from tests.services.test_lifecycle import add_sale

MEMBERS = 30
FIGURES = [c for c in MemberActivity.__table__.columns if c.name not in ("month_base", "month_bits")]

sale = st.tuples(st.just("sell"), st.integers(1, MEMBERS), st.sampled_from([0, 0, 0, 1, 29, 30, 31, 200, 364, 366, 500]),
                 st.integers(1, 90_000), st.booleans())
move = st.tuples(st.just("move"), st.sampled_from([1, 7, 7, 7, 13, 30, 31, 45, 200, -1, -7, -40]))
run = st.tuples(st.just("run"))
other = st.sampled_from([("settings", "window_days", 200), ("settings", "whale_window_days", 60),
                         ("settings", "stable_months", 2), ("touch_sale",)])
steps = st.lists(st.one_of(sale, sale, move, run, run, other), min_size=3, max_size=14)


@pytest.fixture
def store(ctx):
    create_bulk_demo(ctx, MEMBERS, sales_per_member=3)
    with ctx.write() as session:       # regulars: a purchase every month, so the Stable group is not empty
        for member in range(1, 11):
            for back in range(16):
                day = month_start(NOW.date(), back) + timedelta(days=8 - member % 5)
                add_sale(session, member, datetime.combine(day, NOW.time()), 2000 + member)
    return ctx


def outcome(ctx) -> tuple:
    with ctx.read() as session:
        stats = sorted(tuple(row) for row in session.execute(select(*MemberStats.__table__.columns)))
        pairs = sorted(tuple(row) for row in session.execute(select(MemberGroup.member_id, MemberGroup.group_key)))
        figures = sorted(tuple(row) for row in session.execute(select(*FIGURES)))
    return stats, pairs, figures


def state(ctx) -> tuple:
    with ctx.read() as session:
        return tuple(session.execute(text("SELECT sale_mark, month FROM activity_state")).one())


def run_and_compare(ctx) -> bool:
    """The weekly job, then a rebuild from every sale at the same clock: equal. True if the first was a
    refresh (not itself a rebuild)."""
    mark, month = state(ctx)
    now = ctx.clock()
    refreshed = mark is not None and month is not None and now.year * 12 + now.month - 1 >= month
    rfm.compute_segments(ctx, with_groups=True)
    incremental = outcome(ctx)
    with ctx.write() as session:
        session.execute(text("UPDATE activity_state SET sale_mark = NULL"))
    rfm.compute_segments(ctx, with_groups=True)
    assert incremental == outcome(ctx)
    return refreshed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=steps)
def test_refresh_equals_a_rebuild_from_every_sale(store, clock, program):
    ctx, base_config = store, store.config
    clock.moment = NOW
    rfm.compute_segments(ctx, with_groups=True)
    for step in program:
        if step[0] == "sell":
            _, member, days_ago, total, coupon = step
            with ctx.write() as session:
                coupon_id = session.scalar(text("SELECT min(id) FROM coupons")) if coupon else None
                add_sale(session, member, ctx.clock() - timedelta(days=days_ago, minutes=member), total,
                         coupon_id=coupon_id)
        elif step[0] == "move":
            clock.moment += timedelta(days=step[1])
        elif step[0] == "run":
            run_and_compare(ctx)
        elif step[0] == "settings":
            _, name, value = step
            section = "segments" if name == "window_days" else "lifecycle"
            ctx.config = replace(ctx.config, **{section: replace(getattr(ctx.config, section), **{name: value})})
        else:            # a sale changed outside the application: the trigger makes the next run rebuild
            with ctx.write() as session:
                session.execute(text("UPDATE sales SET total_fen = total_fen + 1 WHERE id = (SELECT max(id) FROM sales)"))
            assert state(ctx)[0] is None
    run_and_compare(ctx)
    ctx.config = base_config


def test_regulars_stay_stable_into_a_new_month_without_being_read_again(store, clock):
    """Month bits are relative to each row's own refresh month: a month later the regulars, with no new
    sale, are still Stable (their bits read one month on) and were not aggregated again."""
    ctx = store
    clock.moment = NOW.replace(day=28)
    rfm.compute_segments(ctx, with_groups=True)
    stable = _stable(ctx)
    assert set(range(1, 11)) <= stable
    clock.moment = NOW.replace(day=28) + timedelta(days=5)             # the first days of the next month
    with ctx.write() as session:
        refreshed = activity.refresh(session, activity.bounds(ctx.clock(), ctx.config.segments,
                                                               ctx.config.lifecycle))
        regulars_read = session.scalar(text("SELECT count(*) FROM member_activity WHERE member_id <= 10 "
                                            "AND month_base = :m"), {"m": clock.moment.year * 12 + clock.moment.month - 1})
    assert refreshed < MEMBERS and regulars_read == 0
    assert run_and_compare(ctx)
    assert set(range(1, 11)) <= _stable(ctx)


def _stable(ctx) -> set[int]:
    with ctx.read() as session:
        return set(session.scalars(select(MemberGroup.member_id).where(MemberGroup.group_key == STABLE)))


def test_a_week_later_only_the_members_whose_figures_moved_are_read_again(store, clock):
    """A sale today, a late offline sale dated 200 days back, and the window's lower bound moving over
    one member's sales: those members are aggregated again, nobody else; the outcome equals a rebuild."""
    ctx = store
    rfm.compute_segments(ctx, with_groups=True)
    with ctx.write() as session:
        add_sale(session, 3, ctx.clock(), 5000)
        add_sale(session, 4, ctx.clock() - timedelta(days=200), 7000)
        window_edge = ctx.clock() + timedelta(days=3) - timedelta(days=ctx.config.segments.window_days)
        add_sale(session, 5, window_edge, 9000)      # leaves the window when the clock moves a week on
    with ctx.write() as session:         # this week's refresh: the mark moves on past those sales
        activity.refresh(session, activity.bounds(ctx.clock(), ctx.config.segments, ctx.config.lifecycle))
    clock.moment += timedelta(days=7)
    with ctx.write() as session:
        add_sale(session, 6, ctx.clock(), 1000)
        refreshed = activity.refresh(session, activity.bounds(ctx.clock(), ctx.config.segments,
                                                               ctx.config.lifecycle))
    assert refreshed == len({6, 5} | _members_crossing(ctx))
    assert run_and_compare(ctx)


def _members_crossing(ctx) -> set[int]:
    """The demo's own members with a sale between the two weeks' bounds (random dates)."""
    now = ctx.clock()
    b_then = activity.bounds(now - timedelta(days=7), ctx.config.segments, ctx.config.lifecycle)
    b_now = activity.bounds(now, ctx.config.segments, ctx.config.lifecycle)
    with ctx.read() as session:
        rows = session.execute(select(Sale.member_id, Sale.created_at).where(Sale.member_id.is_not(None))).all()
    found = set()
    for member_id, at in rows:
        if b_then.since <= at < b_now.since or b_then.window_from <= at < b_now.window_from:
            found.add(member_id)
    return found


def test_the_mark_on_postgresql_waits_for_a_sale_still_being_written(store, monkeypatch):
    """A sale with a smaller id can commit after a larger one is visible: the mark is taken only once
    the sales being written are committed (or the job gives up as busy, the till's sale untouched)."""
    ctx = store
    if ctx.engine.dialect.name != "postgresql":
        pytest.skip("SQLite: the job's own transaction holds the write lock")
    till = ctx.engine.connect()
    till.begin()
    till.execute(text("INSERT INTO sales (sale_uuid, receipt_no, created_at, member_id, subtotal_fen, "
                      "tier_discount_fen, coupon_discount_fen, points_redeemed, points_value_fen, total_fen, "
                      "points_earned, growth_earned) VALUES ('u-open', 'R-open', now(), 1, 100, 0, 0, 0, 0, 100, 0, 0)"))
    open_id = till.execute(text("SELECT max(id) FROM sales")).scalar()
    monkeypatch.setattr(activity, "MARK_LOCK_TIMEOUT", "100ms")
    monkeypatch.setattr(activity, "MARK_TRIES", 2)
    with pytest.raises(EnvironmentFault) as busy:
        activity.sale_mark(ctx.engine)
    assert busy.value.code == DATABASE_BUSY

    monkeypatch.setattr(activity, "MARK_LOCK_TIMEOUT", "20s")
    marks: list[int | None] = []
    waiting = threading.Thread(target=lambda: marks.append(activity.sale_mark(ctx.engine)))
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive() and not marks          # still waiting for the till's sale
    till.commit()
    till.close()
    waiting.join(20)
    assert marks and marks[0] is not None and marks[0] >= open_id


def test_after_the_clock_went_back_a_month_one_rebuild_then_refreshes_again(store, clock):
    ctx = store
    rfm.compute_segments(ctx, with_groups=True)
    clock.moment -= timedelta(days=40)                   # an earlier month: rebuilt from every sale
    rfm.compute_segments(ctx, with_groups=True)
    assert state(ctx)[1] == clock.moment.year * 12 + clock.moment.month - 1
    clock.moment += timedelta(days=1)
    assert run_and_compare(ctx)                         # a refresh again, not a rebuild each time
