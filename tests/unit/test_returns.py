"""Returns reverse points, restore redeemed points and take growth back, exactly over any split."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pos.errors import PosError
from pos.loyalty.returns import ReturnAmounts, SoldLine, return_amounts


def refused(code, fn, *args, **kwargs):
    with pytest.raises(PosError) as err:
        fn(*args, **kwargs)
    assert err.value.code == code, err.value.message
    return err.value.message


SOLD = [SoldLine(3, 10000, 12000), SoldLine(1, 5001, 6000)]
TOTALS = dict(points_earned=180, points_redeemed=300, growth_earned=150)


def test_whole_return_reverses_everything():
    assert return_amounts(SOLD, [0, 0], [3, 1], **TOTALS) == ReturnAmounts(15001, 180, 300, 150)


def test_partial_returns_add_up_to_the_whole():
    first = return_amounts(SOLD, [0, 0], [1, 0], **TOTALS)
    assert first == ReturnAmounts(3333, 39, 66, 33)            # 3333/15001 of each, floored
    second = return_amounts(SOLD, [1, 0], [2, 1], **TOTALS)
    assert first.refund_fen + second.refund_fen == 15001
    assert first.points_reversed + second.points_reversed == 180
    assert first.points_restored + second.points_restored == 300
    assert first.growth_reversed + second.growth_reversed == 150


def test_one_unit_at_a_time_refunds_exactly_what_was_paid():
    sold = [SoldLine(3, 1000, 1000)]
    parts = [return_amounts(sold, [i], [1], points_earned=10, points_redeemed=0, growth_earned=10)
             for i in range(3)]
    assert [p.refund_fen for p in parts] == [333, 333, 334]
    assert [p.points_reversed for p in parts] == [3, 3, 4]


def test_sale_paid_entirely_with_points_uses_gross_as_weight():
    sold = [SoldLine(1, 0, 3000), SoldLine(1, 0, 1000)]
    part = return_amounts(sold, [0, 0], [1, 0], points_earned=0, points_redeemed=4000, growth_earned=0)
    assert part == ReturnAmounts(0, 0, 3000, 0)


def test_nothing_returned_changes_nothing():
    assert return_amounts(SOLD, [1, 0], [0, 0], **TOTALS) == ReturnAmounts(0, 0, 0, 0)


def test_return_refusals():
    message = refused("return_exceeds_sale", return_amounts, SOLD, [3, 0], [1, 0], **TOTALS)
    assert "0 of 3" in message
    refused("return_exceeds_sale", return_amounts, SOLD, [0, 0], [0, 2], **TOTALS)
    refused("quantity_invalid", return_amounts, SOLD, [0, 0], [-1, 0], **TOTALS)
    refused("quantity_invalid", return_amounts, SOLD, [-1, 0], [1, 0], **TOTALS)
    refused("line_invalid", return_amounts, SOLD, [0], [1], **TOTALS)
    refused("quantity_invalid", SoldLine, 0, 0, 0)
    refused("amount_invalid", SoldLine, 1, -1, 0)


@given(qtys=st.lists(st.integers(1, 6), min_size=1, max_size=5), data=st.data(),
       earned=st.integers(0, 5000), redeemed=st.integers(0, 5000), growth=st.integers(0, 5000))
def test_returns_in_any_split_equal_the_full_return(qtys, data, earned, redeemed, growth):
    sold = [SoldLine(q, data.draw(st.integers(0, 99999)), data.draw(st.integers(0, 99999))) for q in qtys]
    assume(all(line.paid_fen <= line.gross_fen for line in sold))
    done = [0] * len(sold)
    total = ReturnAmounts(0, 0, 0, 0)
    while done != qtys:
        step = [data.draw(st.integers(0, q - d)) for q, d in zip(qtys, done)]
        if not any(step):   # always make progress: return one more of the first open line
            step[next(i for i, (q, d) in enumerate(zip(qtys, done)) if d < q)] = 1
        part = return_amounts(sold, done, step, points_earned=earned, points_redeemed=redeemed,
                              growth_earned=growth)
        assert min(part.refund_fen, part.points_reversed, part.points_restored, part.growth_reversed) >= 0
        total = ReturnAmounts(*(a + b for a, b in zip(total.__dict__.values(), part.__dict__.values())))
        done = [d + s for d, s in zip(done, step)]
    assert total.refund_fen == sum(line.paid_fen for line in sold)
    if sum(line.paid_fen for line in sold) or sum(line.gross_fen for line in sold):
        assert (total.points_reversed, total.points_restored, total.growth_reversed) == (earned, redeemed, growth)


def test_a_paid_amount_that_does_not_divide_by_the_quantity():
    sold = [SoldLine(qty=3, paid_fen=1000, gross_fen=1200)]
    first = return_amounts(sold, [0], [1], points_earned=10, points_redeemed=0, growth_earned=10)
    second = return_amounts(sold, [1], [1], points_earned=10, points_redeemed=0, growth_earned=10)
    last = return_amounts(sold, [2], [1], points_earned=10, points_redeemed=0, growth_earned=10)
    assert [r.refund_fen for r in (first, second, last)] == [333, 333, 334]      # the last unit takes the fen
    assert [r.points_reversed for r in (first, second, last)] == [3, 3, 4]
    assert [r.growth_reversed for r in (first, second, last)] == [3, 3, 4]


def test_weights_are_whole_fen_before_the_shares():
    sold = [SoldLine(qty=3, paid_fen=1000, gross_fen=1000)]
    two = return_amounts(sold, [0], [2], points_earned=3000, points_redeemed=0, growth_earned=0)
    assert (two.refund_fen, two.points_reversed) == (666, 1998)    # 3000 × 666 // 1000, not 3000 × 666.67
    rest = return_amounts(sold, [2], [1], points_earned=3000, points_redeemed=0, growth_earned=0)
    assert (rest.refund_fen, rest.points_reversed) == (334, 1002)


def test_a_free_line_reverses_nothing():
    free = [SoldLine(qty=1, paid_fen=0, gross_fen=0)]
    assert return_amounts(free, [0], [1], points_earned=5, points_redeemed=5, growth_earned=5) == \
        ReturnAmounts(0, 0, 0, 0)


def test_return_refusal_texts():
    sold = [SoldLine(qty=2, paid_fen=1000, gross_fen=1000)]
    with pytest.raises(PosError) as err:
        return_amounts(sold, [0, 0], [1, 1], points_earned=0, points_redeemed=0, growth_earned=0)
    assert (err.value.code, err.value.message) == ("line_invalid", "return lines do not match the sale")
    with pytest.raises(PosError) as err:
        return_amounts(sold, [1], [2], points_earned=0, points_redeemed=0, growth_earned=0)
    assert (err.value.code, err.value.message) == ("return_exceeds_sale",
                                                   "Only 1 of 2 can still be returned on that line.")
    with pytest.raises(PosError) as err:
        return_amounts(sold, [0], [-1], points_earned=0, points_redeemed=0, growth_earned=0)
    assert (err.value.code, err.value.message) == ("quantity_invalid", "return quantities cannot be negative")
    with pytest.raises(PosError) as err:
        SoldLine(qty=0, paid_fen=0, gross_fen=0)
    assert err.value.message == "a sold line has a quantity of at least 1, got 0"
    with pytest.raises(PosError) as err:
        SoldLine(qty=1, paid_fen=0, gross_fen=-1)
    assert err.value.message == "a sold line cannot have a negative amount"


def test_partial_returns_of_a_sale_paid_by_points_weigh_by_gross():
    sold = [SoldLine(qty=2, paid_fen=0, gross_fen=1000), SoldLine(qty=1, paid_fen=0, gross_fen=2000)]
    first = return_amounts(sold, [0, 0], [1, 0], points_earned=0, points_redeemed=3000, growth_earned=0)
    second = return_amounts(sold, [1, 0], [1, 0], points_earned=0, points_redeemed=3000, growth_earned=0)
    assert (first.points_restored, second.points_restored) == (500, 500)
