"""The member list over 100,000 generated members: counts, pages and sort order of the Qt model
against plain SQL on the same file."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from pos.services.admin.bulk_demo import create_bulk_demo
from pos.services.members.listing import MemberFilter
from pos.ui.manager.member_model import COLUMNS, LOADING, MemberTableModel
from pos.ui.worker import Worker
from tests.databases import NOW, sqlite_url
from tests.ui.manager.conftest import open_ctx

MEMBERS = 100_000
pytestmark = pytest.mark.slow           # ~1 minute to generate the members on a 2-core machine


@pytest.fixture(scope="module")
def big_ctx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("members_100k")
    sqlite_url(folder)                                   # a migrated copy at folder/pos.sqlite3
    ctx = open_ctx(folder / "pos.sqlite3")
    started = time.perf_counter()
    create_bulk_demo(ctx, MEMBERS, sales_per_member=1)
    print(f"\nbulk demo: {MEMBERS:,} members in {time.perf_counter() - started:.1f} s")
    yield ctx
    ctx.engine.dispose()


@pytest.fixture
def model(qtbot, big_ctx):
    worker = Worker()
    manager_id = sql(big_ctx, "SELECT id FROM staff WHERE role = 'manager'")[0][0]
    model = MemberTableModel(big_ctx, manager_id, worker)
    with qtbot.waitSignal(model.counted, timeout=30000):
        model.set_query(MemberFilter())
    yield model
    worker.wait()
    qtbot.wait(10)


def sql(ctx, query: str, **params):
    with ctx.engine.connect() as conn:
        return conn.execute(text(query), params).all()


# members with the list's statistics (member_stats) as if they were its columns
LISTED = ("(SELECT m.*, s.segment, s.spend_365_fen, s.visits_365, s.points_expiring FROM members m "
          "LEFT JOIN member_stats s ON s.member_id = m.id) AS members")


def sql_count(ctx, where: str, **params) -> int:
    return sql(ctx, f"SELECT count(*) FROM {LISTED} WHERE erased_at IS NULL AND {where}", **params)[0][0]


def query(qtbot, model, flt: MemberFilter, sort: str | None = None, descending: bool | None = None) -> int:
    with qtbot.waitSignal(model.counted, timeout=30000) as counted:
        model.set_query(flt, sort, descending)
    assert counted.args[0] == model.rowCount()
    return model.rowCount()


def load(qtbot, model, row: int):
    """The row as the view would get it: an ellipsis first, the data once its page arrived."""
    if model.data(model.index(row, 0)) == LOADING:
        with qtbot.waitSignal(model.page_loaded, timeout=30000,
                              check_params_cb=lambda page: page == row // model.page_size):
            pass
    return model.row_at(row)


def test_qtmodeltester(qtbot, qtmodeltester, model, big_ctx):
    assert model.rowCount() == MEMBERS
    rows = query(qtbot, model, MemberFilter(text="12"))       # phone ending in 12: the tester visits every row
    assert rows == sql_count(big_ctx, "phone LIKE '%12'") > 500
    qtmodeltester.check(model, force_py=False)


def test_filters_match_plain_sql(qtbot, model, big_ctx):
    today = NOW.date()
    tier = sql(big_ctx, "SELECT tier_key FROM members GROUP BY tier_key ORDER BY count(*)")[0][0]
    segment = sql(big_ctx, "SELECT segment, count(*) FROM member_stats WHERE segment <> '' GROUP BY segment "
                           "ORDER BY count(*) DESC")[0][0]
    cases = [
        (MemberFilter(text="5678"), "phone LIKE '%5678'", {}),
        (MemberFilter(text="王"), "name LIKE '%王%'", {}),
        (MemberFilter(tiers=(tier,)), "tier_key = :t", {"t": tier}),
        (MemberFilter(segment=segment), "segment = :s", {"s": segment}),
        (MemberFilter(spend_min_fen=50000, spend_max_fen=200000), "spend_365_fen BETWEEN 50000 AND 200000", {}),
        (MemberFilter(points_min=100, points_max=999), "points_balance BETWEEN 100 AND 999", {}),
        (MemberFilter(last_visit_from=today - timedelta(days=30), last_visit_to=today),
         "last_visit_at >= :a AND last_visit_at < :b", {"a": str(today - timedelta(days=30)),
                                                          "b": str(today + timedelta(days=1))}),
        (MemberFilter(birthday_this_month=True), "birth_month = :m", {"m": today.month}),
        (MemberFilter(expiring_soon=True), "points_expiring > 0", {}),
        (MemberFilter(tiers=("silver",), points_min=200, birthday_this_month=True),
         "tier_key = 'silver' AND points_balance >= 200 AND birth_month = :m", {"m": today.month}),
    ]
    empty = []
    for flt, where, params in cases:
        expected = sql_count(big_ctx, where, **params)
        assert expected < MEMBERS, where
        assert query(qtbot, model, flt) == expected, where
        if not expected:
            empty.append(where)
    assert empty in ([], ["points_expiring > 0"])   # nothing of the demo expires within 30 days of 10 June
    assert query(qtbot, model, MemberFilter(text="no such name zz")) == 0


def test_deep_page_matches_sql_order(qtbot, model, big_ctx):
    query(qtbot, model, MemberFilter(), "points", False)
    row = 90_050
    expected = [r[0] for r in sql(big_ctx, "SELECT points_balance FROM members WHERE erased_at IS NULL "
                                           "ORDER BY points_balance LIMIT 100 OFFSET 90000")]
    load(qtbot, model, row)
    page = [model.row_at(r).points for r in range(90_000, 90_100)]
    assert page == expected
    assert len(model.loaded_pages()) <= model.cache_pages


def test_sort_by_header_matches_sql(qtbot, model, big_ctx):
    column = [key for key, _ in COLUMNS].index("spend")
    with qtbot.waitSignal(model.counted, timeout=30000):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    top = [r[0] for r in sql(big_ctx, f"SELECT spend_365_fen FROM {LISTED} WHERE erased_at IS NULL "
                                      "ORDER BY spend_365_fen DESC LIMIT 100")]
    assert [model.row_at(r).spend_365_fen for r in range(100)] == top
    with qtbot.waitSignal(model.counted, timeout=30000):
        model.sort(column, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0).spend_365_fen == sql(big_ctx, "SELECT min(spend_365_fen) FROM member_stats")[0][0]
    last = load(qtbot, model, MEMBERS - 1)
    assert last.spend_365_fen == top[0]


def test_scrolling_the_view_fetches_only_what_is_shown(qtbot, big_ctx):
    from pos.services.admin.demo import DEMO_MANAGER
    from pos.services.staff import accounts as staff_service
    from pos.ui.manager.console import ManagerConsole

    manager = staff_service.sign_in(big_ctx, DEMO_MANAGER[3], code=DEMO_MANAGER[0])
    console = ManagerConsole(big_ctx, manager, "en")
    qtbot.addWidget(console)
    model, table = console.members.model, console.members.table
    with qtbot.waitSignal(model.counted, timeout=30000):
        console.show()
    assert console.members.count.text() == f"{MEMBERS:,} members"
    timings = []
    bar = table.verticalScrollBar()
    for fraction in (0.1, 0.5, 0.9, 1.0, 0.3):
        started = time.perf_counter()
        bar.setValue(int(bar.maximum() * fraction))
        assert time.perf_counter() - started < 0.25          # the GUI thread never waits for the database
        row = table.rowAt(table.viewport().height() // 2)
        qtbot.waitUntil(lambda r=row: model.row_at(r) is not None, timeout=30000)
        timings.append(time.perf_counter() - started)
    print("\npages shown after scrolling (s):", [f"{t:.3f}" for t in timings])
    assert len(model.loaded_pages()) <= 2 * len(timings) + 1
    console.worker.wait()
