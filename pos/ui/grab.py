"""`pos-terminal --grab-window FILE` (or env POS_GRAB_WINDOW=FILE): the real start-up, saved as a PNG.

Unlike --screenshot (a staged sale), nothing is arranged: the program starts as it always does, and the
first window it shows (the sign-in, the manager sign-in, or a start-up error box) is saved once it has
been laid out and painted; then that window is cancelled, as if the user pressed Esc, and the program
ends. scripts/bundle.sh --check uses it to see that a built bundle really starts and renders."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

ENV = "POS_GRAB_WINDOW"
POLL_MS = 200


class WindowGrab(QObject):
    """Polls for the first visible window; `saved` is None until it has tried, then True or False."""

    def __init__(self, path: str, timeout_ms: int = 60000) -> None:
        super().__init__(QApplication.instance())
        self.path = path
        self.saved: bool | None = None
        self._left = timeout_ms
        self._seen: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        window = QApplication.activeModalWidget() or next(
            (w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()), None)
        self._left -= POLL_MS
        if window is None:
            if self._left <= 0:
                self._finish(False, f"no window appeared; nothing saved to {self.path}")
            return
        if window is not self._seen:        # one more turn of the event loop: laid out, fonts loaded, painted
            self._seen = window
            return
        ok = window.grab().save(self.path)
        self._finish(ok, self.path if ok else f"could not write {self.path}")

    def _finish(self, ok: bool, message: str) -> None:
        self._timer.stop()
        self.saved = ok
        print(message, file=sys.stdout if ok else sys.stderr)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()

    def exit_code(self, code: int) -> int:
        """The program's exit status, once it has ended: its own when the window was saved, else at
        least 1 (a start refused before any window showed has its own status already)."""
        self._timer.stop()
        self.deleteLater()
        return code if self.saved else (code or 1)
