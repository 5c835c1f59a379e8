"""The customer display: a second top-level window facing the customer on a dual-screen till.

It follows the till through the till's own signals and models (never the database): the member
(`member_changed`: name, tier badge, the services' progress bar and text, points, the stamp card
"☕ 7/10"), the cart (the
till's cart model itself), the pricing ladder (`quoted`: the service's breakdown), and after the
sale (`sale_finished`) a thank-you screen with the points earned, the stamp card after the sale
(and a free item when it completed) and any upgrade. A walk-in
customer sees the join QR. It goes on the second screen when there is one; [customer_display] in
the settings turns it off or places it (pos/config.py, docs/CONFIGURATION.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.ui import formats, i18n
from pos.ui.i18n import N_, tr

LIVE, THANKS = 0, 1
STEPS = (("subtotal", N_("Subtotal")), ("tier", N_("Tier discount")), ("coupon", N_("Coupon")),
         ("points", N_("Points")))

STYLE = """
QWidget#customer_display {{ background: #ffffff; }}
QLabel {{ font-size: {body}px; }}
QLabel#cd_store {{ font-size: {head}px; font-weight: bold; color: #1f5f3a; }}
QLabel#cd_name {{ font-size: {head}px; font-weight: bold; }}
QLabel#cd_badge {{ font-size: {body}px; color: white; padding: 6px 18px; border-radius: 14px; font-weight: bold; }}
QLabel#cd_progress {{ font-size: {big}px; font-weight: bold; color: #8a6a00; }}
QLabel#cd_points {{ font-size: {big}px; font-weight: bold; }}
QLabel#cd_stamps {{ font-size: {big}px; font-weight: bold; color: #6f4e37; }}
QLabel#cd_due_label {{ font-size: {big}px; font-weight: bold; }}
QLabel#cd_due {{ font-size: {huge}px; font-weight: bold; color: #1f5f3a; }}
QLabel#cd_thanks {{ font-size: {huge}px; font-weight: bold; color: #1f5f3a; }}
QLabel#cd_earned {{ font-size: {big}px; font-weight: bold; }}
QLabel#cd_upgrade {{ font-size: {big}px; font-weight: bold; color: white; background: #d4a72c;
                    padding: 14px; border-radius: 10px; }}
