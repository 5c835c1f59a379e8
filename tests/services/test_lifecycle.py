"""Lifecycle marketing against real databases (SQLite and PostgreSQL): behaviour groups in SQL equal
the Python rules member by member; replenishment due lists; automatic churn offers once per lapse;
scheduled jobs idempotent and run once by two processes at the same moment; campaign holdout and the
uplift report on a simulated campaign."""

from __future__ import annotations

import multiprocessing as mp
import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text, update

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.db.models import (
    Campaign,
    CampaignHoldout,
    Coupon,
    JobRun,
    LapseOffer,
    Member,
    MemberGroup,
    Product,
    Sale,
    SaleLine,
)
from pos.errors import PermissionDenied
from pos.loyalty.behaviour import GROUPS, Purchase, behaviour_groups
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.campaigns import campaign as campaigns
from pos.services.context import AppContext
from pos.services.coupons.issue import CouponSpec
from pos.services.jobs import runner
from pos.services.lifecycle import groups, offers, replenishment
from pos.services.members import listing
from pos.services.members import lookup as members
from pos.services.reports import summary, uplift
from pos.services.segments import rfm
from tests.databases import NOW

_receipts = iter(range(1, 10**9))
AUTO = Coupon.segment.in_(offers.COUPON_SEGMENT.values())      # not the welcome coupon of enrolment


def add_sale(session, member_id: int | None, at: datetime, total_fen: int, *, coupon_id: int | None = None,
             skus: tuple[str, ...] = ()) -> None:
    n = next(_receipts)
    sale = Sale(sale_uuid=str(uuid.uuid4()), receipt_no=f"T{n:010d}", created_at=at, member_id=member_id,
                subtotal_fen=total_fen, tier_discount_fen=0, coupon_id=coupon_id, coupon_discount_fen=0,
                points_redeemed=0, points_value_fen=0, total_fen=total_fen, points_earned=0, growth_earned=0)
    session.add(sale)
    session.flush()
    for i, sku in enumerate(skus, 1):
        session.add(SaleLine(sale_id=sale.id, line_no=i, sku=sku, name=sku, unit_price_fen=total_fen, qty=1,
                             discountable=True, gross_fen=total_fen, tier_discount_fen=0, coupon_fen=0, points_fen=0,
                             paid_fen=total_fen))


def enrol(ctx, phone: str, *, consent: bool = True) -> int:
    return members.enrol(ctx, phone, consent=consent).member.member_id


# ---------------------------------------------------------------- behaviour groups

@pytest.mark.parametrize("how", ["regroup", "with the segments"])
def test_sql_groups_equal_the_python_rules(ctx, how):
    """Alone (the console's button) or in the weekly job's single pass with the RFM snapshot."""
    create_bulk_demo(ctx, 300, sales_per_member=4)
    rng = random.Random(5)
    now = ctx.clock()
    with ctx.write() as session:      # boundary cases: exactly 90, 30 days; coupon users; one big first purchase
        coupon = session.scalar(select(func.min(Coupon.id)))
        session.execute(text("UPDATE sales SET coupon_id = :c WHERE member_id BETWEEN 20 AND 40"), {"c": coupon})
        ids = list(session.scalars(select(Member.id).where(Member.erased_at.is_(None)).limit(20)))
    boundary = {enrol(ctx, f"1390000{i:04d}"): days for i, days in enumerate([90, 89, 30, 31, 0, 365, 364])}
    with ctx.write() as session:
        for member, days in boundary.items():
            add_sale(session, member, now.replace(hour=rng.randint(0, 23)) - timedelta(days=days), 30000)
        for mid in ids[:5]:
            add_sale(session, mid, now - timedelta(days=rng.randint(0, 400)), rng.randint(100, 900000))
        session.execute(update(Member).where(Member.id.in_(ids[5:8])).values(erased_at=now, phone=None,
                                                                             phone_tail=None))
    sizes = groups.regroup(ctx) if how == "regroup" else rfm.compute_segments(ctx, with_groups=True).groups
    assert sizes is not None
    today, cfg = now.date(), ctx.config.lifecycle
    with ctx.read() as session:
        history = defaultdict(list)
        for mid, at, total, cid in session.execute(select(Sale.member_id, Sale.created_at, Sale.total_fen,
                                                          Sale.coupon_id).where(Sale.member_id.is_not(None))):
            history[mid].append(Purchase(at.date(), total, cid is not None))
        expected = {mid: behaviour_groups(history[mid], enrolled.date(), today, cfg)
                    for mid, enrolled in session.execute(select(Member.id, Member.enrolled_at)
                                                         .where(Member.erased_at.is_(None)))}
        got = defaultdict(set)
        for mid, key in session.execute(select(MemberGroup.member_id, MemberGroup.group_key)):
            got[mid].add(key)
    assert {mid: frozenset(got.get(mid, ())) for mid in expected} == expected
    assert not set(got) & set(ids[5:8])                               # erased members are in no group
    assert sizes.sizes == {key: sum(key in g for g in expected.values()) for key in GROUPS}
    assert sum(1 for v in sizes.sizes.values() if v) >= 4          # the fixture exercises most groups
    regrouped = groups.regroup(ctx)                                   # on demand again: the same groups
    assert regrouped.sizes == sizes.sizes


