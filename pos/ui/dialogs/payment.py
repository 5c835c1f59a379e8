"""Payment: method, cash tendered and change; confirming books the sale exactly once.

The dialog holds one sale id for its whole life and disables Confirm while booking, so a
double click or Enter twice cannot book two sales (the service is idempotent on it too).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos.errors import PosError
from pos.money import parse_yuan, yuan
from pos.services.sales import checkout as co
from pos.ui import i18n
from pos.ui.dialogs import pin
from pos.ui.i18n import tr
from pos.ui.messages import error_text
from pos.vocabulary import PAYMENT_METHODS, gives_change


def method_name(method) -> str:
    """The vocabulary names each method in both languages (the receipt prints both)."""
    return method.name_zh if i18n.current().startswith("zh") else method.name


class PaymentDialog(QDialog):
    booked = Signal(object)

    def __init__(self, ctx, worker, request: co.CheckoutRequest, due_fen: int, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.due = ctx, worker, due_fen
        self.request = request
        self.sale_id = str(uuid.uuid4())
        self.result_sale = None
        self.booking = False
        self.setWindowTitle(tr("Payment"))
        self.setMinimumWidth(560)
        self.group = QButtonGroup(self)
        methods = QHBoxLayout()
        for number, method in enumerate(PAYMENT_METHODS, start=1):
            button = QPushButton(f"{method_name(method)}  {number}", checkable=True)
            button.setShortcut(str(number))
            button.setProperty("method", method.key)
            self.group.addButton(button)
            methods.addWidget(button)
        self.group.buttons()[0].setChecked(True)
        self.group.buttonToggled.connect(self._method_changed)
        self.tendered = QLineEdit(placeholderText=tr("Cash tendered"))
        self.tendered.textChanged.connect(self._update_change)
        self.change = QLabel()
        self.error = QLabel(objectName="error", wordWrap=True)
        self.confirm = QPushButton(tr("Confirm payment  Enter"), objectName="primary")
        self.confirm.setDefault(True)
        self.confirm.clicked.connect(self.submit)
        cancel = QPushButton(tr("Back  Esc"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Amount due")))
        layout.addWidget(QLabel(yuan(due_fen), objectName="due"))
        layout.addLayout(methods)
        layout.addWidget(self.tendered)
        layout.addWidget(self.change)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addWidget(self.confirm, 1)
        layout.addLayout(row)
        self._update_change()

    def method(self) -> str:
        return self.group.checkedButton().property("method")

    def _method_changed(self, *_):
        self.tendered.setVisible(gives_change(self.method()))
        self._update_change()

    def _tendered_fen(self) -> int | None:
        text = self.tendered.text().strip()
        return parse_yuan(text, field=tr("cash tendered")) if text else None

    def _update_change(self) -> None:
        try:
            tendered = self._tendered_fen() if gives_change(self.method()) else None
        except PosError as exc:
            self.change.setText(error_text(exc))
            return
        self.change.setText(tr("Change: {0}").format(yuan(max(0, tendered - self.due))) if tendered else "")

    def submit(self, manager_pin: str | None = None) -> None:
        if self.booking or self.result_sale is not None:
            return
        try:
            tendered = self._tendered_fen() if gives_change(self.method()) else None
        except PosError as exc:
            self.error.setText(error_text(exc))
            return
        self.booking = True
        self.confirm.setEnabled(False)
        request = co.CheckoutRequest(**{**self.request.__dict__, "sale_id": self.sale_id,
                                        "payments": [co.PaymentInput(self.method(), tendered)],
                                        "manager_pin": manager_pin or self.request.manager_pin})
        self.worker.submit(lambda: co.checkout(self.ctx, request), self._done, self._failed)

    def _done(self, result: co.CheckoutResult) -> None:
        self.result_sale = result
        self.booked.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.booking = False
        self.confirm.setEnabled(True)
        if isinstance(exc, PosError) and exc.code == "manager_pin_required":
            code = pin.ask_manager_pin(self, error_text(exc))
            if code:
                self.submit(manager_pin=code)
            return
        self.error.setText(error_text(exc))
