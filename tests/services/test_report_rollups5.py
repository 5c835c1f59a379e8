"""Report rollups, round five (#19): after any sequence of sales (members and walk-ins, several stores,
tills and days, offline sales synced late that land between a member's earlier and later upgrades),
returns, enrolments, the tier job (also upgrading, with lowered thresholds) and erasures, every row of
`report_upgrades` equals a recomputation from tier_history (window functions), and the tier-upgrade
report gives what COUNT(DISTINCT member_id) over tier_history gave, for the chain and each store.
Real SQLite files and PostgreSQL, the real use cases; the migration's backfill and the bulk loads'
rebuild give the same rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, cast, delete, func, literal, select, union_all
from sqlalchemy.orm import Session

from pos.db.migrate import alembic_config, upgrade
from pos.db.models import ReportUpgrade, TierChange
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.admin.chain_demo import spread_over_stores
from pos.services.context import AppContext
from pos.services.members import tiers, upgrade_rollups
from pos.services.sales import checkout as co
from pos.services.sales import rollups
from pos.services.stores import chain
from tests.databases import NOW
from tests.services.test_report_rollups import PHONES, chain_tills_enrolled_apart
from tests.services.test_report_rollups3b import (
    assert_reports_match,
    enrol_op,
    erase_op,
    evaluate_op,
    lower_tiers,
    offline_op,
    old_members_upgraded,
    old_upgrades_by_tier,
    play,
    return_op,
    sale_op,
    sell,
)
from tests.services.test_report_rollups3b import q as queries


@pytest.fixture
def chain_shop(ctx, manager, db_url, clock):
    """Each member enrolled at a till of its own (so at both stores)."""
    with chain_tills_enrolled_apart(ctx, manager, db_url, clock) as tills:
        yield tills


def kept(ctx: AppContext) -> dict:
    with ctx.read() as session:
        return {(r.store_id, str(r.day), str(r.back_day), r.to_key): (r.upgrades, r.after_any, r.after_same)
                for r in session.scalars(select(ReportUpgrade)) if r.upgrades or r.after_any or r.after_same}


def _day(column, dialect: str):
    return func.date(column) if dialect == "sqlite" else cast(column, Date)


def recomputed(ctx: AppContext) -> dict:
    """The rollup from tier_history by window functions: each upgrade's previous upgrade per member
    (any tier, the same tier) in the chain and in its store."""
    with ctx.read() as session:
        dialect = session.get_bind().dialect.name
        t = TierChange
        store = func.coalesce(t.store_id, 0)
        order = (t.at, t.id)
        w = select(t.at, store.label("store"), t.to_key,
                   *(func.lag(t.at).over(partition_by=parts, order_by=order).label(name) for name, parts in
                     (("c_any", (t.member_id,)), ("c_same", (t.member_id, t.to_key)),
                      ("s_any", (t.member_id, store)), ("s_same", (t.member_id, store, t.to_key))))
                   ).where(t.reason == "upgrade").subquery()
        parts = []
        for scope, prefix in ((literal(-1), "c"), (w.c.store, "s")):
            parts.append(select(scope.label("s"), _day(w.c.at, dialect).label("d"), _day(w.c.at, dialect).label("b"),
                                w.c.to_key, literal(1).label("n"), literal(0).label("a"), literal(0).label("x")))
            for counter, kind in ((1, "any"), (2, "same")):
                back = w.c[f"{prefix}_{kind}"]
                parts.append(select(scope, _day(w.c.at, dialect), _day(back, dialect), w.c.to_key,
                                    *(literal(int(counter == i)) for i in range(3))).where(back.is_not(None)))
        u = union_all(*parts).subquery()
        rows = session.execute(select(u.c.s, u.c.d, u.c.b, u.c.to_key, func.sum(u.c.n), func.sum(u.c.a),
                                      func.sum(u.c.x)).group_by(u.c.s, u.c.d, u.c.b, u.c.to_key)).all()
        return {(int(s), str(d), str(b), k): (int(n), int(a), int(x)) for s, d, b, k, n, a, x in rows}


def assert_counts_match(ctx: AppContext, stores: list[int | None], days: list[int]) -> None:
    """The rollup's counts equal COUNT(DISTINCT member_id) for every range of whole days between `days`."""
    with ctx.read() as session:
        for store in stores:
            session.info[queries.STORE] = store
            for first in days:
                for last in days:
                    if last <= first:
                        continue
                    since, until = NOW.replace(hour=0, minute=0) + timedelta(days=first), \
                        NOW.replace(hour=0, minute=0) + timedelta(days=last)
                    expected = (old_members_upgraded(session, since, until), old_upgrades_by_tier(session, since, until))
                    assert upgrade_rollups.counts(session, store, since.date(), until.date()) == expected, \
                        (store, first, last)


def stores_of(ctx: AppContext) -> list[int | None]:
    return [None, chain.store_id_of(ctx, "S01"), chain.store_id_of(ctx, "S02")]


def upgrades_in(session: Session) -> int:
    return session.scalar(select(func.count()).where(TierChange.reason == "upgrade")) or 0


