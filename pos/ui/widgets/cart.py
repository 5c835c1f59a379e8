"""The cart: a table model of plain items (never database objects) and its view."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from pos.money import yuan
from pos.services.sales.cart import MAX_QTY, LineInput
from pos.ui.i18n import N_, tr


@dataclass(frozen=True)
class CartItem:
    sku: str | None
    name: str
    unit_price_fen: int
    qty: int
    discountable: bool = True

    @property
    def amount_fen(self) -> int:
        return self.unit_price_fen * self.qty

    def line_input(self) -> LineInput:
        if self.sku:
            return LineInput(sku=self.sku, qty=self.qty)
        return LineInput(name=self.name, price_fen=self.unit_price_fen, qty=self.qty, discountable=self.discountable)


class CartModel(QAbstractTableModel):
    HEADERS = (N_("Item"), N_("Qty"), N_("Price"), N_("Amount"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[CartItem] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            note = "" if item.discountable else " *"
            return (item.name + note, str(item.qty), yuan(item.unit_price_fen), yuan(item.amount_fen))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def add(self, item: CartItem) -> None:
        for row, existing in enumerate(self.items):
            if item.sku and existing.sku == item.sku:
                self.set_qty(row, existing.qty + item.qty)
                return
        self.beginInsertRows(QModelIndex(), len(self.items), len(self.items))
        self.items.append(item)
        self.endInsertRows()

    def set_qty(self, row: int, qty: int) -> None:
        qty = max(1, min(MAX_QTY, qty))
        self.items[row] = replace(self.items[row], qty=qty)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.items = []
        self.endResetModel()

    def row_of(self, sku: str) -> int:
        return next((row for row, item in enumerate(self.items) if item.sku == sku), len(self.items) - 1)

    def line_inputs(self) -> list[LineInput]:
        return [item.line_input() for item in self.items]