def test_group_overview_shows_the_change_since_last_week(ctx, clock, manager, cashier):
    a, b = enrol(ctx, "13800000001"), enrol(ctx, "13800000002")
    with ctx.write() as session:
        add_sale(session, a, clock() - timedelta(days=100), 10000)
        add_sale(session, b, clock() - timedelta(days=85), 10000)
    assert groups.group_overview(ctx, manager.id).taken_at is None
    groups.regroup(ctx)
    first = {row.key: row for row in groups.group_overview(ctx, manager.id).rows}
    assert first["sleeping"].count == 1 and first["sleeping"].change is None
    clock.moment += timedelta(days=3)
    groups.regroup(ctx)                         # three days later: no snapshot a week before yet
    assert {r.key: r.change for r in groups.group_overview(ctx, manager.id).rows}["sleeping"] is None
    clock.moment += timedelta(days=4)
    groups.regroup(ctx)
    overview = groups.group_overview(ctx, manager.id)
    sleeping = {row.key: row for row in overview.rows}["sleeping"]
    assert (sleeping.count, sleeping.previous_count, sleeping.change) == (2, 1, 1)
    assert overview.previous_taken_at == NOW
    flt = listing.MemberFilter(group="sleeping")
    assert listing.count_members(ctx, manager.id, flt) == 2
    with pytest.raises(PermissionDenied):
        groups.group_overview(ctx, cashier.id)


# ---------------------------------------------------------------- replenishment

def test_due_products_on_the_card_and_in_the_list_filter(ctx, clock, products, manager):
    with ctx.write() as session:
        session.add(Product(sku="DET", barcode="6900000000009", name="洗衣液", price_fen=3990))
        replenishment.mark_consumable(session, "DET", 30)
        replenishment.mark_consumable(session, "LAT", 7)
    learned, default, fresh = enrol(ctx, "13800000011"), enrol(ctx, "13800000012"), enrol(ctx, "13800000013")
    with ctx.write() as session:
        for days in (52, 32):          # exactly 2 purchases: cycle 20 days, due 17 days after the last
            add_sale(session, learned, clock() - timedelta(days=days), 3990, skus=("DET",))
        add_sale(session, default, clock() - timedelta(days=25), 3990, skus=("DET",))   # default 30: due day 27
        add_sale(session, fresh, clock() - timedelta(days=2), 3990, skus=("DET", "BIG"))
    life = replenishment.member_lifecycle(ctx, learned)
    assert [(d.product, d.days_since, d.cycle_days) for d in life.due] == [("洗衣液", 32, 20)]
    soon = replenishment.member_lifecycle(ctx, default)
    assert soon.due == () and [d.product for d in soon.due_soon] == ["洗衣液"]
    assert replenishment.member_lifecycle(ctx, fresh).due == ()
    assert replenishment.refresh_due(ctx) == 3
    due_now = listing.MemberFilter(due_within_days=0)
    assert listing.count_members(ctx, manager.id, due_now) == 1
    assert listing.count_members(ctx, manager.id, listing.MemberFilter(due_within_days=2)) == 2
    assert replenishment.due_counts(ctx, 2) == {"洗衣液": 2}


# ---------------------------------------------------------------- automatic offers

