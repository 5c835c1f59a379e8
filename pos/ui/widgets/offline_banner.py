"""The till's offline banner and its automatic sync (#17).

With an offline journal configured (env POS_OFFLINE_JOURNAL), a watcher looks at the central database
every few seconds on a thread of its own (never the till's worker, which books sales): while it cannot
be reached, a red banner says so with the number of sales queued in the journal; once it answers again,
the journal is pushed and the card cache refreshed by themselves (pos.services.offline.sync), and the
banner goes away. Online, the card cache is refreshed every CACHE_REFRESH_S so it stays fresh."""

from __future__ import annotations

import logging
import os
import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from pos.ui.i18n import tr

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10_000     # how often the till looks at the server (the look takes at most 2 s)
CACHE_REFRESH_S = 600       # online, the card cache is rebuilt this often


class OfflineBanner(QLabel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="offline_banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)      # its long line must not widen the window (the totals were cut off)
        self.setMinimumHeight(34)   # compact: at 1280×800 the totals still get their height (they overlapped)
        self.setStyleSheet("QLabel#offline_banner { background: #c62828; color: white; font-size: 17px; "
                           "font-weight: bold; padding: 3px; border-radius: 4px; }")
        self.online, self.queued = True, 0
        self.setVisible(False)

    def show_state(self, online: bool, queued: int) -> None:
        self.online, self.queued = online, queued
        self.retranslate()
        self.setVisible(not online)

    def retranslate(self) -> None:
        self.setText(tr("OFFLINE — the server cannot be reached. Selling goes on; {0} sale(s) queued, "
                        "synced by themselves when it is back.").format(self.queued))


class OfflineWatcher(QObject):
    """Checks on a timer; each check runs on a daemon thread and reports back through `changed`."""

    changed = Signal(bool, int)     # online, queued sales

    def __init__(self, ctx, journal_path: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.journal_path = ctx, journal_path
        self._running = threading.Lock()
        self._refreshed_at = 0.0
        self.timer = QTimer(self, interval=CHECK_EVERY_MS, timeout=self.check)
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self._running.acquire(blocking=False):
            threading.Thread(target=self._check, daemon=True, name="offline-watch").start()

    def _check(self) -> None:
        from pos.services import offline

        seen = None
        try:
            journal = offline.open_journal(self.journal_path)
            try:
                url = self.ctx.engine.url.render_as_string(hide_password=False)
                online = offline.is_reachable(url)
                if online and (journal.queued() or time.monotonic() - self._refreshed_at > CACHE_REFRESH_S):
                    self._sync(offline, journal)
                    self._refreshed_at = time.monotonic()
                seen = (online, journal.queued())
            finally:
                journal.close()
        except Exception:   # noqa: BLE001 - the watcher must never take the till down; the next look retries
            log.exception("offline watch failed")
        finally:
            self._running.release()
        if seen is not None:    # after the release: whoever hears it may look again at once
            self.changed.emit(*seen)


    def _sync(self, offline, journal) -> None:  # noqa: ANN001
        """The server is back: connections pooled before it went down are dead; the first use finds
        that out (database_unavailable) and drops them, and the sync is tried once more on new ones."""
        from pos.errors import EnvironmentFault
        from pos.vocabulary import DATABASE_UNAVAILABLE

        try:
            offline.sync(self.ctx, journal)
        except EnvironmentFault as fault:
            if fault.code != DATABASE_UNAVAILABLE:
                raise
            self.ctx.engine.dispose()
            offline.sync(self.ctx, journal)


def attach(window) -> OfflineWatcher | None:
    """The hook of the till window: the banner above everything, and the watcher; nothing without a journal."""
    path = os.environ.get("POS_OFFLINE_JOURNAL")
    window.offline_banner = OfflineBanner(window)
    window.centralWidget().layout().insertWidget(0, window.offline_banner)
    if not path:
        return None
    watcher = OfflineWatcher(window.ctx, path, window)
    watcher.changed.connect(window.offline_banner.show_state)
    return watcher
