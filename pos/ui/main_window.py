"""The till: look-up bar, member card, cart, totals and one button (and key) per action."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
)

from pos.errors import EnvironmentFault, NotFound, Refusal
from pos.loyalty.points import needs_manager_pin, points_value_fen
from pos.money import yuan
from pos.services.sales import checkout as co
from pos.services.till import Till
from pos.ui import i18n, quoting, till_lifecycle
from pos.ui.actions import ACTIONS, caption
from pos.ui.i18n import tr
from pos.ui.layout import compose
from pos.ui.messages import error_text
from pos.ui.scanner import ScanFilter
from pos.ui.widgets import offline_banner
from pos.ui.widgets.cart import CartItem, CartModel
from pos.ui.widgets.member_card import MemberCard
from pos.ui.widgets.totals import TotalsPanel
from pos.ui.worker import Worker
from pos.vocabulary import ScanKind, classify_scan

if TYPE_CHECKING:
    from pos.ui.dialogs.payment import PaymentDialog

# The dialogs' modules (and the services only they use, e.g. returns) are imported when a dialog is
# first opened, not before the look-up field shows (#19, cold start).

INFO_SECONDS = 8      # a success or hint line clears itself after this long (or at the next action)
CART_KEYS = {Qt.Key.Key_Plus: "qty_up", Qt.Key.Key_Minus: "qty_down", Qt.Key.Key_Delete: "remove_line"}


class CartKeys(QObject):
    """+, − and Del typed in the empty item field act on the cart (the last or selected line)."""

    def __init__(self, window: TillWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        slot = CART_KEYS.get(event.key())
        if slot is None or watched.text():   # a code being typed keeps its + or -
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()                    # the key comes to this field, not to a window shortcut
            return True
        getattr(self.window, slot)()
        return True


class TillWindow(QMainWindow):
    quoted = Signal()
    sale_finished = Signal(object)
    member_changed = Signal(object)
    failed = Signal(str)
    signed_out = Signal()
    quitting = Signal()

    def __init__(self, ctx, staff, lang: str = "en", confirm_quit: bool = False, till: Till | None = None) -> None:
        super().__init__()
        self.ctx, self.staff, self.lang = ctx, staff, lang
        # every look-up, total, Pay and receipt goes through this: online, or the offline journal (#17)
        self.services = till or Till.from_env(ctx)
        self.confirm_quit = confirm_quit     # pos-terminal: closing the window asks first
        self.signing_out = False
        self.worker = Worker(self)
        self.member = None
        self.coupon_code: str | None = None
        self.reward_code: str | None = None      # a catalogue reward taken with points in this sale
        self.last_quote: quoting.Quote | None = None
        self.resize(1280, 800)
        self.setMinimumSize(1024, 700)
        here = self._here()         # which store and till this window is (a chain has several), read once
        self.where = f" · {here.store_name} [{here.till}]" if here is not None else ""
        self._build()
        self.offline_watch = offline_banner.attach(self)    # the offline banner and automatic sync (#17)
        if self.offline_watch is not None:
            self.offline_watch.changed.connect(lambda online, _queued: self.services.set_online(online))
        if self.services.is_offline():      # started with the server down
            self.offline_banner.show_state(False, self.services.queued())
        self._shortcuts()
        self.scanner = ScanFilter(self)
        self.scanner.scanned.connect(self.on_scan)
        for field in (self.lookup, self.sku, self.totals.coupon, self.totals.points):
            field.installEventFilter(self.scanner)
        self.cart_keys = CartKeys(self)
        self.sku.installEventFilter(self.cart_keys)
        self.message_timer = QTimer(self, singleShot=True, interval=INFO_SECONDS * 1000,
                                    timeout=lambda: self.say(""))
        self.requote_timer = QTimer(self, singleShot=True, interval=120, timeout=self._requote)
        self.worker.busy_changed.connect(lambda busy: self.busy.setText(tr("working…") if busy else ""))
        self.retranslate()
        self.lookup.setFocus()
        QTimer.singleShot(3000, self, self._warm_up_printing)
        self.lifecycle = till_lifecycle.attach(self)     # groups and due products on the card; idle jobs

    @property
    def ctx(self):
        return self._ctx

    @ctx.setter
    def ctx(self, ctx) -> None:
        """The store this window works on; its services follow (a test or a reconnect may swap it)."""
        self._ctx = ctx
        if getattr(self, "services", None) is not None:
            self.services.ctx = ctx

    def _here(self):
        """The till's store and till; a till that cannot reach the server has none to show (offline)."""
        try:
            return self.ctx.here
        except EnvironmentFault:
            return None

    def _show_offline(self) -> None:
        """The banner as soon as a call found the server gone (the watcher's next look keeps it)."""
        if self.services.is_offline() and (self.offline_banner.online or self.offline_banner.isHidden()):
            self.offline_banner.show_state(False, self.services.queued())

    def _online_only(self, what: str) -> bool:
        """Enrolment, returns, rewards, consent, the manager console: "not available offline"."""
        try:
            self.services.require_online(what)
        except Refusal as refused:
            self.show_error(refused)
            return False
        return True

    def _warm_up_printing(self) -> None:
        """Loads the printing stack and the phone-number library in the background once the till is
        idle, so the first receipt and look-up do not pay for them and the cold start does not either."""
        def load() -> None:
            from pos.services import printouts  # noqa: F401
            from pos.services.members import phones

            phones.warm_up()

        self.worker.submit(load, lambda _: None, lambda _exc: None)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        self.lookup = QLineEdit(objectName="lookup")
        self.lookup.returnPressed.connect(lambda: self.on_lookup_text(self.lookup.text()))
        self.card = MemberCard(self.lang)
        self.card.coupon_chosen.connect(self.apply_coupon)
        self.card.consent_change.connect(self.change_consent)
        self.cart = CartModel(self)
        for signal in (self.cart.rowsInserted, self.cart.rowsRemoved, self.cart.dataChanged, self.cart.modelReset):
            signal.connect(self.schedule_quote)
        self.table = QTableView()
        self.table.setModel(self.cart)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 70), (2, 120), (3, 130)):   # "¥1,688.00" at the till's font size
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.sku = QLineEdit(objectName="sku")
        self.sku.returnPressed.connect(lambda: self.on_item_text(self.sku.text()))
        self.totals = TotalsPanel(self.ctx.config.points.redeem_step)
        self.totals.coupon_entered.connect(self.apply_coupon)
        self.totals.points_changed.connect(lambda _: self.schedule_quote())
        self.totals.points.lineEdit().returnPressed.connect(self.focus_sku)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setProperty("kind", "error")
        self.busy = QLabel(objectName="hint")
        self.who = QLabel(objectName="hint")
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS:
            button = QPushButton(objectName=f"action_{action.key}")
            button.clicked.connect(getattr(self, action.slot))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons[action.key] = button
        self.buttons["pay"].setObjectName("primary")
        self.buttons["pay"].setMinimumHeight(72)
        self.buttons["manager"].setVisible(self.staff.is_manager)
        self.buttons["max_points"].setObjectName("max_points")
        self.setCentralWidget(compose(self))

    def _shortcuts(self) -> None:
        self.shortcuts: dict[str, QShortcut] = {}
        for action in ACTIONS:
            key = QKeySequence(Qt.Key.Key_Delete) if action.shortcut == "Del" else QKeySequence(action.shortcut)
            shortcut = QShortcut(key, self, activated=getattr(self, action.slot))
            shortcut.setEnabled(action.key != "manager" or self.staff.is_manager)
            self.shortcuts[action.key] = shortcut
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self.about_shortcut = QShortcut(QKeySequence("Shift+F1"), self, activated=self.show_about)

    def show_about(self):
        from pos.ui.dialogs.about import AboutDialog

        self.about_dialog = AboutDialog(self.ctx, self)
        self.about_dialog.open()
        return self.about_dialog

    def retranslate(self) -> None:
        self.setWindowTitle(f"{self.ctx.config.store.name}{self.where} — {tr('Loyalty terminal')}")
        self.lookup.setPlaceholderText(tr("Phone number or scan member QR  (F1)"))
        self.sku.setPlaceholderText(tr("Scan a barcode or type a SKU, Enter"))
        self.who.setText(tr("Cashier: {0}").format(self.staff.name) + self.where.replace(" · ", "  ·  ", 1))
        for action in ACTIONS:
            self.buttons[action.key].setText(caption(action, tr))
        self.card.lang = self.lang
        self.card.retranslate()
        self.totals.retranslate()
        self.offline_banner.retranslate()
        self.cart.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.cart.columnCount() - 1)
        self.message.clear()
        if self.last_quote is not None:
            self._quoted(self.last_quote)

    def set_language(self, lang: str) -> None:
        i18n.install(QApplication.instance(), lang)
        self.lang = lang
        self.retranslate()

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang.startswith("zh") else "zh_CN")

    # ------------------------------------------------------------ feedback
    def show_error(self, exc: Exception) -> None:
        self.say(error_text(exc))
        self.failed.emit(self.message.text())

    def say(self, text: str, kind: str = "error") -> None:
        """The status line: a refusal in red (stays until the next action), a success or hint in
        green or grey (clears itself after a few seconds)."""
        self.message_timer.stop()
        if self.message.property("kind") != kind:
            self.message.setProperty("kind", kind)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.setText(text)
        if text and kind != "error":
            self.message_timer.start()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        """The amount due and Pay grow with the window (48 px at 1024×768, 67 px at 1920×1080)."""
        super().resizeEvent(event)
        self.totals.scale_due(self.height())
        self.buttons["pay"].setMinimumHeight(max(72, self.height() // 7))

    # ------------------------------------------------------------ look-up and scans
    def focus_lookup(self) -> None:
        self.lookup.setFocus()
        self.lookup.selectAll()

    def focus_sku(self) -> None:
        self.sku.setFocus()

    def on_scan(self, code: str) -> None:
        self.route(code.strip())

    def on_lookup_text(self, text: str) -> None:
        text = text.strip()
        if text:
            self.lookup.clear()
            self.route(text)

    def on_item_text(self, text: str) -> None:
        text = text.strip()
        if text:
            self.sku.clear()
            self.route(text)

    def route(self, code: str) -> None:
        """A member QR, a phone, a receipt or return number, a coupon code or a product code, from
        whichever field it was scanned or typed into."""
        coupons = self.ctx.config.coupons
        self.say("")
        scan = classify_scan(code, coupons.code_prefix, coupons.code_length)
        if scan.kind is ScanKind.MEMBER_QR:
            self.look_up(qr=scan.code)
        elif scan.kind in (ScanKind.RECEIPT, ScanKind.RETURN):
            self.open_return(scan.code)
        elif scan.kind is ScanKind.PHONE:
            self.look_up(phone=scan.code)
        elif scan.kind is ScanKind.COUPON:
            self.apply_coupon(scan.code)
        else:
            self.add_code(scan.code)

    def look_up(self, phone: str | None = None, qr: str | None = None) -> None:
        self.worker.submit(lambda: self.services.lookup(phone=phone, qr=qr), self.set_member,
                           lambda exc: self._lookup_failed(exc, phone))

    def _lookup_failed(self, exc: Exception, phone: str | None) -> None:
        self._show_offline()
        if isinstance(exc, NotFound) and phone and not self.services.is_offline():
            self.say(tr("{0} is not a member yet.").format(phone), "info")
            if ask_enrol(self, phone):
                self.enrol(phone)
            return
        self.show_error(exc)

    def set_member(self, member) -> None:
        self.member = member
        self.reward_code = None
        self._show_offline()
        self.card.show_member(member)
        self.lookup.clear()
        self.say("")
        if member is None:
            self.totals.points.setValue(0)
        else:
            self.focus_sku()      # the member is found: the items come next
        self.schedule_quote()
        self.member_changed.emit(member)

    def change_consent(self, give: bool) -> None:
        """At the member's word, after the cashier confirms; recorded on the signed-in cashier (audited)."""
        member = self.member
        if member is None or not self._online_only("Recording consent") or not ask_consent(self, give):
            return
        from pos.services.members import privacy  # not on the start path (#19, cold start)

        self.worker.submit(lambda: privacy.set_consent(self.ctx, self.staff.id, member.member_id, give),
                           lambda result: self._consent_changed(member, result), self.show_error)

    def _consent_changed(self, member, result) -> None:
        if self.member is not None and self.member.member_id == member.member_id:
            self.member = replace(self.member, consent_marketing=result.consent)
            self.card.show_member(self.member)
        self.say(tr("Marketing consent recorded.") if result.consent else tr("Marketing consent withdrawn."), "info")
        self.member_changed.emit(self.member)

    # ------------------------------------------------------------ cart
    def add_code(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        self.worker.submit(lambda: self.services.product(code), self._add_found, self.show_error)

    def _add_found(self, p) -> None:
        self.say("")
        self.cart.add(CartItem(p.sku, p.name, p.price_fen, 1, p.discountable))
        self.table.selectRow(self.cart.row_of(p.sku))
        if not self.sku.hasFocus() and QApplication.activeModalWidget() is None:
            self.focus_sku()

    def search_item(self) -> None:
        from pos.ui.dialogs.items import SearchDialog

        dialog = SearchDialog(self.services.search_products, self.worker, self)
        if show_dialog(dialog) and dialog.chosen:
            self.cart.add(dialog.chosen)

    def open_item(self) -> None:
        from pos.ui.dialogs.items import OpenItemDialog

        dialog = OpenItemDialog(self)
        if show_dialog(dialog) and dialog.chosen:
            self.cart.add(dialog.chosen)

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else len(self.cart.items) - 1

    def change_qty(self, delta: int) -> None:
        row = self.selected_row()
        if row >= 0:
            self.cart.set_qty(row, self.cart.items[row].qty + delta)

    def qty_up(self) -> None:
        self.change_qty(1)

    def qty_down(self) -> None:
        self.change_qty(-1)

    def remove_line(self) -> None:
        self.cart.remove(self.selected_row())

    def clear_sale(self) -> None:
        self.cart.clear()
        self.coupon_code = self.reward_code = None
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
        """F4: a member's coupons in turn (the next one each press, then none); otherwise the coupon
        field for a code typed or scanned."""
        codes = [c.code for c in self.member.coupons] if self.member is not None else []
        if not codes:
            self.totals.coupon.setFocus()
            self.totals.coupon.selectAll()
            return
        current = self.coupon_code
        following = codes[codes.index(current) + 1] if current in codes and codes.index(current) + 1 < len(codes) \
            else ("" if current in codes else codes[0])
        self.apply_coupon(following)
        self.focus_sku()

    def focus_points(self) -> None:
        self.totals.points.setFocus()
        self.totals.points.selectAll()

    def use_max_points(self) -> None:
        q = self.last_quote
        if self.member is not None and q is not None and q.max_points:
            self.totals.points.setValue(q.max_points)
        self.focus_sku()

    def apply_coupon(self, code: str) -> None:
        self.coupon_code = code or None
        self.totals.coupon.setText(code)
        self.schedule_quote()

    def choose_reward(self) -> None:
        """A catalogue reward for the member's points (Ctrl+R); booked with the sale."""
        if self.member is None:
            self.say(tr("Look the member up first."))
            return
        if not self._online_only("A catalogue reward"):
            return
        from pos.ui.dialogs.rewards import RewardsDialog

        dialog = RewardsDialog(self.ctx, self.worker, self.member.points, self)
        if show_dialog(dialog) and dialog.chosen is not None:
            self.reward_code = dialog.chosen.code
            self.say(tr("Reward {0} ({1} points) is taken when the sale is paid.").format(
                dialog.chosen.name, f"{dialog.chosen.points:,}"))

    # ------------------------------------------------------------ totals
    def request(self) -> co.CheckoutRequest:
        return co.CheckoutRequest(lines=self.cart.line_inputs(), member_id=self.member.member_id if self.member else None,
                                  coupon_code=self.coupon_code, redeem_points=self.totals.points.value(),
                                  cashier_id=self.staff.id, reward_code=self.reward_code)

    def schedule_quote(self, *_) -> None:
        self.requote_timer.start()

    def _requote(self) -> None:
        request = self.request()
        balance = self.member.points if self.member else 0
        self.worker.submit(lambda: quoting.quote(self.services, request, balance), self._quoted, self._quote_failed)

    def _quoted(self, result: quoting.Quote) -> None:
        self.last_quote = result
        self._show_offline()
        self.totals.show_breakdown(result.breakdown, result.max_points, [error_text(e) for e in result.errors])
        self._show_max_points(result.max_points)
        self.totals.set_manager_note(self.manager_note())
        self.quoted.emit()

    def _show_max_points(self, max_points: int) -> None:
        button = self.buttons["max_points"]
        button.setEnabled(self.member is not None and max_points > 0)
        if max_points:
            worth = yuan(points_value_fen(max_points, self.ctx.config.points))
            button.setText(tr("Use {0} pts = {1}").format(f"{max_points:,}", worth) + "  Shift+F5")
        else:
            button.setText(caption(next(a for a in ACTIONS if a.key == "max_points"), tr))

    def manager_note(self) -> str:
        """Said before Pay: the points asked for need a manager's PIN at Pay."""
        points = self.totals.points.value()
        if self.member is None or not points or not needs_manager_pin(points, self.ctx.config.points):
            return ""
        return tr("Redeeming more than {0} points needs a manager PIN at Pay.").format(
            f"{self.ctx.config.points.manager_pin_above:,}")

    def _quote_failed(self, exc: Exception) -> None:
        self.last_quote = None
        self.totals.show_breakdown(None, 0, [error_text(exc)])
        self.quoted.emit()

    # ------------------------------------------------------------ pay, print, return
    def pay(self) -> None:
        q = self.last_quote
        if not self.cart.items or q is None or q.breakdown is None:
            self.say(tr("The cart is empty.") if not self.cart.items else tr("The totals are not ready yet."))
            return
        request = self.request()
        request = replace(request, coupon_code=request.coupon_code if q.coupon_ok else None,
                          redeem_points=request.redeem_points if q.points_ok else 0)
        from pos.ui.dialogs.payment import PaymentDialog

        dialog = PaymentDialog(self.ctx, self.worker, request, q.breakdown.total_due_fen, self,
                               manager_note=self.manager_note() if request.redeem_points else "",
                               max_points=q.max_points if self.member is not None else 0, till=self.services)
        dialog.points_changed.connect(self.totals.points.setValue)   # the till shows what the dialog used
        if ask_payment(dialog) and dialog.result_sale is not None:
            self.after_sale(dialog.result_sale)

    def after_sale(self, result) -> None:
        """The sale is booked: empty the till at once (a second Pay cannot book it again), then print."""
        self.clear_sale()

        def print_job():
            # an offline sale (its X number) prints from the journal, any other from the server
            doc, _where, fault = self.services.print_receipt(result.receipt_no)
            if fault is None:
                return doc, tr("Receipt {0} printed.").format(result.receipt_no), "info"
            return doc, tr("The sale is saved. Printing failed: {0} — reprint later.").format(fault.message), "error"

        self.worker.submit(print_job, lambda printed: self._show_done(result, *printed),
                           lambda exc: self._show_done(result, None, tr("The sale is saved. {0}").format(
                               error_text(exc)), "error"))

    def _show_done(self, result, doc, printed: str, kind: str = "info") -> None:
        from pos.ui.dialogs.sale_done import SaleDoneDialog

        tier = self.ctx.config.tier(result.tier_after) if result.upgraded else None
        tier_name = (tier.name_zh if self.lang.startswith("zh") and tier.name_zh else tier.name) if tier else ""
        dialog = SaleDoneDialog(result, printed, doc, tier_name, self)
        if self.services.is_offline():      # the queue grew by this sale
            self.offline_banner.show_state(False, self.services.queued())
        self.say(printed, kind)
        self.sale_finished.emit(result)
        show_dialog(dialog)
        self.focus_lookup()   # the next customer

    def enrol(self, phone: str = "") -> None:
        if not self._online_only("Enrolment"):
            return
        from pos.ui.dialogs.enrol import EnrolDialog

        dialog = EnrolDialog(self.ctx, self.worker, self.staff.id, phone or self.lookup.text(), self)
        show_dialog(dialog)
        if dialog.result_member is not None:   # enrolled is enrolled, however the dialog was closed
            self.set_member(dialog.result_member)
        else:
            self.say("")

    def open_return(self, receipt_no: str = "") -> None:
        if not self._online_only("A return"):
            return
        from pos.ui.dialogs.returns import ReturnDialog

        show_dialog(ReturnDialog(self.ctx, self.worker, self.staff.id, receipt_no or "", self))

    def open_manager(self) -> None:
        if not self.staff.is_manager or not self._online_only("The manager console"):
            return
        try:
            from pos.ui.manager import open_console
        except ImportError as exc:
            self.say(tr("The manager console is not installed on this till ({0}).").format(exc))
            return
        open_console(self.ctx, self.staff, self.lang, self)

    def sale_open(self) -> bool:
        return bool(self.cart.items) or self.member is not None

    def sign_out(self) -> None:
        """F12: lock the till (back to the sign-in screen), asking first when a sale is open; the
        program keeps running."""
        if self.sale_open() and not ask_sign_out(self, len(self.cart.items)):
            return
        self.signing_out = True
        self.clear_sale()
        self.close()
        self.signed_out.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.confirm_quit and not self.signing_out and not ask_quit(self):
            event.ignore()
            return
        self.worker.wait(10000)
        super().closeEvent(event)
        if self.confirm_quit and not self.signing_out:
            self.quitting.emit()


# Modal helpers: tests replace these to drive or skip dialogs.
def ask_enrol(parent, phone: str) -> bool:
    answer = QMessageBox.question(parent, tr("Not a member"), tr("{0} is not a member yet. Enrol now?").format(phone))
    return answer == QMessageBox.StandardButton.Yes


def ask_consent(parent, give: bool) -> bool:
    question = (tr("Record that this member consents to marketing messages and campaign coupons?") if give
                else tr("Withdraw this member's marketing consent? They will get no more campaign coupons."))
    answer = QMessageBox.question(parent, tr("Marketing consent"), question)
    return answer == QMessageBox.StandardButton.Yes


def ask_sign_out(parent, lines: int) -> bool:
    question = tr("A sale is open ({0} lines). Sign out and clear it?").format(lines)
    answer = QMessageBox.question(parent, tr("Sign out"), question)
    return answer == QMessageBox.StandardButton.Yes


def ask_quit(parent) -> bool:
    from pos.ui.dialogs.signin import ask_quit as ask

    return ask(parent)


def ask_payment(dialog: PaymentDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def show_dialog(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted
