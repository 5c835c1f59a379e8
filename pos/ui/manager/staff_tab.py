"""Staff tab: the staff list, adding cashiers and managers, PIN reset, deactivation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.services.staff import admin as service
from pos.ui.i18n import tr
from pos.ui.manager import common


class StaffTab(QWidget):
    staff_loaded = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.staff: list = []
        self.table = common.read_only_table([tr("Code"), tr("Name"), tr("Role"), tr("Active")])
        reset = QPushButton(tr("Reset PIN…"))
        reset.clicked.connect(self.reset_pin)
        self.toggle = QPushButton(tr("Deactivate"), objectName="danger")
        self.toggle.clicked.connect(self.toggle_active)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        actions = QHBoxLayout()
        actions.addWidget(reset)
        actions.addWidget(self.toggle)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self._add_box())

    def _add_box(self) -> QGroupBox:
        box = QGroupBox(tr("Add staff"))
        self.code = QLineEdit(placeholderText=tr("Code, e.g. C02"))
        self.name = QLineEdit(placeholderText=tr("Name"))
        self.role = QComboBox()
        self.role.addItem(tr("Cashier"), "cashier")
        self.role.addItem(tr("Manager"), "manager")
        self.pin = QLineEdit(placeholderText=tr("PIN (4–12 digits)"), echoMode=QLineEdit.EchoMode.Password)
        add = QPushButton(tr("Add"), objectName="primary")
        add.clicked.connect(self.add_staff)
        row = QHBoxLayout(box)
        for widget, stretch in ((self.code, 1), (self.name, 2), (self.role, 1), (self.pin, 1), (add, 0)):
            row.addWidget(widget, stretch)
        return box

    def shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.list_staff(ctx, actor), self._show)

    def _show(self, staff) -> None:
        self.staff = list(staff)
        roles = {"cashier": tr("Cashier"), "manager": tr("Manager")}
        common.fill_table(self.table, [(s.code, s.name, roles.get(s.role, s.role), getattr(s, "active", True))
                                       for s in self.staff])
        self.staff_loaded.emit(self.staff)

    def selected(self):
        row = self.table.currentRow()
        return self.staff[row] if 0 <= row < len(self.staff) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        active = getattr(chosen, "active", True) if chosen else True
        self.toggle.setText(tr("Deactivate") if active else tr("Activate"))

    def add_staff(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        code, name, role, pin = self.code.text().strip(), self.name.text().strip(), self.role.currentData(), \
            self.pin.text()
        self.console.run(lambda: service.add_staff_member(ctx, actor, code, name, role, pin), self._added)

    def _added(self, view) -> None:
        for edit in (self.code, self.name, self.pin):
            edit.clear()
        self.console.show_info(tr("Added {0} ({1}).").format(view.name, view.code))
        self.reload()

    def reset_pin(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.console.show_error(tr("Choose a staff member first."))
            return
        pin = common.ask_text(self, tr("Reset PIN"), tr("New PIN for {0}:").format(chosen.name), secret=True)
        if pin is None:
            return
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.reset_pin(ctx, actor, chosen.id, pin),
                         lambda _: self.console.show_info(tr("PIN reset for {0}.").format(chosen.name)))

    def toggle_active(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.console.show_error(tr("Choose a staff member first."))
            return
        active = not getattr(chosen, "active", True)
        question = tr("Activate {0}?") if active else tr("Deactivate {0}? They can no longer sign in.")
        if not common.ask_confirm(self, tr("Staff"), question.format(chosen.name)):
            return
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.set_active(ctx, actor, chosen.id, active), lambda _: self.reload())
