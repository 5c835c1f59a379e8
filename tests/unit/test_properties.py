"""Hypothesis invariants for money, pricing, FIFO lots and returns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from pos.config import load_config
from pos.errors import Refusal
from pos.loyalty import coupons, points, pricing, returns

CFG = load_config()
NOW = datetime(2026, 6, 10, 12)

cart_lines = st.lists(st.builds(pricing.CartLine, st.none(), st.just("x"), st.integers(0, 500000),
                                st.integers(1, 20), st.booleans()), min_size=1, max_size=8)
coupon_terms = st.one_of(
    st.builds(coupons.CouponTerms, st.just("amount"), st.integers(1, 500).map(Decimal), st.integers(0, 50000)),
    st.builds(coupons.CouponTerms, st.just("cash"), st.integers(1, 100).map(Decimal)),
    st.builds(coupons.CouponTerms, st.just("percent"), st.integers(1, 99).map(lambda p: Decimal(p) / 100),
              st.just(0), st.one_of(st.none(), st.integers(1, 10000))),
)


@given(lines=cart_lines, tier=st.sampled_from(CFG.tiers), terms=st.one_of(st.none(), coupon_terms),
       redeem=st.integers(0, 200).map(lambda n: n * 100), balance=st.integers(0, 50000))
def test_pricing_never_negative_and_shares_add_up(lines, tier, terms, redeem, balance):
    coupon = coupons.CouponState("C", terms, datetime(2026, 1, 1), datetime(2027, 1, 1), False) if terms else None
    try:
        result = pricing.price_cart(lines, tier=tier, coupon=coupon, redeem_points=redeem, points_balance=balance,
                                    points_cfg=CFG.points, now=NOW, member_id=1, tiers=CFG.tiers)
    except Refusal:
        return
    assert 0 <= result.total_due_fen <= result.subtotal_fen
    assert result.subtotal_fen == sum(line.gross_fen for line in lines)
    assert sum(pl.tier_discount_fen for pl in result.lines) == result.tier_discount_fen
    assert sum(pl.coupon_fen for pl in result.lines) == result.coupon_discount_fen
    assert sum(pl.points_fen for pl in result.lines) == result.points_value_fen
    assert all(pl.paid_fen >= 0 for pl in result.lines)
    assert sum(pl.paid_fen for pl in result.lines) == result.total_due_fen
    assert result.points_value_fen * 2 <= result.after_coupon_fen    # the 50 % cap
    assert result.points_redeemed <= balance


@given(due=st.integers(0, 10**7), balance=st.integers(0, 10**6))
def test_max_redeemable_is_always_accepted(due, balance):
    most = points.max_redeemable(due, balance, CFG.points)
    if most:
        assert points.validate_redemption(most, balance, due, CFG.points) <= due


@given(lots=st.lists(st.integers(0, 1000), max_size=10), data=st.data())
def test_fifo_takes_exactly_what_is_asked(lots, data):
    ask = data.draw(st.integers(0, sum(lots)))
    taken = points.consume_fifo(list(enumerate(lots)), ask)
    assert sum(t for _, t in taken) == ask
    assert all(0 < t <= lots[i] for i, t in taken)


@given(qtys=st.lists(st.integers(1, 6), min_size=1, max_size=5), data=st.data(),
       earned=st.integers(0, 5000), redeemed=st.integers(0, 5000), growth=st.integers(0, 5000))
def test_returns_in_any_split_equal_the_full_return(qtys, data, earned, redeemed, growth):
    sold = [returns.SoldLine(q, data.draw(st.integers(0, 99999)), data.draw(st.integers(0, 99999))) for q in qtys]
    assume(all(line.paid_fen <= line.gross_fen for line in sold))
    done = [0] * len(sold)
    total = returns.ReturnAmounts(0, 0, 0, 0)
    while done != qtys:
        step = [data.draw(st.integers(0, q - d)) for q, d in zip(qtys, done)]
        if not any(step):   # always make progress: return one more of the first open line
            first_open = next(i for i, (q, d) in enumerate(zip(qtys, done)) if d < q)
            step[first_open] = 1
        part = returns.return_amounts(sold, done, step, points_earned=earned, points_redeemed=redeemed,
                                      growth_earned=growth)
        assert min(part.refund_fen, part.points_reversed, part.points_restored, part.growth_reversed) >= 0
        total = returns.ReturnAmounts(*(a + b for a, b in zip(total.__dict__.values(), part.__dict__.values())))
        done = [d + s for d, s in zip(done, step)]
    assert total.refund_fen == sum(line.paid_fen for line in sold)
    has_weight = sum(line.paid_fen for line in sold) or sum(line.gross_fen for line in sold)
    if has_weight:
        assert (total.points_reversed, total.points_restored, total.growth_reversed) == (earned, redeemed, growth)
