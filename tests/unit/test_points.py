"""Points: earning with multipliers, redemption rules and refusals, expiry lots, FIFO."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.errors import BadInput, PosError, Refusal
from pos.loyalty import points

CFG = load_config()
PTS = CFG.points
MEMBER, SILVER, GOLD, DIAMOND = CFG.tiers


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value


# ---------------------------------------------------------------- earning

def test_earning_worked_numbers():
    assert points.points_earned(95000, SILVER, PTS) == 1140          # ¥950.00 × 1.2
    assert points.points_earned(100, MEMBER, PTS) == 1
    assert points.points_earned(99, MEMBER, PTS) == 0                # ¥0.99 earns nothing
    assert points.points_earned(0, DIAMOND, PTS) == 0
    assert points.points_earned(12345, GOLD, PTS) == 185             # floor(123.45 × 1.5) = floor(185.175)
    assert points.points_earned(-100, GOLD, PTS) == 0


def test_multipliers_multiply():
    assert points.earn_multiplier(GOLD, PTS, birthday_month=False, member_day=False) == Decimal("1.5")
    assert points.earn_multiplier(GOLD, PTS, birthday_month=True, member_day=True) == 6
    assert points.points_earned(10000, GOLD, PTS, birthday_month=True) == 300
    assert points.points_earned(10000, GOLD, PTS, member_day=True) == 300
    assert points.points_earned(10000, GOLD, PTS, birthday_month=True, member_day=True) == 600
    doubled_rate = replace(PTS, earn_per_yuan=Decimal(2))
    assert points.points_earned(10000, SILVER, doubled_rate) == 240


def test_birthday_month():
    assert points.is_birthday_month(6, date(2026, 6, 1))
    assert not points.is_birthday_month(7, date(2026, 6, 1))
    assert not points.is_birthday_month(None, date(2026, 6, 1))


def test_member_day():
    assert points.is_member_day(PTS, date(2026, 6, 25))
    assert not points.is_member_day(PTS, date(2026, 6, 24))
    day31 = replace(PTS, member_day=31)
    assert points.is_member_day(day31, date(2026, 6, 30))           # June has no 31st: the last day counts
    assert points.is_member_day(day31, date(2026, 2, 28)) and not points.is_member_day(day31, date(2026, 7, 30))
    assert points.is_member_day(replace(PTS, member_day=29), date(2024, 2, 29))
    assert not any(points.is_member_day(replace(PTS, member_day=0), date(2026, 6, d)) for d in range(1, 31))


# ---------------------------------------------------------------- redemption

def test_points_value():
    assert points.points_value_fen(500, PTS) == 500                  # 100 points = ¥1
    assert points.points_value_fen(150, replace(PTS, redeem_points_per_yuan=150)) == 100


def test_valid_redemptions():
    assert points.validate_redemption(500, 1000, 10000, PTS) == 500
    assert points.validate_redemption(0, 0, 0, PTS) == 0
    assert points.validate_redemption(500, 500, 1000, PTS) == 500    # exactly 50 % of ¥10.00


def test_each_redemption_refusal():
    assert refused("points_minimum", points.validate_redemption, 50, 1000, 10000, PTS).__class__ is Refusal
    refused("points_step", points.validate_redemption, 250, 1000, 10000, PTS)
    insufficient = refused("points_insufficient", points.validate_redemption, 2000, 1000, 100000, PTS)
    assert "1000" in insufficient.message
    cap = refused("points_cap_exceeded", points.validate_redemption, 600, 1000, 1000, PTS)
    assert "50%" in cap.message and "at most 500 points" in cap.message and "¥10.00" in cap.message
    assert "no points" in refused("points_cap_exceeded", points.validate_redemption, 100, 1000, 150, PTS).message
    assert isinstance(refused("points_invalid", points.validate_redemption, -100, 1000, 1000, PTS), BadInput)


def test_max_redeemable():
    assert points.max_redeemable(1000, 1000, PTS) == 500
    assert points.max_redeemable(100000, 1234, PTS) == 1200          # balance, in steps
    assert points.max_redeemable(150, 1000, PTS) == 0                # 50 % of ¥1.50 is below the minimum
    assert points.max_redeemable(1099, 10000, PTS) == 500            # ¥5.495 cap: 500 fits, 600 not
    assert points.max_redeemable(0, 1000, PTS) == 0 and points.max_redeemable(1000, 0, PTS) == 0
    odd = replace(PTS, redeem_points_per_yuan=150, redeem_step=1, redeem_minimum=1)
    assert points.max_redeemable(2, 1000, odd) == 2                  # 2 points are worth 1 fen
    assert points.points_value_fen(2, odd) == 1 and points.points_value_fen(3, odd) == 2


def test_manager_pin_above_threshold():
    assert points.needs_manager_pin(5100, PTS)
    assert not points.needs_manager_pin(5000, PTS)


@given(due=st.integers(0, 10**7), balance=st.integers(0, 10**6))
def test_max_redeemable_is_accepted_and_one_step_more_is_not(due, balance):
    most = points.max_redeemable(due, balance, PTS)
    if most:
        assert points.validate_redemption(most, balance, due, PTS) * 2 <= due
    more = most + PTS.redeem_step if most else PTS.redeem_minimum
    with pytest.raises(Refusal):
        points.validate_redemption(more, balance, due, PTS)


# ---------------------------------------------------------------- expiry and FIFO

def test_lot_expiry_is_end_of_next_year():
    assert points.lot_expiry(date(2026, 3, 1), PTS) == date(2027, 12, 31)
    assert points.lot_expiry(date(2026, 1, 1), PTS) == date(2027, 12, 31)
    assert points.lot_expiry(date(2026, 12, 31), PTS) == date(2027, 12, 31)
    assert points.lot_expiry(date(2026, 3, 1), replace(PTS, expiry="never")) is None


def test_fifo_takes_oldest_first():
    assert points.consume_fifo([(1, 100), (2, 300)], 250) == [(1, 100), (2, 150)]
    assert points.consume_fifo([(1, 0), (2, 300), (3, 5)], 300) == [(2, 300)]
    assert points.consume_fifo([(1, 100)], 0) == []
    refused("points_insufficient", points.consume_fifo, [(1, 100)], 101)
    refused("points_invalid", points.consume_fifo, [(1, 100)], -1)


@given(lots=st.lists(st.integers(0, 1000), max_size=10), data=st.data())
def test_fifo_takes_exactly_what_is_asked(lots, data):
    ask = data.draw(st.integers(0, sum(lots)))
    taken = points.consume_fifo(list(enumerate(lots)), ask)
    assert sum(t for _, t in taken) == ask
    assert all(0 < t <= lots[i] for i, t in taken)
    ids = [i for i, _ in taken]
    assert ids == sorted(ids)
    assert all(t == lots[i] for i, t in taken[:-1])               # only the last lot is taken in part


@given(lots=st.lists(st.integers(0, 1000), max_size=10), extra=st.integers(1, 1000))
def test_fifo_refuses_more_than_available(lots, extra):
    with pytest.raises(Refusal):
        points.consume_fifo(list(enumerate(lots)), sum(lots) + extra)


def test_fifo_with_exactly_one_point_left():
    assert points.consume_fifo([(1, 1)], 1) == [(1, 1)]
    assert points.consume_fifo([(1, 2), (2, 5)], 3) == [(1, 2), (2, 1)]       # 1 left after the first lot
    assert points.consume_fifo([(1, 2), (2, 0), (3, 5)], 3) == [(1, 2), (3, 1)]   # empty lots are skipped
    err = refused("points_insufficient", points.consume_fifo, [(1, 2)], 3)
    assert err.message == "Only 2 of 3 points are available."
    assert points.consume_fifo([(1, 5)], 0) == []


def test_member_day_on_the_first_of_the_month():
    first = replace(PTS, member_day=1)
    assert points.is_member_day(first, date(2026, 6, 1)) and not points.is_member_day(first, date(2026, 6, 2))


def test_a_single_fen_earns_when_the_rate_is_high_enough():
    rich = replace(PTS, earn_per_yuan=Decimal(100))
    assert points.points_earned(1, MEMBER, rich) == 1
    assert points.points_earned(0, MEMBER, rich) == 0 and points.points_earned(-100, MEMBER, rich) == 0


def test_max_redeemable_at_one_point_per_yuan():
    per_yuan = replace(PTS, redeem_points_per_yuan=1, redeem_minimum=1, redeem_step=1)
    assert points.max_redeemable(200, 10, per_yuan) == 1             # half of ¥2.00 is ¥1: one point
    assert points.max_redeemable(1000, 0, per_yuan) == 0             # nothing to redeem
    assert points.max_redeemable(1, 10, per_yuan) == 0


def test_max_redeemable_below_the_minimum_is_nothing():
    high_minimum = replace(PTS, redeem_minimum=300)
    assert points.max_redeemable(40000, 200, high_minimum) == 0
    assert points.max_redeemable(40000, 300, high_minimum) == 300


def test_nothing_due_allows_no_points_even_at_a_full_share():
    full = replace(PTS, redeem_max_share=Decimal(1), redeem_minimum=1, redeem_step=1)
    refused("points_cap_exceeded", points.validate_redemption, 1, 10, 0, full)
    assert points.validate_redemption(1, 10, 1, full) == 1


def test_redemption_refusal_texts():
    assert refused("points_minimum", points.validate_redemption, 50, 1000, 10000, PTS).message == \
        "At least 100 points must be redeemed at once."
    assert refused("points_step", points.validate_redemption, 250, 1000, 10000, PTS).message == \
        "Points are redeemed in steps of 100; 250 is not."
    assert refused("points_invalid", points.validate_redemption, -100, 1000, 1000, PTS).message == \
        "points to redeem cannot be negative (-100)"
    assert refused("points_cap_exceeded", points.validate_redemption, 100, 1000, 150, PTS).message == \
        "Points may pay at most 50% of the ¥1.50 due: no points can be redeemed on this sale."
    assert refused("points_invalid", points.consume_fifo, [(1, 5)], -1).message == \
        "points to take cannot be negative (-1)"
