"""The console's tables are sized (no 900 px last column, headers not clipped), report summaries say
what they measure in the manager's language, and every audit action has a name people read."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from pos.services.staff.audit_log import ACTIONS
from pos.ui.manager import common
from pos.ui.manager.audit_tab import ACTION_LABELS
from tests.ui.manager.conftest import make_console, settle

FRAUD_KINDS = {"busy_member", "cashier_redemptions", "cashier_refunds", "till_enrolments", "referral_enrolments",
               "till_pin_lockouts", "staff_pin_lockouts"}


def run_report(qtbot, console, key: str):
    console.tabs.setCurrentWidget(console.reports)
    console.reports.choose(key)
    with qtbot.waitSignal(console.reports.report_shown, timeout=30000) as shown:
        console.reports.run_report()
    return shown.args[0]


def test_every_audit_action_and_fraud_signal_has_a_label():
    assert set(ACTIONS) | FRAUD_KINDS <= set(ACTION_LABELS)


def test_report_columns_are_sized_not_stretched(qtbot, console):
    console.resize(1360, 860)
    console.show()
    run_report(qtbot, console, "aov_members")
    table = console.reports.table
    header = table.horizontalHeader()
    assert not header.stretchLastSection()
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert max(widths) <= common.MAX_COLUMN
    for c in range(table.columnCount()):
        title = table.horizontalHeaderItem(c).text()
        assert table.columnWidth(c) >= header.fontMetrics().horizontalAdvance(title), title
    settle(qtbot, console)


def test_member_list_headers_are_not_clipped_in_english(qtbot, console):
    table = console.members.table
    model = table.model()
    for c in range(model.columnCount()):
        title = model.headerData(c, Qt.Orientation.Horizontal)
        assert table.columnWidth(c) >= common.header_width(title), title


def test_the_repeat_purchase_summary_says_what_it_and_its_chart_measure(qtbot, console):
    report = run_report(qtbot, console, "repeat_purchase")
    text = console.reports.summary.text()
    facts = dict(report.facts)
    assert text.startswith(f"Over the whole range {facts['rate']} % of buyers bought twice or more")
    assert "within that month" in text
    month_column = report.columns.index("repeat_rate_pct")
    assert console.reports.table.horizontalHeaderItem(month_column).text() == "Repeat rate within the month (%)"
    settle(qtbot, console)


def test_report_summaries_in_chinese_have_no_english(qtbot, zh, demo_ctx, manager):
    console = make_console(qtbot, demo_ctx, manager, "zh_CN")
    for key in ("repeat_purchase", "tier_upgrade", "coupon_redemption", "aov_members", "points_liability",
                "members_per_tier", "sales_per_day"):
        run_report(qtbot, console, key)
        text = console.reports.summary.text()
        assert not re.search(r"[A-Za-z]{2,}", text), (key, text)
    settle(qtbot, console)


def test_fraud_signals_are_worded_from_their_figures(qtbot, zh):
    from pos.services.reports.fraud import Flag
    from pos.ui.manager.audit_tab import flag_detail, flag_subject

    busy = Flag("busy_member", "member 12", 9, "9 loyalty transactions on 2026-06-01", "12", "2026-06-01")
    refunds = Flag("cashier_refunds", "cashier C02", 250000, "250000 fen refunded vs median 20000", "C02", "20000")
    locked = Flag("till_pin_lockouts", "till vm", 3, "3 PIN lock-out(s) after wrong PINs", "vm")
    assert (flag_subject(busy), flag_detail(busy)) == ("会员 12", "2026-06-01 当天 9 笔会员交易")
    assert (flag_subject(refunds), flag_detail(refunds)) == ("收银员 C02", "退款 ¥2,500.00；收银员中位数 ¥200.00")
    assert (flag_subject(locked), flag_detail(locked)) == ("收银机 vm", "PIN 输错导致锁定 3 次")
