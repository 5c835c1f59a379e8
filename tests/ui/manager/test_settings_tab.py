"""The settings tab: an invalid text is refused naming the key, and the settings in force stay."""

from __future__ import annotations

from sqlalchemy import func, select

from pos.db.models import StoreSettings
from tests.ui.manager.conftest import settle


def saved_versions(ctx) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(StoreSettings))


def test_saving_a_typo_is_refused_and_the_settings_in_force_stay(qtbot, console, demo_ctx):
    tab = console.settings
    console.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=10000)
    good = tab.editor.toPlainText()
    assert 'discount = "0.10"' in good
    in_force, version, saved = demo_ctx.config, demo_ctx.settings_version, []
    tab.saved.connect(saved.append)

    tab.editor.setPlainText(good.replace('discount = "0.10"', 'discout = "0.20"'))
    with qtbot.waitSignal(tab.validated, timeout=10000) as checked:
        tab.save()
    assert checked.args == [False] and not saved
    assert "tiers[2].discout: unknown setting" in tab.message.text()
    assert demo_ctx.config is in_force and demo_ctx.settings_version == version
    assert saved_versions(demo_ctx) == 0

    tab.editor.setPlainText(good.replace('discount = "0.10"', 'discount = "0.12"'))
    with qtbot.waitSignal(tab.saved, timeout=10000):
        tab.save()
    settle(qtbot, console)
    assert str(demo_ctx.config.tier("gold").discount) == "0.12" and saved_versions(demo_ctx) == 1
