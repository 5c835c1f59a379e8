"""Sign-in, look-up by phone and by scanned QR, and enrolment of an unknown phone."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt

from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.members import lookup as members
from pos.ui import main_window
from pos.ui.dialogs.enrol import EnrolDialog
from pos.ui.dialogs.signin import SignInDialog
from tests.ui.conftest import count, look_up


def decode_qr(pixmap) -> list[str]:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buffer.data()))))]


def test_sign_in_refuses_a_wrong_pin_then_accepts_the_cashier(qtbot, till_ctx, english):
    dialog = SignInDialog(till_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() == "Wrong PIN.", timeout=10000)
    assert dialog.staff is None and dialog.pin.text() == ""
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.keyClicks(dialog.pin, "1234")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.staff.code == "C01" and dialog.staff.role == "cashier"


@pytest.mark.parametrize("typed", [DEMO_GOLD_PHONE, "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
                                   "(+86) 13800138000"])
def test_look_up_by_phone_in_any_common_format(qtbot, till, typed):
    member = look_up(qtbot, till, typed)
    assert member.phone_masked == "138****8000"
    assert till.card.badge.text() == "Gold"
    assert till.card.phone.text() == "138****8000"
    assert till.card.progress_text.text() == member.progress_text
    assert "more to Diamond" in member.progress_text and member.progress_text.startswith("¥")
    assert till.card.coupons.count() == len(member.coupons) == 3     # the demo's 2 and a bounce-back coupon
    assert till.lookup.text() == ""


def test_a_scanned_member_qr_is_a_burst_ending_in_enter(qtbot, till, till_ctx):
    gold = members.lookup(till_ctx, phone=DEMO_GOLD_PHONE)
    payload = members.member_qr_payload(till_ctx, gold.member_id)
    with qtbot.waitSignal(till.scanner.scanned) as scan, qtbot.waitSignal(till.member_changed, timeout=10000):
        till.lookup.setFocus()
        qtbot.keyClicks(till.lookup, payload)
        qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    assert scan.args == [payload]
    assert till.member.member_id == gold.member_id
    assert till.lookup.text() == ""


def test_a_forged_qr_is_refused_in_the_window(qtbot, till, till_ctx):
    gold = members.lookup(till_ctx, phone=DEMO_GOLD_PHONE)
    payload = members.member_qr_payload(till_ctx, gold.member_id)
    forged = payload[:-4] + ("0000" if not payload.endswith("0000") else "1111")
    with qtbot.waitSignal(till.failed, timeout=10000):
        till.lookup.setFocus()
        qtbot.keyClicks(till.lookup, forged)
        qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    assert till.message.text() == "This QR code is not a valid member card of this store."
    assert till.member is None


def test_unknown_phone_offers_enrolment_prefilled_and_shows_the_new_members_qr(qtbot, till, till_ctx,
                                                                                monkeypatch):
    asked, seen = [], {}
    monkeypatch.setattr(main_window, "ask_enrol", lambda parent, phone: asked.append(phone) or True)

    def enrol_dialog(dialog):
        assert isinstance(dialog, EnrolDialog)
        seen["prefilled"] = dialog.phone.text()
        dialog.show()
        dialog.name.setText("张三")   # typed through an input method, not key by key
        qtbot.keyClicks(dialog.birthday, "03-15")
        dialog.consent.setChecked(True)
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_member is not None, timeout=10000)
        seen["qr"] = decode_qr(dialog.qr.pixmap())
        seen["message"] = dialog.error.text()
        qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(main_window, "show_dialog", enrol_dialog)
    before = count(till_ctx, "members")
    with qtbot.waitSignal(till.member_changed, timeout=10000):
        till.lookup.setText("139 1234 5678")
        qtbot.keyClick(till.lookup, Qt.Key.Key_Return)
    assert asked == ["139 1234 5678"] and seen["prefilled"] == "139 1234 5678"
    assert len(seen["qr"]) == 1 and seen["qr"][0].startswith("M1.")
    assert members.lookup(till_ctx, qr=seen["qr"][0]).member_id == till.member.member_id
    assert "Welcome" in seen["message"] and "139****5678" in seen["message"]
    assert count(till_ctx, "members") == before + 1
    assert till.member.name == "张三" and till.card.name.text() == "张三"


def test_a_refused_enrolment_says_why_in_the_dialog(qtbot, till_ctx, cashier, english):
    from pos.ui.worker import Worker

    dialog = EnrolDialog(till_ctx, Worker(), cashier.id, DEMO_GOLD_PHONE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10000)
    assert dialog.error.text() == "138****8000 is already a member."
    assert dialog.result_member is None and dialog.enrol_button.isEnabled()
