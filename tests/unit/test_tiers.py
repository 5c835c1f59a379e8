"""Tier ladder, growth value, progress texts and retention with worked numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.loyalty import tiers
from pos.loyalty.growth import growth_for_payment, window_start

CFG = load_config()
TIERS = CFG.tiers
TODAY = date(2026, 6, 10)


def ladder_with_purchases(*counts: int, growth: tuple[int, ...] | None = None):
    growth = growth or tuple(t.growth for t in TIERS)
    return tuple(replace(t, purchases=n, growth=g) for t, n, g in zip(TIERS, counts, growth))


# ---------------------------------------------------------------- growth

def test_growth_is_whole_yuan_paid():
    assert growth_for_payment(95000, 1) == 950
    assert growth_for_payment(95099, 1) == 950
    assert growth_for_payment(99, 1) == 0 and growth_for_payment(0, 1) == 0
    assert growth_for_payment(-500, 1) == 0
    assert growth_for_payment(1000, 3) == 30


def test_growth_window():
    assert window_start(date(2026, 6, 10), 365) == date(2025, 6, 10)
    assert window_start(date(2024, 3, 1), 1) == date(2024, 2, 29)


# ---------------------------------------------------------------- qualifying and upgrades

@pytest.mark.parametrize("growth, expected", [(0, "member"), (1999, "member"), (2000, "silver"),
                                              (7999, "silver"), (8000, "gold"), (19999, "gold"),
                                              (20000, "diamond"), (10**9, "diamond")])
def test_qualifying_tier_by_growth(growth, expected):
    assert tiers.qualifying_tier(TIERS, growth, 0).key == expected


def test_purchase_count_also_qualifies():
    ladder = ladder_with_purchases(0, 3, 10, 30)
    assert tiers.qualifying_tier(ladder, 0, 2).key == "member"
    assert tiers.qualifying_tier(ladder, 0, 3).key == "silver"       # "3 purchases -> Silver"
    assert tiers.qualifying_tier(ladder, 9000, 3).key == "gold"      # growth wins when higher
    assert tiers.qualifying_tier(ladder, 0, 30).key == "diamond"


def test_count_only_ladder_ignores_zero_growth_thresholds():
    ladder = ladder_with_purchases(0, 3, 10, 30, growth=(0, 0, 0, 0))
    assert tiers.qualifying_tier(ladder, 50000, 0).key == "member"
    assert tiers.qualifying_tier(ladder, 0, 12).key == "gold"


def test_tier_index():
    assert tiers.tier_index(TIERS, "gold") == 2
    with pytest.raises(KeyError):
        tiers.tier_index(TIERS, "platinum")


def test_upgrade_is_immediate_and_never_lowers():
    assert tiers.upgraded_tier(TIERS, "gold", 100, 0).key == "gold"
    assert tiers.upgraded_tier(TIERS, "member", 8001, 0).key == "gold"      # may skip a level
    assert tiers.upgraded_tier(TIERS, "silver", 2000, 0).key == "silver"


# ---------------------------------------------------------------- progress

def test_progress_to_next_tier():
    progress = tiers.tier_progress(TIERS, "silver", 7680, 5)
    assert progress.next_tier.key == "gold"
    assert (progress.to_next_growth, progress.to_next_fen) == (320, 32000)
    assert progress.percent == (7680 - 2000) * 100 // 6000 == 94
    assert progress.text() == "¥320.00 more to Gold"
    assert progress.text("zh") == "再消费¥320.00升级金卡"
    assert progress.text("en", currency="RMB ") == "RMB 320.00 more to Gold"
    assert progress.keep_until is None and progress.to_keep_growth == 0


def test_progress_money_rounds_up_to_whole_yuan():
    progress = tiers.tier_progress(TIERS, "member", 1995, 0, per_yuan=2)
    assert progress.to_next_growth == 5 and progress.to_next_fen == 300      # ¥2 only earns 4
    assert tiers.tier_progress(TIERS, "member", 0, 0).percent == 0
    assert tiers.tier_progress(TIERS, "member", 0, 0).text() == "¥2,000.00 more to Silver"


def test_progress_at_the_top_tier():
    top = tiers.tier_progress(TIERS, "diamond", 25000, 9, valid_until=date(2027, 3, 31))
    assert top.next_tier is None and top.percent == 100 and top.to_next_fen == 0
    assert top.top_until == top.valid_until == date(2027, 3, 31)
    assert top.text() == "Diamond until 2027-03-31"
    assert top.text("zh") == "钻石卡有效期至2027-03-31"
    assert tiers.tier_progress(TIERS, "diamond", 25000, 9).text() == "Diamond (top tier)"


def test_progress_during_grace_says_what_keeps_the_tier():
    grace = tiers.tier_progress(TIERS, "gold", 7850, 3, grace_until=date(2026, 12, 20))
    assert grace.in_grace and grace.to_keep_growth == 150 and grace.to_keep_fen == 15000
    assert grace.text() == "¥150.00 more by 2026-12-20 to keep Gold"
    assert grace.text("zh") == "2026-12-20前再消费¥150.00保级金卡"
    top_grace = tiers.tier_progress(TIERS, "diamond", 19000, 3, grace_until=date(2026, 12, 20))
    assert top_grace.text() == "¥1,000.00 more by 2026-12-20 to keep Diamond"
    requalified = tiers.tier_progress(TIERS, "gold", 8100, 3, grace_until=date(2026, 12, 20))
    assert not requalified.in_grace and requalified.text() == "¥11,900.00 more to Diamond"


def test_progress_on_a_count_ladder():
    ladder = ladder_with_purchases(0, 3, 10, 30, growth=(0, 0, 0, 0))
    progress = tiers.tier_progress(ladder, "silver", 500, 8)
    assert progress.to_next_purchases == 2 and progress.to_next_growth == 0
    assert progress.text() == "2 more purchases to Gold"
    assert progress.text("zh") == "再消费2次升级金卡"
    assert progress.percent == (8 - 3) * 100 // 7
    assert tiers.tier_progress(ladder, "member", 0, 2).text() == "1 more purchase to Silver"
    grace = tiers.tier_progress(ladder, "gold", 0, 8, grace_until=date(2026, 12, 20))
    assert grace.text() == "2 more purchases by 2026-12-20 to keep Gold"


@given(growth=st.integers(0, 50000), index=st.integers(0, 3))
def test_percent_is_within_0_and_100(growth, index):
    progress = tiers.tier_progress(TIERS, TIERS[index].key, growth, 0)
    assert 0 <= progress.percent <= 100
    assert progress.to_next_fen == progress.to_next_growth * 100


# ---------------------------------------------------------------- retention

def test_retention_grace_then_one_level_down():
    start = tiers.evaluate_retention(TIERS, "diamond", 500, 0, None, TODAY, 30)
    assert start == tiers.RetentionDecision("diamond", date(2026, 7, 10), False, True)
    during = tiers.evaluate_retention(TIERS, "diamond", 500, 0, start.grace_until, date(2026, 7, 10), 30)
    assert during == tiers.RetentionDecision("diamond", date(2026, 7, 10), False, True)
    after = tiers.evaluate_retention(TIERS, "diamond", 500, 0, start.grace_until, date(2026, 7, 11), 30)
    assert after == tiers.RetentionDecision("gold", None, True, False)              # one level at most
    again = tiers.evaluate_retention(TIERS, "gold", 500, 0, after.grace_until, date(2026, 7, 12), 30)
    assert again == tiers.RetentionDecision("gold", date(2026, 8, 11), False, True)  # a new grace


def test_retention_never_drops_below_the_qualifying_tier():
    expired = date(2026, 6, 1)
    assert tiers.evaluate_retention(TIERS, "diamond", 9000, 0, expired, TODAY, 30, max_drop=3).new_key == "gold"
    assert tiers.evaluate_retention(TIERS, "diamond", 0, 0, expired, TODAY, 30, max_drop=2).new_key == "silver"


def test_qualifying_again_clears_the_grace():
    kept = tiers.evaluate_retention(TIERS, "gold", 9000, 0, date(2026, 7, 1), date(2026, 7, 11), 30)
    assert kept == tiers.RetentionDecision("gold", None, False, False)
    higher = tiers.evaluate_retention(TIERS, "silver", 9000, 0, None, TODAY, 30)
    assert higher.new_key == "gold" and not higher.downgraded
    assert tiers.evaluate_retention(TIERS, "member", 0, 0, None, TODAY, 30).grace_until is None


def test_retention_by_purchase_count():
    ladder = ladder_with_purchases(0, 3, 10, 30)
    assert not tiers.evaluate_retention(ladder, "silver", 0, 4, None, TODAY, 30).in_grace
    assert tiers.evaluate_retention(ladder, "silver", 0, 2, None, TODAY, 30).in_grace


# ---------------------------------------------------------------- edges the mutation run found untested

def test_a_member_is_upgraded_by_purchase_count_alone():
    ladder = ladder_with_purchases(0, 3, 10, 30)
    assert tiers.upgraded_tier(ladder, "member", 0, 2).key == "member"
    assert tiers.upgraded_tier(ladder, "member", 0, 3).key == "silver"
    assert tiers.upgraded_tier(ladder, "silver", 0, 10).key == "gold"
    assert tiers.upgraded_tier(ladder, "gold", 0, 3).key == "gold"            # never lowered


def test_a_threshold_of_one_purchase_or_one_growth_point():
    by_count = ladder_with_purchases(0, 1, 2, 3, growth=(0, 0, 0, 0))
    assert tiers.qualifying_tier(by_count, 0, 0).key == "member"
    assert tiers.qualifying_tier(by_count, 0, 1).key == "silver"
    by_growth = ladder_with_purchases(0, 0, 0, 0, growth=(0, 1, 2, 3))
    assert tiers.qualifying_tier(by_growth, 0, 0).key == "member"
    assert tiers.qualifying_tier(by_growth, 1, 0).key == "silver"
    assert tiers.qualifying_tier(by_growth, 3, 0).key == "diamond"


def test_growth_per_yuan_zero_earns_nothing_and_asks_for_no_money():
    assert growth_for_payment(100000, 0) == 0
    assert tiers.fen_for_growth(500, 0) == 0
    progress = tiers.tier_progress(TIERS, "member", 0, 0, per_yuan=0)
    assert (progress.to_next_growth, progress.to_next_fen) == (2000, 0)


def test_fen_for_growth_rounds_up_to_whole_yuan():
    assert tiers.fen_for_growth(1, 1) == 100
    assert tiers.fen_for_growth(3, 2) == 200            # 2 growth per ¥1: ¥2 earn 4 >= 3
    assert tiers.fen_for_growth(0, 1) == 0 and tiers.fen_for_growth(-5, 1) == 0


def test_two_tiers_sharing_a_threshold():
    ladder = ladder_with_purchases(0, 0, 0, 0, growth=(0, 2000, 2000, 20000))
    assert tiers.qualifying_tier(ladder, 1999, 0).key == "member"
    assert tiers.qualifying_tier(ladder, 2000, 0).key == "gold"              # the higher of the two
    progress = tiers.tier_progress(ladder, "silver", 2000, 0)
    assert (progress.next_tier.key, progress.to_next_growth, progress.percent) == ("gold", 0, 100)


def test_what_keeps_the_tier_is_asked_only_in_grace_and_only_when_below_it():
    in_grace = tiers.tier_progress(TIERS, "silver", 1999, 0, grace_until=date(2026, 12, 20))
    assert (in_grace.to_keep_growth, in_grace.to_keep_fen, in_grace.to_keep_purchases) == (1, 100, 0)
    assert in_grace.text() == "¥1.00 more by 2026-12-20 to keep Silver"
    assert in_grace.text(currency="$") == "$1.00 more by 2026-12-20 to keep Silver"
    no_grace = tiers.tier_progress(TIERS, "silver", 1999, 0)
    assert (no_grace.to_keep_growth, no_grace.to_keep_purchases, no_grace.in_grace) == (0, 0, False)
    at_threshold = tiers.tier_progress(TIERS, "silver", 2000, 0, grace_until=date(2026, 12, 20))
    assert (at_threshold.to_keep_growth, at_threshold.percent) == (0, 0)
    assert tiers.tier_progress(TIERS, "member", 0, 0, grace_until=date(2026, 12, 20)).to_keep_growth == 0


def test_a_tier_held_by_purchase_count_needs_no_growth_to_keep():
    ladder = ladder_with_purchases(0, 3, 10, 30)
    held = tiers.tier_progress(ladder, "silver", 100, 4, grace_until=date(2026, 12, 20))
    assert (held.to_keep_growth, held.to_keep_purchases, held.in_grace) == (0, 0, False)
    count_only = ladder_with_purchases(0, 3, 10, 30, growth=(0, 0, 0, 0))
    short = tiers.tier_progress(count_only, "silver", 0, 1, grace_until=date(2026, 12, 20))
    assert (short.to_keep_growth, short.to_keep_purchases) == (0, 2)
    assert short.text("zh") == "2026-12-20前再消费2次保级银卡"
    assert tiers.tier_progress(count_only, "silver", 0, 1).to_keep_purchases == 0


def test_purchases_still_needed():
    one = ladder_with_purchases(0, 1, 0, 0, growth=(0, 0, 8000, 20000))
    start = tiers.tier_progress(one, "member", 0, 0)
    assert (start.to_next_purchases, start.percent, start.text()) == (1, 0, "1 more purchase to Silver")
    assert tiers.tier_progress(one, "member", 0, 5).to_next_purchases == 0        # not upgraded yet: none left
    assert tiers.tier_progress(TIERS, "member", 0, 0).to_next_purchases == 0      # no count threshold
    assert tiers.tier_progress(TIERS, "member", 3000, 0).to_next_growth == 0


def test_the_top_tier_reports_the_members_figures():
    top = tiers.tier_progress(TIERS, "diamond", 25000, 9)
    assert (top.growth, top.purchases, top.to_next_growth, top.to_next_purchases) == (25000, 9, 0, 0)
    assert top.text("zh") == "钻石卡（最高等级）"
    assert tiers.money_text(123456) == "¥1,234.56"


def test_a_growth_threshold_of_one_with_a_purchase_threshold_uses_both():
    ladder = ladder_with_purchases(0, 5, 0, 0, growth=(0, 1, 8000, 20000))
    assert tiers.qualifying_tier(ladder, 1, 0).key == "silver"
    assert tiers.qualifying_tier(ladder, 0, 5).key == "silver"
    assert tiers.qualifying_tier(ladder, 0, 4).key == "member"


def test_progress_reports_the_members_figures_and_unknown_tiers_are_named():
    progress = tiers.tier_progress(TIERS, "silver", 2500, 4)
    assert (progress.growth, progress.purchases) == (2500, 4)
    with pytest.raises(KeyError, match="unknown tier 'platinum'"):
        tiers.tier_index(TIERS, "platinum")
