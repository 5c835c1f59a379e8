"""The audit log's Details column in words (#13): the recorded JSON rendered as translated
"label: value" text in English and Chinese, the JSON itself kept in the cell's tooltip (and in the
export). Entries written by the real audit service into the demo store, shown by the real console."""

from __future__ import annotations

import json

from pos.services.staff import audit
from pos.ui.manager.audit_details import details_text
from tests.ui.manager.conftest import make_console, settle
from tests.ui.test_zh_complete import not_chinese

ENTRIES = [
    ("settings_changed", "v2", {"changed": 2, "changes": ["lifecycle.holdout_percent: 10 -> 20",
                                                           "tiers[1].discount: '0.05' -> '0.08'"]}),
    ("report_exported", "/tmp/r.csv", {"key": "repeat_purchase", "title": "Repeat-purchase rate", "rows": 12}),
    ("role_violation", "Reports", {"actor_id": "7", "refused": "store_not_yours"}),
    ("offline_overdraw", "S01-1-261130-0001", {"member_id": 1234, "points": 300, "value_fen": 1250,
                                              "coupon": None, "sale_id": 99}),
    ("members_exported", "/tmp/m.csv", {"rows": 1500, "full_phone": False, "filter": {"tier": "gold"}}),
    ("pin_failed", "", {}),                         # no staff: the till is named
]


def test_details_in_english(qapp):
    assert details_text(json.dumps(ENTRIES[3][2])) == \
        "Member: 1234; Points: 300; Value: ¥12.50; Coupon: —; Sale: 99"
    assert details_text(json.dumps(ENTRIES[0][2])) == \
        "Changed: 2; Changes: Campaign holdout (%): 10 → 20, Discount (fraction, e.g. 0.05) #2: '0.05' → '0.08'"
    assert details_text(json.dumps(ENTRIES[1][2])).startswith("Report: Repeat-purchase rate; ")
    assert details_text(json.dumps(ENTRIES[2][2])) == "Staff id: 7; Refused: another store's"
    assert details_text(json.dumps({"till": "S01-1", "no_staff": "no staff member identified"})) == \
        "Till: S01-1; No staff member identified (the till is recorded)"
    assert details_text("not json") == "not json" and details_text("") == "" and details_text("[1]") == "[1]"


def test_audit_details_in_chinese_with_the_json_in_the_tooltip(qtbot, zh, demo_ctx, manager):
    with demo_ctx.write() as session:
        for action, target, details in ENTRIES:
            staff = None if action == "pin_failed" else manager.id
            audit.record(session, demo_ctx.clock(), action, staff_id=staff, target=target, **details)
    console = make_console(qtbot, demo_ctx, manager, "zh_CN")
    tab = console.audit
    with qtbot.waitSignal(tab.entries_loaded, timeout=10000) as loaded:
        console.tabs.setCurrentWidget(tab)
    rows = loaded.args[0]
    shown = {r.action: (tab.entries.item(i, 4).text(), tab.entries.item(i, 4).toolTip()) for i, r in enumerate(rows)}
    assert shown["offline_overdraw"][0] == "会员：1234；积分：300；数值：¥12.50；优惠券：—；销售：99"
    assert shown["role_violation"][0] == "员工编号：7；拒绝原因：其他门店的"
    assert "活动对照组比例（%）：10 → 20" in shown["settings_changed"][0]
    assert shown["report_exported"][0].startswith("报表：复购率")
    assert "未识别员工" in shown["pin_failed"][0]
    for action, _, details in ENTRIES:
        assert json.loads(shown[action][1]) == {**details, **({"till": demo_ctx.till_id, "no_staff": audit.NO_STAFF}
                                                              if action == "pin_failed" else {})}
    assert not_chinese([text for text, _ in shown.values()], set()) == []
    settle(qtbot, console)
