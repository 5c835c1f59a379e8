"""Checkout pricing in SPEC §5's fixed order, with exact per-line shares."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.errors import PosError, Refusal
from pos.loyalty import points
from pos.loyalty.coupons import CouponState, CouponTerms
from pos.loyalty.pricing import MAX_QTY, CartLine, allocate, price_cart

CFG = load_config()
TIERS = CFG.tiers
MEMBER, SILVER, GOLD, DIAMOND = TIERS
NOW = datetime(2026, 6, 10, 12)


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value.message


def line(price, qty=1, discountable=True):
    return CartLine(None, "item", price, qty, discountable)


def coupon(terms=None, **kw):
    terms = terms or CouponTerms("amount", Decimal(15), 10000)
    return CouponState(**{**dict(code="C1", terms=terms, valid_from=datetime(2026, 6, 1),
                                 valid_to=datetime(2026, 6, 30), used=False), **kw})


def price(lines, tier=SILVER, **kw):
    kw.setdefault("member_id", 7 if tier else None)
    return price_cart(lines, tier=tier, points_cfg=CFG.points, now=NOW, tiers=TIERS, **kw)


# ---------------------------------------------------------------- worked examples

def test_silver_thousand_yuan():
    result = price([line(100000)])
    assert (result.subtotal_fen, result.tier_discount_fen, result.total_due_fen) == (100000, 5000, 95000)
    assert points.points_earned(result.total_due_fen, SILVER, CFG.points) == 1140


def test_every_step_in_order():
    full = price([line(7000, 2), line(10000, discountable=False)], coupon=coupon(), redeem_points=500,
                 points_balance=2000)
    assert full.subtotal_fen == 24000
    assert full.tier_discount_fen == 700                       # 5 % of the discountable ¥140.00 only
    assert full.after_tier_fen == 23300 and full.coupon_discount_fen == 1500
    assert full.after_coupon_fen == 21800
    assert (full.points_redeemed, full.points_value_fen, full.total_due_fen) == (500, 500, 21300)
    first, second = full.lines
    assert (first.gross_fen, first.tier_discount_fen, first.coupon_fen) == (14000, 700, 1500)
    assert (second.tier_discount_fen, second.coupon_fen) == (0, 0)
    assert first.points_fen + second.points_fen == 500
    assert first.paid_fen + second.paid_fen == 21300


def test_tier_discount_rounds_half_up_per_line():
    result = price([line(10), line(10), line(10)])              # 0.5 fen each -> 1 fen each
    assert result.tier_discount_fen == 3 and result.total_due_fen == 27
    diamond = price([line(9999)], tier=DIAMOND)                   # 1499.85 -> 1500
    assert diamond.tier_discount_fen == 1500


def test_coupon_threshold_is_checked_after_the_tier_discount():
    # ¥105 at Gold is ¥94.50 after the tier discount: a 满100 coupon no longer applies.
    refused("coupon_threshold_not_met", price, [line(10500)], tier=GOLD, coupon=coupon())
    # Non-discountable lines count toward the threshold but take no coupon share.
    ok = price([line(5000), line(6000, discountable=False)], tier=GOLD, coupon=coupon())
    assert ok.after_tier_fen == 10500 and ok.coupon_discount_fen == 1500
    assert ok.lines[1].coupon_fen == 0


def test_coupon_is_capped_by_the_discountable_amount():
    cash = coupon(CouponTerms("cash", Decimal(5)))
    result = price([line(300), line(1000, discountable=False)], tier=None, coupon=cash)
    assert result.coupon_discount_fen == 300 and result.total_due_fen == 1000


def test_percent_coupon_is_spread_exactly():
    pct = coupon(CouponTerms("percent", Decimal("0.15"), 0, 2000))
    result = price([line(3333), line(3333), line(3334)], tier=None, coupon=pct)
    assert result.coupon_discount_fen == 1500
    assert [pl.coupon_fen for pl in result.lines] == [500, 500, 500]
    capped = price([line(100000), line(50000)], tier=None, coupon=pct)
    assert capped.coupon_discount_fen == 2000 and sum(pl.coupon_fen for pl in capped.lines) == 2000


def test_coupon_context_overrides_what_the_coupon_is_checked_against():
    for_segment = coupon(segment="Lost")
    refused("coupon_not_for_member", price, [line(20000)], coupon=for_segment)
    result = price([line(20000)], coupon=for_segment, coupon_context={"segment": "Lost"})
    assert result.coupon_discount_fen == 1500
    refused("coupon_not_for_member", price, [line(20000)], coupon=coupon(tier_key="gold"))
    assert price([line(20000)], coupon=coupon(tier_key="gold"), segment=None,
                 coupon_context={"tier_key": "diamond"}).coupon_discount_fen == 1500


def test_points_stay_within_half_the_amount_due():
    result = price([line(2000)], redeem_points=900, points_balance=900)     # ¥19.00 due after Silver
    assert result.points_value_fen == 900 and result.total_due_fen == 1000
    refused("points_cap_exceeded", price, [line(2000)], redeem_points=1000, points_balance=5000)
    refused("points_insufficient", price, [line(200000)], redeem_points=1000, points_balance=900)
    refused("points_step", price, [line(200000)], redeem_points=150, points_balance=900)
    refused("points_minimum", price, [line(200000)], redeem_points=50, points_balance=900)


def test_non_member():
    result = price([line(100000)], tier=None)
    assert result.tier_discount_fen == 0 and result.total_due_fen == 100000
    refused("member_required", price, [line(1000)], tier=None, redeem_points=100, points_balance=100)
    refused("coupon_not_for_member", price, [line(20000)], tier=None, coupon=coupon(member_id=7))


def test_lines_are_validated():
    refused("quantity_invalid", line, 100, 0)
    refused("quantity_invalid", line, 100, 10000)
    refused("quantity_invalid", line, 100, -1)
    assert line(100, 9999).gross_fen == 999900
    refused("amount_invalid", line, -1)
    refused("cart_empty", price, [])
    assert price([line(0)]).total_due_fen == 0                   # a free item is fine


def test_allocation_is_exact():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [1, 2, 7]) == [1, 2, 7]
    assert allocate(5, [0, 3, 0, 3]) == [0, 3, 0, 2]
    assert allocate(0, [5, 5]) == [0, 0] and allocate(7, [0, 0]) == [0, 0] and allocate(3, []) == []


@given(total=st.integers(0, 10**6), weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=10))
def test_allocation_sums_exactly_and_stays_within_weights(total, weights):
    total = min(total, sum(weights))
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(0 <= s <= w for s, w in zip(shares, weights))


# ---------------------------------------------------------------- invariants

cart_lines = st.lists(st.builds(CartLine, st.none(), st.just("x"), st.integers(0, 500000),
                                st.integers(1, 20), st.booleans()), min_size=1, max_size=8)
coupon_terms = st.one_of(
    st.builds(CouponTerms, st.just("amount"), st.integers(1, 500).map(Decimal), st.integers(0, 50000)),
    st.builds(CouponTerms, st.just("cash"), st.integers(1, 100).map(Decimal)),
    st.builds(CouponTerms, st.just("percent"), st.integers(1, 99).map(lambda p: Decimal(p) / 100),
              st.just(0), st.one_of(st.none(), st.integers(1, 10000))),
)


@given(lines=cart_lines, tier=st.one_of(st.none(), st.sampled_from(TIERS)), terms=st.one_of(st.none(), coupon_terms),
       redeem=st.integers(0, 200).map(lambda n: n * 100), balance=st.integers(0, 50000))
def test_total_is_never_negative_nor_above_subtotal_and_shares_add_up(lines, tier, terms, redeem, balance):
    try:
        result = price(lines, tier=tier, coupon=coupon(terms) if terms else None, redeem_points=redeem,
                       points_balance=balance)
    except Refusal:
        return
    assert 0 <= result.total_due_fen <= result.subtotal_fen
    assert result.subtotal_fen == sum(cl.gross_fen for cl in lines)
    assert sum(pl.tier_discount_fen for pl in result.lines) == result.tier_discount_fen
    assert sum(pl.coupon_fen for pl in result.lines) == result.coupon_discount_fen
    assert sum(pl.points_fen for pl in result.lines) == result.points_value_fen
    assert sum(pl.paid_fen for pl in result.lines) == result.total_due_fen
    assert all(pl.paid_fen >= 0 for pl in result.lines)
    assert all(pl.tier_discount_fen == pl.coupon_fen == 0 for pl in result.lines if not pl.line.discountable)
    assert result.after_tier_fen == result.subtotal_fen - result.tier_discount_fen
    assert result.after_coupon_fen == result.after_tier_fen - result.coupon_discount_fen
    assert result.points_value_fen * 2 <= result.after_coupon_fen          # the 50 % cap
    assert result.points_redeemed <= balance


def test_one_fen_over_equal_weights_goes_to_the_first_line():
    assert allocate(1, [5, 5, 5]) == [1, 0, 0]
    assert allocate(2, [5, 5, 5]) == [1, 1, 0]
    assert allocate(1, [0, 5, 5]) == [0, 1, 0]
    assert allocate(0, [5, 5]) == [0, 0] and allocate(3, [0, 0]) == [0, 0]


def test_cart_line_refusals():
    for qty in (True, 0, MAX_QTY + 1, "2"):
        with pytest.raises(PosError) as err:
            CartLine("X", "Tea", 100, qty)
        assert err.value.message == f"quantity of 'Tea' must be 1 to {MAX_QTY}, got {qty}"
    with pytest.raises(PosError) as err:
        CartLine("X", "Tea", -1, 1)
    assert err.value.message == "price of 'Tea' must not be negative"


def test_price_cart_refusal_texts():
    with pytest.raises(PosError) as err:
        price([])
    assert (err.value.code, err.value.message) == ("cart_empty", "a sale needs at least one line")
    with pytest.raises(PosError) as err:
        price([line(1000)], tier=None, redeem_points=100, points_balance=500)
    assert err.value.message == "Points can only be redeemed by a member: look the member up first."


def test_the_coupon_is_checked_against_the_members_tier_and_segment():
    gold = CouponState("G1", CouponTerms("cash", Decimal(5)), NOW.replace(day=1), NOW.replace(day=30), False,
                       tier_key="gold")
    assert price([line(1000)], tier=TIERS[2], coupon=gold).coupon_discount_fen == 500
    loyal = CouponState("L1", CouponTerms("cash", Decimal(5)), NOW.replace(day=1), NOW.replace(day=30), False,
                        segment="Loyal")
    assert price([line(1000)], coupon=loyal, segment="Loyal").coupon_discount_fen == 500


def test_priced_lines_keep_their_cart_line():
    cart = [line(1000), line(500, discountable=False)]
    assert [p.line for p in price(cart).lines] == cart


def test_points_need_a_balance():
    one_point = replace(CFG.points, redeem_minimum=1, redeem_step=1)
    with pytest.raises(PosError) as err:
        price_cart([line(1000)], tier=SILVER, member_id=7, redeem_points=1, points_cfg=one_point, now=NOW)
    assert err.value.code == "points_insufficient"
