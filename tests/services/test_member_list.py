"""Member list paging, sorting, filtering and search, checked against plain SQL: on a generated
database of 100,000 members (SQLite, generated once per module) and on a small one on PostgreSQL."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.clock import fixed_clock
from pos.config import load_config
from pos.db.engine import make_engine
from pos.errors import PermissionDenied
from pos.services.admin.bulk_demo import create_bulk_demo, phone_of
from pos.services.context import AppContext
from pos.services.members.export import COLUMNS, export_members
from pos.services.members.listing import (
    SORT_KEYS,
    MemberFilter,
    count_members,
    fetch_page,
    forget_pages,
    stats_as_of,
)
from pos.services.staff.accounts import create_staff
from tests.databases import sqlite_url
from tests.fixtures_db import store_manager_id

BIG = 100_000
BIG_NOW = datetime(2026, 12, 10, 12)    # points earned in 2025 expire within 30 days
TIER_CASE = "CASE tier_key WHEN 'member' THEN 0 WHEN 'silver' THEN 1 WHEN 'gold' THEN 2 WHEN 'diamond' THEN 3 END"
ORDER = {   # plain SQL for each sort key: terms before the id tie-breaker (NULLs first when ascending)
    "phone": ["phone"], "name": ["name"], "tier": [TIER_CASE], "segment": ["segment"],
    "last_visit": ["CASE WHEN last_visit_at IS NULL THEN 0 ELSE 1 END", "last_visit_at"],
    "spend": ["spend_365_fen"], "visits": ["visits_365"], "points": ["points_balance"],
    "expiring": ["points_expiring"],
    "birthday": ["CASE WHEN birth_month IS NULL THEN 0 ELSE 1 END", "birth_month", "birth_day"],
}
FILTERS = [   # (service filter, the same in plain SQL)
    (MemberFilter(), "1=1"),
    (MemberFilter(tiers=("gold", "diamond")), "tier_key IN ('gold', 'diamond')"),
    (MemberFilter(segment="At risk"), "segment = 'At risk'"),
    (MemberFilter(last_visit_from=date(2026, 3, 1), last_visit_to=date(2026, 3, 31)),
     "last_visit_at >= '2026-03-01' AND last_visit_at < '2026-04-01'"),
    (MemberFilter(spend_min_fen=50_000, spend_max_fen=150_000), "spend_365_fen BETWEEN 50000 AND 150000"),
    (MemberFilter(points_min=100, points_max=900), "points_balance BETWEEN 100 AND 900"),
    (MemberFilter(birthday_this_month=True), f"birth_month = {BIG_NOW.month}"),
    (MemberFilter(expiring_soon=True, tiers=("silver",)), "points_expiring > 0 AND tier_key = 'silver'"),
    (MemberFilter(text="0123"), "phone LIKE '%0123'"),
    (MemberFilter(text="王"), "name LIKE '%王%'"),
    (MemberFilter(text="王", segment="Lost", spend_min_fen=1), "name LIKE '%王%' AND segment = 'Lost' "
                                                                "AND spend_365_fen >= 1"),
]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    context = AppContext(make_engine(sqlite_url(tmp_path_factory.mktemp("big"))), load_config(), fixed_clock(BIG_NOW))
    create_bulk_demo(context, BIG, sales_per_member=1.5)
    yield context
    context.engine.dispose()


# members with the list's statistics (member_stats) as if they were its columns
LISTED = ("(SELECT m.*, s.segment, s.spend_365_fen, s.visits_365, s.points_expiring FROM members m "
          "LEFT JOIN member_stats s ON s.member_id = m.id) AS members")


def plain_ids(ctx, where: str, sort: str, descending: bool, offset: int, limit: int) -> list[int]:
    direction = " DESC" if descending else ""
    order = ", ".join(term + direction for term in [*ORDER[sort], "id"])
    with ctx.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT id FROM {LISTED} WHERE erased_at IS NULL AND ({where}) "
                                      f"ORDER BY {order} LIMIT {limit} OFFSET {offset}")).scalars())


def plain_count(ctx, where: str) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {LISTED} WHERE erased_at IS NULL AND ({where})")).scalar()


def ids(rows) -> list[int]:
    return [row.member_id for row in rows]


def test_counts_match_plain_sql(big):
    assert count_members(big, store_manager_id(big), MemberFilter()) == BIG
    for flt, where in FILTERS:
        assert count_members(big, store_manager_id(big), flt) == plain_count(big, where) > 0, where


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_at_any_depth_matches_plain_sql(big, sort):
    for descending in (False, True):
        for offset in (0, 100, 37_777, 90_000, BIG - 60):
            expected = plain_ids(big, "1=1", sort, descending, offset, 100)
            assert ids(fetch_page(big, store_manager_id(big), MemberFilter(), sort, descending, offset, 100)) == expected, (offset,
                                                                                                    descending)


def test_scrolling_pages_in_order_then_jumping_back(big):
    expected = plain_ids(big, "1=1", "spend", True, 0, 2000)
    pages = [fetch_page(big, store_manager_id(big), MemberFilter(), "spend", True, offset, 100) for offset in range(0, 2000, 100)]
    assert [i for page in pages for i in ids(page)] == expected
    assert ids(fetch_page(big, store_manager_id(big), MemberFilter(), "spend", True, 1234, 50)) == expected[1234:1284]
    assert ids(fetch_page(big, store_manager_id(big), MemberFilter(), "spend", True, 550, 100)) == expected[550:650]


@pytest.mark.parametrize("sort", ["tier", "last_visit", "points", "name", "birthday"])
def test_filtered_pages_match_plain_sql(big, sort):
    for flt, where in FILTERS[1:]:
        total = plain_count(big, where)
        for offset in sorted({0, total // 2, max(0, total - 30)}):
            assert ids(fetch_page(big, store_manager_id(big), flt, sort, True, offset, 100)) == plain_ids(big, where, sort, True, offset,
                                                                                 100), (where, offset)


@pytest.mark.parametrize("sort", ["spend", "last_visit", "tier", "birthday", "name"])
def test_cold_jumps_near_the_end_walk_back_and_match_plain_sql(big, sort):
    """No cached boundary: row 90% (and a row near the end) is found walking back from the part's end."""
    for descending in (True, False):
        for offset in (90_000, BIG - 1_500, 52_000):
            forget_pages()
            expected = plain_ids(big, "1=1", sort, descending, offset, 100)
            assert ids(fetch_page(big, store_manager_id(big), MemberFilter(), sort, descending, offset, 100)) == expected, (offset,
                                                                                                    descending)


