"""The customer display follows the till: member, cart, pricing ladder, join QR, thank-you; its
placement on one or two screens; screenshots in both languages (POS_SCREENSHOTS=docs/screenshots)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from pos.money import yuan
from pos.services.admin.demo import DEMO_GOLD_PHONE, DEMO_SILVER_PHONE
from pos.services.sales import checkout as co
from pos.ui import main_window
from pos.ui.customer_display import CustomerDisplay, attach_customer_display, choose_place
from pos.ui.style import STYLE
from tests.ui.conftest import add_skus, look_up, settle

ONE = [QRect(0, 0, 1920, 1080)]
TWO = [QRect(0, 0, 1920, 1080), QRect(1920, 0, 1024, 600)]


def display_config(config, **changes):
    return replace(config.customer_display, **changes)


def test_it_goes_full_screen_on_the_second_screen_and_a_setting_places_it_otherwise(till_ctx):
    config = till_ctx.config
    auto = display_config(config)
    assert choose_place(auto, TWO, 0).screen == 1 and choose_place(auto, TWO, 0).full_screen
    assert choose_place(auto, TWO, 1).screen == 0          # the till on the second screen: the first one
    assert choose_place(auto, ONE, 0) is None               # one screen: no customer screen unless asked
    alone = choose_place(display_config(config, screen=1, left=1100, top=40, width=800, height=600), ONE, 0)
    assert alone.screen == 0 and not alone.full_screen and alone.rect == QRect(1100, 40, 800, 600)
    assert choose_place(display_config(config, screen=1), TWO, 0).rect == QRect(0, 0, 800, 600)   # asked: shared
    assert choose_place(display_config(config, screen=5), TWO, 0).screen == 1    # no 5th screen: the other one
    assert not choose_place(display_config(config, full_screen=False), TWO, 0).full_screen
    assert choose_place(display_config(config, enabled=False), TWO, 0) is None


def test_turned_off_no_window_is_opened(qtbot, till, till_ctx):
    till.ctx.config = replace(till_ctx.config, customer_display=display_config(till_ctx.config, enabled=False))
    assert attach_customer_display(till) is None


@pytest.fixture
def display(qtbot, till, till_ctx):
    assert attach_customer_display(till) is None         # offscreen: one screen, and no screen asked for
    till.ctx.config = replace(till_ctx.config, customer_display=display_config(till_ctx.config, screen=1))
    shown = attach_customer_display(till)                # asked for on the till's screen: a window at left/top
    assert shown is not None and shown.isVisible() and not shown.isFullScreen()
    qtbot.addWidget(shown)
    return shown


def test_the_display_follows_the_members_standing_the_cart_and_the_ladder(qtbot, till, display):
    assert display.name.text() == "Welcome" and display.join_qr.isVisibleTo(display)
    assert not display.join_qr.pixmap().isNull() and display.empty.isVisibleTo(display)
    member = look_up(qtbot, till, DEMO_GOLD_PHONE)
    assert display.name.text() == member.name and display.badge.text() == "Gold"
    assert display.progress.value() == member.progress_percent
    assert display.progress_text.text() == member.progress_text      # the service's text, not recomputed
    assert display.points.text() == f"Points: {member.points:,}"
    assert not display.join_qr.isVisibleTo(display)
    add_skus(qtbot, till, "LAT01", "LAT01", "BEA01")
    settle(qtbot, till)
    till.totals.points.setValue(300)
    settle(qtbot, till)
    b = till.last_quote.breakdown
    assert display.table.model() is till.cart and display.table.model().rowCount() == 2
    assert display.step_values["subtotal"].text() == yuan(b.subtotal_fen) == till.totals.values["subtotal"].text()
    assert display.step_values["tier"].text() == yuan(-b.tier_discount_fen) != "¥0.00"
    assert display.step_values["points"].text() == "-¥3.00" and display.step_names["points"].text() == "Points (300 pts)"
    assert display.due.text() == till.totals.due.text() == yuan(b.total_due_fen)
    till.cart.remove(1)
    settle(qtbot, till)
    assert display.step_values["subtotal"].text() == "¥56.00"
    till.set_language("zh_CN")
    qtbot.waitUntil(lambda: display.badge.text() == "金卡")      # Qt's LanguageChange event, as any window gets
    assert display.badge.text() == "金卡" and display.progress_text.text() == member.progress_text_zh
    assert display.progress_text.text().startswith("再消费¥") and display.due_label.text() == "应付"
    assert display.windowTitle() == "顾客显示屏"
    till.set_language("en")
    qtbot.waitUntil(lambda: display.badge.text() == "Gold")


def test_a_walk_in_customer_sees_the_join_qr_with_the_cart(qtbot, till, display):
    add_skus(qtbot, till, "CAK01")
    settle(qtbot, till)
    assert display.name.text() == "Welcome" and display.join_qr.isVisibleTo(display)
    assert display.join_text.text() == till.ctx.config.receipt.join_member_text
    assert display.due.text() == "¥38.00" and not display.badge.isVisibleTo(display)


def sell(qtbot, till, monkeypatch, cash_fen: int) -> co.CheckoutResult:
    """Books the till's cart as Pay does and runs the till's after-sale path."""
    monkeypatch.setattr(main_window, "show_dialog", lambda dialog: True)
    result = co.checkout(till.ctx, replace(till.request(), payments=[co.PaymentInput("cash", cash_fen)]))
    with qtbot.waitSignal(till.sale_finished, timeout=20000):
        till.after_sale(result)
    return result


def test_after_the_sale_a_thank_you_with_points_earned_and_the_upgrade(qtbot, till, display, monkeypatch):
    member = look_up(qtbot, till, DEMO_SILVER_PHONE)
    assert member.next_tier == "gold"
    add_skus(qtbot, till, "GFT01")
    needed = -(-member.to_next_tier_fen // till.cart.items[0].unit_price_fen)
    till.cart.set_qty(0, needed + 1)
    settle(qtbot, till)
    result = sell(qtbot, till, monkeypatch, till.last_quote.breakdown.total_due_fen + 5000)
    assert result.upgraded and result.points_earned > 0
    assert display.page == "thanks"
    assert display.earned.text() == f"Points earned: +{result.points_earned:,}"
    assert display.balance.text() == f"Points balance: {result.points_balance:,}"
    assert display.upgrade.isVisibleTo(display) and display.upgrade.text() == "★ Upgraded to Gold! ★"
    assert display.change.text() == "Change ¥50.00"
    add_skus(qtbot, till, "LAT01")              # the next customer: back to the live screen
    assert display.page == "live" and display.name.text() == "Welcome"


def test_a_walk_in_sale_thanks_without_points_and_the_screen_returns_after_a_while(qtbot, till, display, monkeypatch):
    display.config = replace(display.config, customer_display=display_config(display.config, thank_you_seconds=1))
    add_skus(qtbot, till, "LAT01")
    settle(qtbot, till)
    sell(qtbot, till, monkeypatch, 2800)
    assert display.page == "thanks" and not display.earned.isVisibleTo(display)
    assert not display.upgrade.isVisibleTo(display) and not display.change.isVisibleTo(display)
    assert "Join our membership" in display.goodbye.text()
    qtbot.waitUntil(lambda: display.page == "live", timeout=5000)


def test_the_display_never_takes_the_keyboard_and_closes_with_the_till(qtbot, till, display):
    till.activateWindow()
    till.lookup.setFocus()
    display.show()
    assert till.lookup.hasFocus() or display.focusWidget() is None
    till.close()
    assert not display.isVisible()


# ------------------------------------------------------------ screenshots

@contextmanager
def styled_display(qtbot, qapp, till, lang: str) -> Iterator[CustomerDisplay]:
    """The display beside `till` as a shop sees it (the style sheet, 1280x800, the till's language);
    the language and style are put back afterwards."""
    qapp.setStyleSheet(STYLE)
    till.set_language(lang)
    try:
        display = CustomerDisplay(till)
        qtbot.addWidget(display)
        display.resize(1280, 800)
        display.show()
        qtbot.waitExposed(display)
        yield display
    finally:
        till.set_language("en")
        qapp.setStyleSheet("")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots_member_walk_in_and_thank_you(qtbot, qapp, till, shots, monkeypatch, lang):
    from tests.ui.test_till_screenshots import save

    with styled_display(qtbot, qapp, till, lang) as display:
        add_skus(qtbot, till, "LAT01", "LAT01", "CAK01")
        settle(qtbot, till)
        save(display, shots / f"customer-display-walk-in-{lang}.png")
        member = look_up(qtbot, till, DEMO_SILVER_PHONE)
        add_skus(qtbot, till, "BEA01")
        settle(qtbot, till)
        till.totals.points.setValue(min(300, member.points // 100 * 100))
        settle(qtbot, till)
        save(display, shots / f"customer-display-member-{lang}.png")
        till.cart.set_qty(2, 12)      # enough for Gold
        settle(qtbot, till)
        result = sell(qtbot, till, monkeypatch, till.last_quote.breakdown.total_due_fen // 10000 * 10000 + 10000)
        assert result.upgraded and display.page == "thanks"
        save(display, shots / f"customer-display-thank-you-{lang}.png")


def test_a_sign_out_and_in_again_gives_the_new_till_window_its_own_display(qtbot, qapp, till_ctx, cashier, english,
                                                                          monkeypatch):
    """The lock screen replaces the till window; the display follows the window that sells now."""
    from pos.ui import main_window
    from pos.ui.dialogs import signin

    till_ctx.config = replace(till_ctx.config, customer_display=display_config(till_ctx.config, screen=1))
    signed = []

    def sign_in(dialog):
        signed.append(dialog)
        dialog.staff = cashier
        return len(signed) <= 2

    monkeypatch.setattr(signin, "sign_in", sign_in)
    monkeypatch.setattr(main_window, "ask_sign_out", lambda parent, lines: True)
    monkeypatch.setattr(signin, "ask_quit", lambda parent: True)
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    session = signin.TillSession(till_ctx, "en")
    first = session.start()
    qtbot.waitExposed(first)
    first_display = first.customer_display
    assert first_display is not None and first_display.isVisible() and first_display.till is first
    first.signed_out.emit()
    qtbot.waitUntil(lambda: len(signed) == 2 and session.window is not None and session.window is not first,
                    timeout=5000)
    second = session.window
    assert second.customer_display is not None and second.customer_display.till is second
    assert second.customer_display.isVisible()
    second.customer_display.close()
    second.close()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_stamp_card_before_and_after_the_sale(qtbot, qapp, till, shots, monkeypatch, lang):
    """A member's card "☕ Coffee card: 7/10" while they shop; after the sale the card as the sale left it,
    and, when the sale completed it, that a free one is waiting. Screenshots of both (looked at)."""
    from tests.ui.test_till_screenshots import save

    with styled_display(qtbot, qapp, till, lang) as display:
        member = look_up(qtbot, till, DEMO_GOLD_PHONE)
        name, progress = member.stamps[1 if lang == "zh_CN" else 0]
        before = int(progress.split("/")[0])
        assert display.stamps.isVisibleTo(display)
        assert display.stamps.text() == ("☕ 咖啡集点卡：" if lang == "zh_CN" else "☕ Coffee card: ") + progress
        add_skus(qtbot, till, *["LAT01"] * (10 - before), "CAK01")     # exactly enough to fill the card
        settle(qtbot, till)
        save(display, shots / f"customer-display-stamps-{lang}.png")
        result = sell(qtbot, till, monkeypatch, till.last_quote.breakdown.total_due_fen)
        assert [i.kind for i in result.offers.issued].count("stamp_reward") == 1
        assert result.offers.stamps[0][2] == "0/10" and display.page == "thanks"
        lines = display.stamps_after.text().split("\n")
        assert lines[0] == ("☕ 咖啡集点卡：0/10" if lang == "zh_CN" else "☕ Coffee card: 0/10")
        assert lines[1] == ("集满啦：下一件免费！" if lang == "zh_CN" else "Card complete: your next one is free!")
        save(display, shots / f"customer-display-stamps-thanks-{lang}.png")
        display.thank(replace(result, member_id=None))     # a walk-in customer's thank-you: no card
        assert not display.stamps_after.isVisibleTo(display)
