"""What the offers gave, on the till (real Qt widgets on the demo store): the sale-complete dialog lists
the bounce-back coupon with its code and validity, the referrer's reward and the stamp card; the member
card shows "7/10" and the referral code. Screenshots land in POS_SCREENSHOTS (docs/screenshots) when set."""

from __future__ import annotations

import pytest

from pos.services.members import lookup as members
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import i18n
from pos.ui.dialogs.sale_done import SaleDoneDialog
from pos.ui.style import STYLE
from pos.ui.widgets.member_card import MemberCard

NEW, FRIEND = "13512345678", "13612345678"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_sale_complete_shows_what_was_issued(qtbot, qapp, till_ctx, cashier, shots, lang):
    i18n.install(qapp, lang)
    try:
        ctx = till_ctx
        referrer = members.enrol(ctx, NEW, name="张小明")
        members.enrol(ctx, FRIEND, name="王芳", referrer=referrer.member.referral_code)
        sale = co.checkout(ctx, co.CheckoutRequest(
            lines=[LineInput(sku="LAT01", qty=3), LineInput(sku="AME01", qty=4), LineInput(sku="CAK01")],
            member_phone=FRIEND, cashier_id=cashier.id))
        bounce = next(i for i in sale.offers.issued if i.kind == "bounce_back")
        done = SaleDoneDialog(sale, i18n.tr("Receipt printed: {0}").format(f"receipts/{sale.receipt_no}.pdf"), None,
                              "", None)
        done.setStyleSheet(STYLE)
        qtbot.addWidget(done)
        done.show()
        qtbot.waitExposed(done)
        text = done.offers.text()
        assert done.offers.isVisible() and bounce.code in text and "2026-06-11" in text and "2026-06-24" in text
        assert ("15% off your next visit" if lang == "en" else "下次消费85折") in text
        assert "7/10" in text
        assert ("Referrer rewarded" if lang == "en" else "推荐人") in text
        assert done.grab().save(str(shots / f"till-sale-done-offers-{lang}.png"))
        card = MemberCard(lang)
        card.setStyleSheet(STYLE)
        card.resize(520, 420)
        qtbot.addWidget(card)
        card.show_member(members.lookup(ctx, phone=FRIEND))
        card.show()
        qtbot.waitExposed(card)
        assert card.grab().save(str(shots / f"till-member-card-stamps-{lang}.png"))
        assert "7/10" in card.stamps.text() and members.lookup(ctx, phone=FRIEND).referral_code in card.referral.text()
    finally:
        i18n.install(qapp, "en")


def test_a_reward_for_points_at_the_till(qtbot, till, till_ctx, monkeypatch):
    from PySide6.QtCore import Qt

    from pos.services.admin.demo import DEMO_GOLD_PHONE
    from pos.services.offers.catalogue import list_rewards
    from pos.services.sales.receipts import sale_receipt
    from pos.ui import main_window
    from pos.ui.dialogs.rewards import RewardsDialog
    from tests.ui.conftest import add_skus, look_up, settle
    from tests.ui.test_till_checkout import pay_cash

    seen: dict = {}
    pay_cash(qtbot, monkeypatch, "100", seen)
    done = main_window.show_dialog

    def dialogs(dialog):
        if not isinstance(dialog, RewardsDialog):
            return done(dialog)
        qtbot.waitUntil(lambda: dialog.results.count() == 2, timeout=10000)
        mug = next(row for row in range(2) if "Ceramic mug" in dialog.results.item(row).text())
        dialog.pick(dialog.results.item(mug))
        return True
    monkeypatch.setattr(main_window, "show_dialog", dialogs)
    member = look_up(qtbot, till, DEMO_GOLD_PHONE)
    add_skus(qtbot, till, "CRO01")
    qtbot.keyClick(till, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert till.reward_code == "MUG" and "MUG" not in till.message.text()
    settle(qtbot, till)
    with qtbot.waitSignal(till.sale_finished, timeout=20000) as finished:
        qtbot.keyClick(till, Qt.Key.Key_F8)
    result = finished.args[0]
    assert result.offers.reward_points == 2000
    assert result.points_balance == member.points + result.points_earned - 2000
    lines = sale_receipt(till_ctx, result.receipt_no).lines
    assert (lines[-1].name, lines[-1].amount_fen) == ("Ceramic mug 陶瓷杯 (reward 兑换)", 0)
    assert [r.stock for r in list_rewards(till_ctx) if r.code == "MUG"] == [9]
    assert till.reward_code is None


def test_enrol_with_a_scanned_referral_qr_refuses_a_self_referral(qtbot, till_ctx, cashier, english):
    from pos.services.coupons.issue import show
    from pos.services.offers import referral_qr_payload
    from pos.ui.dialogs.enrol import EnrolDialog
    from pos.ui.worker import Worker

    ctx = till_ctx
    referrer = members.enrol(ctx, NEW, name="张小明", birthday="03-15")
    scanned = referral_qr_payload(ctx.config.receipt.join_member_url, referrer.member.referral_code)
    dialog = EnrolDialog(ctx, Worker(), cashier.id, FRIEND)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("张小明")
    dialog.birthday.setText("03-15")
    qtbot.keyClicks(dialog.referrer, scanned)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.enrol_button.isEnabled(), timeout=10000)
    assert dialog.result_member is None and "cannot refer themselves" in dialog.error.text()
    dialog.name.setText("王芳")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result_member is not None, timeout=10000)
    coupons = members.lookup(ctx, phone=FRIEND).coupons
    assert [show(ctx, c.code).title for c in coupons] == ["¥10.00 cash"]          # the referral welcome
