"""Report rollups, round four (#19): after any sequence of sales (members and walk-ins, several
stores, tills and days, offline sales synced late that land between a member's earlier and later
sales), returns, enrolments, the tier job and erasures, every row of `report_repeats` equals a full
recomputation from sales, every tier_history row carries its member's store, and the repeat-purchase
and tier-upgrade reports give what the old queries on the base tables gave, for the chain and each
store. Real SQLite files and PostgreSQL, the real use cases; the migration's backfill and the bulk
loads' rebuild give the same rows."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pos.db.migrate import alembic_config, upgrade
from pos.db.models import Member, ReportRepeat, Sale, TierChange
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.members import lookup as members
from pos.services.members import privacy, tiers
from pos.services.reports import queries as q
from pos.services.reports.summary import run_report
from pos.services.sales import checkout as co
from pos.services.sales import repeat_rollups, returns, rollups
from pos.services.sales.cart import LineInput
from pos.services.stores import chain
from tests.databases import NOW
from tests.services.test_report_rollups import PHONES, PRICES, TILLS, chain_tills_enrolled_apart

OFFLINE_NO = itertools.count(1)     # the examples share one database: numbers stay unique
NEW_PHONE = itertools.count(1)
KEYS = ("repeat_purchase", "tier_upgrade")


# --- the old queries on the base tables (before round four), kept as the reference ---------------

def old_repeat_buyers_in(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """Group the range's member sales by member (the store's own sales for one store's report)."""
    per: Counter[int] = Counter(session.scalars(
        select(Sale.member_id).where(Sale.member_id.is_not(None), Sale.created_at >= since, Sale.created_at < until,
                                     q.at_store(session, Sale.store_id))))
    return len(per), sum(1 for n in per.values() if n >= 2)


def _old_upgrades(session: Session, since: datetime, until: datetime):
    return ((TierChange.reason == "upgrade") & (TierChange.at >= since) & (TierChange.at < until)
            & q.member_at_store(session, TierChange.member_id))


def old_members_upgraded(session: Session, since: datetime, until: datetime) -> int:
    return session.scalar(select(func.count(func.distinct(TierChange.member_id)))
                          .where(_old_upgrades(session, since, until))) or 0


def old_upgrades_by_tier(session: Session, since: datetime, until: datetime) -> dict[str, int]:
    return {k: int(n) for k, n in session.execute(
        select(TierChange.to_key, func.count(func.distinct(TierChange.member_id)))
        .where(_old_upgrades(session, since, until)).group_by(TierChange.to_key))}


# --- rollups and recomputation -------------------------------------------------------------------

def kept(ctx: AppContext) -> dict:
    with ctx.read() as session:
        return {(r.store_id, str(r.day), str(r.back_day)): (r.sales, r.after1, r.after2)
                for r in session.scalars(select(ReportRepeat)) if r.sales or r.after1 or r.after2}


def recomputed(ctx: AppContext) -> dict:
    with ctx.read() as session:
        return {(int(r[0]), str(r[1]), str(r[2])): (int(r[3]), int(r[4]), int(r[5]))
                for r in session.execute(repeat_rollups.recompute(session.get_bind().dialect.name))}


def stale_tier_stores(ctx: AppContext) -> int:
    """tier_history rows whose store is not their member's."""
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(TierChange).join(Member, Member.id == TierChange.member_id)
                              .where(func.coalesce(TierChange.store_id, -1) != func.coalesce(Member.store_id, -1)))


def assert_reports_match(ctx: AppContext, manager_id: int, stores: list[int | None]) -> None:
    periods = [(NOW.date() - timedelta(days=30), NOW.date() + timedelta(days=800)),
               (NOW.date() + timedelta(days=1), NOW.date() + timedelta(days=45)),
               (NOW.date() + timedelta(days=3), NOW.date() + timedelta(days=3)),
               (NOW.date(), NOW.date() + timedelta(days=2))]
    for store in stores:
        for start, end in periods:
            new = [run_report(ctx, manager_id, key, start, end, store_id=store) for key in KEYS]
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(q, "repeat_buyers_in", old_repeat_buyers_in)
                patch.setattr(q, "members_upgraded", old_members_upgraded)
                patch.setattr(q, "upgrades_by_tier", old_upgrades_by_tier)
                old = [run_report(ctx, manager_id, key, start, end, store_id=store) for key in KEYS]
            assert new == old, (store, start, end)


