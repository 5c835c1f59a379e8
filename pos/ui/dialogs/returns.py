"""Returns: open a receipt (typed or scanned), choose quantities, confirm, see refund and points."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pos.errors import PosError
from pos.money import yuan
from pos.services.sales import returns
from pos.ui.dialogs import pin
from pos.ui.i18n import tr
from pos.ui.messages import error_text


class ReturnDialog(QDialog):
    def __init__(self, ctx, worker, staff_id: int | None, receipt_no: str = "", parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.staff_id = ctx, worker, staff_id
        self.lines: list[returns.SaleLineView] = []
        self.result_return = None
        self.setWindowTitle(tr("Return"))
        self.setMinimumSize(720, 520)
        self.receipt = QLineEdit(receipt_no, placeholderText=tr("Receipt number (scan or type)"))
        self.receipt.returnPressed.connect(self.load)
        load = QPushButton(tr("Open  Enter"))
        load.clicked.connect(self.load)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("Item"), tr("Sold"), tr("Returned"), tr("Return now")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.table.verticalHeader().setDefaultSectionSize(52)   # room for the spin box
        self.table.verticalHeader().setVisible(False)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.confirm = QPushButton(tr("Confirm return  F9"), objectName="danger")
        self.confirm.setShortcut("F9")
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self.submit)
        close = QPushButton(tr("Close  Esc"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.receipt, 1)
        top.addWidget(load)
        bottom = QHBoxLayout()
        bottom.addWidget(close)
        bottom.addWidget(self.confirm, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        if receipt_no:
            self.load()

    def load(self) -> None:
        number = self.receipt.text().strip()
        self.worker.submit(lambda: returns.sale_lines(self.ctx, number), self._loaded, self._failed)

    def _loaded(self, lines) -> None:
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for col, text in enumerate((line.name, str(line.qty), str(line.returned_qty))):
                item = QTableWidgetItem(text)
                self.table.setItem(row, col, item)
            spin = QSpinBox()
            spin.setRange(0, line.qty - line.returned_qty)
            self.table.setCellWidget(row, 3, spin)
        if self.result_return is None:   # keep the refund just booked on screen
            self.message.setText("")
        self.confirm.setEnabled(any(line.returned_qty < line.qty for line in lines))

    def chosen(self) -> list[tuple[int, int]]:
        picks = []
        for row, line in enumerate(self.lines):
            qty = self.table.cellWidget(row, 3).value()
            if qty:
                picks.append((line.line_no, qty))
        return picks

    def submit(self, manager_pin: str | None = None) -> None:
        picks = self.chosen()
        if not picks:
            self.message.setText(tr("Choose how many of which item to return."))
            return
        self.confirm.setEnabled(False)
        number = self.receipt.text().strip()
        self.worker.submit(lambda: returns.return_sale(self.ctx, number, picks, cashier_id=self.staff_id,
                                                       manager_pin=manager_pin), self._done, self._failed)

    def _done(self, result: returns.ReturnResult) -> None:
        self.result_return = result
        self.message.setStyleSheet("color: #1f8a4c;")
        text = tr("Return {0}: refund {1}; points taken back {2}, points given back {3}.").format(
            result.return_no, yuan(result.refund_fen), result.points_reversed, result.points_restored)
        if result.points_not_reversed:
            text += "\n" + tr("{0} points earned on this sale were already spent and could not be taken back.").format(
                result.points_not_reversed)
        self.message.setText(text)
        self.load()

    @staticmethod
    def _approval_reason(exc: PosError) -> str:
        """Why a manager is asked: the refund limit, or a sale older than the return window."""
        if exc.code != "return_window_passed":
            return error_text(exc)
        return tr("This sale is from {0}, {1} days ago; returns are taken within {2} days. "
                  "A manager may approve a late return.").format(
            exc.details["sold_on"], exc.details["days"], exc.details["window_days"])

    def _failed(self, exc: Exception) -> None:
        self.confirm.setEnabled(bool(self.lines))
        if isinstance(exc, PosError) and exc.code in ("manager_pin_required", "return_window_passed"):
            code = pin.ask_manager_pin(self, self._approval_reason(exc))
            if code:
                self.submit(manager_pin=code)
            return
        self.message.setStyleSheet("")
        self.message.setText(error_text(exc))
