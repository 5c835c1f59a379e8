"""The main states of the till as PNGs, in English and Chinese: into a temp folder, or into
docs/screenshots/ with POS_SCREENSHOTS=docs/screenshots (then look at every one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import i18n
from pos.ui.dialogs.enrol import EnrolDialog
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from pos.ui.dialogs.signin import SignInDialog
from pos.ui.main_window import TillWindow
from pos.ui.style import STYLE
from pos.ui.worker import Worker
from tests.ui.conftest import add_skus, look_up, settle


def save(widget, path: Path) -> None:
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= 400
    colours = {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 3)}
    assert len(colours) > 3, f"{path.name} looks blank"


def dialog_shot(qtbot, dialog, path: Path) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    save(dialog, path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots_of_the_main_states(qtbot, qapp, till_ctx, cashier, shots, lang):
    i18n.install(qapp, lang)
    qapp.setStyleSheet(STYLE)   # as pos-terminal does
    try:
        _shoot(qtbot, till_ctx, cashier, shots, lang)
    finally:
        qapp.setStyleSheet("")
        i18n.install(qapp, "en")


def _shoot(qtbot, ctx, cashier, shots: Path, lang: str) -> None:
    dialog_shot(qtbot, SignInDialog(ctx), shots / f"till-signin-{lang}.png")
    window = TillWindow(ctx, cashier, lang)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    member = look_up(qtbot, window, DEMO_GOLD_PHONE)
    add_skus(qtbot, window, "LAT01", "LAT01", "CAK01", "BEA01")
    window.apply_coupon(next(c.code for c in member.coupons if c.title.startswith("¥15.00 off")))
    settle(qtbot, window)
    window.totals.points.setValue(300)
    settle(qtbot, window)
    save(window, shots / f"till-member-cart-{lang}.png")
    for width, height in ((1024, 768), (1920, 1080)):
        window.resize(width, height)
        qtbot.waitUntil(lambda h=height: window.height() == h)
        settle(qtbot, window)
        save(window, shots / f"till-member-cart-{width}x{height}-{lang}.png")
    window.resize(1280, 800)
    due = window.last_quote.breakdown.total_due_fen
    payment = PaymentDialog(ctx, window.worker, window.request(), due, window,
                            max_points=window.last_quote.max_points)
    payment.tendered.setText("300")
    dialog_shot(qtbot, payment, shots / f"till-payment-{lang}.png")
    payment.reject()
    split = PaymentDialog(ctx, window.worker, window.request(), due, window)
    split.tendered.setText("100")
    split.add_part()
    split.group.buttons()[2].setChecked(True)       # the rest by WeChat Pay
    assert split.parts and split.remaining() == due - 10000
    dialog_shot(qtbot, split, shots / f"till-payment-split-{lang}.png")
    split.reject()
    enrol = EnrolDialog(ctx, window.worker, cashier.id, "139 1234 5678", window)
    enrol.name.setText("张三")
    enrol.birthday.setText("03-15")
    enrol.consent.setChecked(True)
    enrol.submit()
    qtbot.waitUntil(lambda: enrol.result_member is not None, timeout=10000)
    dialog_shot(qtbot, enrol, shots / f"till-enrol-qr-{lang}.png")
    sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="GFT01", qty=10)], member_phone=DEMO_GOLD_PHONE,
                                               payments=[co.PaymentInput("cash", 800000)], cashier_id=cashier.id))
    assert sale.upgraded
    tier = ctx.config.tier(sale.tier_after)
    done = SaleDoneDialog(sale, i18n.tr("Receipt {0} printed.").format(sale.receipt_no), None,
                          tier.name_zh if lang.startswith("zh") else tier.name, window)
    dialog_shot(qtbot, done, shots / f"till-sale-done-{lang}.png")
    returning = ReturnDialog(ctx, Worker(), cashier.id, sale.receipt_no, window)
    qtbot.waitUntil(lambda: returning.table.rowCount() == 1, timeout=10000)
    returning.table.cellWidget(0, 5).setValue(2)
    qtbot.waitUntil(lambda: returning.preview is not None, timeout=10000)
    assert returning.refund.text()
    dialog_shot(qtbot, returning, shots / f"till-return-{lang}.png")
    window.requote_timer.stop()
    window.worker.wait()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
