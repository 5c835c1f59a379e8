"""Issue 13, "the till at full speed": a member sale driven by keyboard and scanner only, every key
sent to the widget that has the focus (as a real keyboard does), counted; and one test per defect
the issue lists (each failed before its fix)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.ui import main_window
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from pos.ui.widgets.keypad import BACKSPACE
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


# ------------------------------------------------------------------ defect 1: EAN-13 read as a phone
def scan_into(qtbot, widget, code: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def type_slowly(qtbot, widget, code: str) -> None:
    widget.setFocus()
    for char in code:
        qtbot.keyClicks(widget, char)
        qtbot.wait(HUMAN_GAP_MS)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


@pytest.mark.parametrize("field, how", [("lookup", scan_into), ("sku", scan_into), ("lookup", type_slowly),
                                        ("sku", type_slowly)])
def test_defect_1_an_ean_13_adds_its_item_from_either_field_scanned_or_typed(qtbot, till, field, how):
    how(qtbot, getattr(till, field), "6901234567898")          # the cheesecake (its check digit is off)
    qtbot.waitUntil(lambda: [i.sku for i in till.cart.items] == ["CAK01"], timeout=10000)
    assert till.member is None and till.message.text() == ""
    assert till.lookup.text() == "" and till.sku.text() == ""


@pytest.mark.parametrize("field", ["coupon", "points"])
def test_defect_1_a_barcode_scanned_into_the_coupon_or_points_field_adds_the_item_and_leaves_the_field(qtbot, till,
                                                                                                        field):
    scan_into(qtbot, getattr(till.totals, field), "6901234567892")
    qtbot.waitUntil(lambda: [i.sku for i in till.cart.items] == ["LAT01"], timeout=10000)
    assert till.totals.coupon.text() == "" and till.coupon_code is None and till.totals.points.value() == 0


def test_defect_1_a_phone_typed_into_the_item_field_looks_the_member_up(qtbot, till):
    with qtbot.waitSignal(till.member_changed, timeout=10000):
        type_slowly(qtbot, till.sku, DEMO_GOLD_PHONE)
    assert till.member.phone_masked == "138****8000" and till.cart.items == []


def test_defect_1_anything_else_gets_a_clear_message(qtbot, till):
    with qtbot.waitSignal(till.failed, timeout=10000):
        type_slowly(qtbot, till.lookup, "12345678901")           # 11 digits, no mobile number
    assert till.message.text() == "This is not a valid mobile phone number."
    with qtbot.waitSignal(till.failed, timeout=10000):
        scan_into(qtbot, till.sku, "6999999999999")
    assert till.message.text() == "No product with this SKU or barcode." or "6999999999999" in till.message.text()


# ------------------------------------------------------------------ defect 2: enrolment's Enter
def test_defect_2_enter_after_enrolment_attaches_the_new_member_to_the_open_sale(qtbot, till, monkeypatch):
    from pos.ui.dialogs.enrol import EnrolDialog

    seen = {}

    def drive(dialog):
        assert isinstance(dialog, EnrolDialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.name.setFocus()
        dialog.name.setText("张三")                 # (QTest cannot type CJK)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)      # Enrol  Enter
        qtbot.waitUntil(lambda: dialog.result_member is not None, timeout=10000)
        seen["focus"] = QApplication.focusWidget()
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)   # Done  Enter
        seen["button"] = dialog.enrol_button.text()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(main_window, "show_dialog", drive)
    monkeypatch.setattr(main_window, "ask_enrol", lambda parent, phone: True)
    with qtbot.waitSignal(till.member_changed, timeout=10000):
        type_slowly(qtbot, till.lookup, "13912345678")
    qtbot.waitUntil(lambda: till.member is not None, timeout=10000)
    assert seen["button"] == "Done  Enter" and seen["focus"] is not None
    assert seen["focus"].text() == "Done  Enter"
    assert till.member.phone_masked == "139****5678" and till.member.name == "张三"
    assert till.message.text() == ""                    # "not a member yet" is gone


# ------------------------------------------------------------------ defect 3: the sale-complete dialog's Enter
def booked_sale(ctx, **kw):
    from pos.services.sales import checkout as co
    from pos.services.sales.cart import LineInput

    return co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT01", qty=2), LineInput(sku="CAK01", qty=1)],
                                               member_phone=DEMO_GOLD_PHONE, **kw))


def test_defect_3_and_10_enter_on_sale_complete_is_next_customer_and_r_shows_the_whole_receipt(qtbot, till_ctx,
                                                                                               english):
    from pos.services.sales import checkout as co
    from pos.services.sales.receipts import sale_receipt

    sale = booked_sale(till_ctx, payments=[co.PaymentInput("cash", 10000)])
    dialog = SaleDoneDialog(sale, "Receipt printed.", sale_receipt(till_ctx, sale.receipt_no))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_R)
    qtbot.waitUntil(dialog.receipt.isVisible)
    assert dialog.receipt.isVisible() and dialog.receipt.height() >= 400       # not a two-line box
    assert sale.receipt_no in dialog.receipt.toPlainText()
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


# ------------------------------------------------------------------ defect 4: the payment dialog's focus and keys
def payment_dialog(qtbot, ctx, due=5000, **kw):
    from pos.services.sales import checkout as co
    from pos.services.sales.cart import LineInput
    from pos.ui.worker import Worker

    request = co.CheckoutRequest(lines=[LineInput(sku="LAT01", qty=1), LineInput(sku="CAK01", qty=1)])
    dialog = PaymentDialog(ctx, Worker(), request, due, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def press(qtbot, dialog, *keys) -> None:
    """Keys to the focus; a button's shortcut clicks it after a short animation: let that end."""
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(QApplication.focusWidget() or dialog, key)
        else:
            qtbot.keyClick(QApplication.focusWidget() or dialog, key)
            qtbot.wait(250)


