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
    assert till.message.text() == "'12345678901' is not a valid mobile phone number"
    with qtbot.waitSignal(till.failed, timeout=10000):
        scan_into(qtbot, till.sku, "6999999999999")
    assert till.message.text() == "No product with SKU or barcode '6999999999999'."
    assert till.message.property("kind") == "error" and till.cart.items == []


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
    assert dialog.parts_label.text() == "Parts kept: Cash ¥20.00" and dialog.due_label.text() == "¥46.00"
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


# ------------------------------------------------------------------ defect 5: sign-out locks, quit asks
def test_defect_5_f12_with_an_open_sale_asks_and_a_no_keeps_the_sale(qtbot, till, monkeypatch):
    from tests.ui.conftest import add_skus, look_up

    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "LAT01", "CAK01")
    asked = []
    monkeypatch.setattr(main_window, "ask_sign_out", lambda parent, lines: asked.append(lines) or False)
    activate(qtbot, till)
    qtbot.keyClick(till, Qt.Key.Key_F12)
    assert asked == [2] and till.isVisible() and len(till.cart.items) == 2 and till.member is not None


def test_defect_5_sign_out_goes_back_to_the_lock_screen_and_the_program_keeps_running(qtbot, qapp, till_ctx, cashier,
                                                                                     english, monkeypatch):
    from pos.ui.dialogs import signin

    shown = []

    def sign_in(dialog):
        shown.append(dialog)
        assert dialog.lock_screen and dialog.buttons.buttons()[-1].text() in ("Quit  Esc", "OK  Enter")
        if len(shown) == 1:
            dialog.staff = cashier
            return True
        return False        # the second time: the lock screen's Quit (confirmed)

    monkeypatch.setattr(signin, "sign_in", sign_in)
    monkeypatch.setattr(main_window, "ask_sign_out", lambda parent, lines: True)
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append("quit"))
    session = signin.TillSession(till_ctx, "en")
    window = session.start()        # (not qtbot's: the session deletes it at sign-out)
    qtbot.waitExposed(window)
    quitting = []
    window.quitting.connect(lambda: quitting.append(True))
    window.cart.add(main_window.CartItem("LAT01", "Latte", 2800, 1))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    assert not window.isVisible() and quitting == []          # signed out, not quit
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)    # the lock screen again
    assert quits == ["quit"]                                  # only because the lock screen's Quit was chosen


def test_defect_5_the_lock_screen_quits_only_after_a_confirmed_quit(qtbot, till_ctx, english, monkeypatch):
    from pos.ui.dialogs import signin

    answers = [False, True]
    monkeypatch.setattr(signin, "ask_quit", lambda parent: answers.pop(0))
    dialog = signin.SignInDialog(till_ctx, lock_screen=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)
    assert dialog.isVisible()                                   # "Quit?" — No
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers == []             # "Quit?" — Yes
    asked = []
    monkeypatch.setattr(signin, "ask_quit", lambda parent: asked.append(True) and False)
    again = signin.SignInDialog(till_ctx, lock_screen=True)
    qtbot.addWidget(again)
    again.show()
    quit_button = next(b for b in again.buttons.buttons() if b.text() == "Quit  Esc")
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)   # the Quit button asks too
    assert asked == [True] and again.isVisible()
    monkeypatch.setattr(signin, "ask_quit", lambda parent: pytest.fail("a program's own reject() is not asked"))
    third = signin.SignInDialog(till_ctx, lock_screen=True)
    qtbot.addWidget(third)
    third.show()
    third.reject()                                              # e.g. pos-terminal --grab-window
    assert not third.isVisible()


def test_defect_5_closing_the_till_window_asks_before_quitting(qtbot, till_ctx, cashier, english, monkeypatch):
    answers = [False, True]
    monkeypatch.setattr(main_window, "ask_quit", lambda parent: answers.pop(0))
    window = main_window.TillWindow(till_ctx, cashier, "en", confirm_quit=True)
    qtbot.addWidget(window)
    window.show()
    quitting = []
    window.quitting.connect(lambda: quitting.append(True))
    window.close()
    assert window.isVisible() and quitting == []
    window.close()
    assert not window.isVisible() and quitting == [True]


