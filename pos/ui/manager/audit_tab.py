"""Audit tab: recent audit entries (viewing is itself audited), export, and fraud flags."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from pos.services.reports import fraud
from pos.services.staff import audit_log
from pos.ui.i18n import tr
from pos.ui.manager import common


class AuditTab(QWidget):
    entries_loaded = Signal(object)
    flags_loaded = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.entries = common.read_only_table([tr("When"), tr("Action"), tr("Staff"), tr("Target"), tr("Details")])
        self.flags = common.read_only_table([tr("Signal"), tr("Subject"), tr("Value"), tr("Details")])
        load = QPushButton(tr("Show recent entries"))
        load.clicked.connect(self.reload)
        export = QPushButton(tr("Export audit log…"))
        export.clicked.connect(self.export)
        flags = QPushButton(tr("Fraud signals (7 days)"))
        flags.clicked.connect(self.load_flags)
        buttons = QHBoxLayout()
        for button in (load, export, flags):
            buttons.addWidget(button)
        buttons.addStretch(1)
        entries_box, flags_box = QGroupBox(tr("Audit log")), QGroupBox(tr("Fraud signals"))
        QVBoxLayout(entries_box).addWidget(self.entries)
        QVBoxLayout(flags_box).addWidget(self.flags)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(entries_box)
        split.addWidget(flags_box)
        split.setSizes([450, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def reload(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: audit_log.audit_entries(ctx, actor, limit=500), self._entries)

    def _entries(self, rows) -> None:
        common.fill_table(self.entries, [(r.at, r.action, r.staff or "", r.target, r.details) for r in rows])
        self.entries_loaded.emit(rows)

    def load_flags(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: fraud.fraud_flags(ctx, actor, days=7), self._flags)

    def _flags(self, flags) -> None:
        common.fill_table(self.flags, [(f.kind, f.subject, f.value, f.detail) for f in flags], numeric={2})
        self.flags_loaded.emit(flags)

    def export(self) -> None:
        path = common.ask_save_path(self, tr("Export audit log"), "audit.csv", "CSV (*.csv)")
        if path:
            ctx, actor = self.console.ctx, self.console.staff.id
            self.console.run(lambda: audit_log.export_audit(ctx, actor, path),
                             lambda rows: self.console.show_info(tr("{0} rows written to {1}").format(rows, path)))
