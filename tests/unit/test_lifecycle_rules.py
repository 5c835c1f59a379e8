"""Behaviour groups, churn stages and replenishment on hand-built purchase histories, with their
boundaries: exactly 30, 60 and 90 days; exactly 2 purchases."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from pos.config import load_config
from pos.loyalty.behaviour import (
    HIGH_POTENTIAL_NEW,
    PRICE_SENSITIVE,
    SLEEPING,
    STABLE,
    WHALE,
    Purchase,
    behaviour_groups,
    month_start,
)
from pos.loyalty.churn import AT_RISK, WIN_BACK, churn_stage
from pos.loyalty.replenishment import due_of, is_due, learned_cycle
from pos.loyalty.uplift import Outcome, uplift

CFG = load_config().lifecycle
TODAY = date(2026, 6, 15)
ENROLLED = date(2024, 1, 1)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def groups(*purchases: Purchase, enrolled: date = ENROLLED) -> frozenset[str]:
    return behaviour_groups(purchases, enrolled, TODAY, CFG)


@pytest.mark.parametrize(("days", "sleeping"), [(89, False), (90, True), (91, True)])
def test_sleeping_from_exactly_90_days(days, sleeping):
    assert (SLEEPING in groups(Purchase(ago(days), 1000))) is sleeping


def test_a_member_who_never_bought_sleeps_90_days_after_enrolling():
    assert SLEEPING in groups(enrolled=ago(90))
    assert SLEEPING not in groups(enrolled=ago(89))


@pytest.mark.parametrize(("days", "paid", "new"), [(30, 30000, True), (31, 30000, False), (0, 30000, True),
                                                   (10, 29999, False), (10, 100000, True)])
def test_high_potential_new_one_purchase_within_30_days_of_300_yuan(days, paid, new):
    assert (HIGH_POTENTIAL_NEW in groups(Purchase(ago(days), paid))) is new


def test_a_second_purchase_is_no_longer_new():
    assert HIGH_POTENTIAL_NEW not in groups(Purchase(ago(5), 40000), Purchase(ago(3), 40000))


def test_stable_needs_each_of_the_last_3_complete_months():
    may, apr, mar = month_start(TODAY, 1), month_start(TODAY, 2), month_start(TODAY, 3)
    assert (may, apr, mar) == (date(2026, 5, 1), date(2026, 4, 1), date(2026, 3, 1))
    assert STABLE in groups(Purchase(date(2026, 5, 31), 100), Purchase(apr, 100), Purchase(date(2026, 3, 31), 100))
    assert STABLE not in groups(Purchase(may, 100), Purchase(apr, 100))                  # March missing
    assert STABLE not in groups(Purchase(may, 100), Purchase(apr, 100), Purchase(date(2026, 2, 28), 100))
    assert month_start(date(2026, 2, 10), 3) == date(2025, 11, 1)                        # across the year


@pytest.mark.parametrize(("days", "paid", "whale"), [(364, 500000, True), (365, 500000, False),
                                                     (10, 499999, False)])
def test_whale_from_5000_yuan_in_365_days(days, paid, whale):
    assert (WHALE in groups(Purchase(ago(days), paid))) is whale


def test_price_sensitive_from_80_percent_of_purchases_with_a_coupon():
    four_of_five = [Purchase(ago(i + 1), 100, used_coupon=i < 4) for i in range(5)]
    assert PRICE_SENSITIVE in groups(*four_of_five)
    three_of_five = [Purchase(ago(i + 1), 100, used_coupon=i < 3) for i in range(5)]
    assert PRICE_SENSITIVE not in groups(*three_of_five)
    assert PRICE_SENSITIVE not in groups()        # no purchase: no share to speak of


def test_a_member_carries_several_groups():
    history = [Purchase(date(2026, m, 10), 200000, used_coupon=True) for m in (3, 4, 5)]
    assert groups(*history) == {STABLE, WHALE, PRICE_SENSITIVE}


@pytest.mark.parametrize(("days", "stage"), [(29, None), (30, AT_RISK), (59, AT_RISK), (60, WIN_BACK),
                                             (400, WIN_BACK)])
def test_churn_stage_boundaries(days, stage):
    assert churn_stage(ago(days), TODAY, CFG) == stage


def test_no_stage_without_a_purchase():
    assert churn_stage(None, TODAY, CFG) is None


def test_cycle_is_the_product_default_below_2_purchases_and_learned_from_exactly_2():
    assert learned_cycle([ago(10)], 30) == 30
    assert learned_cycle([ago(10), ago(10)], 30) == 30          # the same day counts once
    assert learned_cycle([ago(30), ago(10)], 30) == 20           # exactly 2 purchases: their interval
    assert learned_cycle([ago(50), ago(40), ago(20), ago(15)], 30) == 10   # median of 10, 20, 5
    assert learned_cycle([ago(30), ago(20), ago(5)], 30) == 13   # median of 10 and 15 = 12.5 -> 13


def test_due_when_today_reaches_last_plus_cycle_minus_3_days():
    due = due_of("洗衣液", [ago(40), ago(20)], 30, CFG.replenishment_lead_days, TODAY)
    assert due is not None and due.cycle_days == 20 and due.days_since == 20
    assert due.due_on == ago(20) + timedelta(days=17) and is_due(due, TODAY)
    early = due_of("洗衣液", [ago(40), ago(24)], 30, 3, TODAY)        # cycle 16: due on day 13 after the last
    assert early is not None and is_due(early, TODAY)
    not_yet = due_of("洗衣液", [ago(16)], 30, 3, TODAY)                # default 30: due 27 days after
    assert not_yet is not None and not is_due(not_yet, TODAY)
    assert not is_due(not_yet, TODAY, within_days=10) and is_due(not_yet, TODAY, within_days=11)
    exact = due_of("纸巾", [ago(27)], 30, 3, TODAY)                     # exactly last + 30 - 3: due
    assert exact is not None and is_due(exact, TODAY)
    assert due_of("纸巾", [], 30, 3, TODAY) is None


def simulate(n: int, rate_issued: float, rate_holdout: float, seed: int) -> tuple[list[Outcome], list[Outcome]]:
    rng = random.Random(seed)

    def group(size: int, rate: float) -> list[Outcome]:
        return [Outcome(True, rng.randint(5000, 15000)) if rng.random() < rate else Outcome(False, 0)
                for _ in range(size)]
    holdout = n // 10
    return group(n - holdout, rate_issued), group(holdout, rate_holdout)


def test_a_known_10_point_buyer_rate_effect_is_found_and_its_interval_covers_the_truth():
    issued, holdout = simulate(20000, 0.30, 0.20, seed=7)
    u = uplift(issued, holdout)
    assert u.buyer_rate is not None and u.buyer_rate.significant
    assert u.buyer_rate.low < 0.10 < u.buyer_rate.high
    assert abs(u.buyer_rate.estimate - 0.10) < 0.03
    truth = 0.10 * 10000 * len(issued)                # 10 points more buyers, ¥100 average basket
    assert u.ci95_fen is not None and u.ci95_fen[0] < truth < u.ci95_fen[1]
    assert u.significant and "significantly more" in u.verdict()


def test_a_no_effect_campaign_is_reported_not_significant():
    issued, holdout = simulate(20000, 0.20, 0.20, seed=11)
    u = uplift(issued, holdout)
    assert not u.significant and u.ci95_fen is not None and u.ci95_fen[0] < 0 < u.ci95_fen[1]
    assert "not significant" in u.verdict()


def test_too_small_a_holdout_is_said_so():
    u = uplift([Outcome(True, 100)] * 5, [Outcome(False, 0)])
    assert u.revenue is None and u.ci95_fen is None and "Too few" in u.verdict()


def test_config_refuses_win_back_before_at_risk():
    import tomllib

    from pos.config import DEFAULT_CONFIG_PATH, ConfigError, config_from_dict

    data = tomllib.loads(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    data["lifecycle"]["win_back_days"] = 30
    with pytest.raises(ConfigError, match="at_risk_days < win_back_days"):
        config_from_dict(data)
    assert replace(CFG, sleeping_days=5).sleeping_days == 5
