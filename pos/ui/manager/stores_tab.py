"""Stores tab: the chain's stores and their tills; a store's own name, address, phone, receipt header
and footer and join-group links (per tier) over the chain's settings; adding a store (chain
administrators) and registering a till (a store's manager too). The services check who may."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.services.stores import chain as service
from pos.ui.i18n import tr
from pos.ui.manager import common


def group_text(urls: dict[str, str]) -> str:
    return "\n".join(f"{tier} = {url}" for tier, url in sorted(urls.items()))


def parse_group_text(text: str) -> dict[str, str]:
    urls = {}
    for line in text.splitlines():
        tier, sep, url = line.partition("=")
        if sep and tier.strip() and url.strip():
            urls[tier.strip()] = url.strip()
    return urls


class StoresTab(QWidget):
    stores_loaded = Signal(object)

    def __init__(self, console) -> None:
        super().__init__()
        self.console = console
        self.stores: list = []
        self.table = common.read_only_table([tr("Code"), tr("Store"), tr("Address"), tr("Phone"), tr("Tills"),
                                             tr("Receipt header")])
        self.table.itemSelectionChanged.connect(self._selected)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self._edit_box(), 3)
        row.addWidget(self._add_box(), 2)
        layout.addLayout(row)

    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(tr("The selected store (empty: as the chain's settings)"))
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.header = QLineEdit(placeholderText=tr("the chain's receipt header"))
        self.footer = QLineEdit(placeholderText=tr("the chain's receipt footer"))
        self.groups = QPlainTextEdit(placeholderText=tr("one line per tier: gold = https://…"))
        self.groups.setMaximumHeight(96)
        save = QPushButton(tr("Save store"), objectName="primary")
        save.clicked.connect(self.save_store)
        till = QPushButton(tr("Register a till"))
        till.clicked.connect(self.add_till)
        form = QFormLayout(box)
        for label, widget in ((tr("Name"), self.name), (tr("Address"), self.address), (tr("Phone"), self.phone),
                              (tr("Receipt header"), self.header), (tr("Receipt footer"), self.footer),
                              (tr("Join-group links"), self.groups)):
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(till)
        buttons.addStretch(1)
        buttons.addWidget(save)
        form.addRow(buttons)
        return box

    def _add_box(self) -> QGroupBox:
        box = QGroupBox(tr("Add a store (chain administrator)"))
        self.new_code = QLineEdit(placeholderText=tr("Code, e.g. S02"))
        self.new_name = QLineEdit(placeholderText=tr("Name"))
        self.new_address = QLineEdit(placeholderText=tr("Address"))
        add = QPushButton(tr("Add store"))
        add.clicked.connect(self.add_store)
        layout = QVBoxLayout(box)
        for widget in (self.new_code, self.new_name, self.new_address, add):
            layout.addWidget(widget)
        layout.addStretch(1)
        return box

    def shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.list_stores(ctx, actor), self._show)

    def _show(self, stores) -> None:
        chosen = self.selected()
        self.stores = list(stores)
        common.fill_table(self.table, [(s.code, s.name, s.address, s.phone, ", ".join(s.tills),
                                        s.receipt_header or "") for s in self.stores])
        codes = [s.code for s in self.stores]
        self.table.selectRow(codes.index(chosen.code) if chosen and chosen.code in codes else 0)
        self.stores_loaded.emit(self.stores)

    def selected(self):
        row = self.table.currentRow()
        return self.stores[row] if 0 <= row < len(self.stores) else None

    def _selected(self) -> None:
        store = self.selected()
        if store is None:
            return
        self.name.setText(store.name)
        self.address.setText(store.address)
        self.phone.setText(store.phone)
        self.header.setText(store.receipt_header or "")
        self.footer.setText(store.receipt_footer or "")
        self.groups.setPlainText(group_text(store.group_urls))

    def save_store(self) -> None:
        store = self.selected()
        if store is None:
            self.console.show_error(tr("Choose a store first."))
            return
        changes = {"name": self.name.text(), "address": self.address.text(), "phone": self.phone.text(),
                   "receipt_header": self.header.text().strip() or None,
                   "receipt_footer": self.footer.text().strip() or None,
                   "group_urls": parse_group_text(self.groups.toPlainText()) or None}
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.update_store(ctx, actor, store.code, **changes),
                         lambda view: (self.console.show_info(tr("Store {0} saved.").format(view.code)), self.reload()))

    def add_store(self) -> None:
        code, name, address = self.new_code.text().strip(), self.new_name.text().strip(), self.new_address.text()
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.add_store(ctx, actor, code, name, address=address), self._added)

    def _added(self, view) -> None:
        for edit in (self.new_code, self.new_name, self.new_address):
            edit.clear()
        self.console.show_info(tr("Store {0} added: register its tills.").format(view.code))
        self.reload()

    def add_till(self) -> None:
        store = self.selected()
        if store is None:
            self.console.show_error(tr("Choose a store first."))
            return
        ctx, actor = self.console.ctx, self.console.staff.id
        self.console.run(lambda: service.add_till(ctx, actor, store.code),
                         lambda code: (self.console.show_info(
                             tr("Till {0} registered: start it with --till {0}.").format(code)), self.reload()))
