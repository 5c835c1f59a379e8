"""RFM quintile scores (like SQL NTILE(5)) and the named-segment rule table."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.config import load_config
from pos.loyalty import rfm

SEG = load_config().segments
REGULAR = rfm.RfmRow(1, recency_days=5, frequency=12, monetary_fen=900000, first_purchase_days=200,
                     enrolled_days=300, coupon_sales=2)


# ---------------------------------------------------------------- quintiles

def test_quintiles_worked():
    assert rfm.quintile_scores([10, 20, 30, 40, 50]) == [1, 2, 3, 4, 5]
    assert rfm.quintile_scores([50, 40, 30, 20, 10]) == [5, 4, 3, 2, 1]
    assert rfm.quintile_scores([10, 20, 30, 40, 50], higher_is_better=False) == [5, 4, 3, 2, 1]
    assert rfm.quintile_scores(list(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert rfm.quintile_scores([1, 2, 3]) == [1, 2, 3]                          # like NTILE(5) on 3 rows
    assert rfm.quintile_scores(list(range(7))) == [1, 1, 2, 2, 3, 4, 5]
    assert rfm.quintile_scores([]) == []


def test_ties_share_the_score_of_the_first():
    assert rfm.quintile_scores([7, 7, 7]) == [1, 1, 1]
    assert rfm.quintile_scores([1, 2, 2, 2, 3]) == [1, 2, 2, 2, 5]
    assert rfm.quintile_scores([1.5, 0.5, 1.5]) == [2, 1, 2]


@pytest.mark.parametrize("count", [1, 2, 4, 5, 6, 11, 23, 100])
def test_ntile_matches_sql_bucket_sizes(count):
    scores = [rfm.ntile(rank, count) for rank in range(count)]
    sizes = [scores.count(b) for b in range(1, 6) if b <= count]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) - min(sizes) <= 1
    assert scores == sorted(scores) and scores[0] == 1


@given(count=st.integers(0, 500), buckets=st.integers(1, 9))
def test_bucket_starts_give_ntile(count, buckets):
    starts = rfm.bucket_starts(count, buckets)
    assert len(starts) == buckets - 1 and all(0 < b <= count for b in starts) or count == 0
    for rank in range(count):
        assert rfm.ntile(rank, count, buckets) == 1 + sum(rank >= b for b in starts)


@given(values=st.lists(st.integers(-1000, 1000), max_size=60), higher=st.booleans())
def test_scores_are_1_to_5_and_monotone(values, higher):
    scores = rfm.quintile_scores(values, higher_is_better=higher)
    assert len(scores) == len(values) and all(1 <= s <= 5 for s in scores)
    for a, b in zip(values, scores):
        for c, d in zip(values, scores):
            better = a > c if higher else a < c
            if a == c:
                assert b == d
            elif better:
                assert b >= d


# ---------------------------------------------------------------- segments

def test_segment_names_in_display_order():
    assert rfm.SEGMENT_NAMES == ("Champions", "Loyal", "Potential", "New", "At risk", "Hibernating", "Lost")


@pytest.mark.parametrize("changes, scores, expected", [
    ({}, (5, 5, 5), "Champions"),
    ({}, (4, 4, 4), "Champions"),
    ({}, (3, 4, 2), "Loyal"),
    ({}, (1, 3, 4), "Loyal"),
    ({}, (5, 3, 3), "Potential"),
    ({}, (2, 2, 2), "Potential"),
    ({"recency_days": 29}, (5, 5, 5), "Champions"),
    ({"recency_days": 30}, (5, 5, 5), "At risk"),
    ({"recency_days": 59}, (5, 5, 5), "At risk"),
    ({"recency_days": 60}, (5, 5, 5), "Hibernating"),
    ({"recency_days": 90}, (5, 5, 5), "Lost"),
    ({"recency_days": 120}, (5, 5, 5), "Lost"),
    ({"first_purchase_days": 30, "recency_days": 3}, (5, 5, 5), "New"),
    ({"first_purchase_days": 31}, (2, 2, 2), "Potential"),
    ({"recency_days": None, "first_purchase_days": None, "frequency": 0, "enrolled_days": 30}, (1, 1, 1), "New"),
    ({"recency_days": None, "first_purchase_days": None, "frequency": 0, "enrolled_days": 400}, (1, 1, 1),
     "Lost"),
])
def test_segment_rules_in_order(changes, scores, expected):
    assert rfm.segment_name(replace(REGULAR, **changes), *scores, SEG) == expected


def test_whale_and_promotion_only_flags():
    assert rfm.is_whale(REGULAR, SEG) and rfm.is_whale(replace(REGULAR, monetary_fen=500000), SEG)
    assert not rfm.is_whale(replace(REGULAR, monetary_fen=499999), SEG)
    assert not rfm.is_promotion_only(REGULAR)
    assert rfm.is_promotion_only(replace(REGULAR, frequency=3, coupon_sales=3))
    assert not rfm.is_promotion_only(replace(REGULAR, frequency=0, coupon_sales=0))


def test_a_single_purchase_with_a_coupon_is_promotion_only():
    assert rfm.is_promotion_only(replace(REGULAR, frequency=1, coupon_sales=1))
