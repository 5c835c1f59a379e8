"""Report rollups, round two (#19): after any sequence of sales (members and walk-ins, coupons, points,
offline sales synced late, several stores and days), returns, enrolments at different stores, coupon
issues, the tier evaluation job (upgrades, grace, downgrades), the points expiry job and erasures,
every row of `report_tier_moves` and `report_coupon_uses` equals a full recomputation from
tier_history and coupon_redemptions; and the reports that read them (members per tier, days from
coupon issue to use) give what the old queries on the base tables gave, for the chain and each
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
from pos.db.models import (
    Coupon,
    CouponRedemption,
    Member,
    ReportCouponUse,
    ReportTierMove,
    TierChange,
)
from pos.errors import PosError
from pos.services.context import AppContext
from pos.services.coupons import issue as coupons
from pos.services.members import lookup as members
from pos.services.members import privacy, tiers
from pos.services.members import rollups as member_rollups
from pos.services.points import expiry
from pos.services.reports import queries as q
from pos.services.reports import uplift
from pos.services.reports.summary import run_report
from pos.services.sales import checkout as co
from pos.services.sales import returns, rollups
from pos.services.sales.cart import LineInput
from pos.services.stores import chain
from tests.databases import NOW
from tests.services.test_report_rollups import PHONES, PRICES, TILLS, chain_tills_enrolled_apart

OFFLINE_NO = itertools.count(1)     # the examples share one database: numbers stay unique
NEW_PHONE = itertools.count(1)


# --- the old queries on the base tables (before round two), kept as the reference -----------------

def old_tier_moves(session: Session, since: datetime | None, until: datetime) -> dict[tuple[str | None, str], int]:
    when = TierChange.at < until if since is None else (TierChange.at >= since) & (TierChange.at < until)
    return {(f, t): int(n) for f, t, n in session.execute(
        select(TierChange.from_key, TierChange.to_key, func.count())
        .where(when, q.member_at_store(session, TierChange.member_id))
        .group_by(TierChange.from_key, TierChange.to_key))}


def old_use_days(session: Session, since: datetime, until: datetime) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    rows = session.execute(select(Coupon.issued_at, CouponRedemption.at)
                           .join(CouponRedemption, CouponRedemption.coupon_id == Coupon.id)
                           .where(CouponRedemption.at >= since, CouponRedemption.at < until,
                                  q.at_store(session, CouponRedemption.store_id)))
    for issued_at, used_at in rows:
        counts[uplift.use_day_bucket((used_at.date() - issued_at.date()).days)] += 1
    return [(label, counts[label]) for _, _, label in uplift.USE_DAY_BUCKETS]


# --- rollups and recomputation -------------------------------------------------------------------

def kept(ctx: AppContext) -> tuple[dict, dict]:
    with ctx.read() as session:
        moves = {(str(r.day), r.store_id, r.from_key, r.to_key): r.changes
                 for r in session.scalars(select(ReportTierMove)) if r.changes}
        uses = {(str(r.day), r.store_id, r.days): r.uses for r in session.scalars(select(ReportCouponUse)) if r.uses}
    return moves, uses


def recomputed(ctx: AppContext) -> tuple[dict, dict]:
    with ctx.read() as session:
        dialect = session.get_bind().dialect.name
        moves = {(str(r[0]), int(r[1]), r[2], r[3]): int(r[4])
                 for r in session.execute(member_rollups.recompute(dialect))}
        uses = {(str(r[0]), int(r[1]), int(r[2])): int(r[3])
                for r in session.execute(rollups.recompute_coupon_uses(dialect))}
    return moves, uses


def assert_reports_match(ctx: AppContext, manager_id: int, stores: list[int | None]) -> None:
    periods = [(NOW.date() - timedelta(days=30), NOW.date() + timedelta(days=800)),
               (NOW.date() + timedelta(days=1), NOW.date() + timedelta(days=450)), (NOW.date(), NOW.date())]
    for store in stores:
        for start, end in periods:
            new = [run_report(ctx, manager_id, key, start, end, store_id=store)
                   for key in ("members_per_tier", "coupon_use_days")]
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(q, "tier_moves", old_tier_moves)
                patch.setattr(uplift, "use_days", old_use_days)
                old = [run_report(ctx, manager_id, key, start, end, store_id=store)
                       for key in ("members_per_tier", "coupon_use_days")]
            assert new == old, (store, start, end)


@pytest.fixture
def chain_shop(ctx, manager, db_url, clock):
    """The round-one rollups' shop, each member enrolled at a till of its own (so at both stores)."""
    with chain_tills_enrolled_apart(ctx, manager, db_url, clock) as tills:
        yield tills


