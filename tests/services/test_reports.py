"""Every report on one hand-made fixture; expected numbers are worked out by hand in comments."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from pos.db.models import Campaign, Coupon, CouponRedemption, Member, PointsLot, Sale, TierChange
from pos.errors import PosError
from pos.services.reports.summary import REPORT_KEYS, points_value_fen, run_report, write_report_csv
from pos.services.sales import rollups
from tests.fixtures_db import store_manager_id

START, END = date(2026, 5, 1), date(2026, 6, 10)
D = datetime.fromisoformat


def member(i, enrolled, tier, balance):
    return Member(id=i, phone=f"+8613900000{i:03d}", phone_tail=f"0{i:03d}", name=f"M{i}", referral_code=f"R{i}",
                  enrolled_at=D(enrolled), tier_key=tier, tier_since=D(enrolled), points_balance=balance)


def sale(i, at, member_id, total):
    return Sale(id=i, sale_uuid=f"u{i}", receipt_no=f"R{i}", created_at=D(at), member_id=member_id,
                subtotal_fen=total, tier_discount_fen=0, coupon_discount_fen=0, points_redeemed=0,
                points_value_fen=0, total_fen=total, points_earned=0, growth_earned=0,
                tier_before="member" if member_id else None)


def coupon(i, member_id, issued, campaign_id=None):
    return Coupon(id=i, code=f"CODE{i}", kind="cash", amount_fen=500, valid_from=D(issued), valid_to=D("2027-01-01"),
                  member_id=member_id, campaign_id=campaign_id, status="issued", issued_at=D(issued))


@pytest.fixture
def shop(ctx):
    with ctx.write() as session:
        session.add_all([member(1, "2026-01-01", "gold", 1500), member(2, "2026-02-01", "member", 250),
                         member(3, "2026-03-01", "member", 0), member(4, "2026-05-15", "member", 40)])
        session.flush()
        session.add_all([
            sale(1, "2026-04-30T23:00", 1, 10000),                                   # before the range
            sale(2, "2026-05-02T10:00", 1, 5000), sale(3, "2026-05-20T10:00", 1, 3000),
            sale(4, "2026-05-03T10:00", 2, 2000), sale(5, "2026-06-01T10:00", 2, 4000),
            sale(6, "2026-06-05T10:00", 3, 1000),
            sale(7, "2026-05-02T12:00", None, 1500), sale(8, "2026-06-10T11:00", None, 2501),
            sale(9, "2026-06-11T09:00", 4, 9999),                                    # after the range
        ])
        session.add_all([
            TierChange(member_id=1, from_key=None, to_key="member", reason="enrol", at=D("2026-01-01")),
            TierChange(member_id=1, from_key="member", to_key="silver", reason="upgrade", at=D("2026-03-10")),
            TierChange(member_id=1, from_key="silver", to_key="gold", reason="upgrade", at=D("2026-05-20T10:00")),
            TierChange(member_id=2, from_key=None, to_key="member", reason="enrol", at=D("2026-02-01")),
            TierChange(member_id=2, from_key="member", to_key="silver", reason="upgrade", at=D("2026-05-03T10:00")),
            TierChange(member_id=2, from_key="silver", to_key="member", reason="downgrade", at=D("2026-06-05")),
            TierChange(member_id=3, from_key=None, to_key="member", reason="enrol", at=D("2026-03-01")),
            TierChange(member_id=4, from_key=None, to_key="member", reason="enrol", at=D("2026-05-15")),
        ])
        session.add_all([Campaign(id=1, name="Win-back", segment="At risk", created_at=D("2026-05-10"), issued=4),
                         Campaign(id=2, name="Old", created_at=D("2026-04-01"), issued=2)])
        session.flush()
        session.add_all([*(coupon(i, i, "2026-05-10", 1) for i in range(1, 5)),
                         coupon(5, 1, "2026-04-01", 2), coupon(6, 2, "2026-04-01", 2),
                         coupon(7, 4, "2026-05-15")])                                  # welcome coupon
        session.flush()
        session.add_all([CouponRedemption(coupon_id=1, sale_id=3, member_id=1, at=D("2026-05-20T10:00"),
                                          discount_fen=500),
                         CouponRedemption(coupon_id=5, sale_id=1, member_id=1, at=D("2026-04-30T23:00"),
                                          discount_fen=500)])
        session.add_all([
            PointsLot(member_id=1, earned_at=D("2025-05-01"), expires_on=date(2026, 7, 31), points=1000, remaining=300),
            PointsLot(member_id=1, earned_at=D("2026-05-01"), expires_on=date(2027, 12, 31), points=1200,
                      remaining=1200),
            PointsLot(member_id=2, earned_at=D("2025-05-01"), expires_on=date(2026, 7, 1), points=250, remaining=250),
            PointsLot(member_id=3, earned_at=D("2025-05-01"), expires_on=date(2026, 7, 1), points=100, remaining=0),
            PointsLot(member_id=4, earned_at=D("2026-05-15"), expires_on=date(2026, 8, 1), points=40, remaining=40),
        ])
        session.flush()
        rollups.rebuild(session.connection())    # sales written around checkout: their report rollups


def report(ctx, key):
    return run_report(ctx, store_manager_id(ctx), key, START, END)


def test_repeat_purchase(ctx, shop):
    r = report(ctx, "repeat_purchase")
    # May: m1 twice, m2 once -> 1 of 2; June: m2 once, m3 once -> 0 of 2; whole range: m1, m2 twice, m3 once
    assert r.rows == (("2026-05", 2, 1, Decimal("50.0")), ("2026-06", 2, 0, Decimal("0.0")))
    assert r.summary.startswith("Repeat-purchase rate 66.7 % (2 of 3 buyers")


def test_tier_upgrade(ctx, shop):
    r = report(ctx, "tier_upgrade")
    # upgraded in range: m1 (gold 05-20), m2 (silver 05-03); at the start: m1, m2, m3 (m4 joined 05-15)
    assert r.rows == (("silver", 1), ("gold", 1), ("diamond", 0))
    assert r.summary.startswith("Tier upgrade rate 66.7 % (2 members upgraded, 3 members at the start")


def test_coupon_redemption(ctx, shop):
    r = report(ctx, "coupon_redemption")
    # issued in range: Win-back 4 (1 used), the welcome coupon 1 (unused); "Old" was issued in April
    assert r.rows == (("Win-back", 4, 1, Decimal("25.0")), ("(no campaign)", 1, 0, Decimal("0.0")))
    assert r.summary.startswith("Coupon redemption rate 20.0 % (1 of 5")


def test_average_order_value_members_vs_non_members(ctx, shop):
    r = report(ctx, "aov_members")
    # members: 5000+3000+2000+4000+1000 = 15000 over 5; non-members: 1500+2501 = 4001 over 2 = 2000.5 -> 2001
    assert r.rows == (("members", 5, 15000, 3000), ("non-members", 2, 4001, 2001))
    assert r.columns[2:] == ("revenue_fen", "aov_fen")


def test_points_liability_and_next_month_expiry(ctx, shop):
    r = report(ctx, "points_liability")
    # member tier: m2 250 + m4 40 = 290 points (100 points = ¥1 -> 290 fen); m2's 250 expire 2026-07-01
    # gold: m1 1500 points, 300 of them expire 2026-07-31; m3's empty lot and m4's August lot do not count
    assert r.rows == (("member", 2, 290, 290, 250, 250), ("silver", 0, 0, 0, 0, 0),
                      ("gold", 1, 1500, 1500, 300, 300), ("diamond", 0, 0, 0, 0, 0))
    assert r.summary == "Points liability ¥17.90 (1790 points); 550 points (¥5.50) expire in 2026-07"
    ctx.config = replace(ctx.config, points=replace(ctx.config.points, redeem_points_per_yuan=300))
    assert [row[3] for row in report(ctx, "points_liability").rows] == [97, 0, 500, 0]   # 290/3 = 96.67, 1500/3


def test_points_value_is_exact_half_up():
    assert [points_value_fen(p, 300) for p in (1, 2, 3, 150, 149)] == [0, 1, 1, 50, 50]
    assert points_value_fen(10**12 + 1, 100) == 10**12 + 1


def test_members_per_tier_month_by_month(ctx, shop):
    r = report(ctx, "members_per_tier")
    assert r.columns == ("month", "member", "silver", "gold", "diamond")
    # end of May: m1 gold, m2 silver, m3 and m4 member; 10 June: m2 went back to member on 06-05
    assert r.rows == (("2026-05", 2, 1, 1, 0), ("2026-06", 3, 0, 1, 0))


def test_sales_per_day(ctx, shop, tmp_path):
    r = report(ctx, "sales_per_day")
    assert len(r.rows) == 41 and r.rows[0] == (date(2026, 5, 1), 0, 0, 0)
    busy = {row[0]: row[1:] for row in r.rows if row[1]}
    assert busy == {date(2026, 5, 2): (2, 6500, 1), date(2026, 5, 3): (1, 2000, 1), date(2026, 5, 20): (1, 3000, 1),
                    date(2026, 6, 1): (1, 4000, 1), date(2026, 6, 5): (1, 1000, 1), date(2026, 6, 10): (1, 2501, 0)}
    assert r.summary == "7 sales, revenue ¥190.01"
    path = write_report_csv(r, str(tmp_path / "sales.csv"))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["day", "sales", "revenue_fen", "member_sales"] and rows[2] == ["2026-05-02", "2", "6500", "1"]


def test_every_report_runs_on_an_empty_database(ctx):
    for key in REPORT_KEYS:
        r = run_report(ctx, store_manager_id(ctx), key, START, END)
        assert r.chart in ("line", "bar", "none") and all(len(row) == len(r.columns) for row in r.rows)


@pytest.mark.parametrize(("key", "start", "end", "code"), [
    ("nope", START, END, "report_unknown"), ("sales_per_day", END, START, "date_range_invalid"),
    ("sales_per_day", date(2000, 1, 1), date(2030, 1, 1), "date_range_invalid"),
])
def test_bad_requests(ctx, key, start, end, code):
    with pytest.raises(PosError) as err:
        run_report(ctx, store_manager_id(ctx), key, start, end)
    assert err.value.code == code
