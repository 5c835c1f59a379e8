"""The till's About box (Shift+F1): the version a support call asks for, and where the till's data is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pos import __version__


def test_shift_f1_shows_the_version_and_the_database(qtbot, till, till_ctx):
    till.activateWindow()
    qtbot.waitUntil(till.isActiveWindow)
    qtbot.keyClick(till, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(till, "about_dialog", None) is not None and till.about_dialog.isVisible())
    texts = [label.text() for label in till.about_dialog.findChildren(QLabel)]
    assert f"Version 版本: {__version__}" in texts
    assert any(text.startswith("Database 数据库: sqlite:///") and str(till_ctx.engine.url.database) in text
               for text in texts)
    assert any(text.startswith("Till 收银台: ") and till_ctx.till_id in text for text in texts)
    till.about_dialog.reject()
    assert not till.about_dialog.isVisible()
