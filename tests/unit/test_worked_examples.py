"""Every rule of SPEC.md with worked numbers, against the shipped default configuration."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from pos.config import load_config
from pos.errors import PosError
from pos.loyalty import coupons, points, pricing, returns, rfm, tiers
from pos.loyalty.growth import growth_for_payment
from pos.money import apply_rate, fen_str, parse_yuan, yuan

CFG = load_config()
TIERS = CFG.tiers
MEMBER, SILVER, GOLD, DIAMOND = TIERS
NOW = datetime(2026, 6, 10, 12)


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value.message


# ------------------------------------------------------------------ money

def test_money_is_exact_and_half_up():
    assert apply_rate(100000, Decimal("0.05")) == 5000
    assert apply_rate(1, Decimal("0.5")) == 1           # 0.5 fen rounds up
    assert apply_rate(3, Decimal("0.15")) == 0          # 0.45 fen rounds down
    assert parse_yuan("12.5") == 1250 and parse_yuan("¥1,234.50") == 123450
    assert fen_str(95000) == "950.00" and yuan(32000) == "¥320.00"
    for bad in ("-1", "abc", "1.234", "NaN", "Infinity", ""):
        refused("amount_invalid", parse_yuan, bad)
    with pytest.raises(TypeError):
        parse_yuan(1.5)


# ------------------------------------------------------------------ tiers and growth

def test_growth_is_whole_yuan_paid():
    assert growth_for_payment(95000, 1) == 950
    assert growth_for_payment(99, 1) == 0 and growth_for_payment(0, 1) == 0


@pytest.mark.parametrize("growth, expected", [(0, "member"), (1999, "member"), (2000, "silver"),
                                              (7999, "silver"), (8000, "gold"), (20000, "diamond")])
def test_qualifying_tier(growth, expected):
    assert tiers.qualifying_tier(TIERS, growth, 0).key == expected


def test_purchase_count_ladder():
    ladder = tuple(t.__class__(**{**t.__dict__, "purchases": n}) for t, n in zip(TIERS, (0, 3, 10, 30)))
    assert tiers.qualifying_tier(ladder, 0, 3).key == "silver"
    assert tiers.qualifying_tier(ladder, 9000, 3).key == "gold"


def test_progress_texts():
    progress = tiers.tier_progress(TIERS, "silver", 7680, 5)
    assert progress.to_next_fen == 32000 and progress.text() == "¥320.00 more to Gold"
    assert progress.text("zh") == "再消费¥320.00升级金卡"
    assert progress.percent == (7680 - 2000) * 100 // 6000
    top = tiers.tier_progress(TIERS, "diamond", 25000, 9, valid_until=date(2027, 3, 31))
    assert top.text() == "Diamond until 2027-03-31" and top.percent == 100
    grace = tiers.tier_progress(TIERS, "gold", 7850, 3, grace_until=date(2026, 12, 20))
    assert grace.text() == "¥150.00 more by 2026-12-20 to keep Gold"


def test_upgrade_never_lowers():
    assert tiers.upgraded_tier(TIERS, "gold", 100, 0).key == "gold"
    assert tiers.upgraded_tier(TIERS, "member", 8001, 0).key == "gold"


def test_retention_grace_then_one_level_down():
    today = date(2026, 6, 10)
    start = tiers.evaluate_retention(TIERS, "diamond", 500, 0, None, today, 30)
    assert start.in_grace and start.new_key == "diamond" and start.grace_until == date(2026, 7, 10)
    during = tiers.evaluate_retention(TIERS, "diamond", 500, 0, start.grace_until, date(2026, 7, 10), 30)
    assert during.in_grace and not during.downgraded
    after = tiers.evaluate_retention(TIERS, "diamond", 500, 0, start.grace_until, date(2026, 7, 11), 30)
    assert after.downgraded and after.new_key == "gold"          # one level at most
    kept = tiers.evaluate_retention(TIERS, "gold", 9000, 0, date(2026, 7, 1), date(2026, 7, 11), 30)
    assert kept.grace_until is None and not kept.in_grace


# ------------------------------------------------------------------ points

def test_earning_with_multipliers():
    assert points.points_earned(95000, SILVER, CFG.points) == 1140
    assert points.points_earned(100, MEMBER, CFG.points) == 1 and points.points_earned(99, MEMBER, CFG.points) == 0
    assert points.points_earned(10000, GOLD, CFG.points, birthday_month=True) == 300
    assert points.points_earned(10000, GOLD, CFG.points, birthday_month=True, member_day=True) == 600
    assert points.is_member_day(CFG.points, date(2026, 6, 25))
    assert points.is_birthday_month(6, date(2026, 6, 1)) and not points.is_birthday_month(None, date(2026, 6, 1))


def test_redemption_rules():
    cfg = CFG.points
    assert points.validate_redemption(500, 1000, 10000, cfg) == 500
    refused("points_minimum", points.validate_redemption, 50, 1000, 10000, cfg)
    refused("points_step", points.validate_redemption, 250, 1000, 10000, cfg)
    refused("points_insufficient", points.validate_redemption, 2000, 1000, 100000, cfg)
    message = refused("points_cap_exceeded", points.validate_redemption, 600, 1000, 1000, cfg)
    assert "500" in message                                     # tells the cashier the maximum
    assert points.max_redeemable(1000, 1000, cfg) == 500
    assert points.max_redeemable(150, 1000, cfg) == 0           # 50 % of ¥1.50 is below the minimum
    assert points.needs_manager_pin(5100, cfg) and not points.needs_manager_pin(5000, cfg)


def test_expiry_and_fifo():
    assert points.lot_expiry(date(2026, 3, 1), CFG.points) == date(2027, 12, 31)
    assert points.consume_fifo([(1, 100), (2, 300)], 250) == [(1, 100), (2, 150)]
    refused("points_insufficient", points.consume_fifo, [(1, 100)], 101)


# ------------------------------------------------------------------ coupons

def _coupon(kind="amount", value="15", threshold=10000, cap=None, **kw):
    terms = coupons.CouponTerms(kind, Decimal(value), threshold, cap)
    base = dict(code="C1", terms=terms, valid_from=datetime(2026, 6, 1), valid_to=datetime(2026, 6, 30), used=False)
    return coupons.CouponState(**{**base, **kw})


def check(coupon, base=20000, member_id=7, tier_key="silver", segment=None):
    coupons.check_coupon(coupon, now=NOW, member_id=member_id, tier_key=tier_key, segment=segment, tiers=TIERS,
                         base_fen=base)


def test_coupon_refusals_say_why():
    check(_coupon())
    refused("coupon_used", check, _coupon(used=True))
    refused("coupon_not_yet_valid", check, _coupon(valid_from=datetime(2026, 6, 11)))
    refused("coupon_expired", check, _coupon(valid_to=datetime(2026, 6, 9)))
    refused("coupon_not_for_member", check, _coupon(member_id=8))
    refused("coupon_not_for_member", check, _coupon(tier_key="gold"))
    refused("coupon_not_for_member", check, _coupon(segment="At risk"), segment="Loyal")
    refused("coupon_not_for_member", check, _coupon(member_id=7), member_id=None, tier_key=None)
    assert "¥100.00" in refused("coupon_threshold_not_met", check, _coupon(), base=8000)


def test_coupon_discounts():
    assert coupons.coupon_discount(coupons.CouponTerms("amount", Decimal(15), 10000), 12000) == 1500
    assert coupons.coupon_discount(coupons.CouponTerms("cash", Decimal(5)), 300) == 300   # never above the base
    percent = coupons.CouponTerms("percent", Decimal("0.15"), 0, 2000)
    assert coupons.coupon_discount(percent, 10000) == 1500 and coupons.coupon_discount(percent, 50000) == 2000
    assert percent.describe("zh") == "85折（最多减20）" and percent.describe() == "15% off (max ¥20.00)"
    assert coupons.CouponTerms("percent", Decimal("0.10")).describe("zh") == "9折"
    assert coupons.CouponTerms("amount", Decimal(15), 10000).describe("zh") == "满100减15"


# ------------------------------------------------------------------ pricing order

def line(price, qty=1, discountable=True):
    return pricing.CartLine(None, "item", price, qty, discountable)


def test_spec_pricing_order():
    result = pricing.price_cart([line(100000)], tier=SILVER, points_cfg=CFG.points, now=NOW)
    assert (result.tier_discount_fen, result.total_due_fen) == (5000, 95000)
    full = pricing.price_cart([line(14000), line(10000, discountable=False)], tier=SILVER,
                              coupon=_coupon(threshold=10000), redeem_points=500, points_balance=2000,
                              points_cfg=CFG.points, now=NOW, member_id=7, tiers=TIERS)
    assert full.tier_discount_fen == 700          # only the discountable line
    assert full.after_tier_fen == 23300 and full.coupon_discount_fen == 1500
    assert full.points_value_fen == 500 and full.total_due_fen == 21300
    assert full.lines[1].coupon_fen == 0 and full.lines[1].tier_discount_fen == 0
    assert sum(pl.paid_fen for pl in full.lines) == full.total_due_fen


def test_threshold_checked_after_tier_discount():
    # ¥105 at Gold is ¥94.50 after the tier discount: a 满100 coupon no longer applies.
    refused("coupon_threshold_not_met", pricing.price_cart, [line(10500)], tier=GOLD, coupon=_coupon(),
            points_cfg=CFG.points, now=NOW, member_id=7, tiers=TIERS)


def test_non_member_cannot_redeem_and_lines_are_validated():
    refused("member_required", pricing.price_cart, [line(1000)], tier=None, redeem_points=100,
            points_balance=100, points_cfg=CFG.points, now=NOW)
    refused("quantity_invalid", line, 100, 0)
    refused("amount_invalid", line, -1)
    refused("cart_empty", pricing.price_cart, [], tier=None, points_cfg=CFG.points, now=NOW)


def test_allocation_is_exact():
    assert pricing.allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert pricing.allocate(0, [5, 5]) == [0, 0] and pricing.allocate(7, [0, 0]) == [0, 0]


# ------------------------------------------------------------------ returns

def test_partial_returns_add_up_to_the_whole():
    sold = [returns.SoldLine(3, 10000, 12000), returns.SoldLine(1, 5001, 6000)]
    first = returns.return_amounts(sold, [0, 0], [1, 0], points_earned=180, points_redeemed=300, growth_earned=150)
    second = returns.return_amounts(sold, [1, 0], [2, 1], points_earned=180, points_redeemed=300, growth_earned=150)
    assert first.refund_fen + second.refund_fen == 15001
    assert first.points_reversed + second.points_reversed == 180
    assert first.points_restored + second.points_restored == 300
    assert first.growth_reversed + second.growth_reversed == 150
    refused("return_exceeds_sale", returns.return_amounts, sold, [3, 0], [1, 0], points_earned=0,
            points_redeemed=0, growth_earned=0)


# ------------------------------------------------------------------ RFM

def test_quintiles_and_segments():
    assert rfm.quintile_scores([10, 20, 30, 40, 50]) == [1, 2, 3, 4, 5]
    assert rfm.quintile_scores([7, 7, 7]) == [1, 1, 1]
    seg = CFG.segments
    row = rfm.RfmRow(1, recency_days=5, frequency=12, monetary_fen=900000, first_purchase_days=200,
                     enrolled_days=300)
    assert rfm.segment_name(row, 5, 5, 5, seg) == "Champions" and rfm.is_whale(row, seg)
    assert rfm.segment_name(row, 3, 4, 2, seg) == "Loyal"
    assert rfm.segment_name(row, 2, 2, 2, seg) == "Potential"
    assert rfm.segment_name(row.__class__(**{**row.__dict__, "recency_days": 45}), 5, 5, 5, seg) == "At risk"
    assert rfm.segment_name(row.__class__(**{**row.__dict__, "recency_days": 75}), 5, 5, 5, seg) == "Hibernating"
    assert rfm.segment_name(row.__class__(**{**row.__dict__, "recency_days": 120}), 5, 5, 5, seg) == "Lost"
    fresh = rfm.RfmRow(2, 3, 1, 3000, 3, 3, coupon_sales=1)
    assert rfm.segment_name(fresh, 5, 1, 1, seg) == "New" and rfm.is_promotion_only(fresh)
    assert rfm.segment_name(rfm.RfmRow(3, None, 0, 0, None, 400), 1, 1, 1, seg) == "Lost"