def test_broad_filters_after_their_count_match_plain_sql(big):
    """A counted broad filter is walked along the sort index (its terms kept off their own index)."""
    for flt, where in FILTERS[1:8]:
        forget_pages()
        total = count_members(big, store_manager_id(big), flt)
        for sort, descending in (("spend", True), ("name", False), ("last_visit", True), ("tier", False)):
            for offset in sorted({0, 100, total // 3, max(0, total - 30)}):
                assert ids(fetch_page(big, store_manager_id(big), flt, sort, descending, offset, 100)) == plain_ids(
                    big, where, sort, descending, offset, 100), (where, sort, offset)


def test_list_walks_read_covering_indexes(big):
    """The OFFSET walks and the listed count never read table rows (migrations 0005, 0006 and 0019):
    a sort by a statistic walks member_stats' index, by a column of members its partial index."""
    with big.engine.connect() as conn:
        walk = " ".join(str(row[-1]) for row in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT spend_365_fen, member_id FROM member_stats "
            "ORDER BY spend_365_fen DESC, member_id DESC LIMIT 1 OFFSET 5000")))
        points = " ".join(str(row[-1]) for row in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT points_balance, id FROM members WHERE erased_at IS NULL "
            "ORDER BY points_balance DESC, id DESC LIMIT 1 OFFSET 5000")))
        erased = " ".join(str(row[-1]) for row in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM members WHERE erased_at IS NOT NULL")))
    assert "COVERING INDEX ix_member_stats_spend" in walk
    assert "COVERING INDEX ix_members_list_points" in points
    assert "ix_members_erased" in erased


def test_search_by_full_number_and_rows_are_complete(big):
    rows = fetch_page(big, store_manager_id(big), MemberFilter(text="158 0001 2345"), "phone", False)
    assert len(rows) == 1 and rows[0].member_id == 12345
    row = rows[0]
    assert row.phone_masked == "158****2345" and phone_of(12345) == "+8615800012345"
    with big.engine.connect() as conn:
        m = conn.execute(text(f"SELECT * FROM {LISTED} WHERE id = 12345")).mappings().one()
    assert (row.name, row.tier_key, row.segment, row.spend_365_fen, row.visits_365, row.points,
            row.points_expiring) == (m["name"], m["tier_key"], m["segment"], m["spend_365_fen"], m["visits_365"],
                                     m["points_balance"], m["points_expiring"])
    assert row.birthday == (f"{m['birth_month']:02d}-{m['birth_day']:02d}" if m["birth_month"] else "")
    assert row.tier_name in {t.name for t in big.config.tiers} and row.tier_color.startswith("#")
    assert fetch_page(big, store_manager_id(big), MemberFilter(text="13800138000"), "phone", False)[0].member_id == 1


def test_pages_past_the_end_are_empty(big):
    assert fetch_page(big, store_manager_id(big), MemberFilter(), "last_visit", True, BIG + 10, 100) == []
    assert len(fetch_page(big, store_manager_id(big), MemberFilter(), "tier", False, BIG - 7, 100)) == 7


# ---------------------------------------------------------------- small store, SQLite and PostgreSQL

@pytest.fixture
def small(ctx):
    create_bulk_demo(ctx, 1500, sales_per_member=2)
    return ctx


def test_small_store_pages_and_counts_match_plain_sql(small, clock):
    clock.moment = BIG_NOW
    for flt, where in FILTERS:
        assert count_members(small, store_manager_id(small), flt) == plain_count(small, where), where
    for sort in SORT_KEYS:
        for descending in (False, True):
            for offset in (0, 700, 1480):
                assert ids(fetch_page(small, store_manager_id(small), MemberFilter(), sort, descending, offset, 50)) == plain_ids(
                    small, "1=1", sort, descending, offset, 50), (sort, descending, offset)


def test_masked_export_never_contains_a_full_phone_number(small, tmp_path):
    flt = MemberFilter(tiers=("silver", "gold", "diamond"))
    path = tmp_path / "members.csv"
    rows = export_members(small, store_manager_id(small), str(path), flt).rows
    content = path.read_text(encoding="utf-8-sig")
    assert rows == count_members(small, store_manager_id(small), flt) == len(content.splitlines()) - 1 > 0
    assert not re.search(r"1\d{10}", content)
    with small.engine.connect() as conn:
        phones = list(conn.execute(text("SELECT phone FROM members")).scalars())
    assert not any(phone[3:] in content for phone in phones)
    full = tmp_path / "full.csv"
    export_members(small, store_manager_id(small), str(full), flt, full_phone=True)
    listed = [line["phone"] for line in csv.DictReader(full.open(encoding="utf-8-sig"))]
    assert len(listed) == rows and all(phone.startswith("+86") and phone in phones for phone in listed)
    with small.engine.connect() as conn:
        audited = conn.execute(text("SELECT details FROM audit_log WHERE action = 'members_exported' "
                                    "ORDER BY id")).scalars().all()
    assert len(audited) == 2 and '"full_phone": false' in audited[0] and '"full_phone": true' in audited[1]


def test_export_is_for_managers_only(small, tmp_path):
    cashier = create_staff(small, "C09", "Cashier", "cashier", "4321")
    path = Path(tmp_path / "no.csv")
    with pytest.raises(PermissionDenied) as refused:
        export_members(small, cashier.id, str(path))
    assert refused.value.code == "manager_required" and not path.exists()
    with small.engine.connect() as conn:
        assert conn.execute(text("SELECT staff_id FROM audit_log WHERE action = 'role_violation'")).scalar() \
            == cashier.id


def test_export_dates_are_iso_8601_to_the_second(small, tmp_path):
    path = tmp_path / "members.csv"
    export_members(small, store_manager_id(small), str(path))
    lines = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert tuple(lines[0]) == COLUMNS and len(lines) == count_members(small, store_manager_id(small), MemberFilter())
    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
    assert all(iso.fullmatch(line["enrolled_at"]) for line in lines)
    visits = [line["last_visit"] for line in lines if line["last_visit"]]
    assert visits and all(iso.fullmatch(day) for day in visits)


def test_the_list_and_segment_views_refuse_anyone_but_an_active_manager(small, tmp_path):
    """The console's list pages, their snapshot date and the segment overview are checked in the
    service on every call: a cashier's id, an unknown id and a deactivated manager are refused and
    each refusal is on record."""
    from pos.services.segments.rfm import segment_overview
    from pos.services.staff.admin import set_active

    cashier = create_staff(small, "C09", "Cashier", "cashier", "4321")
    former = create_staff(small, "M09", "Former", "manager", "9090")
    set_active(small, store_manager_id(small), former.id, False)
    calls = [lambda who: count_members(small, who, MemberFilter()),
             lambda who: fetch_page(small, who, MemberFilter(), "name", False, 0, 10),
             lambda who: stats_as_of(small, who),
             lambda who: segment_overview(small, who)]
    for call in calls:
        for who in (cashier.id, former.id, 999_999, None):
            with pytest.raises(PermissionDenied) as refused:
                call(who)
            assert refused.value.code == "manager_required"
    with small.engine.connect() as conn:
        refusals = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'role_violation'")).scalar()
    assert refusals == len(calls) * 4
    assert count_members(small, store_manager_id(small), MemberFilter()) == len(fetch_page(small, store_manager_id(small), MemberFilter(),
                                                                             "name", False, 0, 5000)) > 0
