"""The free-item coupon (免费单品（最高¥25）): ONE item of the sale off, up to its cap, optionally of one
category — hand-worked figures, and Hypothesis for its money invariants."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.errors import PosError
from pos.loyalty.coupons import CouponState, CouponTerms, ItemOffer, free_item_choice
from pos.loyalty.pricing import CartLine, price_cart

CFG = load_config()
MEMBER, SILVER, GOLD, DIAMOND = CFG.tiers
NOW = datetime(2026, 6, 10, 12)


def free(cap_yuan: str = "25", category: str = "", threshold_fen: int = 0) -> CouponState:
    return CouponState("F1", CouponTerms("free_item", Decimal(cap_yuan), threshold_fen, category=category),
                       datetime(2026, 6, 1), datetime(2026, 6, 30), used=False)


def item(price: int, qty: int = 1, category: str = "", discountable: bool = True) -> CartLine:
    return CartLine(None, f"item {price}", price, qty, discountable, category)


def price(lines, coupon, tier=MEMBER):
    return price_cart(lines, tier=tier, coupon=coupon, points_cfg=CFG.points, now=NOW, member_id=1)


def test_texts():
    assert free().terms.describe("en") == "a free item up to ¥25"
    assert free().terms.describe("zh") == "免费单品（最高¥25）"
    assert free("40", "coffee").terms.describe("en") == "a free coffee item up to ¥40"
    assert free("28.50", "coffee").terms.describe("zh") == "免费单品（最高¥28.50，限指定品类）"


def test_the_most_expensive_item_up_to_the_cap_is_free():
    # ¥10 mug, ¥22 cake, ¥8 water: the cake (¥22 ≤ ¥25) is free, on its line only
    priced = price([item(1000), item(2200), item(800)], free())
    assert [p.coupon_fen for p in priced.lines] == [0, 2200, 0] and priced.total_due_fen == 1800


def test_over_the_cap_the_cap_comes_off_the_cheapest_such_item():
    # ¥10 mug, ¥88 mug, ¥30 latte: ¥25 off (the most any item gives), on the ¥30 latte
    priced = price([item(1000), item(8800), item(3000)], free())
    assert [p.coupon_fen for p in priced.lines] == [0, 0, 2500] and priced.total_due_fen == 10300


def test_one_unit_after_the_tier_discount_and_only_discountable_items():
    # Gold (10 % off): 3 × ¥20 = ¥60 → ¥54 after tier, one unit ¥18 free; the ¥100 gift card is not discountable
    priced = price([item(2000, qty=3), item(10000, discountable=False)], free(), tier=GOLD)
    assert [p.coupon_fen for p in priced.lines] == [1800, 0] and priced.total_due_fen == 5400 - 1800 + 10000


def test_a_category_coupon_takes_only_an_item_of_its_category():
    priced = price([item(3000), item(2800, category="coffee"), item(3500, category="coffee")], free("40", "coffee"))
    assert [p.coupon_fen for p in priced.lines] == [0, 0, 3500]
    with pytest.raises(PosError) as err:
        price([item(3000), item(2800, category="tea")], free("40", "coffee"))
    assert err.value.code == "coupon_no_item" and "no coffee item" in err.value.message


def test_nothing_to_take_is_refused_and_the_threshold_still_applies():
    with pytest.raises(PosError) as err:
        price([item(0), item(5000, discountable=False)], free())
    assert err.value.code == "coupon_no_item"
    with pytest.raises(PosError) as low:
        price([item(2000)], free(threshold_fen=5000))
    assert low.value.code == "coupon_threshold_not_met"


def test_ties_go_to_the_earlier_line():
    assert free_item_choice(free().terms, [ItemOffer(0, 3000), ItemOffer(1, 3000)]) == (0, 2500)
    assert free_item_choice(free().terms, [ItemOffer(4, 900), ItemOffer(2, 900)]) == (2, 900)


lines_strategy = st.lists(st.tuples(st.integers(0, 20_000), st.integers(1, 5), st.sampled_from(["", "coffee", "tea"]),
                                    st.booleans()), min_size=1, max_size=6)


@given(lines=lines_strategy, cap=st.integers(1, 10_000), category=st.sampled_from(["", "coffee"]),
       tier=st.sampled_from(CFG.tiers))
def test_free_item_money_invariants(lines, cap, category, tier):
    """Never negative, never more than one item, never more than the cap, on one line only, the most
    any single qualifying item could give; no qualifying item: refused, nothing taken."""
    cart = [item(p, q, c, d) for p, q, c, d in lines]
    coupon = free(str(Decimal(cap) / 100), category)
    after_tier = [p.gross_fen - p.tier_discount_fen
                  for p in price_cart(cart, tier=tier, points_cfg=CFG.points, now=NOW, member_id=1).lines]
    units = [a // line.qty for a, line in zip(after_tier, cart)
             if line.discountable and a // line.qty > 0 and (not category or line.category == category)]
    try:
        priced = price(cart, coupon, tier)
    except PosError as err:
        assert err.code == "coupon_no_item" and not units
        return
    shares = [p.coupon_fen for p in priced.lines]
    taken = [(i, s) for i, s in enumerate(shares) if s]
    assert all(s >= 0 for s in shares) and len(taken) == 1
    (index, off), = taken
    assert off <= cap and off <= after_tier[index] // cart[index].qty
    assert cart[index].discountable and (not category or cart[index].category == category)
    assert off == max(min(u, cap) for u in units)
    assert priced.coupon_discount_fen == off and priced.total_due_fen == sum(after_tier) - off
    assert all(p.paid_fen >= 0 for p in priced.lines)
