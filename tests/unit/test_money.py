"""Money is integer fen; rates are Decimal and round half up to the fen."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.errors import BadInput
from pos.money import apply_rate, fen_str, floor_decimal, parse_yuan, to_decimal, yuan


def test_apply_rate_rounds_half_up():
    assert apply_rate(100000, Decimal("0.05")) == 5000
    assert apply_rate(1, Decimal("0.5")) == 1            # 0.5 fen rounds up
    assert apply_rate(3, Decimal("0.15")) == 0           # 0.45 fen rounds down
    assert apply_rate(10500, Decimal("0.10")) == 1050
    assert apply_rate(999, Decimal("0.05")) == 50        # 49.95 -> 50
    with pytest.raises(TypeError):
        apply_rate(100, 0.05)                            # type: ignore[arg-type]


def test_floor_decimal():
    assert floor_decimal(Decimal("1139.999")) == 1139
    assert floor_decimal(Decimal("-0.5")) == -1
    assert floor_decimal(Decimal(7)) == 7


def test_parse_and_format():
    assert parse_yuan("12.5") == 1250 and parse_yuan("¥1,234.50") == 123450 and parse_yuan(12) == 1200
    assert parse_yuan("￥0.01") == 1 and parse_yuan(Decimal("3.10")) == 310
    assert fen_str(95000) == "950.00" and fen_str(5) == "0.05"
    assert yuan(32000) == "¥320.00" and yuan(1234550) == "¥12,345.50" and yuan(-150) == "-¥1.50"
    assert to_decimal(1250) == Decimal("12.50")


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", "NaN", "Infinity", "", "1e12"])
def test_parse_refuses_malformed_amounts(bad):
    with pytest.raises(BadInput) as err:
        parse_yuan(bad)
    assert err.value.code == "amount_invalid"


def test_parse_refuses_zero_when_asked_and_floats_always():
    with pytest.raises(BadInput):
        parse_yuan("0", allow_zero=False)
    with pytest.raises(TypeError):
        parse_yuan(1.5)                                  # type: ignore[arg-type]


@given(st.integers(0, 10**10))
def test_format_then_parse_round_trips(fen):
    assert parse_yuan(fen_str(fen)) == fen
    assert parse_yuan(yuan(fen)) == fen


@given(st.integers(0, 10**9), st.integers(0, 10000))
def test_apply_rate_is_the_exact_product_rounded_half_up(fen, basis_points):
    exact = Fraction(fen * basis_points, 10000)
    result = apply_rate(fen, Decimal(basis_points) / 10000)
    assert abs(Fraction(result) - exact) <= Fraction(1, 2)
    assert result - exact != Fraction(-1, 2)             # a half goes up, never down


def refusal(text, **kwargs):
    with pytest.raises(BadInput) as err:
        parse_yuan(text, **kwargs)
    return err.value.code, err.value.message


def test_each_parse_refusal_names_the_field_and_the_text():
    assert refusal("abc") == ("amount_invalid", "amount: 'abc' is not an amount of money")
    assert refusal("1e5", field="price") == ("amount_invalid", "price: '1e5' is not an amount of money")
    assert refusal(Decimal("NaN")) == ("amount_invalid", "amount: 'NaN' is not an amount of money")
    assert refusal(Decimal("-Infinity")) == ("amount_invalid", "amount: '-Infinity' is not an amount of money")
    assert refusal(None) == ("amount_invalid", "amount: 'None' is not an amount of money")   # type: ignore[arg-type]
    assert refusal("-1") == ("amount_invalid", "amount must be zero or more than zero, got '-1'")
    assert refusal("0", allow_zero=False) == ("amount_invalid", "amount must be more than zero, got '0'")
    assert refusal("100000000.01") == ("amount_invalid", "amount: '100000000.01' is too large")
    assert parse_yuan("100000000") == 10000000000
    assert refusal("1.234", field="cap") == ("amount_invalid", "cap: '1.234' has more than two decimals")
    with pytest.raises(TypeError, match="^money must never be a float$"):
        parse_yuan(1.5)                                  # type: ignore[arg-type]


def test_zero_has_no_sign_and_a_rate_must_be_decimal():
    assert yuan(0) == "¥0.00" and yuan(1) == "¥0.01" and yuan(-1) == "-¥0.01"
    with pytest.raises(TypeError, match="^rate must be a Decimal$"):
        apply_rate(100, 0.05)                            # type: ignore[arg-type]