# ------------------------------------------------------------------ defects 6 and 7: cart keys, focus
def test_defect_6_plus_minus_and_del_in_the_empty_item_field_act_on_the_last_line(qtbot, till):
    from tests.ui.conftest import add_skus

    add_skus(qtbot, till, "LAT01", "CAK01")
    activate(qtbot, till)
    till.sku.setFocus()
    qtbot.keyClick(till.sku, Qt.Key.Key_Plus)
    qtbot.keyClick(till.sku, Qt.Key.Key_Plus)
    assert till.sku.text() == "" and [i.qty for i in till.cart.items] == [1, 3]
    qtbot.keyClick(till.sku, Qt.Key.Key_Minus)
    assert [i.qty for i in till.cart.items] == [1, 2]
    qtbot.keyClick(till.sku, Qt.Key.Key_Delete)
    assert [i.sku for i in till.cart.items] == ["LAT01"] and till.sku.text() == ""
    qtbot.keyClicks(till.sku, "AB-1")                       # a code being typed keeps its minus
    assert till.sku.text() == "AB-1" and len(till.cart.items) == 1


def test_defect_7_focus_goes_to_the_item_field_after_a_look_up(qtbot, till):
    from tests.ui.conftest import look_up

    activate(qtbot, till)
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    assert till.sku.hasFocus()


# ------------------------------------------------------------------ defect 8: the manager's PIN before Pay
def test_defect_8_a_redemption_over_the_limit_is_flagged_before_pay_and_a_cancelled_pin_says_so(
        qtbot, till, till_ctx, monkeypatch):
    from pos.ui.dialogs import pin
    from tests.ui.conftest import add_skus, look_up, settle

    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "GFT01")
    settle(qtbot, till)
    assert not till.totals.manager_note.isVisible()
    till.totals.points.setValue(6000)
    settle(qtbot, till)
    note = "Redeeming more than 5,000 points needs a manager PIN at Pay."
    assert till.totals.manager_note.isVisible() and till.totals.manager_note.text() == note
    monkeypatch.setattr(pin, "ask_manager_pin", lambda parent, reason: None)     # the PIN prompt is cancelled
    seen = {}

    def pay(dialog):
        dialog.show()
        seen["note"] = (dialog.note.isVisible(), dialog.note.text())
        qtbot.keyClicks(dialog.tendered, "900")
        qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10000)
        seen["error"] = dialog.error.text()
        return False

    monkeypatch.setattr(main_window, "ask_payment", pay)
    before = count(till_ctx, "sales")
    till.pay()
    assert seen["note"] == (True, note)
    assert seen["error"].startswith("Not paid: these points need a manager's PIN.")
    assert count(till_ctx, "sales") == before


def test_use_maximum_points_shows_what_they_are_worth_and_sets_them(qtbot, till):
    from tests.ui.conftest import add_skus, look_up, settle

    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "BEA01")
    settle(qtbot, till)
    most = till.last_quote.max_points
    button = till.buttons["max_points"]
    assert most > 0 and button.isEnabled()
    assert button.text() == f"Use {most:,} pts = ¥{most // 100}.00  Shift+F5"
    activate(qtbot, till)
    with qtbot.waitSignal(till.quoted, timeout=10000):
        qtbot.keyClick(till, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    assert till.totals.points.value() == most


# ------------------------------------------------------------------ defect 9: messages
def test_defect_9_a_success_is_not_an_error_shows_no_path_and_the_next_action_clears_it(qtbot, till, monkeypatch):
    till.say("Receipt R1 printed.", "info")
    assert till.message.property("kind") == "info"
    red = till.message.palette().color(till.message.foregroundRole())
    assert not (red.red() > 150 and red.green() < 80)          # not the red error style
    with qtbot.waitSignal(till.failed, timeout=10000):
        till.add_code("NOPE42")
    assert till.message.property("kind") == "error"
    till.route("6901234567892")                                # the next action clears a stale message
    assert till.message.text() == ""
    qtbot.waitUntil(lambda: len(till.cart.items) == 1, timeout=10000)


# ------------------------------------------------------------------ defect 10: returns in plain words
def test_defect_10_a_return_shows_prices_the_refund_before_confirming_and_the_original_tenders(qtbot, till_ctx,
                                                                                               cashier, english):
    from pos.services.sales import checkout as co
    from pos.ui.dialogs.returns import ReturnDialog
    from pos.ui.worker import Worker

    sale = booked_sale(till_ctx, payments=[co.PaymentInput("cash", 2000), co.PaymentInput("wechat")])
    dialog = ReturnDialog(till_ctx, Worker(), cashier.id, sale.receipt_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10000)
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["Item", "Price", "Paid", "Sold", "Returned", "Return now"]
    assert [dialog.table.item(0, c).text() for c in range(5)][1:4] == ["¥28.00", "¥50.40", "2"]
    wechat = sale.total_due_fen - 2000
    assert dialog.paid_with.text() == f"Paid with: WeChat Pay ¥{wechat // 100}.{wechat % 100:02d}, Cash ¥20.00"
    assert not dialog.confirm.isEnabled()
    dialog.table.cellWidget(0, 5).setValue(1)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    preview = dialog.preview
    assert dialog.refund.text() == f"Money back to the customer: ¥{preview.refund_fen / 100:.2f}"
    assert preview.refund_fen == 2520 and preview.points_taken_back > 0
    assert dialog.points.text().splitlines() == [
        f"Points taken back from the member (earned on this sale): {preview.points_taken_back:,}",
        f"Points given back to the member (spent on this sale): {preview.points_given_back:,}"]
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_return is not None, timeout=10000)
    booked = dialog.result_return
    assert (booked.refund_fen, booked.points_reversed, booked.points_restored) == (
        preview.refund_fen, preview.points_taken_back, preview.points_given_back)     # the preview was the truth