QLabel#cd_hint {{ font-size: {body}px; color: #555; }}
QFrame#cd_panel {{ background: #fafbfc; border: 1px solid #d7dce3; border-radius: 10px; }}
QTableView {{ font-size: {body}px; gridline-color: #e3e6ea; border: none; }}
QHeaderView::section {{ font-size: {body}px; font-weight: bold; padding: 6px; }}
QProgressBar {{ min-height: {bar}px; border: 1px solid #b8c0cc; border-radius: 8px; text-align: center;
               font-size: {body}px; }}
QProgressBar::chunk {{ background: #d4a72c; border-radius: 8px; }}
"""


def body_size(height: int) -> int:
    """Type sizes follow the window: ~22 px body text at 800 px high."""
    return max(14, round(height / 36))


def style_for(height: int) -> str:
    body = body_size(height)
    return STYLE.format(body=body, head=round(body * 1.6), big=round(body * 1.35), huge=round(body * 2.6),
                        bar=round(body * 1.3))


def text_width(text: str, pixels: int, bold: bool = False) -> int:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return QFontMetrics(font).horizontalAdvance(text)


@dataclass(frozen=True)
class Place:
    """Where the display goes: a screen of its own (full screen) or a window on the till's screen."""
    screen: int                 # index in QGuiApplication.screens()
    rect: QRect
    full_screen: bool


def choose_place(config, screens: list[QRect], till_screen: int = 0) -> Place | None:
    """`config`: [customer_display]. `screen` 0 picks the first screen that is not the till's (none:
    no display, a one-screen till has no customer screen); n (from 1) picks that screen when it exists.
    On the till's own screen the display is a window at left/top/width/height. None: no display."""
    if not config.enabled or not screens:
        return None
    till_screen = till_screen if 0 <= till_screen < len(screens) else 0
    chosen = config.screen - 1 if 0 < config.screen <= len(screens) else None
    if chosen is None:
        chosen = next((i for i in range(len(screens)) if i != till_screen), None)
        if chosen is None:
            return None
    if chosen != till_screen:
        return Place(chosen, screens[chosen], config.full_screen)
    own = screens[till_screen]
    return Place(till_screen, QRect(own.x() + config.left, own.y() + config.top, config.width, config.height), False)


def qr_pixmap(data: str, size: int) -> QPixmap:
    from pos.printing.qr import qr_png

    image = QImage.fromData(qr_png(data, box_size=8))
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio)


class CustomerDisplay(QWidget):
    """Listens to a TillWindow; never takes the keyboard from the cashier."""

    def __init__(self, till, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setObjectName("customer_display")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.till = till
        self.config = till.ctx.config
        self.member = None
        self.breakdown = None
        self.result = None
        self.thanks_timer = QTimer(self, singleShot=True, timeout=self.show_live)
        self.body = 0
        self._build()
        till.member_changed.connect(self.set_member)
        till.quoted.connect(self._quoted)
        till.sale_finished.connect(self.thank)
        for signal in (till.cart.rowsInserted, till.cart.rowsRemoved, till.cart.modelReset):
            signal.connect(self._cart_changed)
        self.set_member(till.member)
        self._cart_changed()
        self.resize(self.config.customer_display.width, self.config.customer_display.height)
        self._restyle(self.config.customer_display.height)

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        self.store = QLabel(objectName="cd_store")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._live_page())
        self.pages.addWidget(self._thanks_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.store)
        layout.addWidget(self.pages, 1)
        self.retranslate()

    def _live_page(self) -> QWidget:
        # The member: name and badge, progress, points; or, for a walk-in customer, the join QR.
        self.name = QLabel(objectName="cd_name", wordWrap=True)
        self.badge = QLabel(objectName="cd_badge")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_text = QLabel(objectName="cd_progress", wordWrap=True)
        self.points = QLabel(objectName="cd_points")
        self.stamps = QLabel(objectName="cd_stamps", wordWrap=True)       # the stamp card, "☕ Coffee card: 7/10"
        self.join_title = QLabel(objectName="cd_name", wordWrap=True)
        self.join_qr = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.join_text = QLabel(objectName="cd_hint", wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        member = QFrame(objectName="cd_panel")
        side = QVBoxLayout(member)
        side.addLayout(top)
        for widget in (self.progress, self.progress_text, self.points, self.stamps, self.join_title, self.join_qr,
                       self.join_text):
            side.addWidget(widget)
        side.addStretch(1)
        # The cart (the till's own model) and the pricing ladder.
        self.table = QTableView(focusPolicy=Qt.FocusPolicy.NoFocus)
        self.table.setModel(self.till.cart)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(objectName="cd_hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.step_names = {key: QLabel() for key, _ in STEPS}
        self.step_values = {key: QLabel(objectName=f"cd_value_{key}", alignment=Qt.AlignmentFlag.AlignRight)
                            for key, _ in STEPS}
        self.due_label = QLabel(objectName="cd_due_label")
        self.due = QLabel(objectName="cd_due", alignment=Qt.AlignmentFlag.AlignRight)
        ladder = QGridLayout()
        for row, (key, _) in enumerate(STEPS):
            ladder.addWidget(self.step_names[key], row, 0)
            ladder.addWidget(self.step_values[key], row, 1)
        ladder.addWidget(self.due_label, len(STEPS), 0)
        ladder.addWidget(self.due, len(STEPS), 1)
        ladder.setColumnStretch(0, 1)
        cart = QFrame(objectName="cd_panel")
        right = QVBoxLayout(cart)
        right.addWidget(self.table, 1)
        right.addWidget(self.empty)
        right.addLayout(ladder)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 8, 0, 0)
        row.addWidget(member, 2)
        row.addWidget(cart, 3)
        return page

    def _thanks_page(self) -> QWidget:
        self.thanks = QLabel(objectName="cd_thanks", alignment=Qt.AlignmentFlag.AlignCenter)
        self.paid = QLabel(objectName="cd_points", alignment=Qt.AlignmentFlag.AlignCenter)
        self.change = QLabel(objectName="cd_points", alignment=Qt.AlignmentFlag.AlignCenter)
        self.earned = QLabel(objectName="cd_earned", alignment=Qt.AlignmentFlag.AlignCenter)
        self.balance = QLabel(objectName="cd_hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.stamps_after = QLabel(objectName="cd_stamps", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.upgrade = QLabel(objectName="cd_upgrade", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.goodbye = QLabel(objectName="cd_hint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for widget in (self.thanks, self.paid, self.change, self.earned, self.balance, self.stamps_after,
                       self.upgrade, self.goodbye):
            layout.addWidget(widget)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------ language and size
    @property
    def zh(self) -> bool:
        return i18n.current().startswith("zh")

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._restyle(event.size().height())
        super().resizeEvent(event)

    def _restyle(self, height: int) -> None:
        """Type, money columns and the amount due sized for the window (a ¥99,999.00 never elided)."""
        body = body_size(height)
        if body == self.body:
            return
        self.body = body
        self.setStyleSheet(style_for(height))
        money = text_width("¥99,999.00", body) + body
        for column, width in ((1, text_width("9999", body, True) + body), (2, money), (3, money)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(round(body * 1.8))
        self.due.setMinimumWidth(text_width("¥99,999.00", round(body * 2.6), True) + body)
        self._show_join_qr()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Customer display"))
        self.store.setText(self.config.store.name)
        self.join_title.setText(tr("Not a member yet? Scan to join"))
        self.join_text.setText(self.config.receipt.join_member_text)
        self.empty.setText(tr("Welcome! Your items appear here."))
        for key, label in STEPS:
            self.step_names[key].setText(tr(label))
        self.due_label.setText(tr("Amount due"))
        self.till.cart.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.till.cart.columnCount() - 1)
        self._show_member()
        self._show_breakdown()
        if self.result is not None:
            self._show_thanks()

    # ------------------------------------------------------------ following the till
    def set_member(self, member) -> None:
        self.member = member
        if member is not None:
            self.show_live()
        self._show_member()

    def _cart_changed(self, *_) -> None:
        if self.till.cart.items:
            self.show_live()
        self.empty.setVisible(not self.till.cart.items)
        self.table.setVisible(bool(self.till.cart.items))

    def _quoted(self) -> None:
        quote = self.till.last_quote
        self.breakdown = quote.breakdown if quote is not None and self.till.cart.items else None
        self._show_breakdown()

    def thank(self, result) -> None:
        self.result = result
        self._show_thanks()
        self.pages.setCurrentIndex(THANKS)
        self.thanks_timer.start(self.config.customer_display.thank_you_seconds * 1000)

    def show_live(self) -> None:
        self.thanks_timer.stop()
        self.result = None
        self.pages.setCurrentIndex(LIVE)

    @property
    def page(self) -> str:
        return "thanks" if self.pages.currentIndex() == THANKS else "live"

    # ------------------------------------------------------------ drawing
    def _show_member(self) -> None:
        m = self.member
        for widget in (self.badge, self.progress, self.progress_text, self.points):
            widget.setVisible(m is not None)
        for widget in (self.join_title, self.join_qr, self.join_text):
            widget.setVisible(m is None and bool(self.config.receipt.join_member_url))
        if m is None:
            self.name.setText(tr("Welcome"))
            self._show_join_qr()
            return
        self.name.setText(m.name or tr("Member"))
        self.badge.setText(m.tier_name_zh if self.zh and m.tier_name_zh else m.tier_name)
        self.badge.setStyleSheet(f"background: {m.tier_color};")
        self.progress.setVisible(m.progress_percent is not None)
        self.progress.setValue(m.progress_percent or 0)
        self.progress_text.setText(m.progress_text_zh if self.zh else m.progress_text)
        self.points.setText(tr("Points: {0}").format(formats.count(m.points)))
        card = m.stamps[1 if self.zh else 0] if getattr(m, "stamps", ()) else None
        self.stamps.setVisible(card is not None)
        self.stamps.setText(self._card_text(card[0], card[1]) if card else "")

    def _card_text(self, name: str, progress: str) -> str:
        return "☕ " + tr("{0}: {1}").format(name, progress)

    def _show_join_qr(self) -> None:
        url = self.config.receipt.join_member_url
        if url and self.member is None:
            side = max(120, min(360, self.height() // 3))
            self.join_qr.setPixmap(qr_pixmap(url, side))

    def _show_breakdown(self) -> None:
        b = self.breakdown
        self.step_values["subtotal"].setText(formats.money(b.subtotal_fen if b else 0))
        self.step_values["tier"].setText(formats.money(-(b.tier_discount_fen if b else 0)))
        self.step_values["coupon"].setText(formats.money(-(b.coupon_discount_fen if b else 0)))
        self.step_values["points"].setText(formats.money(-(b.points_value_fen if b else 0)))
        redeemed = b.points_redeemed if b else 0
        self.step_names["points"].setText(tr("Points ({0} pts)").format(formats.count(redeemed)) if redeemed
                                          else tr("Points"))
        self.due.setText(formats.money(b.total_due_fen if b else 0))

    def _show_thanks(self) -> None:
        r = self.result
        self.thanks.setText(tr("Thank you!"))
        self.paid.setText(tr("Paid {0}").format(formats.money(r.total_due_fen)))
        self.change.setText(tr("Change {0}").format(formats.money(r.change_fen)))
        self.change.setVisible(r.change_fen > 0)
        member = r.member_id is not None
        self.earned.setVisible(member)
        self.balance.setVisible(member and r.points_balance is not None)
        if member:
            self.earned.setText(tr("Points earned: {0}").format(formats.signed(r.points_earned)))
            self.balance.setText(tr("Points balance: {0}").format(formats.count(r.points_balance or 0)))
        self._show_stamps_after(r)
        self.upgrade.setVisible(r.upgraded)
        if r.upgraded:
            self.upgrade.setText("★ " + tr("Upgraded to {0}!").format(self._tier_name(r.tier_after)) + " ★")
        self.goodbye.setText(tr("See you again soon.") if member
                             else tr("Join our membership next time to earn points."))

    def _show_stamps_after(self, r) -> None:
        """The stamp card after the sale (the sale result's `stamps`), and the free item it completed."""
        offers = getattr(r, "offers", None)
        cards = offers.stamps if offers is not None and r.member_id is not None else ()
        self.stamps_after.setVisible(bool(cards))
        if not cards:
            return
        cfg = self.config.stamps
        lines = []
        for card, name, progress in cards:
            shown = (cfg.name_zh or name) if self.zh and card == cfg.category else name
            lines.append(self._card_text(shown, progress))
        if any(i.kind == "stamp_reward" for i in offers.issued):
            lines.append(tr("Card complete: your next one is free!"))
        self.stamps_after.setText("\n".join(lines))

    def _tier_name(self, key: str | None) -> str:
        try:
            return self.config.tier(key or "").label("zh" if self.zh else "en")
        except KeyError:
            return key or ""


class _FollowTill(QObject):
    """Closes the display with the till window (else the program would not quit)."""

    def __init__(self, display: CustomerDisplay) -> None:
        super().__init__(display)
        self.display = display

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Close:
            self.display.close()
        return False


def attach_customer_display(till) -> CustomerDisplay | None:
    """The till's customer display, placed by [customer_display] and shown; None when turned off."""
    config = till.ctx.config.customer_display
    screens = QGuiApplication.screens()
    till_screen = till.screen()
    index = screens.index(till_screen) if till_screen in screens else 0
    place = choose_place(config, [s.geometry() for s in screens], index)
    if place is None:
        return None
    display = CustomerDisplay(till)
    till.installEventFilter(_FollowTill(display))
    till.customer_display = display
    display.setGeometry(place.rect)
    if place.full_screen:
        display.setScreen(screens[place.screen])
        display.showFullScreen()
    else:
        display.show()
    return display