cart = st.lists(st.tuples(st.sampled_from(sorted(PRICES)), st.integers(1, 4)), min_size=1, max_size=3)
when = st.sampled_from((0, 1, 2, 5, 40))      # days after NOW
later = st.sampled_from((0, 3, 200, 400, 440, 800))    # for the jobs: growth windows and lots run out
sale_op = st.tuples(st.just("sell"), st.integers(0, 2), st.integers(0, 5), cart, st.booleans(), st.integers(0, 3),
                    when)
offline_op = st.tuples(st.just("offline"), st.integers(0, 2), st.integers(0, 5), cart, st.booleans(),
                       st.integers(0, 3), st.integers(1, 3))
return_op = st.tuples(st.just("return"), st.integers(0, 2), st.integers(0, 30), st.booleans(), when)
issue_op = st.tuples(st.just("issue"), st.integers(0, 2), st.integers(0, 5), when)
enrol_op = st.tuples(st.just("enrol"), st.integers(0, 2), when)
evaluate_op = st.tuples(st.just("evaluate"), st.integers(0, 2), later)
expire_op = st.tuples(st.just("expire"), st.integers(0, 2), later)
erase_op = st.tuples(st.just("erase"), st.integers(0, 2), st.integers(0, 5), when)
plans = st.lists(st.one_of(sale_op, offline_op, return_op, issue_op, enrol_op, evaluate_op, expire_op, erase_op),
                 min_size=1, max_size=12)


AGES = (0, 1, 3, 9, 20, 40)     # days from a coupon's issue to its use


def issue_to(till: AppContext, manager_id: int, phone: str, held: dict[str, list[str]]) -> None:
    member_id = members.lookup(till, phone=phone).member_id
    held.setdefault(phone, []).extend(coupons.issue_coupons(
        till, manager_id, coupons.parse_spec("amount", "5", valid_days=400), member_id=member_id).codes)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans)
def test_rollups2_equal_a_full_recomputation_and_the_old_reports(chain_shop, manager, clock, plan):
    alive = list(PHONES)
    held: dict[str, list[str]] = {}         # phone -> coupon codes issued to it, not yet used
    sold: list[str] = []
    for step, op in enumerate(plan):
        clock.moment = NOW + timedelta(days=op[-1], minutes=step)
        till = chain_shop[TILLS[op[1]]]
        kind = op[0]
        if kind in ("sell", "offline"):
            _, _, who, lines, with_coupon, redeem, _ = op
            phone = None if who >= len(alive) else alive[who]
            code = None
            if with_coupon and phone:       # a coupon held, or one issued `age` days before
                if not held.get(phone):
                    moment, clock.moment = clock.moment, clock.moment - timedelta(days=AGES[step % len(AGES)])
                    issue_to(till, manager.id, phone, held)
                    clock.moment = moment
                code = held[phone].pop(0)
            offline = None
            if kind == "offline":        # sold earlier by an offline till, booked now
                offline = co.OfflineOrigin(f"OFF2-{next(OFFLINE_NO):06d}", clock.moment - timedelta(days=op[-1]),
                                           None)
            request = co.CheckoutRequest(lines=[LineInput(sku=s, qty=n) for s, n in lines], member_phone=phone,
                                         coupon_code=code, redeem_points=redeem * 100 if phone else 0,
                                         manager_pin="8888", offline=offline)
            attempts = (request, replace(request, redeem_points=0), replace(request, redeem_points=0, coupon_code=None))
            for number, attempt in enumerate(attempts):
                try:     # not enough points, coupon threshold: the sale without them
                    sold.append(co.checkout(till, attempt).receipt_no)
                    break
                except PosError:
                    if number == len(attempts) - 1:
                        raise
        elif kind == "return" and sold:
            _, _, which, whole, _ = op
            try:
                returns.return_sale(till, sold[which % len(sold)], None if whole else [(1, 1)], manager_pin="8888")
            except PosError as refusal:
                assert refusal.code in ("return_exceeds_sale", "line_invalid", "return_window_passed"), refusal.code
        elif kind == "issue" and op[2] < len(alive):
            issue_to(till, manager.id, alive[op[2]], held)
        elif kind == "enrol":
            phone = f"1390000{next(NEW_PHONE):04d}"
            members.enrol(till, phone)
            alive.append(phone)
        elif kind == "evaluate":        # and again after the grace period
            tiers.evaluate_tiers(till)
            clock.moment += timedelta(days=till.config.growth.grace_days + 1)
            tiers.evaluate_tiers(till)
        elif kind == "expire":
            expiry.expire_points(till)
        elif kind == "erase" and len(PHONES) + op[2] < len(alive):    # a member enrolled here (examples share
            phone = alive.pop(len(PHONES) + op[2])                           # the database: PHONES stay)
            held.pop(phone, None)
            privacy.erase_member(till, manager.id, members.lookup(till, phone=phone).member_id)
    ctx = chain_shop["S01-1"]
    assert kept(ctx) == recomputed(ctx)
    stores = [None, chain.store_id_of(ctx, "S01"), chain.store_id_of(ctx, "S02")]
    assert_reports_match(ctx, manager.id, stores)


