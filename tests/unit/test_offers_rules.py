"""The offers' pure rules (pos/loyalty/offers), hand-worked and under hypothesis."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import DEFAULT_BOUNCE_STEPS, DEFAULT_EARN_STEPS, BounceStep, ReferralConfig, load_config
from pos.errors import NotFound, Refusal
from pos.loyalty.offers import bounce_back, earn_ladder, referral, rewards, stamps

TIERS = load_config().tiers


def test_the_default_ladder_by_purchase_number():
    reached = {n: bounce_back.step_for(DEFAULT_BOUNCE_STEPS, n) for n in range(1, 30)}
    assert {n: step.after for n, (_, step) in ((n, r) for n, r in reached.items() if r)} == {
        1: 1, 3: 3, 6: 6, 7: 7, 14: 7, 21: 7, 28: 7}
    assert reached[1][1].kind == "percent" and reached[1][1].cap_fen == 3000
    assert reached[6][1].kind == "double_points"


def test_the_furthest_rung_wins_and_holders_are_checked():
    steps = (BounceStep(after=2, every=2, kind="cash", value=Decimal(5)),
             BounceStep(after=4, kind="amount", value=Decimal(10), tier="gold"),
             BounceStep(after=4, kind="cash", value=Decimal(1), segment="Champions"))
    assert bounce_back.step_for(steps, 4, tier_key="member", tiers=TIERS)[0] == 0        # not gold: the every-2nd
    assert bounce_back.step_for(steps, 4, tier_key="diamond", tiers=TIERS)[0] == 1       # gold and above
    assert bounce_back.step_for(steps, 4, tier_key="member", segment="Champions", tiers=TIERS)[0] == 2
    assert bounce_back.step_for(steps, 3, tier_key="member", tiers=TIERS) is None


def test_validity_starts_the_next_day_for_14_days():
    assert bounce_back.validity(datetime(2026, 12, 31, 23, 59), 14) == (
        datetime(2027, 1, 1), datetime(2027, 1, 14, 23, 59, 59))


@given(st.integers(1, 500), st.integers(1, 10), st.integers(0, 10))
def test_every_rung_reaches_exactly_its_purchases(n, after, every):
    step = BounceStep(after=after, every=every, kind="cash", value=Decimal(1))
    expected = n == after or (every > 0 and n > after and (n - after) % every == 0)
    assert bounce_back.reaches(step, n) == expected


def test_referral_decisions():
    cfg = ReferralConfig()
    def decide(**kw):
        base = {"paid_fen": 5000, "earlier_sales": 0, "already_rewarded": False, "rewards_this_month": 9}
        return referral.reward_decision(cfg, **{**base, **kw})
    assert decide() == referral.REWARD                             # ¥50.00 is enough; the 10th of the month
    assert decide(paid_fen=4999) == referral.BELOW_MINIMUM
    assert decide(earlier_sales=1) == referral.NOT_FIRST
    assert decide(already_rewarded=True) == referral.ALREADY
    assert decide(rewards_this_month=10) == referral.LIMIT


def test_self_referral():
    me = referral.Person("+8613800138000", "Li Lei", 3, 15)
    assert referral.is_self_referral(me, referral.Person("+8613800138000"))
    assert referral.is_self_referral(me, referral.Person("+8613900139000", " li lei ", 3, 15))
    assert not referral.is_self_referral(me, referral.Person("+8613900139000", "Li Lei", 3, 16))
    assert not referral.is_self_referral(referral.Person(None, "", None, None), referral.Person(None, "", None, None))


def test_stamps_hand_worked():
    assert stamps.add_stamps(7, 4, 10) == stamps.StampResult(4, 1, 10, 1)
    assert stamps.add_stamps(0, 25, 10) == stamps.StampResult(25, 2, 20, 5)
    assert stamps.take_back(1, 2) == (1, 1)
    assert stamps.reward_value([2800, 2200, 0], 4000) == 2200
    assert stamps.reward_value([5000], 4000) == 4000
    assert stamps.progress(7, 10) == "7/10"
    with pytest.raises(ValueError):
        stamps.add_stamps(0, 1, 0)


@given(st.integers(0, 9), st.lists(st.integers(0, 30), max_size=10), st.integers(1, 12))
def test_stamps_are_conserved(start, sales, needed):
    balance, given_out = start % needed, 0
    for items in sales:
        result = stamps.add_stamps(balance, items, needed)
        assert 0 <= result.balance < needed and result.used == result.rewards * needed
        given_out += result.rewards
        balance = result.balance
    assert start % needed + sum(sales) == balance + given_out * needed


def test_rewards_refusals_in_order():
    gift = rewards.Reward("MUG", "Mug", "gift", 2000)
    with pytest.raises(NotFound):
        rewards.check_redeem(None, "X", balance=10**6, stock=5)
    with pytest.raises(NotFound):
        rewards.check_redeem(rewards.Reward("MUG", "Mug", "gift", 2000, active=False), "MUG", balance=10**6, stock=5)
    with pytest.raises(Refusal) as out:
        rewards.check_redeem(gift, "MUG", balance=0, stock=0)
    assert out.value.code == "reward_out_of_stock"
    with pytest.raises(Refusal) as few:
        rewards.check_redeem(gift, "MUG", balance=1999, stock=1)
    assert few.value.code == "points_insufficient"
    rewards.check_redeem(gift, "MUG", balance=2000, stock=1)


def test_earn_ladder_hand_worked():
    one = Decimal(1)
    assert earn_ladder.ladder_bonus(DEFAULT_EARN_STEPS, 9999, 9999, one, 100, 99) == (0, 0)
    assert earn_ladder.ladder_bonus(DEFAULT_EARN_STEPS, 12000, 12000, one, 100, 120) == (1, 0)   # 1 % = ordinary
    assert earn_ladder.ladder_bonus(DEFAULT_EARN_STEPS, 32000, 20000, one, 100, 200) == (2, 100)  # 1.5 %: 300
    # ¥500 in the month, Gold (1.5×): 2 % of ¥333.33 = ¥6.6666 = 666.66 points × 1.5 = 999 (floor)
    assert earn_ladder.ladder_points(DEFAULT_EARN_STEPS[2], 33333, Decimal("1.5"), 100) == 999
    assert earn_ladder.ladder_bonus(DEFAULT_EARN_STEPS, 50000, 33333, Decimal("1.5"), 100, 499) == (3, 500)


@given(st.integers(0, 10**7), st.integers(0, 10**6), st.integers(0, 10**5))
def test_earn_ladder_never_takes_away(month, paid, ordinary):
    _, bonus = earn_ladder.ladder_bonus(DEFAULT_EARN_STEPS, month, paid, Decimal(1), 100, ordinary)
    assert bonus >= 0
