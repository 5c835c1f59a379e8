"""Reports run in steps (progress, cancel) and their fast query shapes agree with the plain
definitions: members per tier from tier moves vs each member's latest history entry, repeat buyers
counted in member slices vs one GROUP BY over all members."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from pos.db.models import Member, Sale, TierChange
from pos.services.reports.summary import ReportCancelled, run_report
from pos.services.sales import rollups
from tests.fixtures_db import store_manager_id

START, END = date(2026, 1, 10), date(2026, 6, 20)
TIERS = ("member", "silver", "gold", "diamond")


def random_shop(ctx, seed: int, members: int = 60) -> None:
    """Members with a consistent tier history (each change starts from the tier the last one
    left) and sales scattered over a year, some inside and some outside the report's range."""
    rng = random.Random(seed)
    origin = datetime(2025, 9, 1)
    with ctx.write() as session:
        history, sales = [], []
        for i in range(1, members + 1):
            at = origin + timedelta(days=rng.randrange(300), minutes=rng.randrange(1440))
            tier, level = None, 0
            session.add(Member(id=i, phone=f"+86139{i:08d}", phone_tail=f"{i:04d}"[-4:], name=f"M{i}",
                               referral_code=f"R{i}", enrolled_at=at, tier_key="member", tier_since=at))
            for step in range(rng.randrange(1, 5)):
                new = "member" if step == 0 else TIERS[max(0, min(3, level + rng.choice((-1, 1, 1))))]
                history.append(TierChange(member_id=i, from_key=tier, to_key=new,
                                          reason="enrol" if step == 0 else "upgrade", at=at))
                tier, level = new, TIERS.index(new)
                at += timedelta(days=rng.randrange(0, 60), hours=rng.randrange(24))
            for _ in range(rng.randrange(0, 6)):
                n = len(sales) + 1
                when = origin + timedelta(days=rng.randrange(330), minutes=rng.randrange(1440))
                buyer = i if rng.random() < 0.85 else None
                sales.append(Sale(id=n, sale_uuid=f"u{n}", receipt_no=f"R{n}", created_at=when,
                                  member_id=buyer, subtotal_fen=100, tier_discount_fen=0,
                                  coupon_discount_fen=0, points_redeemed=0, points_value_fen=0, total_fen=100,
                                  points_earned=0, growth_earned=0,
                                  tier_before="member" if buyer else None))
        session.flush()
        session.add_all(history + sales)
        session.flush()
        rollups.rebuild(session.connection())    # sales written around checkout: their report rollups


def latest_tier_counts(ctx, moment: datetime) -> dict[str, int]:
    """The plain definition: each member's latest history entry before `moment`."""
    sql = text("SELECT to_key, count(*) FROM (SELECT to_key, row_number() OVER (PARTITION BY member_id "
               "ORDER BY at DESC, id DESC) AS rn FROM tier_history WHERE at < :m) AS ranked WHERE rn = 1 GROUP BY to_key")
    with ctx.read() as session:
        return {k: int(n) for k, n in session.execute(sql, {"m": moment})}


@pytest.mark.parametrize("seed", range(4))
def test_members_per_tier_matches_latest_history_entry(ctx, seed):
    random_shop(ctx, seed)
    report = run_report(ctx, store_manager_id(ctx), "members_per_tier", START, END)
    for month, *counts in report.rows:
        first = datetime.strptime(month + "-01", "%Y-%m-%d")
        moment = min((first + timedelta(days=32)).replace(day=1), datetime.combine(END + timedelta(days=1),
                                                                                    datetime.min.time()))
        expected = latest_tier_counts(ctx, moment)
        assert dict(zip(TIERS, counts, strict=True)) == {k: expected.get(k, 0) for k in TIERS}, month
    assert sum(report.rows[-1][1:]) > 0


@pytest.mark.parametrize("seed", range(3))
def test_repeat_buyers_from_the_rollups_match_one_group_by(ctx, seed):
    random_shop(ctx, seed + 10)
    sql = text("SELECT count(*), coalesce(sum(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) FROM (SELECT member_id, count(*) "
               "AS n FROM sales WHERE member_id IS NOT NULL AND created_at >= :a AND created_at < :b "
               "GROUP BY member_id) AS per")
    with ctx.read() as session:
        buyers, repeat = session.execute(sql, {"a": datetime(2026, 1, 10), "b": datetime(2026, 6, 21)}).one()
    report = run_report(ctx, store_manager_id(ctx), "repeat_purchase", START, END)
    assert buyers > 0
    assert report.summary.endswith(f"({repeat} of {buyers} buyers bought twice or more)")


def test_progress_counts_every_step_up_to_the_total(ctx):
    random_shop(ctx, 1, members=10)
    for key, steps in (("sales_per_day", 6), ("repeat_purchase", None), ("aov_members", 6)):   # months Jan-Jun
        seen: list[tuple[int, int]] = []
        run_report(ctx, store_manager_id(ctx), key, START, END, progress=lambda done, total, seen=seen: seen.append((done, total)))
        total = seen[-1][1]
        assert [d for d, _ in seen] == list(range(1, total + 1)) and {t for _, t in seen} == {total}
        if steps is not None:
            assert total == steps, key


def test_cancel_stops_between_steps(ctx):
    random_shop(ctx, 2, members=10)
    seen = []
    with pytest.raises(ReportCancelled):
        run_report(ctx, store_manager_id(ctx), "sales_per_day", START, END, progress=lambda done, total: seen.append(done),
                   cancelled=lambda: len(seen) >= 3)
    assert seen == [1, 2, 3]
