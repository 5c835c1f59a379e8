"""The behaviour groups written by difference (PostgreSQL) or rewritten (SQLite) end the same: whatever
member_groups held before a regrouping (stale pairs, pairs of erased members, some of the right pairs
missing), afterwards it holds exactly this week's pairs, and the sizes count them."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from pos.db.models import MemberGroup
from pos.loyalty.behaviour import GROUPS
from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.lifecycle import groups


def pairs(ctx) -> set[tuple[int, str]]:
    with ctx.read() as session:
        return {(m, k) for m, k in session.execute(select(MemberGroup.member_id, MemberGroup.group_key))}


@pytest.fixture
def demo(ctx):
    create_bulk_demo(ctx, 200, sales_per_member=3)
    first = groups.regroup(ctx)
    return ctx, pairs(ctx), first.sizes


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.floats(0, 1), stale=st.lists(st.tuples(st.integers(1, 260), st.sampled_from(GROUPS)), max_size=60),
       seed=st.integers(0, 2**16))
def test_any_prior_contents_end_as_this_weeks_pairs(demo, keep, stale, seed):
    ctx, expected, sizes = demo
    kept = {p for i, p in enumerate(sorted(expected)) if (i * 7919 + seed) % 1000 < keep * 1000}
    with ctx.write() as session:
        session.execute(text("DELETE FROM member_groups"))
        prior = kept | set(stale)
        if prior:
            session.execute(text("INSERT INTO member_groups (member_id, group_key) VALUES (:m, :k)"),
                            [{"m": m, "k": k} for m, k in sorted(prior)])
    again = groups.regroup(ctx)
    assert pairs(ctx) == expected
    assert again.sizes == sizes == dict(Counter(k for _, k in expected)) | {
        k: 0 for k in GROUPS if k not in {k for _, k in expected}}


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_postgres_leaves_unchanged_pairs_unwritten(demo):
    ctx, expected, _ = demo
    gone = min(expected)
    with ctx.write() as session:
        session.execute(text("DELETE FROM member_groups WHERE member_id = :m AND group_key = :k"),
                        {"m": gone[0], "k": gone[1]})
        session.execute(text("INSERT INTO member_groups (member_id, group_key) VALUES (999999, :k)"), {"k": GROUPS[0]})
        before = dict(session.execute(text("SELECT member_id || group_key, xmin::text FROM member_groups")).all())
    groups.regroup(ctx)
    assert pairs(ctx) == expected
    with ctx.read() as session:
        after = dict(session.execute(text("SELECT member_id || group_key, xmin::text FROM member_groups")).all())
    assert {key for key in after if after[key] != before.get(key)} == {f"{gone[0]}{gone[1]}"}
