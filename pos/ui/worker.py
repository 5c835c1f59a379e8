"""A window's background worker for everything that may take longer than ~100 ms (database, argon2,
printing). Each window that talks to the services (the till, the console, the sign-in dialog) owns
one; its calls run one at a time, in order, on one thread, and come back on the GUI thread by signal."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from contextlib import contextmanager

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from pos.errors import PosError
from pos.logs import report_bug

_gc_lock = threading.Lock()
_jobs_running = 0


@contextmanager
def _no_collection_here():
    """Python's cycle collector runs in whichever thread happens to allocate; if that is a worker,
    it may destroy unreachable Qt widgets off the GUI thread, and Qt crashes (seen as a segfault in
    a test run). While any job runs, automatic collection is paused; the GUI thread collects later."""
    global _jobs_running
    with _gc_lock:
        _jobs_running += 1
        if _jobs_running == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _jobs_running -= 1
            if _jobs_running == 0:
                gc.enable()


class _Signals(QObject):
    done = Signal(object, object)     # (job, result)
    failed = Signal(object, object)   # (job, exception)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object], on_done: Callable, on_error: Callable) -> None:
        super().__init__()
        self.fn, self.on_done, self.on_error = fn, on_done, on_error
        self.signals = _Signals()

    def run(self) -> None:
        with _no_collection_here():
            try:
                result = self.fn()
            except Exception as exc:  # noqa: BLE001 - handed to the GUI, which decides what the cashier sees
                if not isinstance(exc, PosError):     # our bug: logged here, where its traceback is whole
                    report_bug(exc, where=f"background job {getattr(self.fn, '__qualname__', self.fn)!s}")
                self.signals.failed.emit(self, exc)
                return
            self.signals.done.emit(self, result)


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
        job = _Job(fn, on_done, on_error)
        job.setAutoDelete(False)
        self._jobs.add(job)
        # bound slots of this QObject: a window closed while a job runs drops the answer, not crashes
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pending += 1
        self.busy_changed.emit(True)
        self.pool.start(job)

    def _done(self, job: _Job, result: object) -> None:
        self._finish(job, job.on_done, result)

    def _failed(self, job: _Job, exc: object) -> None:
        self._finish(job, job.on_error, exc)

    def _finish(self, job: _Job, callback: Callable, value: object) -> None:
        self._jobs.discard(job)
        self.pending -= 1
        if not self.pending:
            self.busy_changed.emit(False)
        callback(value)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
