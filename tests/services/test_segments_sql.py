"""RFM in SQL equals the reference rules of pos.loyalty.rfm, member by member, on a small fixture
(ties, coupon-only buyers, never-bought and erased members), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from pos.db.models import Member, MemberStats, Sale
from pos.loyalty.rfm import RfmRow, is_promotion_only, is_whale, quintile_scores, segment_name
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.segments.rfm import compute_segments, segment_overview
from tests.fixtures_db import store_manager_id


@pytest.fixture
def store(ctx):
    create_bulk_demo(ctx, 400, sales_per_member=3)
    with ctx.write() as session:
        # promotion-only buyers: every sale of members 10..19 in the window used a coupon
        session.execute(text("UPDATE sales SET coupon_id = (SELECT min(id) FROM coupons) "
                             "WHERE member_id BETWEEN 10 AND 19"))
        session.execute(update(Member).where(Member.id == 7).values(erased_at=ctx.clock(), phone=None,
                                                                    phone_tail=None))
    return ctx


def reference(session, now, cfg) -> dict[int, tuple]:
    """The Python rules over plain rows: segment, (r, f, m) for window buyers, whale, promotion-only."""
    since = now - timedelta(days=cfg.window_days)
    members = session.execute(select(Member.id, Member.enrolled_at).where(Member.erased_at.is_(None))).all()
    sales = defaultdict(list)
    for member_id, at, total, coupon in session.execute(
            select(Sale.member_id, Sale.created_at, Sale.total_fen, Sale.coupon_id).where(Sale.member_id.is_not(None))):
        sales[member_id].append((at, total, coupon))
    window = {mid: [s for s in rows if s[0] >= since] for mid, rows in sales.items()}
    buyers = sorted(mid for mid, rows in window.items() if rows)
    scores = [quintile_scores([f(window[mid]) for mid in buyers]) for f in (
        lambda rows: max(at for at, _, _ in rows), len, lambda rows: sum(total for _, total, _ in rows))]
    rfm = {mid: (scores[0][i], scores[1][i], scores[2][i]) for i, mid in enumerate(buyers)}
    expected = {}
    for mid, enrolled in members:
        rows, in_window = sales.get(mid, []), window.get(mid, [])
        row = RfmRow(member_id=mid, recency_days=(now - max(r[0] for r in rows)).days if rows else None,
                     frequency=len(in_window), monetary_fen=sum(r[1] for r in in_window),
                     first_purchase_days=(now - min(r[0] for r in rows)).days if rows else None,
                     enrolled_days=(now - enrolled).days, coupon_sales=sum(1 for r in in_window if r[2]))
        r, f, m = rfm.get(mid, (1, 1, 1))
        expected[mid] = (segment_name(row, r, f, m, cfg), rfm.get(mid, (0, 0, 0)), is_whale(row, cfg),
                         is_promotion_only(row), row.monetary_fen, row.frequency)
    return expected


def segmented(session) -> dict:
    """Every listed member's row of member_stats, shaped as reference() gives it."""
    return {st.member_id: (st.segment, (st.r, st.f, st.m), st.whale, st.promotion_only, st.spend_365_fen,
                           st.visits_365) for st in session.scalars(select(MemberStats))}


def test_sql_segments_equal_the_python_rules(store):
    result = compute_segments(store)
    with store.read() as session:
        expected = reference(session, store.clock(), store.config.segments)
        got = segmented(session)
    assert got == expected
    assert 7 not in got and len(got) == 399
    names = Counter(value[0] for value in expected.values())
    assert result.sizes == {name: names.get(name, 0) for name in result.sizes}
    assert result.promotion_only == sum(value[3] for value in expected.values()) >= 10
    assert result.whales == sum(value[2] for value in expected.values())
    assert len([n for n in names.values() if n]) >= 5            # the fixture exercises most rules


@pytest.mark.parametrize("members", [3, 4, 6])
def test_fewer_buyers_than_scores_equal_the_python_rules(ctx, members):
    """With fewer window buyers than five the upper scores are unreachable (their thresholds: the top)."""
    create_bulk_demo(ctx, members, sales_per_member=2)
    compute_segments(ctx)
    with ctx.read() as session:
        expected = reference(session, ctx.clock(), ctx.config.segments)
        got = segmented(session)
    assert got == expected


