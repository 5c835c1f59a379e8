"""Coupons: each refusal says why, in a fixed order; discounts; descriptions en/zh."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.errors import BadInput, PosError
from pos.loyalty.coupons import CouponState, CouponTerms, check_coupon, coupon_discount

TIERS = load_config().tiers
NOW = datetime(2026, 6, 10, 12)


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value.message


def coupon(kind="amount", value="15", threshold=10000, cap=None, **kw):
    terms = CouponTerms(kind, Decimal(value), threshold, cap)
    base = dict(code="C123", terms=terms, valid_from=datetime(2026, 6, 1), valid_to=datetime(2026, 6, 30),
                used=False)
    return CouponState(**{**base, **kw})


def check(c, base=20000, member_id=7, tier_key="silver", segment=None, now=NOW):
    check_coupon(c, now=now, member_id=member_id, tier_key=tier_key, segment=segment, tiers=TIERS,
                 base_fen=base)


# ---------------------------------------------------------------- checks

def test_a_valid_coupon_passes():
    check(coupon())
    check(coupon(), now=datetime(2026, 6, 1))                     # first moment
    check(coupon(), now=datetime(2026, 6, 30))                    # last moment
    check(coupon(), base=10000)                                   # threshold met exactly
    check(coupon(threshold=0), member_id=None, tier_key=None)     # bearer coupon, no member


def test_each_refusal_says_why():
    assert "already been used" in refused("coupon_used", check, coupon(used=True))
    assert "2026-06-11" in refused("coupon_not_yet_valid", check, coupon(valid_from=datetime(2026, 6, 11)))
    assert "2026-06-09" in refused("coupon_expired", check, coupon(valid_to=datetime(2026, 6, 9)))
    assert "another member" in refused("coupon_not_for_member", check, coupon(member_id=8))
    assert "Gold" in refused("coupon_not_for_member", check, coupon(tier_key="gold"))
    assert "At risk" in refused("coupon_not_for_member", check, coupon(segment="At risk"), segment="Loyal")
    refused("coupon_not_for_member", check, coupon(segment="At risk"), segment=None)
    assert "members only" in refused("coupon_not_for_member", check, coupon(member_id=7), member_id=None,
                                     tier_key=None)
    refused("coupon_not_for_member", check, coupon(tier_key="silver"), member_id=None, tier_key=None)
    message = refused("coupon_threshold_not_met", check, coupon(), base=8000)
    assert message == "Coupon C123 needs ¥100.00, this sale has ¥80.00."


def test_refusals_come_in_a_fixed_order():
    everything_wrong = coupon(used=True, valid_to=datetime(2026, 6, 9), member_id=8)
    refused("coupon_used", check, everything_wrong, base=0)
    refused("coupon_expired", check, coupon(valid_to=datetime(2026, 6, 9), member_id=8), base=0)
    refused("coupon_not_yet_valid", check, coupon(valid_from=datetime(2026, 6, 11), member_id=8), base=0)
    refused("coupon_not_for_member", check, coupon(member_id=8), base=0)


def test_restrictions_that_match():
    check(coupon(member_id=7))
    check(coupon(tier_key="silver"))
    check(coupon(tier_key="gold"), tier_key="diamond")            # a tier coupon is for that tier or higher
    check(coupon(segment="Lost"), segment="Lost")
    check_coupon(coupon(tier_key="gold"), now=NOW, member_id=7, tier_key="gold", segment=None, tiers=(),
                 base_fen=20000)                                   # ladder unknown: the same tier only


# ---------------------------------------------------------------- discounts

def test_discount_worked_numbers():
    assert coupon_discount(CouponTerms("amount", Decimal(15), 10000), 12000) == 1500
    assert coupon_discount(CouponTerms("cash", Decimal(5)), 300) == 300          # never above the base
    assert coupon_discount(CouponTerms("cash", Decimal("5.5")), 10000) == 550
    percent = CouponTerms("percent", Decimal("0.15"), 0, 2000)
    assert coupon_discount(percent, 10000) == 1500 and coupon_discount(percent, 50000) == 2000
    assert coupon_discount(CouponTerms("percent", Decimal("0.15")), 333) == 50   # 49.95 half up
    assert coupon_discount(CouponTerms("percent", Decimal("0.15")), 0) == 0
    assert coupon_discount(CouponTerms("amount", Decimal(15)), -5) == 0


@given(kind=st.sampled_from(["amount", "cash", "percent"]), value=st.integers(1, 99),
       cap=st.one_of(st.none(), st.integers(0, 5000)), eligible=st.integers(-100, 10**7))
def test_discount_is_between_zero_and_the_eligible_amount(kind, value, cap, eligible):
    amount = Decimal(value) / 100 if kind == "percent" else Decimal(value)
    off = coupon_discount(CouponTerms(kind, amount, 0, cap if kind == "percent" else None), eligible)
    assert 0 <= off <= max(eligible, 0)


# ---------------------------------------------------------------- descriptions and validation

@pytest.mark.parametrize("terms, en, zh", [
    (CouponTerms("amount", Decimal(15), 10000), "¥15.00 off over ¥100.00", "满100减15"),
    (CouponTerms("amount", Decimal(15)), "¥15.00 off", "立减15"),
    (CouponTerms("cash", Decimal(5)), "¥5.00 cash", "无门槛¥5"),
    (CouponTerms("cash", Decimal("5.50")), "¥5.50 cash", "无门槛¥5.50"),
    (CouponTerms("percent", Decimal("0.15")), "15% off", "85折"),
    (CouponTerms("percent", Decimal("0.15"), 0, 2000), "15% off (max ¥20.00)", "85折（最多减20）"),
    (CouponTerms("percent", Decimal("0.10")), "10% off", "9折"),
    (CouponTerms("percent", Decimal("0.125"), 5000), "12.5% off over ¥50.00", "满50享87.5折"),
])
def test_descriptions(terms, en, zh):
    assert terms.describe() == en and terms.describe("en") == en
    assert terms.describe("zh") == zh and terms.describe("zh_CN") == zh


@pytest.mark.parametrize("kind, value, threshold, cap, code", [
    ("voucher", Decimal(5), 0, None, "coupon_kind_invalid"),
    ("amount", Decimal(0), 0, None, "amount_invalid"),
    ("amount", Decimal(-5), 0, None, "amount_invalid"),
    ("percent", Decimal(1), 0, None, "amount_invalid"),
    ("amount", Decimal(5), -1, None, "amount_invalid"),
    ("percent", Decimal("0.1"), 0, -1, "amount_invalid"),
    ("cash", 5.0, 0, None, "amount_invalid"),                     # floats are never money
])
def test_malformed_terms_are_bad_input(kind, value, threshold, cap, code):
    with pytest.raises(BadInput) as err:
        CouponTerms(kind, value, threshold, cap)
    assert err.value.code == code


def test_tier_restriction_with_an_unknown_or_missing_tier():
    gold_only = coupon(kind="cash", value="5", threshold=0, tier_key="gold")
    refused("coupon_not_for_member", check, gold_only, tier_key=None)     # no known tier is not Gold or higher
    platinum = coupon(kind="cash", value="5", threshold=0, tier_key="platinum")
    # off the ladder: only that very tier matches
    assert refused("coupon_not_for_member", check, platinum, tier_key="diamond") == \
        "Coupon C123 is for platinum members and above."
    check(platinum, tier_key="platinum")


def test_short_chinese_amounts_above_a_hundred_yuan():
    assert CouponTerms("amount", Decimal("20.5"), threshold_fen=150050).describe("zh") == "满1500.50减20.50"


def test_holder_refusal_texts_name_the_coupon():
    assert refused("coupon_not_for_member", check, coupon(tier_key="gold"), member_id=None) == \
        "Coupon C123 is for members only: look the member up first."          # a tier coupon needs a member
    assert refused("coupon_not_for_member", check, coupon(member_id=8)) == "Coupon C123 belongs to another member."
    assert refused("coupon_not_for_member", check, coupon(tier_key="gold")) == \
        "Coupon C123 is for Gold members and above."
    assert refused("coupon_not_for_member", check, coupon(segment="Loyal"), segment="New") == \
        "Coupon C123 is for the 'Loyal' segment only."


def test_malformed_terms_texts():
    cases = [(("gift", Decimal(5)), "coupon kind must be one of amount, percent, cash, free_item, got 'gift'"),
             (("cash", Decimal(0)), "coupon value must be a positive Decimal, got Decimal('0')"),
             (("percent", Decimal(1)), "a percent coupon takes the fraction off (0.15 = 85折), got 1"),
             (("cash", Decimal(5), -1), "coupon threshold and cap cannot be negative"),
             (("percent", Decimal("0.1"), 0, -1), "coupon threshold and cap cannot be negative")]
    for args, message in cases:
        with pytest.raises(BadInput) as err:
            CouponTerms(*args)
        assert err.value.message == message


def test_discount_on_the_smallest_amounts():
    assert coupon_discount(CouponTerms("cash", Decimal(5)), 1) == 1               # never above what is eligible
    assert coupon_discount(CouponTerms("percent", Decimal("0.15")), 3) == 0       # 0.45 fen rounds to nothing
    assert coupon_discount(CouponTerms("cash", Decimal(5)), 0) == 0
