"""Issue #12, finding 11: a member withdraws (or gives) marketing consent at the till: a button on the
member card, a confirmation, the change recorded on the signed-in cashier and audited."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select

from pos.db.models import AuditEntry
from pos.services.admin.demo import DEMO_GOLD_PHONE
from pos.services.members import lookup as members
from pos.services.members import privacy
from pos.ui import main_window
from tests.ui.conftest import look_up


def consent_entries(ctx) -> list[AuditEntry]:
    with ctx.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action.like("consent_%"))
                                    .order_by(AuditEntry.id)))


def test_the_member_card_withdraws_consent_after_a_confirmation(qtbot, till, till_ctx, cashier, monkeypatch):
    gold = members.lookup(till_ctx, phone=DEMO_GOLD_PHONE)
    privacy.set_consent(till_ctx, cashier.id, gold.member_id, True)
    asked, answers = [], [False, True]
    monkeypatch.setattr(main_window, "ask_consent", lambda parent, give: asked.append(give) or answers.pop(0))
    before = len(consent_entries(till_ctx))
    look_up(qtbot, till, DEMO_GOLD_PHONE)
    assert till.card.consent.text() == "Marketing: consented"
    assert till.card.consent_button.text() == "Withdraw consent" and till.card.consent_button.isVisible()

    qtbot.mouseClick(till.card.consent_button, Qt.MouseButton.LeftButton)       # the cashier says no
    till.worker.wait()
    assert asked == [False] and members.lookup(till_ctx, phone=DEMO_GOLD_PHONE).consent_marketing is True

    with qtbot.waitSignal(till.member_changed, timeout=10000):
        qtbot.mouseClick(till.card.consent_button, Qt.MouseButton.LeftButton)
    assert asked == [False, False]
    assert members.lookup(till_ctx, phone=DEMO_GOLD_PHONE).consent_marketing is False
    assert till.member.consent_marketing is False and till.card.consent.text() == "Marketing: no consent"
    assert till.card.consent_button.text() == "Record consent"
    assert till.message.text() == "Marketing consent withdrawn."
    [entry] = consent_entries(till_ctx)[before:]
    assert (entry.action, entry.staff_id, entry.target) == ("consent_withdrawn", cashier.id, str(gold.member_id))
    assert json.loads(entry.details)["changed"] is True


def test_a_walk_in_has_no_consent_button(till):
    assert not till.card.consent_button.isVisible()