def test_win_back_offer_once_per_lapse_and_a_purchase_starts_a_new_lapse(ctx, clock):
    lapsed, at_risk, no_consent = enrol(ctx, "13800000021"), enrol(ctx, "13800000022"), \
        enrol(ctx, "13800000023", consent=False)
    with ctx.write() as session:
        add_sale(session, lapsed, clock() - timedelta(days=60), 20000)       # exactly 60 days: win-back
        add_sale(session, at_risk, clock() - timedelta(days=59), 20000)      # at risk: no offer by default
        add_sale(session, no_consent, clock() - timedelta(days=90), 20000)
    first = offers.issue_lapse_offers(ctx)
    assert first.issued == {"at_risk": 0, "win_back": 1}
    assert offers.issue_lapse_offers(ctx).issued == {"at_risk": 0, "win_back": 0}     # run twice: once
    with ctx.read() as session:
        coupon = session.scalars(select(Coupon).where(Coupon.member_id == lapsed, AUTO)).one()
        assert (coupon.kind, coupon.amount_fen, coupon.threshold_fen) == ("amount", 1500, 10000)
        assert coupon.valid_to.date() == (clock() + timedelta(days=14)).date()
        assert session.scalar(select(LapseOffer.coupon_id).where(LapseOffer.member_id == lapsed)) == coupon.id
    with ctx.write() as session:                          # comes back, then lapses again 60 days later
        add_sale(session, lapsed, clock() - timedelta(days=1), 5000)
    assert offers.issue_lapse_offers(ctx).issued["win_back"] == 0
    clock.moment += timedelta(days=59)
    assert offers.issue_lapse_offers(ctx).issued["win_back"] == 2          # the second lapse, and at_risk's
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Coupon).where(Coupon.member_id == lapsed, AUTO)) == 2
        assert session.scalar(select(func.count()).select_from(Coupon).where(Coupon.member_id == no_consent, AUTO)) == 0


def test_the_offer_job_reports_its_progress_batch_by_batch(ctx, clock, monkeypatch):
    """(done, total) after reading every lapse, then after each batch; through the job runner on a finer
    scale within the job's share of the bar (the console's jobs panel)."""
    monkeypatch.setattr(offers, "BATCH", 2)
    lapsed = [enrol(ctx, f"138000002{i:02d}") for i in range(5)]
    with ctx.write() as session:
        for mid in lapsed:
            add_sale(session, mid, clock() - timedelta(days=70), 20000)
    steps: list[tuple[int, int]] = []
    assert offers.issue_lapse_offers(ctx, progress=lambda done, total: steps.append((done, total))).issued[
        "win_back"] == 5
    assert steps == [(0, 5), (2, 5), (4, 5), (5, 5)]
    with ctx.write() as session:        # lapsed again: a new lapse each, for the job runner
        for mid in lapsed:
            add_sale(session, mid, clock() - timedelta(days=65), 20000)
    bar: list[tuple[int, int, str]] = []
    outcomes = runner.run_due_jobs(ctx, only="offers", now=True, progress=lambda *a: bar.append(a))
    assert outcomes[0].result["issued"]["win_back"] == 5
    scale = runner.STEP_SCALE
    assert bar == [(0, 1, "offers"), (0, scale, "offers"), (400, scale, "offers"), (800, scale, "offers"),
                   (scale, scale, "offers"), (1, 1, "")]


# ---------------------------------------------------------------- scheduled jobs

def test_jobs_run_twice_do_the_work_once(ctx, clock):
    member = enrol(ctx, "13800000031")
    with ctx.write() as session:
        add_sale(session, member, clock() - timedelta(days=70), 20000)
    first = {o.job: o for o in runner.run_due_jobs(ctx)}
    assert {o.status for o in first.values()} == {"ok"}
    assert first["offers"].result["issued"]["win_back"] == 1
    second = runner.run_due_jobs(ctx)
    assert {o.status for o in second} == {"already_done"}
    status = {s.job: s for s in runner.job_status(ctx)}
    assert status["offers"].last_status == "ok" and not status["offers"].due and status["offers"].duration_ms >= 0
    again = runner.run_due_jobs(ctx, only="offers", now=True)        # the console's "Run now"
    assert again[0].status == "ok" and again[0].result["issued"]["win_back"] == 0
    clock.moment += timedelta(days=1)
    next_day = {o.job: o.status for o in runner.run_due_jobs(ctx)}
    assert next_day["expiry"] == "ok" and next_day["regroup"] == "already_done"      # weekly
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Coupon).where(Coupon.member_id == member, AUTO)) == 1


def test_a_failed_or_abandoned_run_is_taken_over(ctx, clock):
    with ctx.write() as session:
        session.add(JobRun(job="expiry", period=NOW.date().isoformat(), status="running",
                           started_at=NOW - timedelta(hours=2), result="", till_id="dead till"))
        session.add(JobRun(job="tiers", period=NOW.date().isoformat(), status="running",
                           started_at=NOW - timedelta(minutes=5), result="", till_id="busy till"))
    outcomes = {o.job: o.status for o in runner.run_due_jobs(ctx)}
    assert outcomes["expiry"] == "ok" and outcomes["tiers"] == "running_elsewhere"