def test_defect_4_typed_cash_goes_to_the_amount_and_enter_books_it(qtbot, till_ctx, english):
    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    assert dialog.tendered.hasFocus()
    press(qtbot, dialog, "100")
    assert dialog.tendered.text() == "100" and dialog.change.text() == "Change: ¥34.00"
    assert dialog.change.objectName() == "change"                # the large change figure (defect 12)
    with qtbot.waitSignal(dialog.booked, timeout=15000) as booked:
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert booked.args[0].payments == (("cash", 6600),) and booked.args[0].change_fen == 3400


@pytest.mark.parametrize("key, method", [(Qt.Key.Key_F2, "card"), (Qt.Key.Key_F3, "wechat"),
                                         (Qt.Key.Key_F4, "alipay")])
def test_defect_4_a_method_key_then_enter_books_that_method(qtbot, till_ctx, english, key, method):
    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    press(qtbot, dialog, key)
    assert dialog.method() == method and dialog.tendered.hasFocus()
    with qtbot.waitSignal(dialog.booked, timeout=15000) as booked:
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert booked.args[0].payments == ((method, 6600),)


def test_digits_typed_anywhere_in_the_payment_dialog_go_to_the_amount_and_the_keypad_types_too(qtbot, till_ctx,
                                                                                                english):
    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    dialog.setFocus()
    qtbot.keyClicks(dialog, "7")
    for key in ("0", BACKSPACE, "0", "."):
        qtbot.mouseClick(dialog.keypad.keys[key], Qt.MouseButton.LeftButton)
    assert dialog.tendered.text() == "70." and dialog.tendered.hasFocus()


def test_quick_tender_offers_exact_and_the_next_round_notes_and_books_at_once(qtbot, till_ctx, english):
    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    texts = [b.text() for b in dialog.quick if b.isVisible()]
    assert texts == ["Exact ¥66.00  F5", "¥70.00  F6", "¥100.00  F7"]
    with qtbot.waitSignal(dialog.booked, timeout=15000) as booked:
        qtbot.mouseClick(dialog.quick[2], Qt.MouseButton.LeftButton)
    assert booked.args[0].payments == (("cash", 6600),) and booked.args[0].change_fen == 3400


def test_split_tender_part_cash_part_wechat_is_one_sale_with_two_payments_on_its_receipt(qtbot, till_ctx, english,
                                                                                         tmp_path):
    from pypdf import PdfReader

    from pos.printing import render_receipt_pdf
    from pos.services.sales.receipts import sale_receipt

    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    press(qtbot, dialog, "20", Qt.Key.Key_F9)            # ¥20 in cash is one part
    assert dialog.parts_label.text() == "Cash ¥20.00" and dialog.due_label.text() == "¥46.00"
    assert dialog.tendered.text() == "" and dialog.tendered.hasFocus()
    before = count(till_ctx, "sales")
    with qtbot.waitSignal(dialog.booked, timeout=15000) as booked:
        press(qtbot, dialog, Qt.Key.Key_F3, Qt.Key.Key_Return)   # the rest by WeChat Pay
    result = booked.args[0]
    assert count(till_ctx, "sales") == before + 1
    assert sorted(result.payments) == [("cash", 2000), ("wechat", 4600)]
    with till_ctx.engine.connect() as conn:
        rows = conn.execute(text("SELECT method, amount_fen FROM payments WHERE sale_id = :id ORDER BY method"),
                            {"id": result.sale_db_id}).all()
    assert [tuple(r) for r in rows] == [("cash", 2000), ("wechat", 4600)]
    pdf = tmp_path / "split.pdf"
    pdf.write_bytes(render_receipt_pdf(sale_receipt(till_ctx, result.receipt_no), 80))
    printed = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "20.00" in printed and "46.00" in printed and "WeChat Pay" in printed and "Cash" in printed


def test_a_split_part_must_leave_something_to_pay(qtbot, till_ctx, english):
    dialog = payment_dialog(qtbot, till_ctx, due=6600)
    press(qtbot, dialog, "66", Qt.Key.Key_F9)
    assert dialog.parts == [] and "less than ¥66.00" in dialog.error.text()
