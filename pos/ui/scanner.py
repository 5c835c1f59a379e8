"""Keyboard-wedge scanner detection: a burst of key presses < ~35 ms apart ending in Enter.

Installed on every field a scan may land in (look-up, item, coupon, points): the burst is taken out
of that field again (its text as it was before the burst) and routed by what the code is."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

GAP_SECONDS = 0.035
MIN_LENGTH = 6


class ScanFilter(QObject):
    """Emits `scanned(text)` for a burst, lets typing through untouched."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = ""
        self.last = 0.0
        self.before: tuple[QObject, object] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress:
            return False
        now = time.monotonic()
        if now - self.last > GAP_SECONDS:
            self.buffer = ""
        self.last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst, self.buffer = self.buffer, ""
            if len(burst) >= MIN_LENGTH:
                self._restore(watched)
                self.scanned.emit(burst)
                return True
            return False
        if event.text() and event.text().isprintable():
            if not self.buffer:
                self.before = (watched, _content(watched))
            self.buffer += event.text()
        return False

    def _restore(self, watched: QObject) -> None:
        """The field the burst was typed into gets back what it held before (a scan is not typing)."""
        if self.before is None or self.before[0] is not watched:
            return
        value = self.before[1]
        if isinstance(watched, QLineEdit):
            watched.setText(str(value))
        elif isinstance(watched, QAbstractSpinBox) and hasattr(watched, "setValue"):
            watched.setValue(value)
        self.before = None


def _content(widget: QObject) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QAbstractSpinBox) and hasattr(widget, "value"):
        return widget.value()
    return None
