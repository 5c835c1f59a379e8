"""Adding items by hand: product search by name, and an open item (name, price, discountable)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from pos.errors import PosError
from pos.money import parse_yuan, yuan
from pos.services.sales.catalogue import ProductView
from pos.ui.i18n import tr
from pos.ui.messages import error_text
from pos.ui.widgets.cart import CartItem


class SearchDialog(QDialog):
    """`find(text)` returns the products (the till's facade: the catalogue, or offline the cached one)."""

    def __init__(self, find: Callable[[str], list[ProductView]], worker, parent=None) -> None:
        super().__init__(parent)
        self.find, self.worker = find, worker
        self.chosen: CartItem | None = None
        self.setWindowTitle(tr("Find a product"))
        self.setMinimumSize(560, 480)
        self.text = QLineEdit(placeholderText=tr("Name, SKU or barcode"))
        self.text.textChanged.connect(self.search)
        self.results = QListWidget()
        self.results.itemActivated.connect(self.pick)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.results)
        self.search("")

    def search(self, text: str) -> None:
        self.worker.submit(lambda: self.find(text), self._show, lambda exc: None)

    def _show(self, products) -> None:
        self.results.clear()
        for p in products:
            item = QListWidgetItem(f"{p.name}   {yuan(p.price_fen)}   [{p.sku}]")
            item.setData(Qt.ItemDataRole.UserRole, CartItem(p.sku, p.name, p.price_fen, 1, p.discountable))
            self.results.addItem(item)
        if products:
            self.results.setCurrentRow(0)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.results.currentItem():
            self.pick(self.results.currentItem())
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.results.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    def pick(self, item: QListWidgetItem) -> None:
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()


class OpenItemDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.chosen: CartItem | None = None
        self.setWindowTitle(tr("Open item"))
        self.name = QLineEdit()
        self.price = QLineEdit(placeholderText="0.00")
        self.discountable = QCheckBox(tr("Discounts apply"), checked=True)
        self.error = QLabel(objectName="error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)   # Enter is OK, never Cancel
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Item name"), self.name)
        form.addRow(tr("Price"), self.price)
        form.addRow("", self.discountable)
        form.addRow(self.error)
        form.addRow(buttons)

    def submit(self) -> None:
        if not self.name.text().strip():
            self.error.setText(tr("Give the item a name."))
            return
        try:
            price = parse_yuan(self.price.text(), field=tr("price"))
        except PosError as exc:
            self.error.setText(error_text(exc))
            return
        self.chosen = CartItem(None, self.name.text().strip()[:200], price, 1, self.discountable.isChecked())
        self.accept()