# ------------------------------------------------------------------ defect 12: sizes and numbers
def test_defect_12_the_amount_due_scales_with_the_window_and_touch_targets_are_44_px(qtbot, qapp, till):
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from pos.ui.style import STYLE

    qapp.setStyleSheet(STYLE)
    try:
        till.resize(1024, 768)
        qtbot.waitUntil(lambda: till.height() == 768)
        small = till.totals.due.fontInfo().pixelSize()
        till.resize(1920, 1080)
        qtbot.waitUntil(lambda: till.height() == 1080)
        large = till.totals.due.fontInfo().pixelSize()
        assert 34 < small < large and large >= 60
        for widget in till.findChildren(QPushButton) + till.findChildren(QLineEdit):
            if widget.isVisible() and widget.parent() is not till.totals.points:
                assert widget.height() >= 44, widget.text()
    finally:
        qapp.setStyleSheet("")


def test_defect_12_points_are_written_one_way(qtbot, till_ctx, english):
    from pos.services.sales import checkout as co

    sale = booked_sale(till_ctx, payments=[co.PaymentInput("cash")])
    sale = type(sale)(**{**sale.__dict__, "points_earned": 5061, "points_balance": 9428})
    dialog = SaleDoneDialog(sale, "", None)
    qtbot.addWidget(dialog)
    assert dialog.points.text() == "Points earned: +5,061   Balance: 9,428"


def test_use_maximum_points_in_the_payment_dialog_reprices_the_amount_due(qtbot, till, till_ctx, monkeypatch):
    from tests.ui.conftest import add_skus, look_up, settle

    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "BEA01")
    settle(qtbot, till)
    most, due = till.last_quote.max_points, till.last_quote.breakdown.total_due_fen
    seen = {}

    def pay(dialog):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        seen["label"] = dialog.use_max.text()
        with qtbot.waitSignal(dialog.points_changed, timeout=10000):
            qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_F10)
        seen["due"], seen["quick"] = dialog.due_label.text(), dialog.quick[0].text()
        seen["visible"] = dialog.use_max.isVisible()
        return False

    monkeypatch.setattr(main_window, "ask_payment", pay)
    till.pay()
    worth = most // 100 * 100      # 100 points are ¥1.00
    assert seen["label"] == f"Use {most:,} pts = ¥{most // 100}.00  F10"
    new_due = due - worth
    assert seen["due"] == f"¥{new_due // 100:,}.{new_due % 100:02d}" and seen["quick"].startswith("Exact ")
    assert not seen["visible"] and till.totals.points.value() == most


def test_enter_is_never_a_secondary_buttons_in_any_till_dialog(qtbot, till_ctx, cashier, english):
    """Issue 13 Deliver 2: one default button per dialog (the labelled Enter one); every other button
    has autoDefault off, so the focus landing on it cannot make Enter press it."""
    from PySide6.QtWidgets import QPushButton

    from pos.services.sales import checkout as co
    from pos.ui.dialogs.enrol import EnrolDialog
    from pos.ui.dialogs.items import OpenItemDialog
    from pos.ui.dialogs.pin import PinDialog
    from pos.ui.dialogs.returns import ReturnDialog
    from pos.ui.dialogs.signin import SignInDialog
    from pos.ui.worker import Worker

    sale = booked_sale(till_ctx, payments=[co.PaymentInput("cash")])
    dialogs = [EnrolDialog(till_ctx, Worker(), cashier.id), payment_dialog(qtbot, till_ctx),
               SaleDoneDialog(sale, "", None), ReturnDialog(till_ctx, Worker(), cashier.id),
               PinDialog("PIN", "PIN"), SignInDialog(till_ctx, lock_screen=True), OpenItemDialog()]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
        defaults = [b.text() for b in buttons if b.isDefault()]
        others = [b.text() for b in buttons if not b.isDefault() and b.autoDefault()]
        if isinstance(dialog, ReturnDialog):
            assert defaults == [], defaults          # Enter opens the receipt typed; F9 confirms
        else:
            assert len(defaults) == 1 and "Enter" in defaults[0] or defaults == ["OK"], (type(dialog), defaults)
        assert others == [], (type(dialog).__name__, others)
