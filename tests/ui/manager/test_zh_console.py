"""The console in zh_CN after real reports and a member's detail: no raw key, no English-only text
(the checks of tests/ui/test_zh_complete.py; here, with the console's fixtures, so the console runs
before any till window of the session)."""

from __future__ import annotations

from pos.services.admin.demo import DEMO_GOLD_PHONE
from tests.ui.manager.conftest import make_console, settle
from tests.ui.manager.test_console import _member_id
from tests.ui.test_zh_complete import not_chinese, shown_texts


def test_the_console_after_reports_and_a_member_in_chinese(qtbot, zh, demo_ctx, manager):
    console = make_console(qtbot, demo_ctx, manager, "zh_CN")
    console.resize(1360, 860)
    console.show()
    bad: list[str] = []
    console.tabs.setCurrentWidget(console.reports)
    for key in ("repeat_purchase", "points_liability", "members_per_tier"):
        console.reports.choose(key)
        with qtbot.waitSignal(console.reports.report_shown, timeout=30000):
            console.reports.run_report()
        settle(qtbot, console)
        bad += not_chinese([console.reports.summary.text(), *shown_texts(console.reports.table)], set())
    console.audit.entries.setObjectName("audit_entries")
    console.audit.flags.setObjectName("audit_flags")
    for index in range(console.tabs.count()):          # the audit log's details too, in words
        console.tabs.setCurrentIndex(index)
        settle(qtbot, console)
        bad += not_chinese(shown_texts(console.tabs.currentWidget()), set())
    dialog = console.open_member(_member_id(demo_ctx, DEMO_GOLD_PHONE))
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        pass
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        bad += not_chinese(shown_texts(dialog), set())
    dialog.close()
    settle(qtbot, console)
    assert sorted(set(bad)) == []
