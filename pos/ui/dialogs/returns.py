"""Returns: open a receipt (typed or scanned), see its lines with prices and how it was paid, choose
quantities, see the refund in plain words before confirming (money back, points taken back, points
given back), confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
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
from pos.ui.dialogs.payment import method_name
from pos.ui.i18n import N_, tr
from pos.ui.messages import error_text
from pos.vocabulary import payment_method

COLUMNS = (N_("Item"), N_("Price"), N_("Paid"), N_("Sold"), N_("Returned"), N_("Return now"))
RETURN_NOW = len(COLUMNS) - 1


class ReturnDialog(QDialog):
    def __init__(self, ctx, worker, staff_id: int | None, receipt_no: str = "", parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.staff_id = ctx, worker, staff_id
        self.sale: returns.SaleForReturn | None = None
        self.lines: list[returns.ReturnLineView] = []
        self.result_return = None
        self.preview: returns.ReturnPreview | None = None
        self.setWindowTitle(tr("Return"))
        self.setMinimumSize(860, 600)
        self.receipt = QLineEdit(receipt_no, placeholderText=tr("Receipt number (scan or type)"))
        self.receipt.returnPressed.connect(self.load)
        load = QPushButton(tr("Open  Enter"))
        load.setAutoDefault(False)
        load.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        load.clicked.connect(self.load)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RETURN_NOW, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(RETURN_NOW, 120)
        self.table.verticalHeader().setDefaultSectionSize(52)   # room for the spin box
        self.table.verticalHeader().setVisible(False)
        self.paid_with = QLabel(objectName="hint", wordWrap=True)
        self.refund = QLabel(objectName="title", wordWrap=True)
        self.points = QLabel(wordWrap=True)
        self.note = QLabel(objectName="warning", wordWrap=True)
        self.note.setVisible(False)
        self.message = QLabel(objectName="error", wordWrap=True)
        self.confirm = QPushButton(tr("Confirm return  F9"), objectName="danger")
        self.confirm.setShortcut("F9")
        self.confirm.setAutoDefault(False)
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self.submit)
        close = QPushButton(tr("Close  Esc"))
        close.setAutoDefault(False)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.reject)
        self.preview_timer = QTimer(self, singleShot=True, interval=120, timeout=self._preview)
        top = QHBoxLayout()
        top.addWidget(self.receipt, 1)
        top.addWidget(load)
        bottom = QHBoxLayout()
        bottom.addWidget(close)
        bottom.addWidget(self.confirm, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.paid_with)
        layout.addWidget(self.refund)
        layout.addWidget(self.points)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        if receipt_no:
            self.load()

    def load(self) -> None:
        number = self.receipt.text().strip()
        self.worker.submit(lambda: returns.sale_for_return(self.ctx, number), self._loaded, self._failed)

    def _loaded(self, sale: returns.SaleForReturn) -> None:
        self.sale = sale
        self.lines = list(sale.lines)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            texts = (line.name, yuan(line.unit_price_fen), yuan(line.paid_fen), str(line.qty), str(line.returned_qty))
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
            spin = QSpinBox()
            spin.setRange(0, line.qty - line.returned_qty)
            spin.valueChanged.connect(lambda _: self.preview_timer.start())
            self.table.setCellWidget(row, RETURN_NOW, spin)
        paid = ", ".join(f"{method_name(payment_method(m)) if payment_method(m) else m} {yuan(a)}"
                         for m, a in sale.payments)
        text = tr("Paid with: {0}").format(paid)
        if sale.refunded_fen:
            text += "   " + tr("Refunded before: {0}").format(yuan(sale.refunded_fen))
        self.paid_with.setText(text)
        if self.result_return is None:   # keep the refund just booked on screen
            self.message.setText("")
        self._show_preview(None)
        self.confirm.setEnabled(False)

    def chosen(self) -> list[tuple[int, int]]:
        picks = []
        for row, line in enumerate(self.lines):
            qty = self.table.cellWidget(row, RETURN_NOW).value()
            if qty:
                picks.append((line.line_no, qty))
        return picks

    # ------------------------------------------------------------ the refund before confirming
    def _preview(self) -> None:
        picks = self.chosen()
        if not picks or self.sale is None:
            self._show_preview(None)
            return
        number = self.sale.receipt_no
        self.worker.submit(lambda: returns.preview_return(self.ctx, number, picks),
                           lambda p, asked=picks: self._previewed(p, asked), self._failed)

    def _previewed(self, preview: returns.ReturnPreview, asked: list[tuple[int, int]]) -> None:
        if asked == self.chosen():     # not overtaken by another change of quantity
            self._show_preview(preview)

    def _show_preview(self, preview: returns.ReturnPreview | None) -> None:
        self.preview = preview
        self.confirm.setEnabled(preview is not None)
        if preview is None:
            self.refund.setText(tr("Choose how many of which item to return."))
            self.points.setText("")
            self.note.setVisible(False)
            return
        self.refund.setText(tr("Money back to the customer: {0}").format(yuan(preview.refund_fen)))
        words = []
        if self.sale is not None and self.sale.member_id is not None:
            words.append(tr("Points taken back from the member (earned on this sale): {0}").format(
                f"{preview.points_taken_back:,}"))
            words.append(tr("Points given back to the member (spent on this sale): {0}").format(
                f"{preview.points_given_back:,}"))
        self.points.setText("\n".join(words))
        self.note.setText(tr("This refund needs a manager PIN.") if preview.needs_manager else "")
        self.note.setVisible(preview.needs_manager)

    # ------------------------------------------------------------ booking
    def submit(self, manager_pin: str | None = None) -> None:
        picks = self.chosen()
        if not picks:
            self.message.setText(tr("Choose how many of which item to return."))
            return
        self.confirm.setEnabled(False)
        # a preview still waiting for its timer would run after the booking, on quantities already
        # returned, and its refusal would replace the booked return's message
        self.preview_timer.stop()
        number = self.receipt.text().strip()
        self.worker.submit(lambda: returns.return_sale(self.ctx, number, picks, cashier_id=self.staff_id,
                                                       manager_pin=manager_pin), self._done, self._failed)

    def _done(self, result: returns.ReturnResult) -> None:
        self.result_return = result
        self.message.setStyleSheet("color: #1f8a4c;")
        text = tr("Return {0} booked: {1} back to the customer; {2} points taken back from the member, "
                  "{3} points given back.").format(
            result.return_no, yuan(result.refund_fen), f"{result.points_reversed:,}", f"{result.points_restored:,}")
        if result.points_not_reversed:
            text += "\n" + tr("{0} points earned on this sale were already spent and could not be taken back.").format(
                result.points_not_reversed)
        text += "".join("\n" + line for line in voided_lines(result.offers_voided))
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
        self.confirm.setEnabled(self.preview is not None)
        if isinstance(exc, PosError) and exc.code in ("manager_pin_required", "return_window_passed"):
            code = pin.ask_manager_pin(self, self._approval_reason(exc))
            if code:
                self.submit(manager_pin=code)
            else:
                self.message.setStyleSheet("")
                self.message.setText(tr("Not returned: this refund needs a manager's PIN."))
            return
        self.message.setStyleSheet("")
        self.message.setText(error_text(exc))


def voided_lines(undone) -> list[str]:
    """What the return took back of the sale's offers, one plain line each (pos return --json: offers_voided)."""
    names = {"bounce_back": tr("Next-visit coupon"), "welcome": tr("Welcome coupon"),
             "referral_reward": tr("The referrer's reward"), "stamp_reward": tr("Stamp card reward"),
             "reward": tr("Points reward"), "bonus": tr("Bonus points"), "stamps": tr("Stamp card")}
    lines = []
    for item in undone:
        name = names.get(item.kind, item.kind) + (f" {item.code}" if item.code and item.kind != "stamps" else "")   # a card key is no code
        if item.voided:
            lines.append(tr("{0}: voided (no longer usable).").format(name))
        if item.points_reversed:
            lines.append(tr("{0}: {1} points taken back.").format(name, f"{item.points_reversed:,}"))
        if item.points_restored:
            lines.append(tr("{0}: {1} points given back.").format(name, f"{item.points_restored:,}"))
        if item.stamps_back:
            lines.append(tr("{0}: {1} stamps taken off the card.").format(name, item.stamps_back))
    return lines
