"""Issue 13, "the till at full speed": a member sale driven by keyboard and scanner only, every key
sent to the widget that has the focus (as a real keyboard does), counted; and one test per defect
the issue lists (each failed before its fix)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.ui import main_window
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from tests.ui.conftest import count

BARCODES = {"CAK01": "6901234567898", "LAT01": "6901234567892", "BEA01": "6901234567900"}   # EAN-13
HUMAN_GAP_MS = 60          # a person's key presses: slower than a scanner's burst
KEY_NAMES = {"\n": Qt.Key.Key_Return}


class Cashier:
    """Presses keys and scans codes into whatever has the focus, counting each as one action."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot, self.window = qtbot, window
        self.actions = 0

    def target(self):
        modal = QApplication.activeModalWidget()
        return QApplication.focusWidget() or modal or self.window

    def key(self, key) -> None:
        self.actions += 1
        self.qtbot.keyClick(self.target(), key)

    def type(self, typed: str) -> None:
        """A person typing: one action per key, slower than a scanner."""
        for char in typed:
            self.actions += 1
            target = self.target()
            if char == "\n":
                self.qtbot.keyClick(target, Qt.Key.Key_Return)
            else:
                self.qtbot.keyClicks(target, char)
            self.qtbot.wait(HUMAN_GAP_MS)

    def scan(self, code: str) -> None:
        """A keyboard-wedge scanner: one burst ending in Enter, one action whatever its length."""
        self.actions += 1
        target = self.target()
        self.qtbot.keyClicks(target, code)
        self.qtbot.keyClick(target, Qt.Key.Key_Return)


def activate(qtbot, till) -> None:
    till.activateWindow()
    qtbot.waitUntil(till.isActiveWindow)


def test_a_member_sale_by_keyboard_and_scanner_alone_takes_at_most_25_actions(qtbot, till, till_ctx, monkeypatch):
    activate(qtbot, till)
    assert till.lookup.hasFocus()
    cashier = Cashier(qtbot, till)
    seen: dict = {}

    def pay(dialog):
        assert isinstance(dialog, PaymentDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(dialog.tendered.hasFocus)
        seen["quick"] = dialog.quick[0].text()
        with qtbot.waitSignal(dialog.booked, timeout=15000):
            cashier.key(Qt.Key.Key_F5)                        # quick tender: the exact amount in cash
        return dialog.result() == QDialog.DialogCode.Accepted

    def done(dialog):
        assert isinstance(dialog, SaleDoneDialog)
        seen["done"] = dialog
        return True

    monkeypatch.setattr(main_window, "ask_payment", pay)
    monkeypatch.setattr(main_window, "show_dialog", done)

    with qtbot.waitSignal(till.member_changed, timeout=10000):
        cashier.type(DEMO_GOLD_PHONE + "\n")                   # 12: the phone, then Enter
    assert till.member is not None and till.sku.hasFocus()
    for sku, code in BARCODES.items():                         # 3: scans into the item field
        cashier.scan(code)
        qtbot.waitUntil(lambda s=sku: s in [i.sku for i in till.cart.items], timeout=10000)
    assert till.member is not None and till.message.text() == ""
    with qtbot.waitSignal(till.quoted, timeout=10000):
        cashier.key(Qt.Key.Key_F4)                             # 1: the member's first coupon
    assert till.coupon_code == till.member.coupons[0].code
    cashier.key(Qt.Key.Key_F5)                                 # 5: points 300, Enter
    assert till.totals.points.hasFocus()
    cashier.type("300\n")
    assert till.sku.hasFocus() and till.totals.points.value() == 300
    qtbot.waitUntil(lambda: till.last_quote is not None and till.last_quote.breakdown is not None
                    and till.last_quote.breakdown.points_redeemed == 300 and till.last_quote.coupon_ok, timeout=10000)
    before = count(till_ctx, "sales")
    with qtbot.waitSignal(till.sale_finished, timeout=20000) as finished:
        cashier.key(Qt.Key.Key_F8)                             # 1 + 1: Pay, quick tender
    result = finished.args[0]
    print(f"\ncashier actions from the phone's first digit to the printed receipt: {cashier.actions}")
    assert cashier.actions <= 25
    assert count(till_ctx, "sales") == before + 1
    assert result.member_id is not None and result.points_redeemed == 300 and result.coupon_code
    assert result.coupon_discount_fen > 0 and result.payments == (("cash", result.total_due_fen),)
    assert seen["quick"].startswith("Exact ")
    with till_ctx.engine.connect() as conn:
        lines = conn.execute(text("SELECT sku FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                                  "WHERE s.receipt_no = :no ORDER BY line_no"), {"no": result.receipt_no}).scalars()
        assert sorted(lines) == sorted(BARCODES)
    assert seen["done"].printed.text() == f"Receipt {result.receipt_no} printed."
    assert till.focusWidget() is till.lookup                   # ready for the next customer
