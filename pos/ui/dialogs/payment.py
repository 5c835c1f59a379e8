"""Payment: method, cash tendered and change, quick tender, split tender; confirming books the
sale exactly once.

The dialog holds one sale id for its whole life and disables its buttons while booking, so a
double click or Enter twice cannot book two sales (the service is idempotent on it too).

Keys: digits always go to the amount (no button takes the focus); Enter confirms; F1–F4 choose
cash, card, WeChat Pay, Alipay; F5 pays the exact amount in cash and F6–F8 the next round notes
(both book at once); F9 keeps the amount typed as one part of a split tender; F10 uses the most
points the member may (showing what they are worth); Esc goes back.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from pos.errors import PosError
from pos.loyalty.points import needs_manager_pin, points_value_fen
from pos.money import parse_yuan, yuan
from pos.services.sales import checkout as co
from pos.services.till import Till
from pos.ui import i18n
from pos.ui.dialogs import pin
from pos.ui.i18n import tr
from pos.ui.messages import error_text
from pos.ui.widgets.keypad import Keypad
from pos.ui.widgets.totals import scale_label
from pos.vocabulary import PAYMENT_METHODS, gives_change, payment_method

NOTES_FEN = (1000, 5000, 10000)   # the next ¥10, ¥50 and ¥100 above the amount due
QUICK_KEYS = ("F5", "F6", "F7", "F8")
SPLIT_KEY = "F9"
MAX_POINTS_KEY = "F10"


def method_name(method) -> str:
    """The vocabulary names each method in both languages (the receipt prints both)."""
    return method.name_zh if i18n.current().startswith("zh") else method.name


def quick_amounts(due_fen: int) -> list[int]:
    """Exact, then the next round note amounts above it (distinct, at most four in all)."""
    amounts = [due_fen]
    for note in NOTES_FEN:
        above = (due_fen // note + 1) * note
        if above not in amounts:
            amounts.append(above)
    return amounts[:len(QUICK_KEYS)]


def secondary(button: QPushButton) -> QPushButton:
    """A button Enter never presses and the keyboard never lands on."""
    button.setAutoDefault(False)
    button.setDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class PaymentDialog(QDialog):
    booked = Signal(object)
    points_changed = Signal(int)     # "use maximum points" changed the sale's points

    def __init__(self, ctx, worker, request: co.CheckoutRequest, due_fen: int, parent=None,
                 manager_note: str = "", max_points: int = 0, till: Till | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.worker, self.due = ctx, worker, due_fen
        self.till = till or Till(ctx)       # online, or the offline journal (pos.services.till)
        self.request = request
        self.sale_id = str(uuid.uuid4())
        self.result_sale = None
        self.booking = False
        self.parts: list[co.PaymentInput] = []      # split tender: the parts kept so far
        self.setWindowTitle(tr("Payment"))
        self.setMinimumSize(960, 600)
        self.group = QButtonGroup(self)
        methods = QGridLayout()
        for number, method in enumerate(PAYMENT_METHODS, start=1):
            button = secondary(QPushButton(f"{method_name(method)}  F{number}", checkable=True))
            button.setShortcut(f"F{number}")
            button.setProperty("method", method.key)
            self.group.addButton(button)
            methods.addWidget(button, (number - 1) // 2, (number - 1) % 2)
        self.group.buttons()[0].setChecked(True)
        self.group.buttonToggled.connect(self._method_changed)
        self.due_label = QLabel(objectName="due")
        self.tendered = QLineEdit(objectName="tendered")
        self.tendered.textChanged.connect(self._update_change)
        self.quick: list[QPushButton] = []
        quick_row = QGridLayout()
        for _ in QUICK_KEYS:
            button = secondary(QPushButton(objectName="quick"))
            button.clicked.connect(lambda _=False, b=button: self.pay_quick(b.property("amount")))
            quick_row.addWidget(button, len(self.quick) // 2, len(self.quick) % 2)
            self.quick.append(button)
        self.keypad = Keypad(self.tendered)
        self.split = secondary(QPushButton(tr("Split: keep this part  F9")))
        self.split.setShortcut(SPLIT_KEY)
        self.split.clicked.connect(self.add_part)
        self.parts_label = QLabel(objectName="hint", wordWrap=True)
        self.change = QLabel(objectName="change")
        self.note = QLabel(manager_note, objectName="warning", wordWrap=True)
        self.note.setVisible(bool(manager_note))
        self.max_points = max_points
        self.use_max = secondary(QPushButton(objectName="max_points"))
        self.use_max.setShortcut(MAX_POINTS_KEY)
        self.use_max.clicked.connect(self.use_max_points)
        self._show_max_points()
        self.error = QLabel(objectName="error", wordWrap=True)
        self.confirm = QPushButton(tr("Confirm payment  Enter"), objectName="primary")
        self.confirm.setAutoDefault(True)
        self.confirm.setDefault(True)
        self.confirm.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.submit)
        self.cancel = secondary(QPushButton(tr("Back  Esc")))
        self.cancel.clicked.connect(self.reject)
        self._lay_out(methods, quick_row)
        self._scale(self.minimumHeight())
        self._method_changed()
        self.tendered.setFocus()

    def _lay_out(self, methods: QGridLayout, quick_row: QGridLayout) -> None:
        left = QVBoxLayout()
        self.due_caption = QLabel(tr("Amount due"))
        left.addWidget(self.due_caption)
        left.addWidget(self.due_label)
        left.addLayout(methods)
        left.addWidget(self.tendered)
        left.addLayout(quick_row)
        left.addWidget(self.parts_label)
        left.addWidget(self.change)
        left.addWidget(self.note)
        left.addWidget(self.error)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.keypad)
        right.addWidget(self.split)
        right.addWidget(self.use_max)
        right.addStretch(1)
        top = QGridLayout()
        top.addLayout(left, 0, 0)
        top.addLayout(right, 0, 1)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 2)
        top.setHorizontalSpacing(24)
        row = QHBoxLayout()
        row.addWidget(self.cancel)
        row.addWidget(self.confirm, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(row)

    # ------------------------------------------------------------ state
    def method(self) -> str:
        return self.group.checkedButton().property("method")

    def remaining(self) -> int:
        """What is left to pay after the parts kept so far."""
        return self.due - sum(p.amount_fen or 0 for p in self.parts)

    def _method_changed(self, *_) -> None:
        cash = gives_change(self.method())
        self.tendered.setPlaceholderText(tr("Cash tendered") if cash else tr("Amount (empty: all that is left)"))
        for button in self.quick:
            button.setVisible(cash)
        self._refresh()

    def _refresh(self) -> None:
        left = self.remaining()
        self.due_caption.setText(tr("Amount due") if not self.parts else tr("Still to pay"))
        self.due_label.setText(yuan(left))
        for button, key, amount in zip(self.quick, QUICK_KEYS, quick_amounts(left), strict=False):
            button.setProperty("amount", amount)
            label = tr("Exact {0}").format(yuan(amount)) if amount == left else yuan(amount)
            button.setText(f"{label}  {key}")
            button.setShortcut(key)          # after setText, which resets a button's shortcut
        for button in self.quick[len(quick_amounts(left)):]:
            button.setVisible(False)
        parts = " + ".join(f"{method_name(payment_method(p.method))} {yuan(p.amount_fen or 0)}" for p in self.parts)
        self.parts_label.setText(tr("Parts kept: {0}").format(parts) if parts else "")
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
        self.change.setText(tr("Change: {0}").format(yuan(max(0, tendered - self.remaining()))) if tendered else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The amount due and the change grow with the dialog."""
        super().resizeEvent(event)
        self._scale(self.height())

    def _scale(self, height: int) -> None:
        scale_label(self.due_label, max(34, min(96, height // 10)))
        scale_label(self.change, max(34, min(96, height // 11)))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        """Digits typed anywhere in the dialog go to the amount."""
        text = event.text()
        if text and (text.isdigit() or text == ".") and not self.tendered.hasFocus():
            self.tendered.setFocus()
            self.tendered.insert(text)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ the most points
    def _show_max_points(self) -> None:
        points = self.max_points
        worth = yuan(points_value_fen(points, self.ctx.config.points))
        self.use_max.setText(tr("Use {0} pts = {1}").format(f"{points:,}", worth) + f"  {MAX_POINTS_KEY}")
        self.use_max.setShortcut(MAX_POINTS_KEY)
        self.use_max.setVisible(points > self.request.redeem_points and not self.parts)

    def use_max_points(self) -> None:
        """F10: as many points as the member may use on this sale; the amount due is priced again."""
        if self.booking or self.parts or self.max_points <= self.request.redeem_points:
            return
        request = replace(self.request, redeem_points=self.max_points)
        self.use_max.setEnabled(False)
        self.worker.submit(lambda: self.till.price(request), lambda b: self._repriced(request, b), self._failed)

    def _repriced(self, request: co.CheckoutRequest, breakdown) -> None:
        self.request, self.due = request, breakdown.total_due_fen
        self.points_changed.emit(request.redeem_points)
        if needs_manager_pin(request.redeem_points, self.ctx.config.points):
            self.note.setText(tr("Redeeming more than {0} points needs a manager PIN at Pay.").format(
                f"{self.ctx.config.points.manager_pin_above:,}"))
            self.note.setVisible(True)
        self.use_max.setEnabled(True)
        self._show_max_points()
        self._refresh()
        self.tendered.setFocus()

    # ------------------------------------------------------------ split tender
    def add_part(self) -> None:
        """F9: the amount typed, in the chosen method, is one part; the rest is paid next."""
        try:
            amount = self._tendered_fen()
        except PosError as exc:
            self.error.setText(error_text(exc))
            return
        if not amount or amount >= self.remaining():
            self.error.setText(tr("Type the part paid this way (less than {0}), then F9.").format(
                yuan(self.remaining())))
            return
        self.parts.append(co.PaymentInput(self.method(), amount))
        self.use_max.setVisible(False)
        self.tendered.clear()
        self.error.setText("")
        self._refresh()
        self.tendered.setFocus()

    # ------------------------------------------------------------ booking
    def pay_quick(self, amount: int) -> None:
        """A quick-tender key: that much cash is handed over; the sale is booked at once."""
        self.group.buttons()[0].setChecked(True)
        self.tendered.setText(f"{amount // 100}.{amount % 100:02d}")
        self.submit()

    def payments(self, tendered: int | None) -> list[co.PaymentInput]:
        """The parts kept (F9) and this last one (None: all that is left)."""
        return [*self.parts, co.PaymentInput(self.method(), tendered)]

    def submit(self, manager_pin: str | None = None) -> None:
        if self.booking or self.result_sale is not None:
            return
        try:
            tendered = self._tendered_fen()
        except PosError as exc:
            self.error.setText(error_text(exc))
            return
        if tendered is not None and not gives_change(self.method()) and tendered > self.remaining():
            self.error.setText(tr("The card or mobile payment is more than the amount due."))
            return
        self.booking = True
        self._enable(False)
        request = co.CheckoutRequest(**{**self.request.__dict__, "sale_id": self.sale_id,
                                        "payments": self.payments(tendered),
                                        "manager_pin": manager_pin or self.request.manager_pin})
        self.worker.submit(lambda: self.till.checkout(request), self._done, self._failed)

    def _enable(self, on: bool) -> None:
        for button in (self.confirm, self.split, self.use_max, *self.quick):
            button.setEnabled(on)

    def _done(self, result: co.CheckoutResult) -> None:
        self.result_sale = result
        self.booked.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.booking = False
        self._enable(True)
        if isinstance(exc, PosError) and exc.code == "manager_pin_required":
            code = pin.ask_manager_pin(self, error_text(exc))
            if code:
                self.submit(manager_pin=code)
            else:
                self.error.setText(tr("Not paid: these points need a manager's PIN. Ask a manager, "
                                      "or lower the points (Esc, then F5)."))
            return
        self.error.setText(error_text(exc))
        self.tendered.setFocus()