big_cart = st.lists(st.tuples(st.sampled_from(("C", "C", "B", "A")), st.integers(1, 4)), min_size=1, max_size=2)
big_sale = st.tuples(st.just("sell"), st.integers(0, 2), st.integers(0, 2), big_cart,
                     st.sampled_from((0, 0, 1, 2, 3, 5, 40, 400)))
big_offline = st.tuples(st.just("offline"), st.integers(0, 2), st.integers(0, 4), big_cart,
                        st.sampled_from((0, 1, 2, 4)))
lower_op = st.tuples(st.just("evaluate_lower"), st.integers(0, 2), st.sampled_from((0, 3, 40, 401)))
plans = st.lists(st.one_of(big_sale, big_sale, big_sale, sale_op, big_offline, offline_op, return_op, enrol_op,
                           evaluate_op, lower_op, lower_op, erase_op), min_size=1, max_size=16)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans)
def test_upgrade_rollups_equal_a_recomputation_and_the_distinct_counts(chain_shop, manager, clock, plan):
    play(chain_shop, manager, clock, plan)
    ctx = chain_shop["S01-1"]
    assert kept(ctx) == recomputed(ctx)
    assert_counts_match(ctx, stores_of(ctx), [-1, 0, 1, 2, 3, 6, 41, 500])
    assert_reports_match(ctx, manager.id, stores_of(ctx))


def test_a_late_upgrade_moves_the_next_upgrades_back_day(chain_shop, manager, clock):
    """Silver on day 10 (at S02); an offline sale of day 5 at S01, synced on day 21, upgrades the member
    to gold before it: the day-10 upgrade is no longer the member's first (in the chain and its store)."""
    s01, s02 = chain_shop["S01-1"], chain_shop["S02-1"]
    clock.moment = NOW + timedelta(days=10)
    sell(s02, PHONES[0], [("C", 5)])
    clock.moment = NOW + timedelta(days=21)
    sell(s01, PHONES[0], [("C", 18)], co.OfflineOrigin("OFF5-L1", NOW + timedelta(days=5), None))
    with s01.read() as session:
        assert [(c.at.date(), c.to_key) for c in session.scalars(
            select(TierChange).where(TierChange.reason == "upgrade").order_by(TierChange.at))] == [
            ((NOW + timedelta(days=d)).date(), k) for d, k in ((5, "gold"), (10, "silver"))]
    assert kept(s01) == recomputed(s01)
    start = NOW.date()
    with s01.read() as session:
        for store in (None, chain.store_id_of(s01, "S01")):
            assert upgrade_rollups.counts(session, store, start, start + timedelta(days=30)) == \
                (1, {"silver": 1, "gold": 1})
            assert upgrade_rollups.counts(session, store, start + timedelta(days=6), start + timedelta(days=30)) == \
                (1, {"silver": 1})
            assert upgrade_rollups.counts(session, store, start, start + timedelta(days=6)) == (1, {"gold": 1})
    assert_counts_match(s01, stores_of(s01), [0, 5, 6, 10, 11, 20, 21, 30])


def test_the_tier_job_keeps_the_rollup_when_it_upgrades(chain_shop, manager, clock):
    """A silver member whose growth reaches gold under halved thresholds is upgraded by the tier job."""
    till = chain_shop["S02-1"]
    clock.moment = NOW + timedelta(days=1)
    sell(till, PHONES[1], [("C", 10)])     # silver; gold under halved thresholds
    with till.read() as session:
        before = upgrades_in(session)
    clock.moment = NOW + timedelta(days=2)
    tiers.evaluate_tiers(lower_tiers(till))
    with till.read() as session:
        assert upgrades_in(session) == before + 1
    assert kept(till) == recomputed(till)
    assert_counts_match(till, stores_of(till), [0, 1, 2, 3])


def test_the_migration_backfills_and_the_rebuild_gives_the_same_rows(chain_shop, ctx, manager, clock):
    till = chain_shop["S02-2"]
    for day in (0, 0, 3, 9):
        clock.moment = NOW + timedelta(days=day, hours=1)
        sell(till, PHONES[2], [("C", 5)])     # silver, then gold
        sell(chain_shop["S01-1"], PHONES[0], [("C", 2)])
    expected = recomputed(ctx)
    assert kept(ctx) == expected and len({k[0] for k in expected}) == 3
    command.downgrade(alembic_config(ctx.engine), "0019_member_stats")
    upgrade(ctx.engine)
    assert kept(ctx) == expected
    with ctx.write() as session:
        session.execute(delete(ReportUpgrade))
        rollups.rebuild(session.connection())
    assert kept(ctx) == expected
    assert_counts_match(ctx, stores_of(ctx), [0, 1, 4, 10])


def test_the_bulk_demo_and_its_spread_over_stores_rebuild_the_rollup(ctx):
    create_bulk_demo(ctx, 400, sales_per_member=4)
    assert kept(ctx) == recomputed(ctx) != {}
    spread_over_stores(ctx, 2)
    assert kept(ctx) == recomputed(ctx)
    days = [-400, -200, -100, -30, -1, 0, 2]
    assert_counts_match(ctx, stores_of(ctx), days)
