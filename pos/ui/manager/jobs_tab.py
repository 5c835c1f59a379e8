"""Jobs tab: each scheduled job's last run, duration and result; run the due ones, or one now, with progress."""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from pos.services.jobs import runner
from pos.ui import formats
from pos.ui.i18n import N_, tr
from pos.ui.lifecycle_text import group_text, job_text, stage_text
from pos.ui.manager import common

# The keys of the jobs' results (pos.services.jobs.runner JOBS): shown in the manager's language.
RESULT_LABELS = {"members": N_("Members"), "points": N_("Points"), "evaluated": N_("Evaluated"),
                 "downgraded": N_("Downgraded"), "in_grace": N_("In grace"), "segments": N_("Segments"),
                 "groups": N_("Behaviour groups"), "due_rows": N_("Products due"), "issued": N_("Issued"),
                 "already": N_("Issued before"), "error": N_("Error"), "message": N_("Message")}


def _item_label(key: str, item: str) -> str:
    if key == "segments":
        return common.segment_label(item)
    if key == "groups":
        return group_text(item)
    return stage_text(item) if key == "issued" else item


def result_text(result: str) -> str:
    """A job's stored JSON result as one short line, in the manager's language."""
    try:
        value = json.loads(result) if result else {}
    except ValueError:
        return result
    if not isinstance(value, dict):
        return str(value)
    parts = []
    for key, item in value.items():
        if isinstance(item, dict):
            item = tr(", ").join(f"{_item_label(key, k)} {formats.count(v) if isinstance(v, int) else v}"
                                 for k, v in item.items())
        elif isinstance(item, int) and not isinstance(item, bool):
            item = formats.count(item)
        label = RESULT_LABELS.get(key)
        parts.append(tr("{0}: {1}").format(tr(label) if label else key.replace("_", " "), item))
    return tr("; ").join(parts)


class JobsTab(QWidget):
    advanced = Signal(int, int, str)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.rows: list = []
        self.title = QLabel(tr("Scheduled jobs"), objectName="title")
        self.run_due = QPushButton(tr("Run due jobs"), objectName="primary")
        self.run_due.clicked.connect(lambda: self.run_jobs(None))
        self.run_now = QPushButton(tr("Run selected job now"))
        self.run_now.clicked.connect(self.run_selected)
        self.refresh = QPushButton(tr("Refresh"))
        self.refresh.clicked.connect(self.reload)
        self.progress = QProgressBar(minimum=0, maximum=1)
        self.progress.hide()
        self.step = QLabel(objectName="hint")
        self.table = common.read_only_table([tr("Job"), tr("Every"), tr("Last run"), tr("Duration"), tr("Status"),
                                             tr("Due"), tr("Result")])
        self.advanced.connect(self._advanced)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for widget in (self.progress, self.step, self.refresh, self.run_now, self.run_due):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(tr("The jobs also run from cron or a systemd timer (pos jobs run) and, when set, on an "
                                   "idle till; each job runs once per day or week however many tills start it."),
                                objectName="hint", wordWrap=True))

    def shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.console.ctx
        self.console.run(lambda: runner.job_status(ctx), self._show)

    def _show(self, rows) -> None:
        self.rows = rows
        every = {"day": tr("day"), "week": tr("week")}
        status = {"ok": tr("ok"), "failed": tr("failed"), "running": tr("running")}
        common.fill_table(self.table, [
            (job_text(r.job, r.title), every.get(r.every, r.every), common.when(r.last_started) or "—",
             "—" if r.duration_ms is None else f"{r.duration_ms / 1000:.1f} s",
             status.get(r.last_status or "", r.last_status or "—") if r.enabled else tr("off"),
             tr("yes") if r.due else "", result_text(r.result)) for r in rows], numeric={3})
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 240))

    def run_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.console.show_error(tr("Choose a job first."))
            return
        self.run_jobs(self.rows[row].job)

    def run_jobs(self, only: str | None) -> None:
        ctx = self.console.ctx
        for button in (self.run_due, self.run_now):
            button.setEnabled(False)
        self.progress.show()
        self.progress.setValue(0)
        emit = self.advanced.emit
        self.console.run(lambda: runner.run_due_jobs(ctx, only=only, now=only is not None, progress=emit),
                         self._ran, lambda _: self._finished())

    def _advanced(self, done: int, total: int, job: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.step.setText(tr("running {0}…").format(job_text(job)) if job else "")

    def _ran(self, outcomes) -> None:
        self._finished()
        ran = [job_text(o.job) for o in outcomes if o.status in ("ok", "failed")]
        failed = [job_text(o.job) for o in outcomes if o.status == "failed"]
        if failed:
            self.console.show_error(tr("Failed: {0}").format(", ".join(failed)))
        else:
            self.console.show_info(tr("Ran: {0}").format(", ".join(ran)) if ran else tr("Nothing was due."))
        self.reload()

    def _finished(self) -> None:
        for button in (self.run_due, self.run_now):
            button.setEnabled(True)
        self.progress.hide()
        self.step.clear()
