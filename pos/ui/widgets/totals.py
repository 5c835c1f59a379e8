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
from pos.ui.i18n import tr


class TotalsPanel(QFrame):
    coupon_entered = Signal(str)
    points_changed = Signal(int)

    def __init__(self, step: int = 100, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.values = {key: QLabel("¥0.00") for key in ("subtotal", "tier", "coupon", "points")}
        self.due = QLabel("¥0.00", objectName="due")
        self.coupon = QLineEdit(placeholderText=tr("Coupon code (F4)"))
        self.coupon.returnPressed.connect(lambda: self.coupon_entered.emit(self.coupon.text().strip()))
        self.clear_coupon = QPushButton(tr("Remove"))
        self.clear_coupon.clicked.connect(lambda: (self.coupon.clear(), self.coupon_entered.emit("")))
        self.points = QSpinBox()
        self.points.setSingleStep(step)
        self.points.setRange(0, 0)
        self.points.setSuffix(" " + tr("pts"))
        self.points.valueChanged.connect(self.points_changed.emit)
        self.points_max = QLabel(objectName="hint")
        self.error = QLabel(objectName="error", wordWrap=True)
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout()
        rows = (("1  " + tr("Subtotal"), "subtotal"), ("2  " + tr("Tier discount"), "tier"),
                ("3  " + tr("Coupon"), "coupon"), ("4  " + tr("Points"), "points"))
        for row, (label, key) in enumerate(rows):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(self.values[key], row, 1)
        coupon_row = QHBoxLayout()
        coupon_row.addWidget(self.coupon, 1)
        coupon_row.addWidget(self.clear_coupon)
        points_row = QHBoxLayout()
        points_row.addWidget(QLabel(tr("Redeem (F5)")))
        points_row.addWidget(self.points, 1)
        points_row.addWidget(self.points_max)
        layout = QVBoxLayout(self)
        layout.addLayout(coupon_row)
        layout.addLayout(points_row)
        layout.addLayout(grid)
        layout.addWidget(QLabel("5  " + tr("Amount due")))
        layout.addWidget(self.due)
        layout.addWidget(self.error)

    def show_breakdown(self, breakdown: PriceBreakdown | None, max_points: int, errors: list[str]) -> None:
        b = breakdown
        self.values["subtotal"].setText(yuan(b.subtotal_fen if b else 0))
        self.values["tier"].setText(yuan(-(b.tier_discount_fen if b else 0)))
        self.values["coupon"].setText(yuan(-(b.coupon_discount_fen if b else 0)))
        redeemed = b.points_redeemed if b else 0
        self.values["points"].setText(f"{yuan(-(b.points_value_fen if b else 0))} ({redeemed} {tr('pts')})")
        self.due.setText(yuan(b.total_due_fen if b else 0))
        self.set_points_max(max_points)
        self.error.setText("\n".join(errors))

    def set_points_max(self, max_points: int) -> None:
        self.points.blockSignals(True)
        self.points.setMaximum(max(max_points, self.points.value()))
        self.points.blockSignals(False)
        self.points_max.setText(tr("max {0}").format(max_points))