def _jobs_till(url: str, start, results) -> None:
    ctx = AppContext(make_engine(url), load_config(), fixed_clock(NOW), till_id=f"till-{mp.current_process().pid}")
    start.wait()
    try:
        results.put([(o.job, o.status, o.result.get("issued", {}).get("win_back")) for o in runner.run_due_jobs(ctx)])
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"crash:{type(exc).__name__}:{exc}")
    finally:
        ctx.engine.dispose()


def test_two_processes_run_each_job_once_and_issue_every_offer_once(ctx, db_url, clock):
    lapsed = [enrol(ctx, f"138000001{i:02d}") for i in range(30)]
    with ctx.write() as session:
        for mid in lapsed:
            add_sale(session, mid, clock() - timedelta(days=61), 20000)
    spawn = mp.get_context("spawn")
    start, results = spawn.Event(), spawn.Queue()
    procs = [spawn.Process(target=_jobs_till, args=(db_url, start, results)) for _ in range(2)]
    for proc in procs:
        proc.start()
    start.set()
    outcomes = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    assert not any(isinstance(o, str) for o in outcomes), outcomes
    ran = [(job, status) for till in outcomes for job, status, _ in till if status == "ok"]
    assert sorted(job for job, _ in ran) == sorted(job.key for job in runner.JOBS)      # each job once
    issued = [n for till in outcomes for job, status, n in till if job == "offers" and status == "ok"]
    assert issued == [30]
    with ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Coupon).where(Coupon.member_id.in_(lapsed), AUTO)) == 30
        assert session.scalar(select(func.count()).select_from(LapseOffer)) == 30


# ---------------------------------------------------------------- holdout and uplift

def test_holdout_is_recorded_gets_nothing_and_is_reproducible(ctx, manager):
    ids = [enrol(ctx, f"1370000{i:04d}") for i in range(200)]
    spec = CouponSpec("amount", amount_fen=1000, valid_days=30)
    audience = campaigns.Audience(member_filter=listing.MemberFilter())
    r = campaigns.issue_campaign(ctx, manager.id, "Spring", audience, spec, holdout_percent=10)
    assert r.issued + r.holdout == 200 and 8 <= r.holdout <= 35
    with ctx.read() as session:
        held = set(session.scalars(select(CampaignHoldout.member_id)))
        holders = set(session.scalars(select(Coupon.member_id).where(Coupon.campaign_id == r.campaign_id)))
        campaign = session.get(Campaign, r.campaign_id)
    assert held and not held & holders and held | holders == set(ids)
    assert campaign.holdout == len(held) and campaign.holdout_percent == 10 and campaign.holdout_seed
    again = campaigns.issue_campaign(ctx, manager.id, "Spring", audience, spec, holdout_percent=10)
    assert again.issued == 0 and again.holdout == len(held)            # the same draw from the stored seed
    with pytest.raises(Exception, match="between 0 and 90"):
        campaigns.issue_campaign(ctx, manager.id, "Too much", audience, spec, holdout_percent=95)


def test_uplift_report_finds_a_simulated_effect(ctx, manager, clock):
    ids = [enrol(ctx, f"1360000{i:04d}") for i in range(1200)]
    spec = CouponSpec("amount", amount_fen=1000, valid_days=30)
    r = campaigns.issue_campaign(ctx, manager.id, "Effect", campaigns.Audience(member_filter=listing.MemberFilter()),
                                 spec, holdout_percent=30)
    rng = random.Random(3)
    with ctx.read() as session:
        held = set(session.scalars(select(CampaignHoldout.member_id)))
    with ctx.write() as session:
        for mid in ids:            # 45 % of the issued buy within the window, 15 % of the holdout
            if rng.random() < (0.15 if mid in held else 0.45):
                add_sale(session, mid, clock() + timedelta(days=rng.randint(0, 29)), 10000)
            if rng.random() < 0.5:          # after the window: not counted
                add_sale(session, mid, clock() + timedelta(days=40), 10000)
    u = uplift.campaign_uplift(ctx, manager.id, r.campaign_id, 30)
    assert (u.result.issued, u.result.holdout) == (r.issued, len(held))
    assert u.result.significant and u.result.buyer_rate is not None
    assert u.result.buyer_rate.low < 0.30 < u.result.buyer_rate.high
    report = summary.uplift_report(u)
    assert report.rows[0][0] == "issued" and "significantly more" in report.summary
    with ctx.write() as session:
        session.execute(update(Campaign).values(created_at=clock() - timedelta(days=1)))
    cost = summary.run_report(ctx, manager.id, "campaign_cost", (clock() - timedelta(days=5)).date(), clock().date())
    assert cost.rows[0][0] == "Effect" and cost.rows[0][-1] == "yes"
