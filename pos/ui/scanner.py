"""Keyboard-wedge scanner detection: a burst of key presses < ~35 ms apart ending in Enter."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal

GAP_SECONDS = 0.035
MIN_LENGTH = 6


class ScanFilter(QObject):
    """Installed on a line edit; emits `scanned(text)` for a burst, lets typing through untouched."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = ""
        self.last = 0.0

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
                self.scanned.emit(burst)
                return True
            return False
        if event.text():
            self.buffer += event.text()
        return False