def test_store_figures_add_up_to_the_chain(chain_shop, manager, clock):
    s01, s02 = chain_shop["S01-1"], chain_shop["S02-1"]
    member_id = members.lookup(s02, phone=PHONES[1]).member_id
    code = coupons.issue_coupons(s01, manager.id, coupons.parse_spec("amount", "5"), member_id=member_id).codes[0]
    clock.moment = NOW + timedelta(days=3)
    co.checkout(s02, co.CheckoutRequest(lines=[LineInput(sku="C", qty=5)], member_phone=PHONES[1], coupon_code=code))
    co.checkout(s01, co.CheckoutRequest(lines=[LineInput(sku="C", qty=5)], member_phone=PHONES[0]))
    day = clock.moment.date()
    reports = {store: {key: run_report(s01, manager.id, key, NOW.date(), day, store_id=store)
                       for key in ("members_per_tier", "coupon_use_days")}
               for store in (None, chain.store_id_of(s01, "S01"), chain.store_id_of(s01, "S02"))}
    chain_wide, *shops = reports.values()
    for key in ("members_per_tier", "coupon_use_days"):
        summed = [tuple(sum(r[i] for r in rows) for i in range(1, len(rows[0])))
                  for rows in zip(*(shop[key].rows for shop in shops), strict=True)]
        assert summed == [tuple(row[1:]) for row in chain_wide[key].rows], key
    assert chain_wide["coupon_use_days"].rows[2] == ("2-3", 1)
    assert reports[chain.store_id_of(s01, "S02")]["coupon_use_days"].rows[2] == ("2-3", 1)
    assert chain_wide["members_per_tier"].facts == (("member", 1), ("silver", 2), ("gold", 0), ("diamond", 0))


def test_the_cap_is_the_last_bucket():
    assert uplift.USE_DAY_BUCKETS[-1][0] == rollups.USE_DAYS_CAP
    assert rollups.use_days(datetime(2026, 1, 1, 23), datetime(2026, 1, 2, 0, 5)) == 1
    assert rollups.use_days(datetime(2025, 1, 1), datetime(2026, 1, 1)) == rollups.USE_DAYS_CAP


def test_the_migration_backfills_and_the_rebuild_gives_the_same_rows(chain_shop, ctx, manager, clock):
    till = chain_shop["S02-2"]
    member_id = members.lookup(till, phone=PHONES[2]).member_id
    code = coupons.issue_coupons(till, manager.id, coupons.parse_spec("amount", "5", valid_days=400),
                                 member_id=member_id).codes[0]
    clock.moment = NOW + timedelta(days=40)
    co.checkout(till, co.CheckoutRequest(lines=[LineInput(sku="C", qty=4)], member_phone=PHONES[2], coupon_code=code))
    expected = recomputed(ctx)
    assert kept(ctx) == expected and all(expected)
    assert expected[1] == {(str(clock.moment.date()), chain.store_id_of(ctx, "S02"), rollups.USE_DAYS_CAP): 1}
    command.downgrade(alembic_config(ctx.engine), "0014_report_rollups")
    upgrade(ctx.engine)
    assert kept(ctx) == expected
    with ctx.write() as session:
        session.execute(delete(ReportTierMove))
        session.execute(delete(ReportCouponUse))
        rollups.rebuild(session.connection())
    assert kept(ctx) == expected


def test_the_tier_job_and_enrolment_keep_the_moves(chain_shop, clock):
    """Upgrades at checkout, then a year on: grace, then the downgrade, each counted on its day at the
    member's store."""
    s02 = chain_shop["S02-1"]
    for _ in range(3):
        co.checkout(s02, co.CheckoutRequest(lines=[LineInput(sku="C", qty=4)], member_phone=PHONES[1]))
    for days in (400, 440):
        clock.moment = NOW + timedelta(days=days)
        tiers.evaluate_tiers(s02)
    moves, _ = kept(s02)
    assert moves == recomputed(s02)[0]
    with s02.read() as session:
        store = session.scalar(select(Member.store_id).where(Member.phone.like("%" + PHONES[1])))
    downgrades = {k: n for k, n in moves.items() if k[1] == store and k[2] in ("gold", "silver") and k[3] != "gold"}
    assert downgrades and all(k[0] == str((NOW + timedelta(days=440)).date()) for k in downgrades), moves