@pytest.fixture
def chain_shop(ctx, manager, db_url, clock):
    """Each member enrolled at a till of its own (so at both stores)."""
    with chain_tills_enrolled_apart(ctx, manager, db_url, clock) as tills:
        yield tills


def sell(till: AppContext, phone: str | None, lines, offline: co.OfflineOrigin | None = None) -> str:
    request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=n) for s, n in lines], member_phone=phone,
                                 offline=offline)
    return co.checkout(till, request).receipt_no


cart = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 4)), min_size=1, max_size=2)
when = st.sampled_from((0, 0, 1, 2, 3, 5, 40))      # days after NOW
sale_op = st.tuples(st.just("sell"), st.integers(0, 2), st.integers(0, 4), cart, when)
offline_op = st.tuples(st.just("offline"), st.integers(0, 2), st.integers(0, 4), cart, st.sampled_from((0, 1, 2, 4)))
return_op = st.tuples(st.just("return"), st.integers(0, 2), st.integers(0, 30), st.booleans(), when)
enrol_op = st.tuples(st.just("enrol"), st.integers(0, 2), when)
evaluate_op = st.tuples(st.just("evaluate"), st.integers(0, 2), st.sampled_from((3, 400)))
erase_op = st.tuples(st.just("erase"), st.integers(0, 2), st.integers(0, 5), when)
plans = st.lists(st.one_of(sale_op, sale_op, offline_op, offline_op, return_op, enrol_op, evaluate_op, erase_op),
                 min_size=1, max_size=14)


