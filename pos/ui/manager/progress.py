"""A modal progress dialog for a job on the worker: progress(done, total) calls from the worker
thread arrive on the GUI thread through a queued signal; Cancel sets an event the job polls."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from pos.ui.i18n import tr


class JobProgress(QObject):
    advanced = Signal(int, int)

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.parent_widget, self.title = parent, title
        self.cancel_event = threading.Event()
        self.dialog: QProgressDialog | None = None
        self.retired: QProgressDialog | None = None
        self.updating = False
        self.heading = self.step_text = ""
        self.started = 0.0
        self.done = self.total = 0
        self.advanced.connect(self._advanced)
        self.clock = QTimer(self, interval=500)
        self.clock.timeout.connect(self._tick)

    def open(self, label: str, step_text: str) -> None:
        """step_text: '{0} of {1}' style, filled with done and total; the elapsed seconds follow."""
        self.close()
        self.cancel_event.clear()
        self.heading, self.step_text, self.started = label, step_text, time.monotonic()
        dialog = QProgressDialog(label, tr("Cancel"), 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(520)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel_event.set)
        dialog.show()
        self.dialog = dialog
        self.done, self.total = 0, 0
        self.clock.start()

    def report(self, done: int, total: int) -> None:
        """Thread-safe: for the job to call from the worker."""
        self.advanced.emit(done, total)

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def close(self) -> None:
        self.clock.stop()
        if self.dialog is not None:
            self.dialog.close()
            if self.updating:           # inside its own setValue(): deleted once that returns (see _advanced)
                self.retired = self.dialog
            else:
                self.dialog.deleteLater()
            self.dialog = None

    def _advanced(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        dialog = self.dialog
        if dialog is not None:
            # setValue() of a modal progress dialog processes events, which may finish the job and
            # close this very dialog: label first, value last
            self._label()
            dialog.setMaximum(max(total, 1))
            self.updating = True
            try:
                dialog.setValue(min(done, max(total, 1)))
            finally:
                self.updating = False
            if self.retired is not None:       # Qt 6 runs a deleteLater() posted inside processEvents()
                self.retired.deleteLater()     # there: a dialog deleted under its own setValue() crashed
                self.retired = None

    def _tick(self) -> None:
        if self.dialog is not None:
            self._label()

    def _label(self) -> None:
        seconds = int(time.monotonic() - self.started)
        text = self.step_text.format(f"{self.done:,}", f"{self.total:,}") if self.total else ""
        elapsed = tr("{0} s").format(seconds)
        if self.cancel_event.is_set():
            elapsed += " — " + tr("cancelling…")
        self.dialog.setLabelText(f"{self.heading}\n{text}   ({elapsed})" if text else f"{self.heading}\n({elapsed})")
