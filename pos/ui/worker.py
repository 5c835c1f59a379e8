"""One background worker for everything that may take longer than ~100 ms (database, argon2,
printing). Calls run one at a time, in order, and come back on the GUI thread by signal."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI, which decides what the cashier sees
            if not hasattr(exc, "code"):
                log.error("unexpected error in background job:\n%s", traceback.format_exc())
            self.signals.failed.emit(exc)
            return
        self.signals.done.emit(result)


class Worker(QObject):
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.pending = 0
        self._jobs: set[_Job] = set()

    def submit(self, fn: Callable[[], object], on_done: Callable[[object], None],
               on_error: Callable[[Exception], None]) -> None:
        job = _Job(fn)
        job.setAutoDelete(False)
        self._jobs.add(job)
        job.signals.done.connect(lambda result: self._finish(job, on_done, result))
        job.signals.failed.connect(lambda exc: self._finish(job, on_error, exc))
        self.pending += 1
        self.busy_changed.emit(True)
        self.pool.start(job)

    def _finish(self, job: _Job, callback: Callable, value: object) -> None:
        self._jobs.discard(job)
        self.pending -= 1
        if not self.pending:
            self.busy_changed.emit(False)
        callback(value)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
