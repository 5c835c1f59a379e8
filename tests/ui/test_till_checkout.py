"""Cart, live totals equal to the service's, inline refusals, payment booked once, receipt printing."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from pos.errors import PosError
from pos.money import yuan
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.members.detail import adjust_points
from pos.services.sales import checkout as co
from pos.services.staff.accounts import sign_in
from pos.ui import main_window
from pos.ui.dialogs import pin
from pos.ui.dialogs.items import OpenItemDialog
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from tests.ui.conftest import add_skus, count, look_up, printer_config, settle


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def service_refusal(ctx, request) -> str:
    with pytest.raises(PosError) as refused:
        co.quote(ctx, request)
    return refused.value.message


def assert_totals_are_the_services(ctx, till) -> co.PriceBreakdown:
    expected = co.quote(ctx, till.request())
    values = till.totals.values
    assert values["subtotal"].text() == yuan(expected.subtotal_fen)
    assert values["tier"].text() == yuan(-expected.tier_discount_fen)
    assert values["coupon"].text() == yuan(-expected.coupon_discount_fen)
    assert values["points"].text() == yuan(-expected.points_value_fen)
    assert till.totals.names["points"].text() == f"4  Points ({expected.points_redeemed} pts)"
    assert till.totals.due.text() == yuan(expected.total_due_fen)
    return expected


def test_cart_by_sku_barcode_and_open_item_with_qty_change_and_remove(qtbot, till, till_ctx, monkeypatch):
    add_skus(qtbot, till, "LAT01", "6901234567898", "LAT01")   # SKU, the cheesecake's barcode, SKU again
    assert [(i.sku, i.qty) for i in till.cart.items] == [("LAT01", 2), ("CAK01", 1)]

    def open_item(dialog):
        assert isinstance(dialog, OpenItemDialog)
        dialog.name.setText("Gift wrap")
        dialog.price.setText("12.50")
        dialog.discountable.setChecked(False)
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(main_window, "show_dialog", open_item)
    click(qtbot, till.buttons["open"])
    assert till.cart.items[-1].name == "Gift wrap" and till.cart.items[-1].unit_price_fen == 1250
    assert not till.cart.items[-1].discountable
    till.table.selectRow(1)
    click(qtbot, till.buttons["qty_up"])
    click(qtbot, till.buttons["qty_up"])
    click(qtbot, till.buttons["qty_down"])
    assert till.cart.items[1].qty == 2
    till.table.selectRow(0)
    click(qtbot, till.buttons["remove"])
    assert [i.name for i in till.cart.items] == ["Cheesecake 芝士蛋糕", "Gift wrap"]
    settle(qtbot, till)
    assert till.totals.values["subtotal"].text() == "¥88.50"
    assert_totals_are_the_services(till_ctx, till)


def test_an_unknown_code_is_refused_in_the_status_line(qtbot, till):
    with qtbot.waitSignal(till.failed, timeout=10000):
        till.sku.setText("NOPE42")
        qtbot.keyClick(till.sku, Qt.Key.Key_Return)
    assert till.message.text() == "No product with SKU or barcode 'NOPE42'."
    assert till.cart.items == []


def gold_basket(qtbot, till):
    member = look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "BEA01", "CAK01", "LAT01", "LAT01")
    return member


def test_totals_with_tier_discount_coupon_and_points_are_the_services_numbers(qtbot, till, till_ctx):
    member = gold_basket(qtbot, till)
    coupon = next(c for c in member.coupons if c.title.startswith("¥15.00 off"))
    row = next(r for r in range(till.card.coupons.count())
               if till.card.coupons.item(r).data(Qt.ItemDataRole.UserRole) == coupon.code)
    item = till.card.coupons.item(row)
    click_at = till.card.coupons.visualItemRect(item).center()
    qtbot.mouseClick(till.card.coupons.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    assert till.totals.coupon.text() == coupon.code
    settle(qtbot, till)
    till.totals.points.setValue(300)
    settle(qtbot, till)
    expected = assert_totals_are_the_services(till_ctx, till)
    assert expected.tier_discount_fen == 2620 and expected.coupon_discount_fen == 1500
    assert expected.points_redeemed == 300 and expected.total_due_fen == 26200 - 2620 - 1500 - 300
    assert till.totals.error.text() == ""
    assert till.totals.points_max.text() == f"max {till.last_quote.max_points:,}"      # one number format (issue #13)


def test_a_bad_coupon_is_refused_inline_and_the_rest_still_prices(qtbot, till, till_ctx):
    gold_basket(qtbot, till)
    till.totals.coupon.setText("CZZZZZZZZZ")
    with qtbot.waitSignal(till.quoted, timeout=10000):
        qtbot.keyClick(till.totals.coupon, Qt.Key.Key_Return)
    reason = service_refusal(till_ctx, till.request())
    assert reason == "'CZZZZZZZZZ' is not a coupon code of this store."
    assert till.totals.error.text() == reason
    assert till.totals.values["tier"].text() == "-¥26.20" and till.totals.values["coupon"].text() == "¥0.00"


@pytest.mark.parametrize("points", [150, 50])
def test_points_off_the_step_or_below_the_minimum_are_refused_inline(qtbot, till, till_ctx, points):
    gold_basket(qtbot, till)
    settle(qtbot, till)
    till.totals.points.setValue(points)
    settle(qtbot, till)
    reason = service_refusal(till_ctx, till.request())
    assert till.totals.error.text() == reason
    assert ("steps of 100" if points == 150 else "At least 100") in reason
    assert till.totals.values["points"].text() == "¥0.00"


def test_points_over_the_cap_after_the_cart_shrinks_are_refused_inline(qtbot, till, till_ctx):
    gold_basket(qtbot, till)
    settle(qtbot, till)
    till.totals.points.setValue(till.last_quote.max_points)
    settle(qtbot, till)
    assert till.totals.error.text() == ""
    till.table.selectRow(0)   # the coffee beans: the cap halves
    with qtbot.waitSignal(till.quoted, timeout=10000):
        click(qtbot, till.buttons["remove"])
    reason = service_refusal(till_ctx, till.request())
    assert "50%" in reason or "half" in reason or "at most" in reason
    assert till.totals.error.text() == reason


def test_points_spent_at_another_till_are_refused_inline(qtbot, till, till_ctx):
    member = gold_basket(qtbot, till)
    settle(qtbot, till)
    till.totals.points.setValue(1000)
    settle(qtbot, till)
    # meanwhile a manager takes all but 500 points away (a correction at the back office)
    adjust_points(till_ctx, sign_in(till_ctx, "8888", need_manager=True).id, member.member_id,
                  -(member.points - 500), "correction")
    settle(qtbot, till)
    reason = service_refusal(till_ctx, till.request())
    assert till.totals.error.text() == reason and "points" in reason


def pay_cash(qtbot, monkeypatch, tendered: str, seen: dict):
    """The payment dialog: cash tendered, then confirm by double click AND Enter twice."""

    def drive(dialog):
        assert isinstance(dialog, PaymentDialog)
        dialog.show()
        qtbot.keyClicks(dialog.tendered, tendered)
        seen["change"] = dialog.change.text()
        with qtbot.waitSignal(dialog.booked, timeout=15000):
            qtbot.mouseDClick(dialog.confirm, Qt.MouseButton.LeftButton)
            qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
            qtbot.keyClick(dialog.tendered, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    def done(dialog):
        assert isinstance(dialog, SaleDoneDialog)
        seen["done"] = dialog
        return True

    monkeypatch.setattr(main_window, "ask_payment", drive)
    monkeypatch.setattr(main_window, "show_dialog", done)


def test_double_confirm_books_one_sale_with_change_points_upgrade_and_a_printed_receipt(
        qtbot, till, till_ctx, monkeypatch, tmp_path):
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "GFT01")
    for _ in range(9):
        click(qtbot, till.buttons["qty_up"])
    settle(qtbot, till)
    quote = assert_totals_are_the_services(till_ctx, till)
    seen: dict = {}
    pay_cash(qtbot, monkeypatch, "8000", seen)
    before = count(till_ctx, "sales")
    with qtbot.waitSignal(till.sale_finished, timeout=20000) as finished:
        qtbot.keyClick(till, Qt.Key.Key_F8)
        click(qtbot, till.buttons["pay"])   # a second Pay after booking finds an empty till
    result = finished.args[0]
    assert count(till_ctx, "sales") == before + 1
    assert result.total_due_fen == quote.total_due_fen == 799200
    assert seen["change"] == "Change: ¥8.00" and result.change_fen == 800
    assert result.tier_before == "gold" and result.tier_after == "diamond"
    dialog = seen["done"]
    assert dialog.points.text() == f"Points earned: +{result.points_earned:,}   Balance: {result.points_balance:,}"
    assert result.points_earned > 0
    assert dialog.banner is not None and "Upgraded to Diamond!" in dialog.banner.text()
    pdf = tmp_path / "receipts" / f"{result.receipt_no}.pdf"
    assert dialog.printed.text() == f"Receipt {result.receipt_no} printed."   # no file path on screen
    assert pdf.exists()
    assert result.receipt_no in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert till.cart.items == [] and till.member is None


def test_a_printer_failure_still_saves_the_sale_and_says_so(qtbot, till, till_ctx, monkeypatch):
    till.ctx = type(till_ctx)(till_ctx.engine, printer_config(till_ctx.config, "escpos-file", "/dev/usb/lp9"),
                              till_ctx.clock)
    add_skus(qtbot, till, "LAT01")
    settle(qtbot, till)
    seen: dict = {}
    pay_cash(qtbot, monkeypatch, "50", seen)
    before = count(till_ctx, "sales")
    with qtbot.waitSignal(till.sale_finished, timeout=20000) as finished:
        click(qtbot, till.buttons["pay"])
    assert count(till_ctx, "sales") == before + 1
    text = seen["done"].printed.text()
    assert text.startswith("The sale is saved. Printing failed:") and "/dev/usb/lp9" in text
    assert till.message.text() == text
    assert finished.args[0].change_fen == 5000 - 2800


def test_a_large_redemption_asks_for_a_manager_pin(qtbot, till, till_ctx, monkeypatch):
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "GFT01")
    settle(qtbot, till)
    till.totals.points.setValue(6000)
    settle(qtbot, till)
    assert till.totals.error.text() == ""
    prompts = []
    monkeypatch.setattr(pin, "ask_manager_pin", lambda parent, reason: prompts.append(reason) or "8888")
    seen: dict = {}
    pay_cash(qtbot, monkeypatch, "900", seen)
    with qtbot.waitSignal(till.sale_finished, timeout=20000) as finished:
        click(qtbot, till.buttons["pay"])
    assert prompts == ["Redeeming 6000 points needs a manager PIN."]
    assert finished.args[0].points_redeemed == 6000
