"""Member detail: profile, tier history, ledger, sales, returns and coupons; manual points
adjustment with a required reason; the full phone number only after a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.services.members import detail as service
from pos.services.members import privacy
from pos.services.offers.history import member_offers
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.manager import common


def kind_labels() -> dict[str, str]:
    return {"earn": tr("earned"), "sale": tr("earned"), "redeem": tr("redeemed"), "adjust": tr("adjustment"),
            "expire": tr("expired"), "reverse": tr("return: taken back"), "restore": tr("return: given back"),
            "return": tr("return")}


def offer_labels() -> dict[str, str]:
    return {"bounce_back": tr("next-visit coupon"), "welcome": tr("referral welcome"),
            "referral_reward": tr("referral reward"), "stamp_reward": tr("stamp card reward"),
            "reward": tr("points catalogue"), "bonus": tr("bonus points")}


def tier_change_labels() -> dict[str, str]:
    return {"enrol": tr("enrolled"), "upgrade": tr("upgrade"), "downgrade": tr("downgrade")}


def ledger_reason(row) -> str:
    """The ledger's reason in the current language, from the service's key and arguments."""
    args = row.reason_args
    if row.reason_key == "earned_on":
        return tr("earned on receipt {0}").format(*args)
    if row.reason_key == "redeemed_on":
        return tr("redeemed on receipt {0}").format(*args)
    if row.reason_key == "expired":
        return tr("lot expired on {0}").format(*args)
    if row.reason_key == "return":
        return tr("return {0}").format(*args)
    if row.reason_key == "return_spent":
        return tr("return {0} ({1} points already spent)").format(*args)
    if row.reason_key == "redacted":
        return tr("[removed when the member was erased]")
    return args[0] if args else row.reason


def status_labels() -> dict[str, str]:
    return {"issued": tr("valid"), "used": tr("used"), "expired": tr("expired"), "not_yet_valid": tr("not yet valid"),
            "void": tr("void")}


class MemberDetailDialog(QDialog):
    loaded = Signal(object)
    changed = Signal(object)          # the Changes of an adjustment: the console refreshes what shows them
    phone_revealed = Signal(str)

    def __init__(self, console, member_id: int) -> None:
        super().__init__(console)
        self.console, self.member_id = console, member_id
        self.detail = None
        self.setWindowTitle(tr("Member"))
        self.resize(1100, 720)
        self._build()
        self.reload()

    def _build(self) -> None:
        self.title = QLabel(tr("loading…"), objectName="title")
        self.phone = QLabel()
        self.reveal = QPushButton(tr("Show full phone…"))
        self.reveal.clicked.connect(self.reveal_phone)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.profile = QFormLayout()
        profile = QWidget()
        profile.setLayout(self.profile)
        self.tier_history = common.read_only_table([tr("When"), tr("From"), tr("To"), tr("Reason")])
        self.ledger = common.read_only_table([tr("When"), tr("Kind"), tr("Points"), tr("Balance"), tr("Reason"),
                                              tr("Receipt")])
        self.sales = common.read_only_table([tr("Receipt"), tr("When"), tr("Total"), tr("Points earned"),
                                             tr("Points redeemed"), tr("Returned")])
        self.returns = common.read_only_table([tr("Return"), tr("Receipt"), tr("When"), tr("Refund"),
                                               tr("Points reversed")])
        self.coupons = common.read_only_table([tr("Code"), tr("Coupon"), tr("Status"), tr("Valid until")])
        self.offers = common.read_only_table([tr("When"), tr("Offer"), tr("Gives"), tr("Code"), tr("Reason"),
                                              tr("Status"), tr("Receipt")])
        self.stamps = QLabel(objectName="hint")
        offers = QWidget()
        offers_layout = QVBoxLayout(offers)
        offers_layout.addWidget(self.stamps)
        offers_layout.addWidget(self.offers, 1)
        self.tabs = QTabWidget()
        for widget, title in ((profile, tr("Profile")), (self.tier_history, tr("Tier history")),
                              (self.ledger, tr("Points ledger")), (self.sales, tr("Sales")),
                              (self.returns, tr("Returns")), (self.coupons, tr("Coupons")),
                              (offers, tr("Offers"))):
            self.tabs.addTab(widget, title)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.phone)
        header.addWidget(self.reveal)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._adjust_row())
        layout.addWidget(self.error)

    def _adjust_row(self) -> QHBoxLayout:
        self.points = QSpinBox(minimum=-10_000_000, maximum=10_000_000, singleStep=10)
        self.points.setMinimumWidth(150)
        self.reason = QLineEdit(placeholderText=tr("Reason (required)"))
        self.adjust = QPushButton(tr("Adjust points"), objectName="primary")
        self.adjust.clicked.connect(self.adjust_points)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Points ±")))
        row.addWidget(self.points)
        row.addWidget(self.reason, 1)
        row.addWidget(self.adjust)
        row.addWidget(close)
        return row

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        ctx, actor, member = self.console.ctx, self.console.staff.id, self.member_id
        self._run(lambda: service.member_detail(ctx, actor, member), self._show)
        self._run(lambda: member_offers(ctx, member), self._show_offers)

    def _show_offers(self, given) -> None:
        """What the offers gave this member (SPEC §10), newest first, and the stamp card."""
        zh, statuses = self.console.lang.startswith("zh"), status_labels()
        kinds = offer_labels()
        common.fill_table(self.offers, [
            (h.at, kinds.get(h.issued.kind, h.issued.kind), h.issued.title_zh if zh else h.issued.title,
             h.issued.code or "—", h.issued.reason_zh if zh else h.issued.reason, statuses.get(h.status, h.status),
             h.receipt_no or "—") for h in given.history])
        card = self.console.ctx.config.stamps
        self.stamps.setText("  ".join(tr("{0}: {1}").format(card.name_zh if zh and card.name_zh else name, progress)
                                      for _, name, progress in given.stamps))

    def _run(self, fn, on_done) -> None:
        self.error.clear()
        self.console.worker.submit(fn, on_done, lambda exc: self.error.setText(common.error_text(exc)))

    def _show(self, detail) -> None:
        self.detail = detail
        lang, config = self.console.lang, self.console.ctx.config
        tier = common.tier_label(config, detail.tier_key, detail.tier_name, lang)
        self.title.setText(f"{detail.name or tr('(no name)')} · {tier} · "
                           f"{tr('{0} points').format(formats.count(detail.points))}")
        self.phone.setText(detail.phone_masked)
        self._fill_profile(detail, tier)
        def tier_name(key: str | None) -> str:
            return common.tier_label(config, key, next((t.name for t in config.tiers if t.key == key), key), lang) \
                if key else "—"
        changes = tier_change_labels()
        common.fill_table(self.tier_history, [(r.at, tier_name(r.from_tier), tier_name(r.to_tier),
                                               changes.get(r.reason, r.reason)) for r in detail.tier_history])
        kinds, statuses = kind_labels(), status_labels()
        count, zh = formats.count, lang.startswith("zh")
        common.fill_table(self.ledger, [(r.at, kinds.get(r.kind, r.kind), formats.signed(r.points),
                                         count(r.balance_after), ledger_reason(r), r.receipt_no)
                                        for r in detail.ledger], numeric={2, 3})
        common.fill_table(self.sales, [(r.receipt_no, r.at, common.money(r.total_fen), count(r.points_earned),
                                        count(r.points_redeemed), r.returned) for r in detail.sales], numeric={2, 3, 4})
        common.fill_table(self.returns, [(r.return_no, r.receipt_no, r.at, common.money(r.refund_fen),
                                          count(r.points_reversed)) for r in detail.returns], numeric={3, 4})
        common.fill_table(self.coupons, [(r.code, r.title_zh if zh and r.title_zh else r.title,
                                          statuses.get(r.status, r.status), r.valid_to) for r in detail.coupons])
        self.loaded.emit(detail)

    def _fill_profile(self, d, tier: str) -> None:
        while self.profile.rowCount():
            self.profile.removeRow(0)
        to_next = common.money(d.to_next_tier_fen) if d.to_next_tier_fen is not None else tr("top tier")
        consent = (tr("yes, since {0}").format(common.when(d.consent_at)) if d.consent_marketing and d.consent_at
                   else common.cell(d.consent_marketing))
        for label, value in ((tr("Name"), d.name), (tr("Phone"), d.phone_masked), (tr("Birthday"), d.birthday),
                             (tr("Tier"), tier), (tr("Growth"), formats.count(d.growth)), (tr("To next tier"), to_next),
                             (tr("Points"), formats.count(d.points)),
                             (tr("Points expiring soon"), formats.count(d.points_expiring)),
                             (tr("Segment"), common.segment_label(d.segment)),
                             (tr("Marketing consent"), consent), (tr("Referral code"), d.referral_code),
                             (tr("Member since"), common.when(d.enrolled_at))):
            self.profile.addRow(label, QLabel(value or "—"))

    # ------------------------------------------------------------ actions
    def reveal_phone(self) -> None:
        if not common.ask_confirm(self, tr("Full phone number"),
                                  tr("Show the full phone number? This is recorded in the audit log.")):
            return
        ctx, actor, member = self.console.ctx, self.console.staff.id, self.member_id
        self._run(lambda: privacy.reveal_phone(ctx, actor, member), self._revealed)

    def _revealed(self, phone: str) -> None:
        self.phone.setText(phone)
        self.phone_revealed.emit(phone)

    def adjust_points(self) -> None:
        points, reason = self.points.value(), self.reason.text().strip()
        if not points:
            self.error.setText(tr("Enter the number of points to add (or a negative number to remove)."))
            return
        if not reason:
            self.error.setText(tr("A reason is required for a manual adjustment."))
            self.reason.setFocus()
            return
        ctx, actor, member = self.console.ctx, self.console.staff.id, self.member_id
        self.adjust.setEnabled(False)
        self.console.worker.submit(lambda: service.adjust_points(ctx, actor, member, points, reason),
                                   self._adjusted, self._adjust_failed)

    def _adjusted(self, result) -> None:
        self.adjust.setEnabled(True)
        self.points.setValue(0)
        self.reason.clear()
        self.changed.emit(result.changes)
        self.reload()

    def _adjust_failed(self, exc: Exception) -> None:
        self.adjust.setEnabled(True)
        self.error.setText(common.error_text(exc))
