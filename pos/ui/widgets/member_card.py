"""The member panel: name, masked phone, tier badge, progress, points, coupons, marketing consent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from pos.services.members.lookup import MemberView
from pos.ui import formats
from pos.ui.i18n import tr
from pos.ui.lifecycle_text import group_text, stage_text


class MemberCard(QFrame):
    coupon_chosen = Signal(str)
    consent_change = Signal(bool)         # the consent the member now asks for (True: give)

    def __init__(self, lang: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.lang = lang
        self.name = QLabel(objectName="title")
        self.phone = QLabel()
        self.badge = QLabel(objectName="badge")
        self.birthday = QLabel(objectName="badge")
        self.birthday.setStyleSheet("background: #d6336c;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_text = QLabel(wordWrap=True, objectName="progress")
        self.points = QLabel(objectName="points")
        self.expiring = QLabel(objectName="hint")
        self.stamps = QLabel(objectName="stamps")          # the stamp card "7/10"
        self.referral = QLabel(objectName="hint")          # the member's referral code (invite a friend)
        self.stamps.setStyleSheet("font-weight: bold; color: #6f4e37;")
        self.coupons = QListWidget()
        self.coupons.setMaximumHeight(96)
        self.coupons.itemActivated.connect(lambda item: self.coupon_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.coupons.itemClicked.connect(lambda item: self.coupon_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.coupons_label = QLabel(objectName="hint")
        self.groups = QLabel(objectName="hint", wordWrap=True)        # behaviour groups, churn stage
        self.due = QLabel(objectName="due", wordWrap=True)            # 补货提醒: consumables due again
        self.due.setStyleSheet("color: #b35900; font-weight: bold; font-size: 16px;")
        self.consent = QLabel(objectName="hint")
        self.consent_button = QPushButton(objectName="consent")
        self.consent_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.consent_button.clicked.connect(
            lambda: self.member is not None and self.consent_change.emit(not self.member.consent_marketing))
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent, 1)
        consent_row.addWidget(self.referral)
        consent_row.addWidget(self.consent_button)
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(self.birthday)
        top.addWidget(self.badge)
        middle = QHBoxLayout()
        middle.addWidget(self.phone)
        middle.addWidget(self.stamps, 1, Qt.AlignmentFlag.AlignCenter)    # on the phone's row: no extra height
        middle.addWidget(self.points)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle)
        for widget in (self.progress, self.progress_text, self.expiring, self.groups, self.due, self.coupons_label,
                       self.coupons):
            layout.addWidget(widget)
        layout.addLayout(consent_row)
        self.show_member(None)

    def show_lifecycle_of(self, life) -> None:
        self.lifecycle = life
        for widget in (self.groups, self.due):
            widget.setVisible(False)

    def retranslate(self) -> None:
        self.show_member(self.member)
        self.show_lifecycle(self.lifecycle)

    def show_lifecycle(self, life) -> None:
        """Behaviour groups, churn stage and due consumables ("洗衣液 · 32 天前") of the member shown
        (pos.services.lifecycle.replenishment.MemberLifecycle, read after the card; None: none)."""
        self.lifecycle = life
        groups = [group_text(key) for key in life.groups] if life else []
        if life and life.stage:
            groups.append(stage_text(life.stage))
        self.groups.setText(" · ".join(groups))
        self.groups.setVisible(bool(groups) and self.member is not None)
        due = [tr("{0} · {1} days ago").format(d.product, d.days_since) for d in life.due] if life else []
        self.due.setText(tr("Due to buy again: {0}").format("; ".join(due)) if due else "")
        self.due.setVisible(bool(due) and self.member is not None)

    def show_member(self, member: MemberView | None) -> None:
        if member is None or getattr(self, "member", None) is None or member.member_id != self.member.member_id:
            self.show_lifecycle_of(None)
        self.member = member
        for widget in (self.badge, self.birthday, self.progress, self.coupons, self.coupons_label, self.expiring,
                       self.consent, self.consent_button, self.stamps, self.referral):
            widget.setVisible(member is not None)
        if member is None:
            self.name.setText(tr("Walk-in customer"))
            self.phone.setText(tr("Scan the member QR or type a phone number (F1)"))
            self.progress_text.setText("")
            self.points.setText("")
            return
        zh = self.lang.startswith("zh")
        self.name.setText(member.name or tr("Member"))
        self.phone.setText(member.phone_masked)
        self.badge.setText(member.tier_name_zh if zh and member.tier_name_zh else member.tier_name)
        self.badge.setStyleSheet(f"background: {member.tier_color};")
        self.birthday.setText(tr("Birthday month"))
        self.birthday.setVisible(member.birthday_month)
        self.progress.setVisible(member.progress_percent is not None)     # offline: no growth known
        self.progress.setValue(member.progress_percent or 0)
        self.progress_text.setText(member.progress_text_zh if zh else member.progress_text)
        self.points.setText(tr("Points: {0}").format(formats.count(member.points)))
        self.expiring.setVisible(member.points_expiring > 0)
        if member.points_expiring:
            self.expiring.setText(tr("{0} points expire by {1}").format(formats.count(member.points_expiring),
                                                                         member.points_expiring_on))
        card = member.stamps[1 if zh else 0] if member.stamps else None
        self.stamps.setText("☕ " + tr("{0}: {1}").format(card[0], card[1]) if card else "")
        self.referral.setText(tr("Referral code: {0}").format(member.referral_code))
        self.coupons_label.setText(tr("Coupons ({0}) — click to apply").format(len(member.coupons)))
        self.consent.setText(tr("Marketing: consented") if member.consent_marketing else tr("Marketing: no consent"))
        self.consent_button.setText(tr("Withdraw consent") if member.consent_marketing else tr("Record consent"))
        self.coupons.clear()
        for coupon in member.coupons:
            title = coupon.title_zh if zh and coupon.title_zh else coupon.title
            item = QListWidgetItem(f"{title} · {coupon.code} · {tr('until')} {coupon.valid_to:%Y-%m-%d}")
            item.setData(Qt.ItemDataRole.UserRole, coupon.code)
            self.coupons.addItem(item)
