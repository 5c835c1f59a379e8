"""Returns, the keyboard, the language switch, the manager button and database faults."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace

from PySide6.QtCore import Qt

from pos.db.engine import make_engine
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import main_window
from pos.ui.dialogs.enrol import EnrolDialog
from pos.ui.dialogs.items import OpenItemDialog, SearchDialog
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.main_window import TillWindow
from tests.ui.conftest import ROOT, add_skus, count, look_up, settle


def test_return_by_receipt_number_refunds_and_reverses_points(qtbot, till, till_ctx, monkeypatch):
    sale = co.checkout(till_ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT01", qty=2)], member_phone=DEMO_GOLD_PHONE,
                                                    payments=[co.PaymentInput("cash")]))
    seen = {}

    def drive(dialog):
        assert isinstance(dialog, ReturnDialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        dialog.table.cellWidget(0, 5).setValue(1)
        qtbot.waitUntil(dialog.confirm.isEnabled, timeout=10000)      # the refund is shown first
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_return is not None, timeout=10000)
        qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "1", timeout=10000)
        seen["result"], seen["message"] = dialog.result_return, dialog.message.text()
        return True

    monkeypatch.setattr(main_window, "show_dialog", drive)
    before = count(till_ctx, "returns")
    till.lookup.setText(sale.receipt_no.lower())
    qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    result = seen["result"]
    assert count(till_ctx, "returns") == before + 1
    assert result.refund_fen == sale.total_due_fen // 2 == 2520
    assert abs(result.points_reversed - sale.points_earned / 2) <= 1
    assert seen["message"].splitlines()[0] == (f"Return {result.return_no} booked: ¥{result.refund_fen / 100:.2f} back to the customer; "
                               f"{result.points_reversed} points taken back from the member, "
                               f"{result.points_restored} points given back.")
    assert seen["message"].splitlines()[1:] == ["Stamp card: 1 stamps taken off the card."]   # the latte's stamp


def test_every_till_action_has_its_key_on_its_button_and_the_key_triggers_it(qtbot, till, monkeypatch):
    opened = []
    monkeypatch.setattr(main_window, "show_dialog", lambda dialog: opened.append(type(dialog)) or False)
    till.activateWindow()
    qtbot.waitUntil(till.isActiveWindow)
    for key, button in till.buttons.items():
        shortcut = {"remove": "Del", "qty_down": "-", "qty_up": "+"}.get(key)
        assert button.text().endswith(shortcut or button.text().split()[-1])
        assert button.text().split()[-1].startswith(("F", "Shift+F", "Del", "-", "+", "Ctrl+"))
    keys = (Qt.Key.Key_F2, Qt.Key.Key_F3, Qt.Key.Key_F6, Qt.Key.Key_F9)
    for key in keys:
        qtbot.keyClick(till, key)
    assert opened == [EnrolDialog, SearchDialog, OpenItemDialog, ReturnDialog]
    qtbot.keyClick(till, Qt.Key.Key_F4)
    assert till.totals.coupon.hasFocus()
    qtbot.keyClick(till, Qt.Key.Key_F5)
    assert till.totals.points.hasFocus()
    qtbot.keyClick(till, Qt.Key.Key_F1)
    assert till.lookup.hasFocus()
    qtbot.keyClick(till, Qt.Key.Key_F8)
    assert till.message.text() == "The cart is empty."
    add_skus(qtbot, till, "LAT01")
    till.table.setFocus()
    qtbot.keyClick(till.table, Qt.Key.Key_Plus)
    assert till.cart.items[0].qty == 2
    qtbot.keyClick(till.table, Qt.Key.Key_Delete)
    assert till.cart.items == []
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    qtbot.keyClick(till, Qt.Key.Key_Escape)
    assert till.member is None
    qtbot.keyClick(till, Qt.Key.Key_F10)
    assert till.lang == "zh_CN"
    qtbot.keyClick(till, Qt.Key.Key_F10)
    assert till.lang == "en"
    qtbot.keyClick(till, Qt.Key.Key_F12)
    assert not till.isVisible()


def test_language_switch_changes_the_visible_texts(qtbot, till, till_ctx):
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "LAT01")
    settle(qtbot, till)
    english = {key: b.text() for key, b in till.buttons.items()}
    assert english["pay"] == "Pay  F8" and till.card.badge.text() == "Gold"
    till.set_language("zh_CN")
    assert till.buttons["pay"].text() == "收款  F8"
    assert till.buttons["lookup"].text() == "查会员  F1"
    assert till.card.badge.text() == "金卡" and till.card.progress_text.text() == till.member.progress_text_zh
    assert till.totals.names["tier"].text() == "2  会员折扣"
    assert till.cart.headerData(0, Qt.Orientation.Horizontal) == "商品"
    assert till.lookup.placeholderText().startswith("输入手机号")
    assert "满100减15" in [till.card.coupons.item(r).text().split(" · ")[0] for r in range(till.card.coupons.count())]
    assert till.windowTitle().endswith("会员收银终端")
    till.set_language("en")
    assert {key: b.text() for key, b in till.buttons.items()} == english
    assert till.card.badge.text() == "Gold"


def test_every_string_of_the_till_has_a_chinese_translation():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_extract.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_manager_button_is_hidden_for_a_cashier_and_shown_for_a_manager(qtbot, till, till_ctx, manager):
    assert till.buttons["manager"].isHidden() and not till.shortcuts["manager"].isEnabled()
    boss = TillWindow(till_ctx, manager, "en")
    qtbot.addWidget(boss)
    boss.show()
    assert boss.buttons["manager"].isVisible() and boss.buttons["manager"].text() == "Manager  F11"
    assert boss.shortcuts["manager"].isEnabled()


def test_a_database_error_is_shown_in_the_window_not_a_crash(qtbot, till, till_ctx, tmp_path):
    till.ctx = replace(till_ctx, engine=make_engine(f"sqlite:///{tmp_path}/missing/dir/pos.sqlite3"))
    shutil.rmtree(tmp_path / "missing")     # the folder of the database is gone (an unmounted share)
    with qtbot.waitSignal(till.failed, timeout=10000):
        till.lookup.setText(DEMO_GOLD_PHONE)
        qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    assert till.message.text().startswith("The database cannot be reached")
    assert till.isVisible()
    till.set_language("zh_CN")
    with qtbot.waitSignal(till.failed, timeout=10000):
        till.lookup.setText(DEMO_GOLD_PHONE)
        qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    assert till.message.text() == "无法连接数据库，交易未保存，请联系店长。"
    till.set_language("en")
