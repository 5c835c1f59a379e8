"""Scans at the real till go where the vocabulary says: receipts of sale ids past 999,999 open their
return (the benchmark store has 5 million sales; a till's own sequence gets there too), product
barcodes go to the cart, not the phone look-up."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from sqlalchemy import text

from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import main_window
from pos.ui.dialogs.returns import ReturnDialog
from tests.ui.conftest import count

HIGH_ID = 1_234_566


def push_sale_ids_past_a_million(ctx) -> None:
    """A copy of the first sale under id 1,234,566: the next sale gets 1,234,567 (7 digits)."""
    with ctx.engine.begin() as conn:
        columns = [c for c in conn.exec_driver_sql("SELECT * FROM sales LIMIT 0").keys()
                   if c not in ("id", "sale_uuid", "receipt_no")]
        listed = ", ".join(columns)
        conn.execute(text(f"INSERT INTO sales (id, sale_uuid, receipt_no, {listed}) "
                          f"SELECT :id, :uuid, :no, {listed} FROM sales ORDER BY id LIMIT 1"),
                     {"id": HIGH_ID, "uuid": str(uuid.uuid4()), "no": "placeholder"})
        conn.execute(text("UPDATE tills SET last_receipt_seq = :n"), {"n": HIGH_ID})   # S01-1-…-1234567 next


def scan_into(qtbot, widget, code: str) -> None:
    """A keyboard-wedge scanner: a burst of key presses ending in Enter."""
    widget.setFocus()
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_scanned_receipt_of_a_sale_past_999999_opens_its_return(qtbot, till, till_ctx, monkeypatch):
    push_sale_ids_past_a_million(till_ctx)
    sale = co.checkout(till_ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT01", qty=2)], member_phone=DEMO_GOLD_PHONE,
                                                    payments=[co.PaymentInput("cash")]))
    assert sale.sale_db_id == HIGH_ID + 1 and sale.receipt_no.endswith("-1234567")
    seen = {}

    def drive(dialog):
        assert isinstance(dialog, ReturnDialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
        seen["receipt"] = dialog.receipt.text()
        dialog.table.cellWidget(0, 5).setValue(2)
        qtbot.waitUntil(dialog.confirm.isEnabled, timeout=10000)
        qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_return is not None, timeout=10000)
        seen["result"] = dialog.result_return
        return True

    monkeypatch.setattr(main_window, "show_dialog", drive)
    before = count(till_ctx, "returns")
    with qtbot.waitSignal(till.scanner.scanned, timeout=10000) as scanned:
        scan_into(qtbot, till.lookup, sale.receipt_no)
    assert scanned.args == [sale.receipt_no]
    assert seen["receipt"] == sale.receipt_no
    assert count(till_ctx, "returns") == before + 1
    assert seen["result"].receipt_no == sale.receipt_no and seen["result"].refund_fen == sale.total_due_fen
    assert till.member is None                       # not taken for a phone number


def test_a_scanned_ean_13_goes_to_the_cart_not_to_the_phone_look_up(qtbot, till):
    scan_into(qtbot, till.lookup, "6901234567892")     # the latte's barcode: 13 digits, a valid check digit
    qtbot.waitUntil(lambda: [i.sku for i in till.cart.items] == ["LAT01"], timeout=10000)
    assert till.member is None and till.message.text() == ""
