"""The till's lifecycle hooks, attached by the till window in one line (`attach(window)`):

- when a member is shown, their behaviour groups and due consumables are read on the window's worker
  and added to the member card (the card itself is read in one statement first; this comes after);
- with `jobs.when_idle` set, a till nobody has touched for `jobs.idle_minutes` runs the due scheduled
  jobs on its worker (`pos jobs run` does the same from cron). The jobs claim their period in the
  database, so several idle tills still run each job once.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
CHECK_MS = 60_000
_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}


class TillLifecycle(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.last_input = time.monotonic()
        self.running = self.watching = False
        window.member_changed.connect(self.member_shown)
        self.timer = QTimer(self, interval=CHECK_MS, timeout=self.maybe_run_jobs)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT:
            self.last_input = time.monotonic()
        return False

    def member_shown(self, member) -> None:
        if member is None or self.window.services.is_offline():    # groups and due products need the server
            return
        ctx, card, member_id = self.window.ctx, self.window.card, member.member_id

        def show(life) -> None:
            if card.member is not None and card.member.member_id == member_id:
                card.show_lifecycle(life)
        from pos.services.lifecycle import replenishment  # at first use: not on the cold start (#19)

        self.window.worker.submit(lambda: replenishment.member_lifecycle(ctx, member_id), show,
                                  lambda exc: log.warning("member lifecycle not shown: %s", exc))

    def _watch_input(self) -> None:
        """Key presses are only watched once the setting is on (it may be switched on while running)."""
        app = QApplication.instance()
        if not self.watching and app is not None:
            app.installEventFilter(self)
            self.watching, self.last_input = True, time.monotonic()

    def idle(self) -> bool:
        jobs = self.window.ctx.config.jobs
        if jobs.when_idle:
            self._watch_input()
        return (jobs.when_idle and not self.running and not self.window.worker.pending
                and time.monotonic() - self.last_input >= jobs.idle_minutes * 60)

    def maybe_run_jobs(self) -> None:
        if not self.idle():
            return
        self.running = True
        ctx = self.window.ctx

        def done(outcomes) -> None:
            self.running = False
            ran = [o.job for o in outcomes if o.status in ("ok", "failed")]
            if ran:
                log.info("idle till ran scheduled jobs: %s", ", ".join(ran))

        def failed(exc) -> None:
            self.running = False
            log.warning("idle jobs: %s", exc)
        from pos.services.jobs import runner  # at first use: not on the cold start (#19)

        self.window.worker.submit(lambda: runner.run_due_jobs(ctx), done, failed)


def attach(window) -> TillLifecycle:
    return TillLifecycle(window)
