"""The manager console window: one tab per job, one worker, one place where errors are shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from pos.ui.i18n import tr
from pos.ui.manager import common
from pos.ui.manager.audit_tab import AuditTab
from pos.ui.manager.campaigns_tab import CampaignsTab
from pos.ui.manager.jobs_tab import JobsTab
from pos.ui.manager.members_tab import MembersTab
from pos.ui.manager.reports_tab import ReportsTab
from pos.ui.manager.rewards_tab import RewardsTab
from pos.ui.manager.segments_tab import SegmentsTab
from pos.ui.manager.settings_tab import SettingsTab
from pos.ui.manager.staff_tab import StaffTab
from pos.ui.manager.stores_tab import StoresTab
from pos.ui.manager.uplift_tab import UpliftTab
from pos.ui.worker import Worker


def where(ctx) -> str:
    """" · Pudong [S02-1]": the store and till a window belongs to (in its title)."""
    here = ctx.here
    return f" · {here.store_name} [{here.till}]" if here is not None else ""


class ManagerConsole(QMainWindow):
    def __init__(self, ctx, staff, lang: str = "en", parent=None) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx, self.staff, self.lang = ctx, staff, lang
        self.worker = Worker(self)
        self.setWindowTitle(f"{ctx.config.store.name}{where(ctx)} — {tr('Manager console')} — {staff.name}")
        self.resize(1360, 860)
        self.setMinimumSize(1100, 720)
        self._build()
        self._shortcuts()
        self.stores.reload()                # the store filters of the member list and the reports
        self.worker.busy_changed.connect(lambda busy: self.busy.setText(tr("working…") if busy else ""))

    def _build(self) -> None:
        self.error = QLabel(objectName="error", wordWrap=True)
        self.info = QLabel(objectName="hint", wordWrap=True)
        self.busy = QLabel(objectName="hint")
        self.where = QLabel(where(self.ctx).removeprefix(" · "), objectName="hint")   # the store and till
        self.members = MembersTab(self)
        self.segments = SegmentsTab(self)
        self.campaigns = CampaignsTab(self)
        self.reports = ReportsTab(self)
        self.settings = SettingsTab(self)
        self.staff_tab = StaffTab(self)
        self.audit = AuditTab(self)
        self.rewards = RewardsTab(self)
        self.uplift = UpliftTab(self)
        self.jobs = JobsTab(self)
        self.stores = StoresTab(self)
        self.stores.stores_loaded.connect(self.reports.set_stores)
        self.stores.stores_loaded.connect(self.members.set_stores)
        self.stores.stores_loaded.connect(self.uplift.set_stores)
        self.tabs = QTabWidget()
        for widget, title in ((self.members, tr("Members")), (self.segments, tr("Segments")),
                              (self.campaigns, tr("Campaigns")), (self.reports, tr("Reports")),
                              (self.settings, tr("Settings")), (self.staff_tab, tr("Staff")),
                              (self.audit, tr("Audit")), (self.stores, tr("Stores")), (self.uplift, tr("Uplift")),
                              (self.jobs, tr("Jobs")), (self.rewards, tr("Rewards"))):
            self.tabs.addTab(widget, f"{title}  (Ctrl+{self.tabs.count() + 1})")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.members.open_member.connect(self.open_member)
        self.segments.segment_chosen.connect(self.show_segment)
        status = QHBoxLayout()
        status.addWidget(self.where)
        status.addWidget(self.error, 1)
        status.addWidget(self.info, 1)
        status.addWidget(self.busy)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(status)
        self.setCentralWidget(central)

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        for number in range(1, self.tabs.count() + 1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      activated=lambda tab=number - 1: self.tabs.setCurrentIndex(tab))

    # ------------------------------------------------------------ shared services for the tabs
    def run(self, fn, on_done, on_error=None) -> None:
        """Runs fn on the worker; its result goes to on_done, a failure to the error line."""
        def failed(exc: Exception) -> None:
            self.show_error(exc)
            if on_error is not None:
                on_error(exc)
        self.clear_error()
        self.worker.submit(fn, on_done, failed)

    def show_error(self, exc: Exception | str) -> None:
        self.info.clear()
        self.error.setText(exc if isinstance(exc, str) else common.error_text(exc))

    def show_info(self, text: str) -> None:
        self.error.clear()
        self.info.setText(text)

    def clear_error(self) -> None:
        self.error.clear()

    # ------------------------------------------------------------ navigation
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.members)
        self.members.focus_search()

    def show_group(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.members)
        self.members.show_group(key)

    def show_segment(self, name: str) -> None:
        self.tabs.setCurrentWidget(self.members)
        self.members.show_segment(name)

    def open_member(self, member_id: int):
        from pos.ui.manager.member_detail import MemberDetailDialog

        dialog = MemberDetailDialog(self, member_id)
        dialog.changed.connect(self.data_changed)
        dialog.open()
        return dialog

    def data_changed(self, changes) -> None:
        """Every mutation's change record comes here: the tabs showing what changed refresh."""
        self.members.data_changed(changes)

    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if hasattr(widget, "shown"):
            widget.shown()

    def closeEvent(self, event) -> None:
        self.worker.wait(10000)
        super().closeEvent(event)
