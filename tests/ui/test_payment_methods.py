"""The payment dialog offers the vocabulary's methods, in its order, named in the till's language."""

from __future__ import annotations

import pytest

from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import i18n
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.worker import Worker
from pos.vocabulary import PAYMENT_METHODS


@pytest.mark.parametrize("lang, names", [("en", ["Cash", "Card", "WeChat Pay", "Alipay"]),
                                         ("zh_CN", ["现金", "银行卡", "微信支付", "支付宝"])])
def test_one_button_per_method_with_its_shortcut_and_cash_alone_has_quick_tender(qtbot, qapp, till_ctx,
                                                                                        english, lang, names):
    i18n.install(qapp, lang)
    request = co.CheckoutRequest(lines=[LineInput(sku="LAT01", qty=1)])
    dialog = PaymentDialog(till_ctx, Worker(), request, 2800)
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = dialog.group.buttons()
    # F1-F4, not 1-4: digits are the amount's (issue 13 defect 4)
    assert [b.text() for b in buttons] == [f"{name}  F{n}" for n, name in enumerate(names, start=1)]
    assert [b.property("method") for b in buttons] == [m.key for m in PAYMENT_METHODS]
    for button, method in zip(buttons, PAYMENT_METHODS, strict=True):
        button.setChecked(True)
        assert dialog.tendered.isVisible()                # cash tendered, or the part paid this way
        assert dialog.quick[0].isVisible() == method.gives_change
