"""The till's return dialog on the demo store: a late return asks a manager with the reason, and a
return that cannot take back points already spent says how many. Rendered to PNG in English and
Chinese (into a temp folder, or docs/screenshots/ with POS_SCREENSHOTS=docs/screenshots)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pos.db.models import AuditEntry, Return
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.members import lookup as members
from pos.services.points import ledger
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from pos.ui import i18n
from pos.ui.dialogs import pin
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.style import STYLE
from pos.ui.worker import Worker


def _open(qtbot, ctx, cashier, receipt_no: str) -> ReturnDialog:
    dialog = ReturnDialog(ctx, Worker(), cashier.id, receipt_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    return dialog


def _return_one(qtbot, dialog: ReturnDialog) -> None:
    dialog.table.cellWidget(0, 5).setValue(1)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result_return is not None, timeout=10000)
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "1", timeout=10000)   # reloaded: 1 returned


@pytest.mark.parametrize("lang, reason, spent", [
    ("en", "This sale is from 2026-06-10, 12 days ago; returns are taken within 7 days. "
           "A manager may approve a late return.",
     "were already spent and could not be taken back."),
    ("zh_CN", "这笔销售是 2026-06-10 的，已过 12 天；退货期限为 7 天。店长可批准逾期退货。", "已被使用，无法扣回。"),
])
def test_a_late_return_asks_a_manager_and_says_which_points_stay_spent(qtbot, qapp, till_ctx, cashier, manager,
                                                                      monkeypatch, shots, lang, reason, spent):
    i18n.install(qapp, lang)
    qapp.setStyleSheet(STYLE)
    try:
        ctx = till_ctx
        sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="GFT01", qty=2)], member_phone=DEMO_GOLD_PHONE,
                                                   cashier_id=cashier.id))
        assert sale.points_earned > 0
        member_id = sale.member_id
        with ctx.write() as session:                 # the member spends all but 3 points elsewhere
            ledger.adjust(session, ctx.config.points, member_id, 3 - members.lookup(ctx, phone=DEMO_GOLD_PHONE).points,
                          ctx.clock(), staff_id=manager.id, reason="spent")
        ctx.clock.moment += timedelta(days=12)
        prompts: list[str] = []
        monkeypatch.setattr(pin, "ask_manager_pin", lambda parent, why: prompts.append(why) or "8888")
        dialog = _open(qtbot, ctx, cashier, sale.receipt_no)
        _return_one(qtbot, dialog)
        assert prompts == [reason]
        result = dialog.result_return
        assert result.points_reversed == 3 and result.points_not_reversed == sale.points_earned // 2 - 3
        text = dialog.message.text()
        assert f"{result.points_not_reversed} " in text.splitlines()[1] and text.endswith(spent)
        with ctx.read() as session:
            assert session.scalars(select(Return.approved_by)).one() == manager.id
            assert session.scalars(select(AuditEntry.action).where(AuditEntry.action == "late_return")).one()
        assert dialog.grab().save(str(shots / f"till-return-late-{lang}.png"))
        prompt = pin.PinDialog(i18n.tr("Manager approval"), reason + "\n" + i18n.tr("Manager PIN:"))
        qtbot.addWidget(prompt)
        prompt.show()
        qtbot.waitExposed(prompt)
        assert prompt.grab().save(str(shots / f"till-return-late-pin-{lang}.png"))
    finally:
        i18n.install(qapp, "en")


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Next-visit coupon C1: voided (no longer usable).", "Bonus points: 120 points taken back.",
            "Stamp card: 2 stamps taken off the card."]),
    ("zh_CN", ["回头券 C1：已作废（不可再用）。", "奖励积分：扣回 120 积分。", "集点卡：扣回 2 个集点。"])])
def test_a_return_says_which_offers_it_took_back(qapp, lang, expected):
    """The lines the return dialog adds under its result (the ReturnResult's offers_voided)."""
    from pos.services.offers.model import Undone
    from pos.ui.dialogs.returns import voided_lines

    i18n.install(qapp, lang)
    try:
        assert voided_lines((Undone("bounce_back", "coupon", code="C1", voided=True),
                             Undone("bonus", "points", points_reversed=120),
                             Undone("stamps", "stamps", stamps_back=2))) == expected
    finally:
        i18n.install(qapp, "en")


@pytest.mark.parametrize("lang, voided", [("en", "Next-visit coupon {0}: voided (no longer usable)."),
                                          ("zh_CN", "回头券 {0}：已作废（不可再用）。")])
def test_a_full_return_at_the_till_voids_the_next_visit_coupon_and_says_so(qtbot, qapp, till_ctx, cashier, shots,
                                                                          lang, voided):
    i18n.install(qapp, lang)
    qapp.setStyleSheet(STYLE)
    try:
        ctx, phone = till_ctx, "13611136000"
        members.enrol(ctx, phone)
        sale = co.checkout(ctx, co.CheckoutRequest(lines=[LineInput(sku="LAT01")], member_phone=phone,
                                                   cashier_id=cashier.id))
        [issued] = [i for i in sale.offers.issued if i.kind == "bounce_back"]      # the first purchase's coupon
        dialog = _open(qtbot, ctx, cashier, sale.receipt_no)
        _return_one(qtbot, dialog)
        assert [u.code for u in dialog.result_return.offers_voided if u.voided] == [issued.code]
        assert voided.format(issued.code) in dialog.message.text().splitlines()
        assert dialog.grab().save(str(shots / f"till-return-offers-voided-{lang}.png"))
    finally:
        i18n.install(qapp, "en")
