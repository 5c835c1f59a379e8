"""The console's Rewards tab (the points catalogue) and the member detail's Offers tab, on real widgets."""

from __future__ import annotations

import pytest

from pos.services.members import lookup as members
from pos.services.offers import catalogue
from pos.services.sales import checkout as co
from pos.services.sales.cart import LineInput
from tests.ui.manager.conftest import make_console, settle


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_manager_edits_the_catalogue(qtbot, qapp, chinese, demo_ctx, manager, shots, lang):
    from pos.ui import i18n

    i18n.install(qapp, lang)
    window = make_console(qtbot, demo_ctx, manager, lang)
    try:
        window.resize(1360, 860)
        window.show()
        window.tabs.setCurrentWidget(window.rewards)
        tab = window.rewards
        tab.code.setText("mug")
        tab.name.setText("Ceramic mug")
        tab.name_zh.setText("陶瓷杯")
        tab.points.setValue(2000)
        tab.stock.setValue(12)
        tab.sku.setText("MUG01")
        tab.save()
        qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10000)
        tab.kind.setCurrentIndex(tab.kind.findData("coupon"))
        assert not tab.sku.isEnabled() and tab.value.isEnabled()
        tab.code.setText("C5")
        tab.name.setText("¥5 coupon")
        tab.name_zh.setText("5元优惠券")
        tab.points.setValue(500)
        tab.stock.setValue(100)
        tab.value.setText("5")
        tab.save()
        qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10000)
        rows = [(r.code, r.points, r.stock, r.kind) for r in catalogue.list_rewards(demo_ctx)]
        assert rows == [("C5", 500, 100, "coupon"), ("MUG", 2000, 12, "gift")]
        assert tab.table.item(1, 1).text() == ("Ceramic mug" if lang == "en" else "陶瓷杯")
        tab.table.selectRow(1)
        assert tab.code.text() == "MUG" and tab.points.value() == 2000 and tab.stock.value() == 12
        # the stock is per store: a chain administrator picks the store (the console's own first)
        qtbot.waitUntil(lambda: tab.store.count() == 2, timeout=10000)
        assert tab.store.currentText().startswith("S01")
        s02 = tab.store.itemData(1)
        tab.choose_store(s02)
        qtbot.waitUntil(lambda: tab.table.item(1, 4).text() == "0", timeout=10000)
        tab.table.selectRow(1)
        tab.stock.setValue(5)
        tab.save()
        qtbot.waitUntil(lambda: tab.table.item(1, 4).text() == "5", timeout=10000)
        assert [r.stock for r in catalogue.list_rewards(demo_ctx, store_id=s02)] == [0, 5]
        assert [r.stock for r in catalogue.list_rewards(demo_ctx)] == [100, 12]
        window.worker.wait()
        qtbot.wait(50)
        assert window.grab().save(str(shots / f"manager-rewards-{lang}.png"))
    finally:
        settle(qtbot, window)
        i18n.install(qapp, "en")


def test_member_detail_lists_what_the_offers_gave(qtbot, demo_ctx, manager):
    joined = members.enrol(demo_ctx, "13512345678", name="张小明")
    co.checkout(demo_ctx, co.CheckoutRequest(lines=[LineInput(name="Latte", price_fen=2800)], member_phone="13512345678"))
    window = make_console(qtbot, demo_ctx, manager)
    try:
        dialog = window.open_member(joined.member.member_id)
        qtbot.waitUntil(lambda: dialog.offers.rowCount() == 1, timeout=10000)
        assert dialog.offers.item(0, 1).text() == "next-visit coupon"
        assert dialog.offers.item(0, 2).text() == "15% off your next visit"
        assert "0/10" in dialog.stamps.text()
    finally:
        settle(qtbot, window)


def test_a_store_manager_sees_and_sets_their_own_stores_stock(qtbot, demo_ctx, manager):
    from pos.services.staff import accounts
    from pos.services.staff import admin as staff_admin
    from pos.services.stores import chain

    s02 = chain.store_id_of(demo_ctx, "S02")
    staff_admin.add_staff_member(demo_ctx, manager.id, "M02", "Pudong manager", "manager", "97531", store_id=s02)
    boss = accounts.sign_in(demo_ctx, "97531", code="M02")
    catalogue.save_reward(demo_ctx, manager.id, catalogue.RewardInput("MUG", "Ceramic mug", 2000, sku="MUG01",
                                                                      stock=12))
    window = make_console(qtbot, demo_ctx, boss)
    try:
        window.tabs.setCurrentWidget(window.rewards)
        tab = window.rewards
        qtbot.waitUntil(lambda: tab.store.count() == 1, timeout=10000)       # their store only
        assert tab.store.currentText().startswith("S02")
        qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and tab.table.item(0, 4).text() == "0", timeout=10000)
        tab.table.selectRow(0)
        tab.stock.setValue(3)
        tab.save()
        qtbot.waitUntil(lambda: tab.table.item(0, 4).text() == "3", timeout=10000)
        assert [r.stock for r in catalogue.list_rewards(demo_ctx, store_id=s02)] == [3]
        assert [r.stock for r in catalogue.list_rewards(demo_ctx)] == [12]        # S01's as it was
    finally:
        settle(qtbot, window)
