"""Members tab: search, filters, the lazily paged member table and the matching count."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.errors import BadInput
from pos.loyalty.behaviour import GROUPS
from pos.money import parse_yuan
from pos.services.members import export
from pos.services.members import listing as member_list
from pos.services.members.listing import MemberFilter
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.lifecycle_text import group_text
from pos.ui.manager import common
from pos.ui.manager.member_model import MemberTableModel


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day), calendarPopup=True, displayFormat="yyyy-MM-dd")
    edit.setEnabled(False)
    return edit


def _int_or_none(text: str, field: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()):   # '²'.isdigit() is True but int('²') fails
        raise BadInput("number_invalid", tr("{0}: expected a whole number, got '{1}'").format(field, text))
    return int(text)


def _yuan_or_none(text: str, field: str) -> int | None:
    return parse_yuan(text.strip(), field=field) if text.strip() else None


class MembersTab(QWidget):
    open_member = Signal(int)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.model = MemberTableModel(console.ctx, console.staff.id, console.worker, console.lang, self)
        self.model.counted.connect(self._show_count)
        self.model.failed.connect(console.show_error)
        self.apply_timer = QTimer(self, singleShot=True, interval=300, timeout=self.apply_filter)
        self._build()
        self.apply_filter()
        self.reload_as_of()

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        self.search = QLineEdit(objectName="lookup", placeholderText=tr("Phone tail or name  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.tier = QComboBox()
        self.tier.addItem(tr("All tiers"), None)
        for tier in self.console.ctx.config.tiers:
            self.tier.addItem(common.tier_label(self.console.ctx.config, tier.key, tier.name, self.console.lang),
                              tier.key)
        self.segment = QComboBox()
        self.segment.addItem(tr("All segments"), None)
        for name in common.SEGMENTS:
            self.segment.addItem(common.segment_label(name), name)
        self.store = QComboBox()           # members enrolled at a store (filled by set_stores)
        self.store.addItem(tr("All stores"), None)
        self.count = QLabel(objectName="title")
        self.as_of = QLabel(objectName="hint")
        today = self.console.ctx.clock().date()
        self.visit_on = QCheckBox(tr("Last visit"))
        self.visit_from, self.visit_to = _date_edit(date(today.year - 1, today.month, 1)), _date_edit(today)
        self.spend_min, self.spend_max = self._small_edit(tr("min ¥")), self._small_edit(tr("max ¥"))
        self.points_min, self.points_max = self._small_edit(tr("min")), self._small_edit(tr("max"))
        self.birthday = QCheckBox(tr("Birthday this month"))
        self.expiring = QCheckBox(tr("Points expiring soon"))
        self.group = QComboBox()
        self.group.addItem(tr("All behaviour groups"), None)
        for key in GROUPS:
            self.group.addItem(group_text(key), key)
        self.due_on = QCheckBox(tr("Due to buy again within"))
        self.due_days = QSpinBox(minimum=0, maximum=365, value=7, suffix=tr(" days"))
        clear = QPushButton(tr("Clear filters"))
        clear.clicked.connect(self.clear_filters)
        self.export = QPushButton(tr("Export CSV…"))
        self.export.clicked.connect(self.export_csv)
        self.full_phone = QCheckBox(tr("Full numbers"))
        self.table = self._table()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.tier, 1)
        top.addWidget(self.segment, 1)
        top.addWidget(self.store, 1)
        top.addWidget(self.count)
        top.addWidget(self.as_of)
        layout.addLayout(top)
        layout.addLayout(self._filter_grid(clear))
        layout.addWidget(self.table, 1)
        self._connect_changes()

    def _filter_grid(self, clear: QPushButton) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(self.visit_on, 0, 0)
        grid.addWidget(self.visit_from, 0, 1)
        grid.addWidget(QLabel("–"), 0, 2)
        grid.addWidget(self.visit_to, 0, 3)
        grid.addWidget(QLabel(tr("Spend (365 days)")), 0, 4)
        grid.addWidget(self.spend_min, 0, 5)
        grid.addWidget(self.spend_max, 0, 6)
        grid.addWidget(QLabel(tr("Points")), 0, 7)
        grid.addWidget(self.points_min, 0, 8)
        grid.addWidget(self.points_max, 0, 9)
        grid.addWidget(self.birthday, 1, 0, 1, 2)
        grid.addWidget(self.expiring, 1, 2, 1, 3)
        grid.addWidget(clear, 1, 5, 1, 2)
        grid.addWidget(self.full_phone, 1, 7)
        grid.addWidget(self.export, 1, 8, 1, 2)
        grid.addWidget(self.group, 2, 0, 1, 2)
        grid.addWidget(self.due_on, 2, 2, 1, 2)
        grid.addWidget(self.due_days, 2, 4)
        grid.setColumnStretch(10, 1)
        return grid

    def _small_edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(placeholderText=placeholder)
        edit.setMaximumWidth(110)
        return edit

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(36)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 130, 100, 130, 170, 170, 80, 100, 150, 110)):
            table.setColumnWidth(column, max(width, common.header_width(self.model.headerData(
                column, Qt.Orientation.Horizontal))))
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        table.activated.connect(lambda index: self._open_row(index.row()))     # double-click or Enter
        return table

    def _connect_changes(self) -> None:
        self.search.textChanged.connect(lambda _: self.apply_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.due_days.valueChanged.connect(lambda _: self.due_on.isChecked() and self.apply_timer.start())
        self.due_on.toggled.connect(lambda _: self.apply_timer.start())
        for combo in (self.tier, self.segment, self.store, self.group):
            combo.currentIndexChanged.connect(lambda _: self.apply_timer.start())
        for box in (self.birthday, self.expiring, self.visit_on):
            box.toggled.connect(lambda _: self.apply_timer.start())
        self.visit_on.toggled.connect(self.visit_from.setEnabled)
        self.visit_on.toggled.connect(self.visit_to.setEnabled)
        for edit in (self.visit_from, self.visit_to):
            edit.dateChanged.connect(lambda _: self.apply_timer.start())
        for edit in (self.spend_min, self.spend_max, self.points_min, self.points_max):
            edit.editingFinished.connect(self.apply_timer.start)

    # ------------------------------------------------------------ filtering
    def current_filter(self) -> MemberFilter:
        """The filter the controls describe; raises BadInput naming a bad field."""
        tier = self.tier.currentData()
        visits = self.visit_on.isChecked()
        return MemberFilter(
            text=self.search.text().strip(), tiers=(tier,) if tier else (), segment=self.segment.currentData(),
            last_visit_from=self.visit_from.date().toPython() if visits else None,
            last_visit_to=self.visit_to.date().toPython() if visits else None,
            spend_min_fen=_yuan_or_none(self.spend_min.text(), tr("minimum spend")),
            spend_max_fen=_yuan_or_none(self.spend_max.text(), tr("maximum spend")),
            points_min=_int_or_none(self.points_min.text(), tr("minimum points")),
            points_max=_int_or_none(self.points_max.text(), tr("maximum points")),
            birthday_this_month=self.birthday.isChecked(), expiring_soon=self.expiring.isChecked(),
            store_id=self.store.currentData(), group=self.group.currentData(),
            due_within_days=self.due_days.value() if self.due_on.isChecked() else None)

    def set_stores(self, stores) -> None:
        """The stores to filter by (those the manager may see), keeping the current choice; a store
        manager's list opens on their own store (members are chain-wide: "All stores" finds a member
        who enrolled elsewhere)."""
        first = self.store.count() == 1
        chosen = self.store.currentData()
        if first and getattr(self.console.staff, "store_id", None) is not None:
            chosen = self.console.staff.store_id
        self.store.blockSignals(True)
        while self.store.count() > 1:
            self.store.removeItem(1)
        for store in stores:
            self.store.addItem(f"{store.code} {store.name}", store.id)
        self.store.setCurrentIndex(max(0, self.store.findData(chosen)))
        self.store.blockSignals(False)
        if first and self.store.currentData() is not None:
            self.apply_filter()

    def apply_filter(self) -> None:
        self.apply_timer.stop()
        try:
            flt = self.current_filter()
        except BadInput as exc:
            self.console.show_error(exc)
            return
        self.console.clear_error()
        self.count.setText(tr("searching…"))
        self.model.set_query(flt)

    def show_segment(self, name: str) -> None:
        """The members of one segment (from the Segments tab)."""
        self.clear_filters(apply=False)
        self.segment.blockSignals(True)
        self.segment.setCurrentIndex(max(0, self.segment.findData(name)))
        self.segment.blockSignals(False)
        self.apply_filter()

    def show_group(self, key: str) -> None:
        """The members of one behaviour group (from the Segments tab)."""
        self.clear_filters(apply=False)
        self.group.blockSignals(True)
        self.group.setCurrentIndex(max(0, self.group.findData(key)))
        self.group.blockSignals(False)
        self.apply_filter()

    def clear_filters(self, apply: bool = True) -> None:
        widgets = (self.search, self.tier, self.segment, self.store, self.visit_on, self.birthday, self.expiring,
                   self.spend_min, self.spend_max, self.points_min, self.points_max, self.group,
                   self.due_on)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.tier.setCurrentIndex(0)
        self.segment.setCurrentIndex(0)
        self.group.setCurrentIndex(0)
        self.due_on.setChecked(False)
        self.store.setCurrentIndex(0)
        for box in (self.visit_on, self.birthday, self.expiring):
            box.setChecked(False)
        self.visit_from.setEnabled(False)
        self.visit_to.setEnabled(False)
        for edit in (self.spend_min, self.spend_max, self.points_min, self.points_max):
            edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        if apply:
            self.apply_filter()

    def _show_count(self, count: int) -> None:
        self.count.setText(tr("{0} members").format(formats.count(count)))

    def reload_as_of(self) -> None:
        """The snapshot date of the 365-day spend, visits, segment and expiring points columns."""
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.worker.submit(lambda: member_list.stats_as_of(ctx, actor), self._show_as_of, self.console.show_error)

    def _show_as_of(self, taken_at) -> None:
        self.as_of.setText(tr("Segments and 365-day figures as of {0}").format(common.when(taken_at))
                           if taken_at else tr("Segments not computed yet"))

    def data_changed(self, changes) -> None:
        if changes.member_list:
            member_list.forget_pages()        # cached page boundaries may point at moved rows
            self.model.refresh()
        if changes.segments:
            self.reload_as_of()

    # ------------------------------------------------------------ actions
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open_row(self, row: int) -> None:
        member_id = self.model.member_id(row)
        if member_id is not None:
            self.open_member.emit(member_id)

    def export_csv(self) -> None:
        flt = self.model.filter
        full = self.full_phone.isChecked()
        if full and not common.ask_confirm(self, tr("Full phone numbers"),
                                           tr("Export full phone numbers? This is recorded in the audit log.")):
            return
        path = common.ask_save_path(self, tr("Export members"), "members.csv", "CSV (*.csv)")
        if not path:
            return
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: export.export_members(ctx, actor, path, flt, full_phone=full),
                         lambda result: self.console.show_info(tr("{0} rows written to {1}").format(formats.count(result.rows),
                                                                                                 path)))

