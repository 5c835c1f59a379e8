"""After the sale: points earned, new balance, the tier change (with a small celebration), the receipt."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from pos.money import yuan
from pos.ui import formats
from pos.ui.dialogs.payment import method_name
from pos.ui.i18n import current, tr
from pos.vocabulary import payment_method


def receipt_html(doc) -> str:
    from pos.printing.text import receipt_sections  # at the first sale: not on the cold start (#19)

    rows = []
    for kind, *raw in receipt_sections(doc):
        parts = [escape(str(part)) for part in raw]      # product names are text, not markup
        if kind in ("title", "strong"):
            rows.append(f"<p align='center'><b>{parts[0]}</b></p>")
        elif kind in ("center", "text"):
            rows.append(f"<p align='{'center' if kind == 'center' else 'left'}'>{parts[0]}</p>")
        elif kind in ("pair", "total"):
            weight = "bold" if kind == "total" else "normal"
            rows.append(f"<table width='100%' style='font-weight:{weight}'><tr><td>{parts[0]}</td>"
                        f"<td align='right'>{parts[1]}</td></tr></table>")
        elif kind == "rule":
            rows.append("<hr/>")
        elif kind == "qr":
            rows.append(f"<p align='center'>[QR] {parts[0]}</p>")
    return "".join(rows)


def offers_html(offers, zh: bool = False) -> str:
    """What the offers gave, for the cashier to tell the customer: coupon, reason, code and validity."""
    rows = []
    for item in offers.issued:
        title, reason = (item.title_zh, item.reason_zh) if zh else (item.title, item.reason)
        if not item.for_customer:
            rows.append("<p>" + escape(tr("Referrer rewarded: {0} ({1})").format(title, reason)) + "</p>")
            continue
        line = f"<p><b>★ {escape(title)}</b> — {escape(reason)}"
        if item.code:
            line += f"<br/>{escape(tr('Code'))} <b>{escape(item.code)}</b>"
        if item.valid_from and item.valid_to:
            line += " · " + escape(tr("valid {0} to {1}").format(f"{item.valid_from:%Y-%m-%d}",
                                                                 f"{item.valid_to:%Y-%m-%d}"))
        rows.append(line + "</p>")
    rows += ["<p>" + escape(tr("Bonus points: +{0} ({1})").format(b.points, b.reason_zh if zh else b.reason))
             + "</p>" for b in offers.bonus]
    rows += ["<p>☕ " + escape(tr("{0}: {1}").format(tr("Stamp card") if zh else name, progress)) + "</p>"
             for _, name, progress in offers.stamps]
    return "".join(rows)


class SaleDoneDialog(QDialog):
    def __init__(self, result, printed: str, receipt_doc, tier_name: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sale complete"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Receipt {0} — paid {1}").format(result.receipt_no, yuan(result.total_due_fen)),
                                objectName="title"))
        if result.change_fen:
            layout.addWidget(QLabel(tr("Change: {0}").format(yuan(result.change_fen)), objectName="change"))
        if len(result.payments) > 1:
            layout.addWidget(QLabel(" + ".join(f"{method_name(payment_method(key))} {yuan(amount)}"
                                               for key, amount in result.payments), objectName="hint"))
        self.points = QLabel(objectName="title")
        if result.member_id is not None:
            self.points.setText(tr("Points earned: +{0}   Balance: {1}").format(
                formats.count(result.points_earned + result.offers.bonus_points),
                formats.count(result.points_balance or 0)))
            layout.addWidget(self.points)
        self.offers = QLabel(offers_html(result.offers, zh=current().startswith("zh")),
                             objectName="offers", wordWrap=True)
        self.offers.setStyleSheet("background: #fff4e0; border: 2px dashed #d9822b; border-radius: 10px;"
                                  "padding: 10px; font-size: 17px;")
        self.offers.setVisible(bool(result.offers.issued or result.offers.bonus or result.offers.stamps))
        layout.addWidget(self.offers)
        self.banner = None
        if result.upgraded:
            banner = self.banner = QLabel("★ " + tr("Upgraded to {0}!").format(tier_name or result.tier_after) + " ★",
                                          alignment=Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("background: #d4a72c; color: white; font-size: 26px; font-weight: bold;"
                                 "padding: 14px; border-radius: 10px;")
            banner.setObjectName("celebration")
            layout.addWidget(banner)
        self.printed = QLabel(printed, wordWrap=True, objectName="hint")
        layout.addWidget(self.printed)
        self.receipt = QTextBrowser()
        self.receipt.setHtml(receipt_html(receipt_doc) if receipt_doc else "")
        self.receipt.setMinimumHeight(420)   # the whole receipt at a glance, not a two-line box
        self.receipt.setVisible(False)
        layout.addWidget(self.receipt)
        show = self.show_receipt = QPushButton(tr("Show receipt  R"))
        show.setShortcut("R")
        show.setAutoDefault(False)                       # Enter is "Next customer", never this
        show.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        show.clicked.connect(self.toggle_receipt)
        done = self.done_button = QPushButton(tr("Next customer  Enter"), objectName="primary")
        done.setDefault(True)
        done.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(show)
        row.addWidget(done, 1)
        layout.addLayout(row)
        done.setFocus()

    def toggle_receipt(self) -> None:
        self.receipt.setVisible(not self.receipt.isVisible())
        self.adjustSize()
        self.done_button.setFocus()


