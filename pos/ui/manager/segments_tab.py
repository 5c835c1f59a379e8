"""Segments tab: sizes of the latest snapshot, the change since the one before, Recompute."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from pos.services.lifecycle import groups
from pos.services.segments import rfm as service
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.lifecycle_text import group_text
from pos.ui.manager import common


def _change(value: int | None) -> str:
    if value is None:
        return ""
    return formats.signed(value)


class SegmentsTab(QWidget):
    segment_chosen = Signal(str)
    overview_loaded = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.overview = None
        self.taken = QLabel(objectName="title")
        self.recompute = QPushButton(tr("Recompute segments"), objectName="primary")
        self.recompute.clicked.connect(self.recompute_segments)
        self.progress = QProgressBar(minimum=0, maximum=0)
        self.progress.hide()
        self.table = common.read_only_table([tr("Segment"), tr("Members"), tr("Previous snapshot"), tr("Change")])
        self.table.cellActivated.connect(self._chosen)                         # double-click or Enter
        top = QHBoxLayout()
        top.addWidget(self.taken, 1)
        top.addWidget(self.progress)
        top.addWidget(self.recompute)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(tr("Double-click a segment (or press Enter) to see its members."), objectName="hint"))
        self.groups_taken = QLabel(objectName="title")
        self.regroup = QPushButton(tr("Regroup now"))
        self.regroup.clicked.connect(self.regroup_members)
        self.groups = common.read_only_table([tr("Behaviour group"), tr("Members"), tr("A week before"),
                                              tr("Change since last week")])
        self.groups.cellActivated.connect(self._group_chosen)
        self.group_overview = None
        groups_top = QHBoxLayout()
        groups_top.addWidget(self.groups_taken, 1)
        groups_top.addWidget(self.regroup)
        layout.addLayout(groups_top)
        layout.addWidget(self.groups, 1)
        layout.addWidget(QLabel(tr("A member may carry several groups; they are regrouped every week by the "
                                   "scheduled jobs. Double-click a group to see its members."), objectName="hint"))

    def shown(self) -> None:
        if self.overview is None:
            self.reload()

    def reload(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.segment_overview(ctx, actor), self._show)
        self.console.run(lambda: groups.group_overview(ctx, actor), self._show_groups)

    def _show_groups(self, overview) -> None:
        self.group_overview = overview
        if overview.taken_at is None:
            self.groups_taken.setText(tr("Behaviour groups: not computed yet (press Regroup now)."))
        else:
            before = common.when(overview.previous_taken_at) or tr("none a week before")
            self.groups_taken.setText(tr("Behaviour groups of {0} (compared with {1})").format(
                common.when(overview.taken_at), before))
        rows = [(group_text(r.key), f"{r.count:,}", "" if r.previous_count is None else f"{r.previous_count:,}",
                 _change(r.change)) for r in overview.rows]
        common.fill_table(self.groups, rows, numeric={1, 2, 3})
        self.groups.setColumnWidth(0, max(self.groups.columnWidth(0), 220))

    def regroup_members(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.regroup.setEnabled(False)
        self.console.run(lambda: (groups.regroup(ctx), groups.group_overview(ctx, actor)), self._regrouped,
                         lambda _: self.regroup.setEnabled(True))

    def _regrouped(self, result) -> None:
        sizes, overview = result
        self.regroup.setEnabled(True)
        self._show_groups(overview)
        self.console.show_info(tr("Members regrouped."))
        self.console.data_changed(sizes.changes)

    def _group_chosen(self, row: int, _column: int = 0) -> None:
        if self.group_overview is not None and 0 <= row < len(self.group_overview.rows):
            self.console.show_group(self.group_overview.rows[row].key)

    def _show(self, overview) -> None:
        self.overview = overview
        if overview.taken_at is None:
            self.taken.setText(tr("No snapshot yet: press Recompute."))
        else:
            previous = common.when(overview.previous_taken_at) or tr("none")
            self.taken.setText(tr("Snapshot of {0} (previous: {1})").format(common.when(overview.taken_at), previous))
        rows = [(common.segment_label(r.name), formats.count(r.count),
                 "" if r.previous_count is None else formats.count(r.previous_count), _change(r.change))
                for r in overview.rows]
        common.fill_table(self.table, rows, numeric={1, 2, 3})
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 220))
        self.overview_loaded.emit(overview)

    def recompute_segments(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.recompute.setEnabled(False)
        self.progress.show()
        self.console.run(lambda: (service.compute_segments(ctx), service.segment_overview(ctx, actor)),
                         self._recomputed, lambda _: self._done())

    def _recomputed(self, result) -> None:
        sizes, overview = result
        self._done()
        self._show(overview)
        self.console.show_info(tr("Segments recomputed."))
        self.console.data_changed(sizes.changes)

    def _done(self) -> None:
        self.recompute.setEnabled(True)
        self.progress.hide()

    def _chosen(self, row: int, _column: int = 0) -> None:
        if self.overview is not None and 0 <= row < len(self.overview.rows):
            self.segment_chosen.emit(self.overview.rows[row].name)
