"""The till: look-up bar, member card, cart, totals and one button (and key) per action."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.errors import EnvironmentFault, NotFound, PosError
from pos.services import checkout as co
from pos.services import members, printouts, receipts
from pos.services.catalogue import product_by_code
from pos.ui import quoting
from pos.ui.dialogs.enrol import EnrolDialog
from pos.ui.dialogs.items import OpenItemDialog, SearchDialog
from pos.ui.dialogs.payment import PaymentDialog
from pos.ui.dialogs.returns import ReturnDialog
from pos.ui.dialogs.sale_done import SaleDoneDialog
from pos.ui.i18n import tr
from pos.ui.scanner import ScanFilter
from pos.ui.widgets.cart import CartItem, CartModel
from pos.ui.widgets.member_card import MemberCard
from pos.ui.widgets.totals import TotalsPanel
from pos.ui.worker import Worker

RECEIPT = re.compile(r"^[RT]\d{6}-\d{6}$")
PHONE_LIKE = re.compile(r"^[+\d][\d\s\-()]{6,}$")


class TillWindow(QMainWindow):
    quoted = Signal()
    sale_finished = Signal(object)

    def __init__(self, ctx, staff, lang: str = "en") -> None:
        super().__init__()
        self.ctx, self.staff, self.lang = ctx, staff, lang
        self.worker = Worker(self)
        self.member = None
        self.coupon_code: str | None = None
        self.last_quote: quoting.Quote | None = None
        self.setWindowTitle(f"{ctx.config.store.name} — {tr('Loyalty terminal')}")
        self.resize(1280, 800)
        self.setMinimumSize(1024, 700)
        self._build()
        self._shortcuts()
        self.scanner = ScanFilter(self)
        self.scanner.scanned.connect(self.on_scan)
        self.lookup.installEventFilter(self.scanner)
        self.sku.installEventFilter(self.scanner)
        self.requote_timer = QTimer(self, singleShot=True, interval=120, timeout=self._requote)
        self.worker.busy_changed.connect(lambda busy: self.busy.setText(tr("working…") if busy else ""))
        self.lookup.setFocus()

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        self.lookup = QLineEdit(objectName="lookup", placeholderText=tr("Phone number or scan member QR  (F1)"))
        self.lookup.returnPressed.connect(lambda: self.on_lookup_text(self.lookup.text()))
        self.card = MemberCard(self.lang)
        self.card.coupon_chosen.connect(self.apply_coupon)
        self.cart = CartModel(self)
        self.cart.rowsInserted.connect(self.schedule_quote)
        self.cart.rowsRemoved.connect(self.schedule_quote)
        self.cart.dataChanged.connect(self.schedule_quote)
        self.cart.modelReset.connect(self.schedule_quote)
        self.table = QTableView()
        self.table.setModel(self.cart)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.sku = QLineEdit(placeholderText=tr("Scan a barcode or type a SKU, Enter"))
        self.sku.returnPressed.connect(lambda: self.add_code(self.sku.text()))
        self.totals = TotalsPanel(self.ctx.config.points.redeem_step)
        self.totals.coupon_entered.connect(self.apply_coupon)
        self.totals.points_changed.connect(lambda _: self.schedule_quote())
        self.message = QLabel(objectName="error", wordWrap=True)
        self.busy = QLabel(objectName="hint")
        self.who = QLabel(objectName="hint")
        self.who.setText(tr("Cashier: {0}").format(self.staff.name))
        self.buttons = {}
        actions = [("lookup", "Look up", "F1", self.focus_lookup), ("enrol", "Enrol", "F2", self.enrol),
                   ("search", "Find item", "F3", self.search_item), ("coupon", "Coupon", "F4", self.focus_coupon),
                   ("points", "Points", "F5", self.focus_points), ("open", "Open item", "F6", self.open_item),
                   ("remove", "Remove line", "Del", self.remove_line), ("clear", "Clear", "F7", self.clear_sale),
                   ("pay", "Pay", "F8", self.pay), ("return", "Return", "F9", self.open_return),
                   ("signout", "Sign out", "F12", self.close)]
        for key, label, shortcut, slot in actions:
            button = QPushButton(f"{tr(label)}  {shortcut}")
            button.clicked.connect(slot)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons[key] = (button, shortcut, slot)
        self.buttons["pay"][0].setObjectName("primary")
        self.buttons["pay"][0].setMinimumHeight(64)
        self.setCentralWidget(self._compose())

    def _compose(self) -> QWidget:
        left = QVBoxLayout()
        left.addWidget(self.lookup)
        left.addWidget(self.card)
        qty = QHBoxLayout()
        for text, delta in ((tr("Qty −1  [-]"), -1), (tr("Qty +1  [+]"), 1)):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, d=delta: self.change_qty(d))
            qty.addWidget(button)
        cart_box = QVBoxLayout()
        sku_row = QHBoxLayout()
        sku_row.addWidget(self.sku, 1)
        sku_row.addLayout(qty)
        cart_box.addLayout(sku_row)
        cart_box.addWidget(self.table, 1)
        grid = QGridLayout()
        order = ["lookup", "enrol", "search", "open", "coupon", "points", "remove", "clear", "return", "signout"]
        for i, key in enumerate(order):
            grid.addWidget(self.buttons[key][0], i // 5, i % 5)
        right = QVBoxLayout()
        right.addWidget(self.totals)
        right.addWidget(self.buttons["pay"][0])
        right.addStretch(1)
        middle = QHBoxLayout()
        left_box = QVBoxLayout()
        left_box.addLayout(left)
        left_box.addLayout(cart_box, 1)
        middle.addLayout(left_box, 3)
        middle.addLayout(right, 2)
        status = QHBoxLayout()
        status.addWidget(self.who)
        status.addWidget(self.message, 1)
        status.addWidget(self.busy)
        root = QVBoxLayout()
        root.addLayout(middle, 1)
        root.addLayout(grid)
        root.addLayout(status)
        widget = QWidget()
        widget.setLayout(root)
        return widget

    def _shortcuts(self) -> None:
        for _button, key, slot in self.buttons.values():
            if key not in ("Del",):
                QShortcut(QKeySequence(key), self, activated=slot)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.remove_line)
        QShortcut(QKeySequence("+"), self.table, activated=lambda: self.change_qty(1))
        QShortcut(QKeySequence("-"), self.table, activated=lambda: self.change_qty(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)

    # ------------------------------------------------------------ feedback
    def show_error(self, exc: Exception) -> None:
        if isinstance(exc, PosError):
            self.message.setText(exc.message)
        else:
            self.message.setText(tr("Internal error: {0}").format(exc))

    def say(self, text: str) -> None:
        self.message.setText(text)

    # ------------------------------------------------------------ look-up and scans
    def focus_lookup(self) -> None:
        self.lookup.setFocus()
        self.lookup.selectAll()

    def on_scan(self, code: str) -> None:
        self.lookup.clear()
        self.sku.clear()
        self.route(code.strip())

    def on_lookup_text(self, text: str) -> None:
        text = text.strip()
        if text:
            self.route(text)

    def route(self, code: str) -> None:
        """A member QR, a phone, a receipt number, a coupon code or a product code."""
        if code.startswith("M1."):
            self.look_up(qr=code)
        elif RECEIPT.match(code.upper()):
            self.open_return(code.upper())
        elif PHONE_LIKE.match(code) and len(re.sub(r"\D", "", code)) >= 7:
            self.look_up(phone=code)
        elif code.upper().startswith(self.ctx.config.coupons.code_prefix) and \
                len(code) == self.ctx.config.coupons.code_length:
            self.apply_coupon(code.upper())
        else:
            self.add_code(code)

    def look_up(self, phone: str | None = None, qr: str | None = None) -> None:
        self.worker.submit(lambda: members.lookup(self.ctx, phone=phone, qr=qr), self.set_member,
                           lambda exc: self._lookup_failed(exc, phone))

    def _lookup_failed(self, exc: Exception, phone: str | None) -> None:
        if isinstance(exc, NotFound) and phone:
            self.say(tr("{0} is not a member yet.").format(phone))
            if ask_enrol(self, phone):
                self.enrol(phone)
            return
        self.show_error(exc)

    def set_member(self, member) -> None:
        self.member = member
        self.card.show_member(member)
        self.lookup.clear()
        self.say("")
        if member is None:
            self.totals.points.setValue(0)
        self.schedule_quote()

    # ------------------------------------------------------------ cart
    def add_code(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        self.sku.clear()
        self.worker.submit(lambda: product_by_code(self.ctx, code), self._add_found, self.show_error)

    def _add_found(self, p) -> None:
        self.say("")
        self.cart.add(CartItem(p.sku, p.name, p.price_fen, 1, p.discountable))
        self.table.selectRow(len(self.cart.items) - 1)

    def search_item(self) -> None:
        dialog = SearchDialog(self.ctx, self.worker, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen:
            self.cart.add(dialog.chosen)

    def open_item(self) -> None:
        dialog = OpenItemDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen:
            self.cart.add(dialog.chosen)

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else len(self.cart.items) - 1

    def change_qty(self, delta: int) -> None:
        row = self.selected_row()
        if row >= 0:
            self.cart.set_qty(row, self.cart.items[row].qty + delta)

    def remove_line(self) -> None:
        self.cart.remove(self.selected_row())

    def clear_sale(self) -> None:
        self.cart.clear()
        self.coupon_code = None
        self.totals.coupon.clear()
        self.totals.points.setValue(0)
        self.set_member(None)

    def cancel(self) -> None:
        if self.lookup.text() or self.sku.text():
            self.lookup.clear()
            self.sku.clear()
        elif self.member is not None:
            self.set_member(None)
        self.focus_lookup()

    # ------------------------------------------------------------ coupon and points
    def focus_coupon(self) -> None:
        self.totals.coupon.setFocus()
        self.totals.coupon.selectAll()

    def focus_points(self) -> None:
        self.totals.points.setFocus()
        self.totals.points.selectAll()

    def apply_coupon(self, code: str) -> None:
        self.coupon_code = code or None
        self.totals.coupon.setText(code)
        self.schedule_quote()

    # ------------------------------------------------------------ totals
    def request(self) -> co.CheckoutRequest:
        return co.CheckoutRequest(lines=self.cart.line_inputs(), member_id=self.member.member_id if self.member else None,
                                  coupon_code=self.coupon_code, redeem_points=self.totals.points.value(),
                                  cashier_id=self.staff.id)

    def schedule_quote(self, *_) -> None:
        self.requote_timer.start()

    def _requote(self) -> None:
        request = self.request()
        balance = self.member.points if self.member else 0
        self.worker.submit(lambda: quoting.quote(self.ctx, request, balance), self._quoted, self._quote_failed)

    def _quoted(self, result: quoting.Quote) -> None:
        self.last_quote = result
        self.totals.show_breakdown(result.breakdown, result.max_points, list(result.errors))
        self.quoted.emit()

    def _quote_failed(self, exc: Exception) -> None:
        self.last_quote = None
        self.totals.show_breakdown(None, 0, [exc.message if isinstance(exc, PosError) else str(exc)])
        self.quoted.emit()

    # ------------------------------------------------------------ pay, print, return
    def pay(self) -> None:
        q = self.last_quote
        if not self.cart.items or q is None or q.breakdown is None:
            self.say(tr("The cart is empty."))
            return
        request = self.request()
        request = replace(request, coupon_code=request.coupon_code if q.coupon_ok else None,
                          redeem_points=request.redeem_points if q.points_ok else 0)
        dialog = PaymentDialog(self.ctx, self.worker, request, q.breakdown.total_due_fen, self)
        if ask_payment(dialog) and dialog.result_sale is not None:
            self.after_sale(dialog.result_sale)

    def after_sale(self, result) -> None:
        def print_job():
            doc = receipts.sale_receipt(self.ctx, result.receipt_no)
            try:
                return doc, tr("Receipt printed: {0}").format(printouts.print_receipt(self.ctx, doc))
            except EnvironmentFault as exc:
                return doc, tr("The sale is saved. Printing failed: {0} — reprint later.").format(exc.message)

        self.worker.submit(print_job, lambda printed: self._show_done(result, *printed),
                           lambda exc: self._show_done(result, None, tr("The sale is saved. {0}").format(exc)))

    def _show_done(self, result, doc, printed: str) -> None:
        self.sale_finished.emit(result)
        dialog = SaleDoneDialog(result, printed, doc, self)
        show_dialog(dialog)
        self.clear_sale()

    def enrol(self, phone: str = "") -> None:
        dialog = EnrolDialog(self.ctx, self.worker, self.staff.id, phone or self.lookup.text(), self)
        if show_dialog(dialog) and dialog.result_member is not None:
            self.set_member(dialog.result_member)

    def open_return(self, receipt_no: str = "") -> None:
        show_dialog(ReturnDialog(self.ctx, self.worker, self.staff.id, receipt_no or "", self))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.worker.wait(10000)
        super().closeEvent(event)


# Modal helpers: tests replace these to drive or skip dialogs.
def ask_enrol(parent, phone: str) -> bool:
    answer = QMessageBox.question(parent, tr("Not a member"), tr("{0} is not a member yet. Enrol now?").format(phone))
    return answer == QMessageBox.StandardButton.Yes


def ask_payment(dialog: PaymentDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted
