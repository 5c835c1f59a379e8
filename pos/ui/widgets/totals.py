"""Every pricing step of SPEC §5, live: subtotal, tier discount, coupon, points, amount due."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from pos.loyalty.pricing import PriceBreakdown
from pos.money import yuan
from pos.ui import formats
from pos.ui.i18n import N_, tr

STEPS = (("subtotal", N_("Subtotal")), ("tier", N_("Tier discount")), ("coupon", N_("Coupon")),
         ("points", N_("Points")))


class TotalsPanel(QFrame):
    coupon_entered = Signal(str)
    points_changed = Signal(int)

    def __init__(self, step: int = 100, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.breakdown: PriceBreakdown | None = None
        self.max_points = 0
        self.values = {key: QLabel("¥0.00", objectName=f"value_{key}") for key, _ in STEPS}
        self.names = {key: QLabel() for key, _ in STEPS}
        self.due_label = QLabel()
        self.due = QLabel("¥0.00", objectName="due")
        self.coupon_label = QLabel()
        self.coupon = QLineEdit()
        self.coupon.returnPressed.connect(lambda: self.coupon_entered.emit(self.coupon.text().strip().upper()))
        self.clear_coupon = QPushButton()
        self.clear_coupon.clicked.connect(lambda: (self.coupon.clear(), self.coupon_entered.emit("")))
        self.points_label = QLabel()
        self.points = QSpinBox()
        self.points.setSingleStep(step)
        self.points.setRange(0, 0)
        self.points.valueChanged.connect(self.points_changed.emit)
        self.points_max = QLabel(objectName="hint")
        self.error = QLabel(objectName="error", wordWrap=True)
        self.manager_note = QLabel(objectName="warning", wordWrap=True)
        self.manager_note.setVisible(False)
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        grid = self.grid = QGridLayout()
        grid.addWidget(self.coupon_label, 0, 0)
        coupon_row = QHBoxLayout()
        coupon_row.addWidget(self.coupon, 1)
        coupon_row.addWidget(self.clear_coupon)
        grid.addLayout(coupon_row, 0, 1)
        grid.addWidget(self.points_label, 1, 0)
        points_row = self.points_row = QHBoxLayout()
        points_row.addWidget(self.points, 1)
        points_row.addWidget(self.points_max)
        grid.addLayout(points_row, 1, 1)
        steps = QGridLayout()
        for row, (key, _) in enumerate(STEPS):
            steps.addWidget(self.names[key], row, 0)
            steps.addWidget(self.values[key], row, 1)
        steps.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(steps)
        layout.addWidget(self.due_label)
        layout.addWidget(self.due)
        layout.addWidget(self.manager_note)
        layout.addWidget(self.error)

    def retranslate(self) -> None:
        for row, (key, label) in enumerate(STEPS, start=1):
            self.names[key].setText(f"{row}  {tr(label)}")
        self.due_label.setText(f"{len(STEPS) + 1}  {tr('Amount due')}")
        self.coupon_label.setText(tr("Coupon F4"))
        self.coupon.setPlaceholderText(tr("Code or scan"))
        self.clear_coupon.setText(tr("Remove"))
        self.points_label.setText(tr("Points F5"))
        self.points.setSuffix(" " + tr("pts"))
        self.show_breakdown(self.breakdown, self.max_points, [self.error.text()] if self.error.text() else [])

    def show_breakdown(self, breakdown: PriceBreakdown | None, max_points: int, errors: list[str]) -> None:
        b = self.breakdown = breakdown
        self.max_points = max_points
        self.values["subtotal"].setText(yuan(b.subtotal_fen if b else 0))
        self.values["tier"].setText(yuan(-(b.tier_discount_fen if b else 0)))
        self.values["coupon"].setText(yuan(-(b.coupon_discount_fen if b else 0)))
        redeemed = b.points_redeemed if b else 0
        self.values["points"].setText(yuan(-(b.points_value_fen if b else 0)))
        self.names["points"].setText(f"4  {tr('Points')} ({redeemed} {tr('pts')})")
        self.due.setText(yuan(b.total_due_fen if b else 0))
        self.set_points_max(max_points)
        self.error.setText("\n".join(errors))

    def set_points_max(self, max_points: int) -> None:
        self.points.blockSignals(True)
        self.points.setMaximum(max(max_points, self.points.value()))
        self.points.blockSignals(False)
        self.points_max.setText(tr("max {0}").format(formats.count(max_points)))
    def set_manager_note(self, text: str) -> None:
        self.manager_note.setText(text)
        self.manager_note.setVisible(bool(text))

    def scale_due(self, window_height: int) -> None:
        """The amount due in pixels: a sixteenth of the window's height, 34 px at least; the pricing
        steps grow a little too (17 px at 768, 24 px at 1080)."""
        scale_label(self.due, max(34, min(96, window_height // 16)))
        steps = max(17, min(28, window_height // 45))
        for label in (*self.names.values(), *self.values.values(), self.due_label):
            label.setStyleSheet(f"font-size: {steps}px;")


def scale_label(label: QLabel, pixels: int) -> None:
    """A big figure's size (the style sheet's fixed size is the smallest)."""
    label.setStyleSheet(f"font-size: {pixels}px; font-weight: bold;")
