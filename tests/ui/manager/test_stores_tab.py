"""The console's Stores tab and the store filter of the Reports tab, on the demo chain (two stores,
three tills), with screenshots (written to docs/screenshots/ when POS_SCREENSHOTS=docs/screenshots)."""

from __future__ import annotations

import pytest

from pos.services.admin.chain_demo import add_demo_stores, spread_over_stores
from pos.services.members.listing import MemberFilter, count_members
from pos.services.reports import summary as reports
from pos.services.staff import admin as staff_admin
from pos.services.stores import chain
from tests.ui.manager.conftest import make_console, settle
from tests.ui.manager.test_screenshots import save


@pytest.fixture
def chain_ctx(demo_ctx):
    add_demo_stores(demo_ctx)
    spread_over_stores(demo_ctx, 2)
    return demo_ctx


@pytest.fixture(autouse=True)
def styled(qapp):
    from pos.ui.style import STYLE

    qapp.setStyleSheet(STYLE)
    yield
    qapp.setStyleSheet("")


def test_stores_are_listed_edited_and_given_tills(qtbot, chain_ctx, manager, tmp_path):
    console = make_console(qtbot, chain_ctx, manager)
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)
    assert "[S01-1]" in console.windowTitle()            # which store and till this window is
    tab = console.stores
    with qtbot.waitSignal(tab.stores_loaded, timeout=10000):
        console.tabs.setCurrentWidget(tab)
    assert [tab.table.item(row, 0).text() for row in range(tab.table.rowCount())] == ["S01", "S02"]
    assert tab.table.item(0, 4).text() == "S01-1, S01-2"
    tab.table.selectRow(1)
    assert tab.name.text() == "浦东店" and "pudong/join-gold" in tab.groups.toPlainText()
    tab.header.setText("浦东店 · 新春快乐")
    with qtbot.waitSignal(tab.stores_loaded, timeout=10000):
        tab.save_store()
    assert chain.list_stores(chain_ctx, manager.id)[1].receipt_header == "浦东店 · 新春快乐"
    with qtbot.waitSignal(tab.stores_loaded, timeout=10000):
        tab.add_till()
    assert tab.table.item(1, 4).text() == "S02-1, S02-2"
    tab.new_code.setText("S03")
    tab.new_name.setText("Xuhui 徐汇店")
    tab.new_address.setText("9 Hengshan Rd")
    with qtbot.waitSignal(tab.stores_loaded, timeout=10000):
        tab.add_store()
    assert tab.table.rowCount() == 3
    tab.table.selectRow(1)
    qtbot.wait(50)
    save(console, tmp_path, "stores-en")
    settle(qtbot, console)


def test_a_report_filtered_by_store(qtbot, chain_ctx, manager, tmp_path):
    console = make_console(qtbot, chain_ctx, manager)
    console.resize(1360, 860)
    console.show()
    qtbot.waitExposed(console)
    report_tab = console.reports
    console.tabs.setCurrentWidget(report_tab)
    qtbot.waitUntil(lambda: report_tab.store.count() == 3, timeout=10000)    # loaded when the console opened
    members_tab = console.members
    assert [members_tab.store.itemText(i) for i in range(members_tab.store.count())] == [
        "All stores", "S01 静安店", "S02 浦东店"]
    assert [report_tab.store.itemText(i) for i in range(report_tab.store.count())] == [
        "All stores", "S01 静安店", "S02 浦东店"]
    report_tab.choose("sales_per_day")
    s02 = chain.store_id_of(chain_ctx, "S02")
    report_tab.choose_store(s02)
    with qtbot.waitSignal(report_tab.report_shown, timeout=30000) as shown:
        report_tab.run_report()
    start, end = report_tab.start.date().toPython(), report_tab.end.date().toPython()
    expected = reports.run_report(chain_ctx, manager.id, "sales_per_day", start, end, store_id=s02)
    whole = reports.run_report(chain_ctx, manager.id, "sales_per_day", start, end)
    assert shown.args[0] == expected and expected.summary != whole.summary
    save(console, tmp_path, "report-by-store-en")

    with qtbot.waitSignal(members_tab.model.counted, timeout=10000) as counted:     # the member list by store
        members_tab.store.setCurrentIndex(members_tab.store.findData(s02))
    assert counted.args[0] == count_members(chain_ctx, manager.id, MemberFilter(store_id=s02)) < count_members(
        chain_ctx, manager.id, MemberFilter())
    settle(qtbot, console)


def test_a_store_manager_sees_their_store_only(qtbot, chain_ctx, manager):
    s02 = chain.store_id_of(chain_ctx, "S02")
    boss = staff_admin.add_staff_member(chain_ctx, manager.id, "M02", "Zhou 周", "manager", "97531", store_id=s02)
    console = make_console(qtbot, chain_ctx, boss)
    tab = console.stores
    with qtbot.waitSignal(tab.stores_loaded, timeout=10000):
        console.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "S02"
    # members are chain-wide; the member list opens on the manager's own store
    assert console.members.store.currentData() == s02
    tab.new_code.setText("S09")
    tab.new_name.setText("Nope")
    tab.add_store()
    console.worker.wait()
    qtbot.waitUntil(lambda: "chain_admin_required" in console.error.text() or "administrator" in console.error.text(),
                    timeout=10000)
    settle(qtbot, console)