def lower_tiers(till: AppContext) -> AppContext:
    """The till's database with every tier's growth threshold halved: the tier job then upgrades."""
    config = till.config
    return AppContext(till.engine, replace(config, tiers=tuple(replace(t, growth=t.growth // 2) for t in config.tiers)),
                      till.clock)


def play(shop: dict[str, AppContext], manager, clock, plan) -> None:
    """Runs a plan of sales, offline sales synced late, returns, enrolments, tier jobs and erasures."""
    alive = list(PHONES)
    sold: list[str] = []
    clock.moment = NOW
    for step, op in enumerate(plan):
        till = shop[TILLS[op[1]]]
        kind = op[0]
        if kind == "sell":
            _, _, who, lines, days = op
            clock.moment = max(clock.moment, NOW + timedelta(days=days)) + timedelta(minutes=1)
            sold.append(sell(till, None if who >= len(alive) else alive[who], lines))
        elif kind == "offline":        # sold `back` days before the latest moment, booked now
            _, _, who, lines, back = op
            clock.moment += timedelta(minutes=1)
            offline = co.OfflineOrigin(f"OFF4-{next(OFFLINE_NO):06d}", clock.moment - timedelta(days=back, hours=step),
                                       None)
            sold.append(sell(till, None if who >= len(alive) else alive[who], lines, offline))
        elif kind == "return" and sold:
            _, _, which, whole, _ = op
            try:
                returns.return_sale(till, sold[which % len(sold)], None if whole else [(1, 1)], manager_pin="8888")
            except PosError as refusal:
                assert refusal.code in ("return_exceeds_sale", "line_invalid", "return_window_passed"), refusal.code
        elif kind == "enrol":
            phone = f"1391000{next(NEW_PHONE):04d}"
            members.enrol(till, phone)
            alive.append(phone)
        elif kind in ("evaluate", "evaluate_lower"):
            moment, clock.moment = clock.moment, clock.moment + timedelta(days=op[2])
            tiers.evaluate_tiers(till if kind == "evaluate" else lower_tiers(till))
            clock.moment = moment
        elif kind == "erase" and len(PHONES) + op[2] < len(alive):    # a member enrolled here (examples share
            phone = alive.pop(len(PHONES) + op[2])                           # the database: PHONES stay)
            privacy.erase_member(till, manager.id, members.lookup(till, phone=phone).member_id)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans)
def test_repeat_rollups_equal_a_full_recomputation_and_the_old_reports(chain_shop, manager, clock, plan):
    play(chain_shop, manager, clock, plan)
    ctx = chain_shop["S01-1"]
    assert kept(ctx) == recomputed(ctx)
    assert stale_tier_stores(ctx) == 0
    stores = [None, chain.store_id_of(ctx, "S01"), chain.store_id_of(ctx, "S02")]
    assert_reports_match(ctx, manager.id, stores)


def test_a_late_offline_sale_moves_the_later_sales_counts(chain_shop, manager, clock):
    """Sales on days 10, 20 and 30 at S02, then synced late: one of day 15 at S02 and one of day 5 at S01.
    The member bought 5 times in days 0..30 (once at S01), twice in days 12..25."""
    s01, s02 = chain_shop["S01-1"], chain_shop["S02-1"]
    for day in (10, 20, 30):
        clock.moment = NOW + timedelta(days=day)
        sell(s02, PHONES[0], [("A", 1)])
    clock.moment = NOW + timedelta(days=31)
    sell(s02, PHONES[0], [("A", 1)], co.OfflineOrigin("OFF4-L1", NOW + timedelta(days=15), None))
    sell(s01, PHONES[0], [("A", 1)], co.OfflineOrigin("OFF4-L2", NOW + timedelta(days=5), None))
    assert kept(s01) == recomputed(s01)
    s02_id = chain.store_id_of(s01, "S02")
    with s01.read() as session:
        assert repeat_rollups.counts(session, None, NOW.date(), (NOW + timedelta(days=31)).date()) == (1, 1)
        assert repeat_rollups.counts(session, None, (NOW + timedelta(days=12)).date(),
                                     (NOW + timedelta(days=26)).date()) == (1, 1)
        assert repeat_rollups.counts(session, None, (NOW + timedelta(days=16)).date(),
                                     (NOW + timedelta(days=21)).date()) == (1, 0)
        assert repeat_rollups.counts(session, s02_id, (NOW + timedelta(days=5)).date(),
                                     (NOW + timedelta(days=6)).date()) == (0, 0)
    report = run_report(s01, manager.id, "repeat_purchase", NOW.date(), (NOW + timedelta(days=30)).date())
    assert report.facts[1:] == (("repeat", 1), ("buyers", 1))
    assert_reports_match(s01, manager.id, [None, chain.store_id_of(s01, "S01"), s02_id])


def test_the_migration_backfills_and_the_rebuild_gives_the_same_rows(chain_shop, ctx, manager, clock):
    till = chain_shop["S02-2"]
    for day in (0, 0, 3, 9):
        clock.moment = NOW + timedelta(days=day, hours=1)
        sell(till, PHONES[2], [("C", 4)])       # upgrades on the way
        sell(chain_shop["S01-1"], PHONES[2], [("A", 1)])
    expected = recomputed(ctx)
    assert kept(ctx) == expected and len({k[0] for k in expected}) == 3
    with ctx.read() as session:
        assert session.scalar(select(func.count()).where(TierChange.reason == "upgrade")) >= 1
    assert stale_tier_stores(ctx) == 0
    command.downgrade(alembic_config(ctx.engine), "0016_report_rollups2")
    upgrade(ctx.engine)
    assert kept(ctx) == expected and stale_tier_stores(ctx) == 0
    with ctx.write() as session:
        session.execute(delete(ReportRepeat))
        session.execute(TierChange.__table__.update().values(store_id=None))
        rollups.rebuild(session.connection())
    assert kept(ctx) == expected and stale_tier_stores(ctx) == 0
    assert_reports_match(ctx, manager.id, [None, chain.store_id_of(ctx, "S01"), chain.store_id_of(ctx, "S02")])