def test_overview_shows_change_since_the_previous_snapshot(store, clock):
    first = compute_segments(store)
    clock.moment += timedelta(days=60)
    second = compute_segments(store)
    overview = segment_overview(store, store_manager_id(store))
    rows = {row.name: row for row in overview.rows}
    assert overview.taken_at == clock.moment and overview.previous_taken_at == clock.moment - timedelta(days=60)
    for name, size in second.sizes.items():
        assert rows[name].count == size
        assert rows[name].previous_count == first.sizes[name]
        assert rows[name].change == size - first.sizes[name]
    assert rows["Whale"].count == second.whales and rows["Promotion-only"].count == second.promotion_only
    assert rows["Lost"].change > 0
    with store.read() as session:       # the second run updated only what changed: still exact
        assert segmented(session) == reference(session, store.clock(), store.config.segments)


def test_overview_of_a_store_without_snapshots(ctx):
    overview = segment_overview(ctx, store_manager_id(ctx))
    assert overview.taken_at is None
    assert [row.name for row in overview.rows][-2:] == ["Whale", "Promotion-only"]
    assert all(row.count == 0 and row.change is None for row in overview.rows)


def test_one_row_per_listed_member_and_the_tills_keep_foreign_key_checks(store):
    """The job writes without per-row foreign-key checks on SQLite (bulk_write): member_stats must still
    hold exactly the listed members, and only that job's connection skips checks."""
    compute_segments(store)
    with store.read() as session:
        orphans = session.execute(text(
            "SELECT count(*) FROM member_stats s LEFT JOIN members m ON m.id = s.member_id "
            "WHERE m.id IS NULL OR m.erased_at IS NOT NULL")).scalar()
        missing = session.execute(text(
            "SELECT count(*) FROM members m LEFT JOIN member_stats s ON s.member_id = m.id "
            "WHERE m.erased_at IS NULL AND s.member_id IS NULL")).scalar()
        checks = session.execute(text("PRAGMA foreign_keys")).scalar() \
            if store.engine.dialect.name == "sqlite" else 1
    assert orphans == 0 and missing == 0 and checks == 1


def test_a_member_enrolled_after_a_run_has_no_segment_until_the_next(store, clock):
    from pos.services.members.lookup import enrol, lookup

    compute_segments(store)
    member_id = enrol(store, "13912345678").member.member_id
    assert lookup(store, phone="13912345678").segment is None
    sizes = compute_segments(store).sizes
    assert lookup(store, phone="13912345678").segment == "New"
    with store.read() as session:
        assert segmented(session) == reference(session, store.clock(), store.config.segments)
        assert session.get(MemberStats, member_id).segment == "New"
    assert sum(sizes.values()) == 400        # 400 demo members, one erased, one enrolled


@pytest.mark.parametrize("buyers", [0, 1, 2, 5, 7, 60, 2_000])
def test_thresholds_are_the_bucket_starts_smallest_values(buyers):
    """_thresholds (SQLite: coarse-key buckets) gives each bucket start's start-th smallest value of
    the column over buyers, ties and one-bucket columns included."""
    import random
    from datetime import datetime, timedelta

    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from pos.loyalty.rfm import bucket_starts
    from pos.services.segments.rfm import _thresholds

    rng = random.Random(buyers)
    base = datetime(2026, 1, 1)
    rows = [(i, (base + timedelta(seconds=rng.choice([rng.randrange(86_400 * 3), rng.randrange(86_400 * 300)]))
                 ).isoformat(" "), rng.choice([1, 1, 2, 3, rng.randrange(1, 50)]),
             rng.choice([0, 500, 999, 1000, rng.randrange(-2_000, 3_000), rng.randrange(10**7)]))
            for i in range(1, buyers + 1)] + [(buyers + 1, None, 0, 0)]     # a member without window sales
    engine = create_engine("sqlite://")
    with Session(engine) as session:
        session.execute(text("CREATE TEMP TABLE member_activity (member_id INTEGER PRIMARY KEY, last_ever TIMESTAMP, "
                             "frequency INTEGER, monetary BIGINT)"))
        session.execute(text("INSERT INTO member_activity VALUES (:i, :at, :f, :m)"),
                        [{"i": i, "at": at, "f": f, "m": m} for i, at, f, m in rows])
        for column, dimension, position in (("last_ever", "r", 1), ("frequency", "f", 2), ("monetary", "m", 3)):
            values = sorted(row[position] for row in rows[:-1])
            expected = {f"{dimension}{k}": values[max(start, 1) - 1] if values else None
                        for k, start in enumerate(bucket_starts(buyers), 2)}
            assert _thresholds(session, column, dimension, buyers) == expected
